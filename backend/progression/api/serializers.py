from rest_framework import serializers


class PhaseMoveSerializer(serializers.Serializer):
    from_phase = serializers.IntegerField(
        required=False, min_value=0, max_value=1000,
        help_text="The phase you saw (0-based). Given, the move is made only if the "
                  "assignment is still in it; otherwise 409 `phase_moved` and nothing "
                  "changes (two therapists confirming at once move it once). Left out: "
                  "from wherever it is now.")
    to_phase = serializers.IntegerField(
        required=False, min_value=0, max_value=1000,
        help_text="Default: the next phase (advance) or the previous one (regress).")
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text="Why; default: the proposal's own sentence when confirming it.")
