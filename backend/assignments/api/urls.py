from django.urls import path

from assignments.api import views

urlpatterns = [
    path("patients/<int:patient_id>/assignments", views.PatientAssignmentsView.as_view(),
         name="patient-assignments"),
    path("assignments/<int:assignment_id>", views.AssignmentDetailView.as_view(),
         name="assignment"),
    path("assignments/<int:assignment_id>/history", views.AssignmentHistoryView.as_view(),
         name="assignment-history"),
    path("patients/<int:patient_id>/screening", views.PatientScreeningView.as_view(),
         name="patient-screening"),
    path("me/assignments", views.MyAssignmentsView.as_view(), name="my-assignments"),
]
