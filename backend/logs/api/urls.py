from django.urls import path

from logs.api import views

urlpatterns = [
    path("me/today", views.TodayView.as_view(), name="today"),
    path("patients/<int:patient_id>/today", views.PatientTodayView.as_view(),
         name="patient-today"),
    path("session-logs", views.SessionLogListView.as_view(), name="session-logs"),
    path("session-logs/<int:log_id>", views.SessionLogDetailView.as_view(), name="session-log"),
    path("headache-logs", views.HeadacheLogListView.as_view(), name="headache-logs"),
    path("headache-logs/<int:log_id>", views.HeadacheLogDetailView.as_view(),
         name="headache-log"),
    path("triggers", views.TriggerListView.as_view(), name="triggers"),
    path("me/diary-settings", views.DiarySettingsView.as_view(), name="diary-settings"),
    path("daily-checkins", views.DailyCheckinListView.as_view(), name="daily-checkins"),
    path("daily-checkins/<str:day>", views.DailyCheckinView.as_view(), name="daily-checkin"),
    path("weekly-checkins/<str:week_start>", views.WeeklyCheckinView.as_view(),
         name="weekly-checkin"),
    path("me/skips", views.MySkipsView.as_view(), name="my-skips"),
    path("me/skips/<str:day>", views.MySkipView.as_view(), name="my-skip"),
    path("me/weekly-checkins", views.MyWeeklyCheckinsView.as_view(), name="my-weekly-checkins"),
]
