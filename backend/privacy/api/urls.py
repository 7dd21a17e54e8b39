from django.urls import path

from privacy.api import views

urlpatterns = [
    path("me/export", views.MyExportView.as_view(), name="my-export"),
    path("erasure-requests", views.ErasureListView.as_view(), name="erasure-requests"),
    path("me/erasure", views.MyErasureView.as_view(), name="my-erasure"),
    path("patients/<int:patient_id>/export", views.PatientExportView.as_view(),
         name="patient-export"),
    path("patients/<int:patient_id>/erasure", views.PatientErasureView.as_view(),
         name="patient-erasure"),
]
