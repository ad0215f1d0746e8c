"""Stories URLs: telling (the public form and its confirmation, gathering in person or from paper,
the teller's private link pages, a recording and its transcript)."""

from django.urls import path

from thriving.stories.views import telling, telling_link

urlpatterns: list = [
    path("tell/<slug:slug>/", telling.tell, name="tell"),
    path("tell/<slug:slug>/thank-you/", telling.told, name="told"),
    path("projects/<slug:slug>/gather/", telling.gather, name="gather"),
    path("projects/<slug:slug>/gather/recorded/", telling.gathered, name="gathered"),
    path("my-story/<str:token>/", telling_link.my_story, name="my_story"),
    path("my-story/<str:token>/withdraw/", telling_link.my_story_withdraw, name="my_story_withdraw"),
    path("transcripts/<uuid:uuid>/", telling_link.transcribe, name="transcribe"),
    path("transcripts/<uuid:uuid>/audio/", telling_link.audio, name="story_audio"),
]
