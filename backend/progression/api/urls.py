from django.urls import path

from progression.api import views

urlpatterns = [
    path("assignments/<int:assignment_id>/advance", views.AssignmentAdvanceView.as_view(),
         name="assignment-advance"),
    path("assignments/<int:assignment_id>/regress", views.AssignmentRegressView.as_view(),
         name="assignment-regress"),
]
