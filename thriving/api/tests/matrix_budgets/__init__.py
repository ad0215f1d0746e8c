"""The role matrix's entries for the budgets app's pages, one module per concept (the same
concept names as the app's `urls`): each defines `PAGES` (as `matrix_pages.PAGES`) and `SAMPLES`
(as `matrix_samples.SAMPLES`), merged into those tables at the end of their modules."""

import importlib

CONCEPTS = ("pots", "applications", "decisions", "spending", "public")


def tables(name: str) -> dict:
    merged: dict = {}
    for concept in CONCEPTS:
        try:
            module = importlib.import_module(f"thriving.api.tests.matrix_budgets.{concept}")
        except ModuleNotFoundError as missing:
            if missing.name != f"thriving.api.tests.matrix_budgets.{concept}":
                raise
            continue
        merged.update(getattr(module, name, {}))
    return merged
