from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.api.serializers import ExerciseForTodaySerializer, PrescriptionSerializer
from common.fields import AwareDateTimeField, ProgramDateField, ScoreField
from logs.models import (
    WEEKLY_SESSIONS_MAX,
    DailyCheckin,
    DaySkip,
    HeadacheLog,
    SessionEntry,
    SessionLog,
    SkipReason,
    WeeklyCheckin,
)
from logs.urgent import RedFlag, urgent_message


class SessionEntryInputSerializer(serializers.Serializer):
    exercise = serializers.SlugField()
    sets = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=50)
    reps = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=500)
    hold_seconds = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                            max_value=3600)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                max_value=600)
    # Aerobic effort on the Borg RPE scale, 6 (no exertion) to 20 (maximal), the scale the
    # aerobic templates state their targets on.
    rpe = serializers.IntegerField(
        required=False, allow_null=True, min_value=6, max_value=20,
        help_text="Borg RPE, 6 to 20. Above the phase's target band: an overshoot.")
    pain_during = ScoreField(
        required=False, allow_null=True,
        help_text="This exercise's own pain rating; judged against what the exercise says "
                  "to expect (expected_discomfort_max).")
    dizziness = ScoreField(
        required=False, allow_null=True,
        help_text="Dizziness the exercise provoked (gaze stabilisation progresses on it).")


class SessionLogInputSerializer(serializers.Serializer):
    client_id = serializers.UUIDField()
    assignment = serializers.IntegerField()
    performed_at = AwareDateTimeField()
    # DRF (3.15+) hands max_length to the ListSerializer of many=True; the stubs miss it.
    entries = SessionEntryInputSerializer(  # type: ignore[call-arg]
        many=True, required=False, default=list, max_length=50)
    pain_during = ScoreField(
        required=False, allow_null=True,
        help_text="Required unless every entry is a checklist item or rates its own pain.")
    soreness_after = ScoreField(required=False, allow_null=True)
    headache_triggered = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SessionEntrySerializer(serializers.ModelSerializer):
    exercise: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True)

    class Meta:
        model = SessionEntry
        fields = ["exercise", "sets", "reps", "hold_seconds", "duration_minutes", "rpe",
                  "pain_during", "dizziness"]


class SessionLogSerializer(serializers.ModelSerializer):
    entries = SessionEntrySerializer(many=True)

    class Meta:
        model = SessionLog
        fields = ["id", "client_id", "patient", "assignment", "performed_at", "local_date",
                  "entries", "pain_during", "soreness_after", "headache_triggered",
                  "effort_overshoot", "notes", "created_at"]


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
                     "rpe": e.rpe, "pain_during": e.pain_during, "dizziness": e.dizziness}
                    for e in session.entries.all()],
        "pain_during": session.pain_during, "soreness_after": session.soreness_after,
        "headache_triggered": session.headache_triggered,
        "effort_overshoot": session.effort_overshoot, "notes": session.notes,
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
    triggered_by_session = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="With `exercise_triggered`: the session log that brought it on (a red "
                  "event for its program). Left out: the latest session in the trigger "
                  "window before the headache started.")
    red_flags = serializers.ListField(
        child=serializers.ChoiceField(choices=RedFlag.choices), required=False, default=list,
        max_length=len(RedFlag.choices),
        help_text="Any of them: the answer carries `urgent` (call the emergency number now) "
                  "and the therapist gets an `urgent_symptoms` alert.")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class HeadacheLogSerializer(serializers.ModelSerializer):
    red_flags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = HeadacheLog
        fields = ["id", "client_id", "patient", "started_at", "ended_at", "local_date",
                  "peak_pain", "migraine", "medication_taken", "exercise_triggered",
                  "triggered_by_session", "red_flags", "notes", "created_at"]


class UrgentSerializer(serializers.Serializer):
    title = serializers.CharField()
    message = serializers.CharField(help_text="Ready to show, in the request's language.")
    emergency_number = serializers.CharField(help_text="The clinic's `emergency_number` "
                                                       "setting (default EMERGENCY_NUMBER).")


class HeadacheLogAnswerSerializer(HeadacheLogSerializer):
    """The answer to `POST headache-logs` (201, and 200 on a replay)."""

    urgent = serializers.SerializerMethodField()

    class Meta(HeadacheLogSerializer.Meta):
        fields = [*HeadacheLogSerializer.Meta.fields, "urgent"]

    @extend_schema_field(UrgentSerializer(allow_null=True))
    def get_urgent(self, log: HeadacheLog) -> dict | None:
        return urgent_message(patient=log.patient, red_flags=log.red_flags)


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
    sessions_logged = serializers.IntegerField(
        help_text="Session logs on record for the week (every program, by local date).")
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
    dose_text = serializers.CharField(
        help_text="The dose in words: “10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day”.")
    due = serializers.IntegerField(help_text="Times due on the date.")
    done = serializers.IntegerField(help_text="Times logged on the date (at most `due`).")


class TodayNoticeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["stop_and_rest"])
    message = serializers.CharField(help_text="Ready to show, in the request's language.")
    since = serializers.DateTimeField(help_text="When the first red event of these two days "
                                                "was logged, in the patient's zone.")


class TodaySafetySerializer(serializers.Serializer):
    emergency_number = serializers.CharField(
        help_text="The clinic's emergency number: the urgent message's `tel:` link.")
    exercise_trigger_window_hours = serializers.IntegerField(
        help_text="A headache starting this many hours after a session: ask whether "
                  "exercise brought it on.")


class TodayProgramChangedSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    program = serializers.CharField()
    changed_at = serializers.DateTimeField()


class TodaySerializer(serializers.Serializer):
    program_changed = TodayProgramChangedSerializer(
        allow_null=True, help_text="The newest change to a running program in the last 7 "
                                   "days (a dose, an exercise, the phase); null when none.")
    safety = TodaySafetySerializer()
    date = ProgramDateField()
    items = TodayItemSerializer(many=True)
    notices = TodayNoticeSerializer(
        many=True, help_text="`stop_and_rest` after a red event (pain during exercise above "
                             "the patient's limit, or a headache brought on by exercise) "
                             "logged that day or the day before.")
    skipped = serializers.ChoiceField(
        choices=SkipReason.choices, allow_null=True,
        help_text="The reason the patient gave for resting that day (PUT me/skips/{date}); "
                  "null when not skipped.")


class DaySkipInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=SkipReason.choices,
        error_messages={"invalid_choice": "Choose why you are resting today: after pain or a "
                                          "headache from exercise, a migraine, illness, or "
                                          "something else."})


class DaySkipSerializer(serializers.ModelSerializer):
    class Meta:
        model = DaySkip
        fields = ["date", "patient", "reason", "updated_at"]
