from django.urls import path

from measures.api import views

urlpatterns = [
    path("measures", views.MeasureListView.as_view(), name="measures"),
    path("measures/instruments", views.InstrumentListView.as_view(), name="instruments"),
    path("me/measures/due", views.MyMeasuresDueView.as_view(), name="my-measures-due"),
    path("patients/<int:patient_id>/measures/due", views.PatientMeasuresDueView.as_view(),
         name="patient-measures-due"),
    path("me/outcomes", views.MyOutcomesView.as_view(), name="my-outcomes"),
    path("patients/<int:patient_id>/outcomes", views.PatientOutcomesView.as_view(),
         name="patient-outcomes"),
]
