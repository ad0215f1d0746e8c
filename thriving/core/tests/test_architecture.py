"""Apps depend downward only, in the order of DESIGN.md: an app may import those before it."""

import ast
from pathlib import Path

import pytest

ORDER = [
    "places", "core", "directory", "frontdoor", "teams", "community", "coaching",
    "budgets", "stories", "outcomes", "insight", "api",
]
ROOT = Path(__file__).resolve().parents[2]


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "thriving" and len(parts) > 1 and parts[1] in ORDER:
                found.add(parts[1])
    return found


APPS = [app for app in ORDER if (ROOT / app).is_dir()]


def test_the_apps_exist():
    assert {"places", "core", "api"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_apps_before_it(app):
    allowed = set(ORDER[: ORDER.index(app) + 1])
    wrong = {}
    for path in (ROOT / app).rglob("*.py"):
        bad = imported_apps(path) - allowed
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert not wrong, f"{app} imports apps that come after it: {wrong}"
