"""Community ideas: proposing one and the public list (no account), and the facilitators' pages
under /community/ideas/."""

from django.urls import path

from thriving.community.views import ideas as views

urlpatterns = [
    path("ideas/", views.public_list, name="ideas"),
    path("ideas/new/", views.propose, name="idea-propose"),
    path("ideas/sent/", views.sent, name="idea-sent"),
    path("community/ideas/", views.manage, name="ideas-manage"),
    path("community/ideas/new/", views.new_idea, name="idea-new"),
    path("community/ideas/<uuid:uuid>/", views.idea_page, name="idea-manage"),
    path("community/ideas/<uuid:uuid>/contact/", views.contact, name="idea-contact"),
    path("community/ideas/<uuid:uuid>/facilitator/", views.facilitator, name="idea-facilitator"),
    path("community/ideas/<uuid:uuid>/stage/", views.stage, name="idea-stage"),
    path("community/ideas/<uuid:uuid>/support/", views.support, name="idea-support"),
    path("community/ideas/<uuid:uuid>/link/", views.link_session, name="idea-link"),
]
