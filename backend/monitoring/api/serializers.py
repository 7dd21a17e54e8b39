from rest_framework import serializers

from common.fields import ProgramDateField


class AdherenceQuerySerializer(serializers.Serializer):
    weeks = serializers.IntegerField(required=False, default=12, min_value=1, max_value=52)
    date = ProgramDateField(required=False)


class WeekSerializer(serializers.Serializer):
    week_start = ProgramDateField()
    sessions_prescribed = serializers.IntegerField()
    sessions_done = serializers.IntegerField()
    adherence_pct = serializers.IntegerField(allow_null=True)
    aerobic_minutes = serializers.IntegerField()
    max_soreness = serializers.IntegerField(allow_null=True)
    headache_days = serializers.IntegerField()
    unknown_days = serializers.IntegerField(help_text="Days with no headache information.")
    reported_sessions = serializers.IntegerField(
        allow_null=True, help_text="Sessions the patient reported for the week at the weekly "
                                   "check-in; null when not answered. Not part of adherence.")


class RtmSerializer(serializers.Serializer):
    period_start = ProgramDateField(allow_null=True)
    period_end = ProgramDateField(allow_null=True)
    data_days = serializers.IntegerField()


class AdherenceReportSerializer(serializers.Serializer):
    date = ProgramDateField()
    weeks = WeekSerializer(many=True)
    current_streak_days = serializers.IntegerField()
    headache_days_last_28 = serializers.IntegerField()
    days_recorded_last_28 = serializers.IntegerField()
    baseline_headache_days_28 = serializers.IntegerField(allow_null=True)
    baseline_source = serializers.CharField(allow_null=True)
    rtm = RtmSerializer()
