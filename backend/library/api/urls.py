from django.urls import path

from library.api import views

urlpatterns = [
    path("exercises", views.ExerciseListView.as_view(), name="exercises"),
    path("medications", views.MedicationListView.as_view(), name="medications"),
    path("exercises/<slug:slug>", views.ExerciseDetailView.as_view(), name="exercise"),
    path("program-templates", views.ProgramTemplateListView.as_view(),
         name="program-templates"),
    path("program-templates/<slug:slug>", views.ProgramTemplateDetailView.as_view(),
         name="program-template"),
    path("program-templates/<slug:slug>/copy", views.ProgramTemplateCopyView.as_view(),
         name="program-template-copy"),
]
