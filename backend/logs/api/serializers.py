from rest_framework import serializers

from assignments.api.serializers import ExerciseForTodaySerializer, PrescriptionSerializer
from common.fields import AwareDateTimeField, ProgramDateField, ScoreField
from logs.models import (
    WEEKLY_SESSIONS_MAX,
    DailyCheckin,
    HeadacheLog,
    SessionEntry,
    SessionLog,
    WeeklyCheckin,
)


class SessionEntryInputSerializer(serializers.Serializer):
    exercise = serializers.SlugField()
    sets = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=50)
    reps = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=500)
    hold_seconds = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                            max_value=3600)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                max_value=600)
    # Borg 6-20 as the aerobic templates state targets; CR-10 values (0-10) also fit.
    rpe = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=20)


class SessionLogInputSerializer(serializers.Serializer):
    client_id = serializers.UUIDField()
    assignment = serializers.IntegerField()
    performed_at = AwareDateTimeField()
    # DRF (3.15+) hands max_length to the ListSerializer of many=True; the stubs miss it.
    entries = SessionEntryInputSerializer(  # type: ignore[call-arg]
        many=True, required=False, default=list, max_length=50)
    pain_during = ScoreField(required=False, allow_null=True)
    soreness_after = ScoreField(required=False, allow_null=True)
    headache_triggered = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SessionEntrySerializer(serializers.ModelSerializer):
    exercise: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True)

    class Meta:
        model = SessionEntry
        fields = ["exercise", "sets", "reps", "hold_seconds", "duration_minutes", "rpe"]


class SessionLogSerializer(serializers.ModelSerializer):
    entries = SessionEntrySerializer(many=True)

    class Meta:
        model = SessionLog
        fields = ["id", "client_id", "patient", "assignment", "performed_at", "local_date",
                  "entries", "pain_during", "soreness_after", "headache_triggered", "notes",
                  "created_at"]


def session_log_body(session: SessionLog) -> dict:
    """What SessionLogSerializer gives, from a log just written with its entries and their
    exercises' slugs in hand (logs.services.session_log_submit).

    Posting a session is the patient's most frequent write; this skips re-reading the
    entries and their exercises. tests/logs check that both answers are the same.
    """
    return {
        "id": session.pk, "client_id": str(session.client_id), "patient": session.patient_id,
        "assignment": session.assignment_id,
        "performed_at": serializers.DateTimeField().to_representation(session.performed_at),
        "local_date": session.local_date.isoformat(),
        "entries": [{"exercise": e.exercise.slug, "sets": e.sets, "reps": e.reps,
                     "hold_seconds": e.hold_seconds, "duration_minutes": e.duration_minutes,
                     "rpe": e.rpe} for e in session.entries.all()],
        "pain_during": session.pain_during, "soreness_after": session.soreness_after,
        "headache_triggered": session.headache_triggered, "notes": session.notes,
        "created_at": serializers.DateTimeField().to_representation(session.created_at),
    }


class HeadacheLogInputSerializer(serializers.Serializer):
    client_id = serializers.UUIDField()
    started_at = AwareDateTimeField()
    ended_at = AwareDateTimeField(required=False, allow_null=True)
    peak_pain = ScoreField()
    migraine = serializers.BooleanField(required=False, default=False)
    medication_taken = serializers.BooleanField(required=False, default=False)
    exercise_triggered = serializers.BooleanField(
        required=False, default=False,
        help_text="Started during or within hours of exercise: the therapist is alerted.")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class HeadacheLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = HeadacheLog
        fields = ["id", "client_id", "patient", "started_at", "ended_at", "local_date",
                  "peak_pain", "migraine", "medication_taken", "exercise_triggered", "notes",
                  "created_at"]


class DailyCheckinInputSerializer(serializers.Serializer):
    neck_soreness = ScoreField(required=False, allow_null=True, default=None)
    headache_free = serializers.BooleanField(required=False, allow_null=True, default=None)


class DailyCheckinSerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyCheckin
        fields = ["date", "patient", "neck_soreness", "headache_free", "updated_at"]


class WeeklyCheckinInputSerializer(serializers.Serializer):
    sessions_done = serializers.IntegerField(
        min_value=0, max_value=WEEKLY_SESSIONS_MAX,
        help_text="Sessions the patient says they did that week.")


class WeeklyCheckinSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklyCheckin
        fields = ["week_start", "patient", "sessions_done", "updated_at"]


class WeekOfCheckinsSerializer(serializers.Serializer):
    """A week of `GET me/weekly-checkins`: always listed, answered or not."""

    week_start = ProgramDateField(help_text="The Monday that starts the local week.")
    sessions_planned = serializers.IntegerField(
        help_text="Sessions the schedule has for the whole week, days to come included.")
    sessions_done = serializers.IntegerField(
        allow_null=True, help_text="The patient's answer; null when not answered.")
    updated_at = serializers.DateTimeField(allow_null=True)


class WeeksQuerySerializer(serializers.Serializer):
    weeks = serializers.IntegerField(required=False, default=4, min_value=1, max_value=52)


class LogQuerySerializer(serializers.Serializer):
    """`from`/`to` are the patient's local dates, both included."""

    patient = serializers.IntegerField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        # `from` is a Python keyword, so these two are declared here.
        fields["from"] = ProgramDateField(required=False)
        fields["to"] = ProgramDateField(required=False)
        return fields

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["Must not be before `from`."]})
        return attrs


class TodayQuerySerializer(serializers.Serializer):
    date = ProgramDateField(required=False)


class TodayItemSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    item = serializers.IntegerField()
    exercise = ExerciseForTodaySerializer()
    prescription = PrescriptionSerializer()
    due = serializers.IntegerField(help_text="Times due on the date.")
    done = serializers.IntegerField(help_text="Times logged on the date (at most `due`).")


class TodayNoticeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["stop_and_rest"])
    message = serializers.CharField(help_text="Ready to show, in the request's language.")
    since = serializers.DateTimeField(help_text="When the first red event of these two days "
                                                "was logged, in the patient's zone.")


class TodaySerializer(serializers.Serializer):
    date = ProgramDateField()
    items = TodayItemSerializer(many=True)
    notices = TodayNoticeSerializer(
        many=True, help_text="`stop_and_rest` after a red event (pain during exercise above "
                             "the patient's limit, or a headache brought on by exercise) "
                             "logged that day or the day before.")
