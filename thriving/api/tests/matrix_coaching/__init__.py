"""The role matrix's entries for the coaching app's pages, one module per concept (the same
concept names as the app's `urls`): each defines `PAGES` (as `matrix_pages.PAGES`) and `SAMPLES`
(as `matrix_samples.SAMPLES`), merged into those tables at the end of their modules."""

from thriving.api.tests import matrix_concepts

CONCEPTS = ("relationships", "goals", "measures", "sessions", "caseloads", "timeline", "outcomes")


def tables(name: str) -> dict:
    return matrix_concepts.tables(__name__, CONCEPTS, name)
