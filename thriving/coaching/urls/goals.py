"""Coaching URLs: goals (the goals and ratings page, aspirations, goals, ratings)."""

from django.urls import path

from thriving.coaching.views import goals, ratings

urlpatterns: list = [
    path("<uuid:uuid>/goals/", goals.goals, name="goals"),
    path("<uuid:uuid>/aspirations/add/", goals.aspiration_add, name="aspiration-add"),
    path("<uuid:uuid>/goals/add/", goals.goal_add, name="goal-add"),
    path("<uuid:uuid>/goals/<uuid:goal_uuid>/", goals.goal_change, name="goal-change"),
    path("<uuid:uuid>/ratings/add/", ratings.ratings_add, name="ratings-add"),
]
