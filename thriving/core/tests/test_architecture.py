"""The rule of docs/architecture.md: apps depend downward only, in the order of DESIGN.md; every
app has the same kinds of module, split into packages by concept rather than by file-name
prefixes; modules stay about 400 lines; each app's ruff config bans reaching into another app's
models and views."""

import ast
import re
from pathlib import Path

import pytest

ORDER = [
    "places", "core", "directory", "frontdoor", "teams", "community", "coaching",
    "budgets", "stories", "outcomes", "insight", "privacy", "api",
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


KINDS = ("models", "services", "queries", "policy", "forms", "views", "urls", "tasks", "admin", "demo", "hooks")
PREFIXED = re.compile(rf"^(?:{'|'.join(KINDS)})_\w+\.py$|^\w+_hooks(?:_\w+)?\.py$")
# Apps whose rows belong to people: no other app may import their models or views.
SCOPED_APPS = [app for app in APPS if app not in {"places", "core", "api"}]
LONGEST = 450  # "about 400 lines": past this a module is split by concept


def app_modules(app: str) -> list[Path]:
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


@pytest.mark.parametrize("app", APPS)
def test_a_kind_with_several_concepts_is_a_package_not_prefixed_files(app):
    prefixed = sorted(
        str(path.relative_to(ROOT))
        for path in app_modules(app)
        if "tests" not in path.parts and PREFIXED.match(path.name)
    )
    assert not prefixed, f"Make these modules of a package split by concept (services/asks.py): {prefixed}"


@pytest.mark.parametrize("app", APPS)
def test_modules_stay_about_400_lines(app):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in app_modules(app)
        if "tests" not in path.parts and (lines := len(path.read_text().splitlines())) > LONGEST
    }
    assert not long, f"Split these by concept: {long}"


@pytest.mark.parametrize("app", APPS)
def test_each_app_bans_reaching_into_other_apps_models_and_views(app):
    config = ROOT / app / "ruff.toml"
    assert config.is_file(), f"thriving/{app}/ruff.toml is missing (copy another app's and adapt it)"
    text = config.read_text()
    assert 'extend = "../../pyproject.toml"' in text
    for other in SCOPED_APPS:
        if other != app:
            assert f'"thriving.{other}.models"' in text, (app, other)
            assert f'"thriving.{other}.views"' in text, (app, other)
