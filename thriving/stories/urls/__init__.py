"""The stories app's URLs, by concept: projects (the list, a project's page, setting one up and
its signifiers, moderation, a story's page), telling (the public form, gathering in person or from
paper, withdrawal with the private link, audio and transcripts), coding (the codebook, coding a
story, agreement between coders, the REFI-QDA export), themes (suggested themes and people's
decisions on them), sensemaking (patterns across signifiers), priorities (emerging priorities and
their quotes), msc (Most Significant Change rounds), shared (stories shared with partners,
anonymised)."""

from thriving.stories.urls import coding, msc, priorities, projects, sensemaking, shared, telling, themes

app_name = "stories"
urlpatterns = [
    *projects.urlpatterns,
    *telling.urlpatterns,
    *coding.urlpatterns,
    *themes.urlpatterns,
    *sensemaking.urlpatterns,
    *priorities.urlpatterns,
    *msc.urlpatterns,
    *shared.urlpatterns,
]
