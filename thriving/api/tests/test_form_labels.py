"""No label or legend of the site says "(optional)" twice. One walk renders every form there is:
every page of the role-by-page matrix that a GET shows, for every role that may open it (and no one
signed in, for public pages), and every form class of the project that can be made without
arguments, empty and sent empty (so that its errors show too)."""

import importlib
import pkgutil
import re

from django import forms
from django.urls import reverse

import thriving
from thriving.api.tests import test_role_matrix as matrix
from thriving.api.tests.matrix_pages import PAGES, Page
from thriving.api.tests.test_role_matrix import ANONYMOUS, HAS_PARAMETERS, ROLES, UNNAMED, URLS, _client
from thriving.core import policy
from thriving.core.policy import API, PUBLIC, declared

# The role matrix's world of sample objects, and its fixtures around it.
world = matrix.world
db = matrix.db
_audit_trail_guard = matrix._audit_trail_guard
_fresh_cache = matrix._fresh_cache

LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def doubled_optional(html: str) -> list[str]:
    """The labels and legends of the page that say "(optional)" more than once."""
    found = []
    for _, inner in LABEL.findall(html):
        text = " ".join(TAG.sub(" ", inner).split())
        if text.lower().count("(optional)") > 1:
            found.append(text)
    return found


def test_doubled_optional_is_found():
    assert doubled_optional('<label class="govuk-label" for="x">Note (optional) (optional)</label>') == [
        "Note (optional) (optional)"]
    assert doubled_optional('<legend>Date <span>(optional)</span></legend><label>Phone (optional)</label>') == []


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's `forms` modules and packages."""
    for module in pkgutil.walk_packages(thriving.__path__, "thriving."):
        if ".forms" in module.name or module.name.endswith("forms"):
            if ".tests" not in module.name:
                importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("thriving.") and ".tests" not in subclass.__module__:
                found.append(subclass)
    return sorted(set(found), key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_no_label_says_optional_twice(db, world):
    doubled: dict[str, list[str]] = {}
    pages_read = 0
    for key in sorted(URLS):
        route, callback = URLS[key]
        page = PAGES.get(key, Page())
        if page.method != "get" or (key in HAS_PARAMETERS and key not in world.kwargs):
            continue  # the role matrix itself fails on a page with no sample objects
        kwargs = world.kwargs.get(key, {})
        url = UNNAMED[key].format(**kwargs) if key in UNNAMED else reverse(key, kwargs=kwargs)
        action = declared(callback)
        for role in ROLES:
            client, user = _client(world, role)
            if action in (PUBLIC, API) and role != ANONYMOUS:
                continue
            if action not in (PUBLIC, API) and (user is None or not policy.can(user, action)):
                continue
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages_read += 1
            for text in doubled_optional(response.content.decode()):
                doubled.setdefault(text, []).append(f"{url} as {role}")

    made = 0
    for form_class in project_form_classes():
        for data in (None, {}):
            try:
                form = form_class(data)
            except (TypeError, KeyError, AttributeError, ValueError):
                break  # a form that needs more to be made is rendered by its pages above
            made += 1
            for text in doubled_optional(str(form)):
                doubled.setdefault(text, []).append(f"{form_class.__module__}.{form_class.__qualname__}")

    assert pages_read > 150, pages_read
    assert made > 40, made
    assert not doubled, "\n".join(f"{text!r}: {where[:3]}" for text, where in sorted(doubled.items()))
