"""The community staff landing page at /community/: where organisers start, linking to Local Nets,
community ideas, pledge campaigns and ambassadors."""

from django.urls import path

from thriving.community.views import home

urlpatterns = [
    path("community/", home.home, name="staff-home"),
]
