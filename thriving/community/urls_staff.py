"""The community staff landing page at /community/: where organisers start, linking to Local Nets,
community ideas, pledge campaigns and ambassadors."""

from django.urls import path

from thriving.community.views import staff

urlpatterns = [
    path("community/", staff.home, name="staff-home"),
]
