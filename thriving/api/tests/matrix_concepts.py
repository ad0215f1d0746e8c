"""The role matrix's entries of an app kept in one module per concept (`matrix_coaching/`,
`matrix_budgets/`): each concept module defines `PAGES` (as `matrix_pages.PAGES`) and `SAMPLES`
(as `matrix_samples.SAMPLES`); `tables` merges one of them across the concepts that exist."""

import importlib


def tables(package: str, concepts: tuple[str, ...], name: str) -> dict:
    merged: dict = {}
    for concept in concepts:
        try:
            module = importlib.import_module(f"{package}.{concept}")
        except ModuleNotFoundError as missing:
            if missing.name != f"{package}.{concept}":
                raise
            continue
        merged.update(getattr(module, name, {}))
    return merged
