"""The coaching app's URLs, by concept: relationships (starting, consent, coaches, ending,
handover), goals (aspirations, goals, ratings), measures (an organisation's own), sessions (and
next steps), caseloads, timeline (the person's timeline and progress charts), outcomes (across
people, counts only)."""

from thriving.coaching.urls import caseloads, goals, measures, outcomes, relationships, sessions, timeline

app_name = "coaching"
urlpatterns = [
    *relationships.urlpatterns,
    *goals.urlpatterns,
    *measures.urlpatterns,
    *sessions.urlpatterns,
    *caseloads.urlpatterns,
    *timeline.urlpatterns,
    *outcomes.urlpatterns,
]
