"""The role matrix's entries for the sense-making pages: the patterns across a project's signifiers
and the same tables as CSV, for who may view the project. The sample is the shared project."""

from thriving.api.tests.matrix_pages import Page
from thriving.api.tests.matrix_stories import samples

PAGES = {
    "stories:sensemaking": Page(scope=samples.project_in("view")),
    "stories:sensemaking-csv": Page(scope=samples.project_in("view")),
}

SAMPLES = {
    "stories:sensemaking": lambda w: {"slug": samples.project(w).slug},
    "stories:sensemaking-csv": lambda w: {"slug": samples.project(w).slug},
}
