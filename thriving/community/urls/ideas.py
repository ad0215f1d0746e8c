"""Community ideas: proposing one and the public list (no account), and the facilitators' pages
under /community/ideas/."""

from django.urls import path

from thriving.community.views.ideas import public, staff

urlpatterns = [
    path("ideas/", public.public_list, name="ideas"),
    path("ideas/new/", public.propose, name="idea-propose"),
    path("ideas/sent/", public.sent, name="idea-sent"),
    path("community/ideas/", staff.manage, name="ideas-manage"),
    path("community/ideas/new/", staff.new_idea, name="idea-new"),
    path("community/ideas/<uuid:uuid>/", staff.idea_page, name="idea-manage"),
    path("community/ideas/<uuid:uuid>/contact/", staff.contact, name="idea-contact"),
    path("community/ideas/<uuid:uuid>/facilitator/", staff.facilitator, name="idea-facilitator"),
    path("community/ideas/<uuid:uuid>/stage/", staff.stage, name="idea-stage"),
    path("community/ideas/<uuid:uuid>/support/", staff.support, name="idea-support"),
    path("community/ideas/<uuid:uuid>/link/", staff.link_session, name="idea-link"),
]
