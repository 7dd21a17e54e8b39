from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.api.serializers import ExerciseForTodaySerializer, PrescriptionSerializer
from common.fields import AwareDateTimeField, ProgramDateField, ScoreField
from logs.models import (
    WEEKLY_SESSIONS_MAX,
    DailyCheckin,
    DaySkip,
    DiarySettings,
    Disability,
    HeadacheKind,
    HeadacheLog,
    HeadacheMedication,
    HeadacheSymptom,
    Relief,
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


class HeadacheMedicationInputSerializer(serializers.Serializer):
    medication = serializers.SlugField(
        required=False, allow_null=True, max_length=100,
        help_text="A slug from GET medications; or leave it out and type the `name`.")
    name = serializers.CharField(
        required=False, allow_blank=False, max_length=200,
        help_text="A medication not in the list, as the patient calls it: class `other`.")
    dose = serializers.CharField(required=False, allow_blank=True, max_length=100)
    taken_at = AwareDateTimeField(required=False, allow_null=True)
    relief_2h = serializers.ChoiceField(
        choices=Relief.choices, required=False, allow_null=True,
        error_messages={"invalid_choice": "Choose how much it helped after 2 hours: none, "
                                          "some, or the pain went."})

    def validate(self, attrs):
        if bool(attrs.get("medication")) == bool((attrs.get("name") or "").strip()):
            raise serializers.ValidationError({"medication": [
                "Choose a medication from the list, or type its name (one of the two)."]})
        return attrs


_KIND_HELP = ("migraine, tension (tension-type), neck, other or unsure. `migraine: true` "
              "means kind migraine; a body where the two disagree is refused (400).")


class HeadacheLogInputSerializer(serializers.Serializer):
    client_id = serializers.UUIDField()
    started_at = AwareDateTimeField(
        help_text="Any time in the past: the phone's outbox may send an entry days late.")
    ended_at = AwareDateTimeField(required=False, allow_null=True,
                                  help_text="Null: still going (counted on at most "
                                            "HEADACHE_OPEN_MAX_DAYS days until closed); "
                                            "left out: not asked (its start day only).")
    peak_pain = ScoreField()
    migraine = serializers.BooleanField(required=False, help_text="The older answer to "
                                        "`kind`; either sets the other.")
    kind = serializers.ChoiceField(
        choices=HeadacheKind.choices, required=False, allow_null=True, help_text=_KIND_HELP,
        error_messages={"invalid_choice": "Choose the type: migraine, tension-type, neck "
                                          "headache, other, or not sure."})
    aura = serializers.BooleanField(required=False, allow_null=True)
    neck_pain_first = serializers.BooleanField(required=False, allow_null=True)
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=HeadacheSymptom.choices), required=False,
        max_length=len(HeadacheSymptom.choices))
    medication_taken = serializers.BooleanField(
        required=False, help_text="True without `medications`: a medication day of class "
                                  "`unknown`.")
    # DRF (3.15+) hands max_length to the ListSerializer of many=True; the stubs miss it.
    medications = HeadacheMedicationInputSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=10)
    disability = serializers.ChoiceField(
        choices=Disability.choices, required=False, allow_null=True,
        error_messages={"invalid_choice": "Choose how much it stopped you: none, mild, "
                                          "moderate or severe."})
    triggers = serializers.ListField(
        child=serializers.SlugField(max_length=60), required=False, max_length=20,
        help_text="Slugs from GET triggers (the clinic's list).")
    menstruation = serializers.BooleanField(
        required=False, allow_null=True,
        help_text="Asked only when the patient opted in (me/diary-settings).")
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


class HeadacheLogChangeSerializer(HeadacheLogInputSerializer):
    """`PATCH headache-logs/{id}`: any of the diary's answers, and the `version` the edit
    was made on. The red-flag and exercise answers are not changed by an edit."""

    client_id = None  # type: ignore[assignment]
    exercise_triggered = None  # type: ignore[assignment]
    triggered_by_session = None  # type: ignore[assignment]
    red_flags = None  # type: ignore[assignment]
    version = serializers.IntegerField(
        min_value=1, help_text="The entry's `version` as the phone last saw it: a newer one "
                               "on the server answers 409.")


def _blank_as_null(body: dict, *names: str) -> dict:
    for name in names:
        if body.get(name) == "":
            body[name] = None  # stored "" (not said), answered null
    return body


class HeadacheMedicationSerializer(serializers.ModelSerializer):
    medication: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True)
    relief_2h = serializers.ChoiceField(choices=Relief.choices, allow_null=True,
                                        read_only=True)

    class Meta:
        model = HeadacheMedication
        fields = ["medication", "name", "dose", "taken_at", "relief_2h"]

    def get_fields(self):
        fields = super().get_fields()
        fields["class"] = serializers.CharField(source="drug_class", read_only=True)
        return fields

    def to_representation(self, instance):
        return _blank_as_null(super().to_representation(instance), "relief_2h")


class HeadacheLogSerializer(serializers.ModelSerializer):
    red_flags = serializers.ListField(child=serializers.CharField())
    symptoms = serializers.ListField(child=serializers.CharField())
    triggers = serializers.ListField(child=serializers.CharField())
    medications = HeadacheMedicationSerializer(many=True, read_only=True)
    kind = serializers.ChoiceField(choices=HeadacheKind.choices, allow_null=True,
                                   read_only=True, help_text="Null: not said.")
    disability = serializers.ChoiceField(choices=Disability.choices, allow_null=True,
                                         read_only=True, help_text="Null: not said.")

    def to_representation(self, instance):
        return _blank_as_null(super().to_representation(instance), "kind", "disability")

    class Meta:
        model = HeadacheLog
        fields = ["id", "client_id", "patient", "started_at", "ended_at", "still_going",
                  "local_date", "peak_pain", "migraine", "kind", "aura", "neck_pain_first",
                  "symptoms", "medication_taken", "medications", "disability", "triggers",
                  "menstruation", "exercise_triggered", "triggered_by_session", "red_flags",
                  "notes", "version", "created_at"]


class TriggerSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DiarySettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiarySettings
        fields = ["track_menstruation"]


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
