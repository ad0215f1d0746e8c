"""The role matrix's entries for the stories app's pages, one module per concept (the same
concept names as the app's `urls`): each defines `PAGES` (as `matrix_pages.PAGES`) and `SAMPLES`
(as `matrix_samples.SAMPLES`), merged into those tables at the end of their modules. The shared
sample objects (a project of the world's connected team and an approved story in it) are in
`samples.py`."""

from thriving.api.tests import matrix_concepts

CONCEPTS = ("projects", "telling", "coding", "themes", "sensemaking", "priorities", "msc")


def tables(name: str) -> dict:
    return matrix_concepts.tables(__name__, CONCEPTS, name)
