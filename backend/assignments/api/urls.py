from django.urls import path

from assignments.api import views

urlpatterns = [
    path("patients/<int:patient_id>/assignments", views.PatientAssignmentsView.as_view(),
         name="patient-assignments"),
    path("patients/<int:patient_id>/today", views.PatientTodayView.as_view(),
         name="patient-today"),
    path("assignments/<int:assignment_id>", views.AssignmentDetailView.as_view(),
         name="assignment"),
    path("me/assignments", views.MyAssignmentsView.as_view(), name="my-assignments"),
    path("me/today", views.TodayView.as_view(), name="today"),
]
