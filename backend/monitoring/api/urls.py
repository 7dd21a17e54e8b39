from django.urls import path

from monitoring.api import views

urlpatterns = [
    path("patients", views.PatientListView.as_view(), name="patients"),
    path("patients/<int:patient_id>/adherence", views.PatientAdherenceView.as_view(),
         name="patient-adherence"),
    path("me/adherence", views.MyAdherenceView.as_view(), name="my-adherence"),
    path("me/diary", views.MyDiaryView.as_view(), name="my-diary"),
    path("patients/<int:patient_id>/diary", views.PatientDiaryView.as_view(),
         name="patient-diary"),
]
