"""The URL of the public answer page, reached by a signed link."""

from django.urls import path

from thriving.frontdoor.feedback import views

urlpatterns = [
    path("ask-for-help/answer/<str:token>/", views.answer, name="ask-answer"),
]
