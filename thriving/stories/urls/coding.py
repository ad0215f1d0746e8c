"""Stories URLs: coding (the codebook and its codes, the stories to code, coding a story and
removing or accepting a coding, agreement between coders, the REFI-QDA exports)."""

from django.urls import path

from thriving.stories.views import coding

urlpatterns = [
    path("projects/<slug:slug>/codebook/", coding.codebook, name="codebook"),
    path("projects/<slug:slug>/codebook/new/", coding.code_new, name="code-new"),
    path("projects/<slug:slug>/codebook/<uuid:uuid>/edit/", coding.code_edit, name="code-edit"),
    path("projects/<slug:slug>/codebook/<uuid:uuid>/delete/", coding.code_delete, name="code-delete"),
    path("projects/<slug:slug>/codebook/export.qdc", coding.refi_codebook, name="refi-codebook"),
    path("projects/<slug:slug>/coding/", coding.stories, name="coding"),
    path("projects/<slug:slug>/coding/suggest/", coding.suggest, name="coding-suggest"),
    path("projects/<slug:slug>/coding/agreement/", coding.agreement, name="agreement"),
    path("projects/<slug:slug>/coding/export.qdpx", coding.refi_project, name="refi-project"),
    path("projects/<slug:slug>/coding/<uuid:uuid>/", coding.code_story, name="code-story"),
    path("projects/<slug:slug>/coding/<uuid:uuid>/remove/<uuid:coding>/", coding.coding_remove,
         name="coding-remove"),
    path("projects/<slug:slug>/coding/<uuid:uuid>/accept/<uuid:coding>/", coding.coding_accept,
         name="coding-accept"),
]
