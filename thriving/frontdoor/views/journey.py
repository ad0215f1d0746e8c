"""The "Ask for help" journey as it is kept in the session until the person sends it: its
questions in order, where each page goes next and back, one question's page, the rows of check
your answers, and the request the answers make.

The journey's `key` (a UUID made when it starts) is the request's `submission_key`, so sending the
same answers twice (a refresh, a double click) opens one request. A robot that fills the honeypot
field or sends sooner than FRONTDOOR_MIN_SECONDS after the first question is marked as one (the
honeypot and the time trap are those of every public form, `thriving.core.public_forms`).
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thriving.core import public_forms
from thriving.directory.queries import needs as directory_needs
from thriving.frontdoor.models import Consent, ContactMethod, HelpRequest
from thriving.frontdoor.services import requests as request_services

JOURNEY = "frontdoor_ask"
DONE = "frontdoor_ask_done"
HONEYPOT = public_forms.HONEYPOT
SELF = HelpRequest.Asker.SELF
SOMEONE_ELSE = HelpRequest.Asker.SOMEONE_ELSE


@dataclass(frozen=True)
class Step:
    name: str
    answered: Callable[[dict], bool]
    applies: Callable[[dict], bool] = lambda answers: True


STEPS = [
    Step("ask-danger", lambda a: "immediate_risk" in a),
    Step("ask-who", lambda a: "asked_by" in a),
    Step("ask-asker", lambda a: "asker_name" in a, lambda a: a.get("asked_by") == SOMEONE_ELSE),
    Step("ask-name", lambda a: "given_name" in a),
    Step("ask-story", lambda a: "description" in a),
    Step("ask-needs", lambda a: "needs" in a),
    Step("ask-postcode", lambda a: "postcode" in a),
    Step("ask-contact", lambda a: "contact_method" in a),
    Step("ask-contact-detail", lambda a: "contact_method" in a and a.get("contact_detail_for") == a["contact_method"]),
    Step("ask-consent", lambda a: "consent" in a),
]
STEP_NAMES = [step.name for step in STEPS]
STEP_BY_NAME = {step.name: step for step in STEPS}


def url(name: str) -> str:
    return reverse(f"frontdoor:{name}")


def journey_of(request: HttpRequest, *, start: bool = False) -> dict | None:
    """The journey in progress, started now if asked and there is none."""
    journey = request.session.get(JOURNEY)
    if journey is None and start:
        journey = {"key": str(uuid.uuid4()), "started": time.time(), "answers": {}, "spam": False}
        request.session[JOURNEY] = journey
    return journey


def first_missing(answers: dict, before: str | None = None) -> str | None:
    """The first question not yet answered (only among those before `before`, if given)."""
    for step in STEPS:
        if step.name == before:
            return None
        if step.applies(answers) and not step.answered(answers):
            return step.name
    return None


def next_url(answers: dict) -> str:
    missing = first_missing(answers)
    return url(missing) if missing else url("ask-check")


def back_url(answers: dict, name: str) -> str:
    if first_missing(answers) is None:
        return url("ask-check")
    earlier = [step for step in STEPS[: STEP_NAMES.index(name)] if step.applies(answers)]
    if not earlier:
        return url("ask-start")
    if earlier[-1].name == "ask-danger" and answers.get("immediate_risk"):
        return url("ask-urgent")
    return url(earlier[-1].name)


def note_honeypot(request: HttpRequest, journey: dict) -> None:
    if public_forms.honeypot_filled(request.POST):
        journey["spam"] = True
        request.session.modified = True


def question(
    request: HttpRequest,
    name: str,
    make_form: Callable[[Any, dict], Any],
    save: Callable[[dict, Any], str | None],
    template: str = "frontdoor/ask/question.html",
    **context: Any,
) -> HttpResponse:
    """One page of the journey: send the person back to the first question they skipped, show the
    form with their earlier answer, and on a good answer keep it and go on."""
    journey = journey_of(request, start=True)
    answers = journey["answers"]
    missing = first_missing(answers, before=name)
    if missing:
        return redirect(url(missing))
    if not STEP_BY_NAME[name].applies(answers):  # such as "about you" when asking for yourself
        return redirect(next_url(answers))
    status = 200
    if request.method == "POST":
        note_honeypot(request, journey)
        form = make_form(request.POST, answers)
        if form.is_valid():
            going = save(answers, form)
            request.session.modified = True
            return redirect(going or next_url(answers))
        status = 400
    else:
        form = make_form(None, answers)
    someone_else = answers.get("asked_by") == SOMEONE_ELSE
    context = {"form": form, "back_url": back_url(answers, name), "someone_else": someone_else,
               "honeypot": HONEYPOT, **context}
    return render(request, template, context, status=status)


def for_whom(answers: dict, you: str, them: str) -> str:
    return them if answers.get("asked_by") == SOMEONE_ELSE else you


DETAIL_KEYS = {ContactMethod.EMAIL: "Email address", ContactMethod.PHONE: "Phone number",
               ContactMethod.TEXT: "Mobile phone number", ContactMethod.LETTER: "Address",
               ContactMethod.IN_PERSON: "Phone number to arrange it"}


def summary(answers: dict) -> list[dict[str, str]]:
    """The rows of the check-your-answers list: question, answer, and where to change it."""
    someone_else = answers.get("asked_by") == SOMEONE_ELSE
    index = directory_needs.index()
    chosen = [index.by_uuid[item].name for item in answers.get("needs", []) if item in index.by_uuid]
    method = answers.get("contact_method", "")
    how = ContactMethod(method).label if method in ContactMethod.values else ""
    detail = {ContactMethod.EMAIL: answers.get("email"), ContactMethod.LETTER: answers.get("address")}.get(
        method, answers.get("phone"))
    rows = [
        ("Anyone in immediate danger", "Yes" if answers.get("immediate_risk") else "No", "ask-danger",
         "whether anyone is in immediate danger"),
        ("Who needs help", "Someone I know, with their agreement" if someone_else else "I do", "ask-who",
         "who needs help"),
    ]
    if someone_else:
        rows += [
            ("Your name", answers.get("asker_name", ""), "ask-asker", "your name"),
            ("How to reach you", answers.get("asker_contact", ""), "ask-asker", "how to reach you"),
            ("How you know them", answers.get("asker_relationship", ""), "ask-asker", "how you know them"),
        ]
    rows += [
        ("Their name" if someone_else else "Your name",
         " ".join(part for part in (answers.get("given_name"), answers.get("family_name")) if part),
         "ask-name", "the name"),
        ("What is going on", answers.get("description", ""), "ask-story", "what is going on"),
        ("Help with", ", ".join(chosen) or "Not given", "ask-needs", "what help is needed"),
        ("Postcode", answers.get("postcode") or "Not known", "ask-postcode", "the postcode"),
        ("How to contact", how, "ask-contact", "how to contact"),
        (DETAIL_KEYS.get(method, "Contact details"), detail or "Not given", "ask-contact-detail",
         "the contact details"),
        ("When to contact", answers.get("contact_times") or "Any time", "ask-contact", "when to contact"),
        ("Agree to share", "Yes" if answers.get("consent") == "yes" else "No", "ask-consent",
         "whether to share"),
    ]
    return [{"key": key, "value": value, "href": url(step), "hidden": hidden}
            for key, value, step, hidden in rows]


def new_request(journey: dict) -> request_services.NewRequest:
    answers = journey["answers"]
    someone_else = answers.get("asked_by") == SOMEONE_ELSE
    index = directory_needs.index()
    need_ids = [index.by_uuid[item].id for item in answers.get("needs", []) if item in index.by_uuid]
    consent_method, statement = "", request_services.SHARE_STATEMENT
    if answers.get("consent") == "yes":
        consent_method = Consent.Method.ONLINE_ON_BEHALF if someone_else else Consent.Method.ONLINE
        if someone_else:
            statement = (f"{answers.get('asker_name', '')} ({answers.get('asker_relationship', '')}) asked on "
                         f"the person's behalf and confirmed that they agree: {request_services.SHARE_STATEMENT}")
    return request_services.NewRequest(
        description=answers["description"],
        person_details={
            "given_name": answers["given_name"],
            "family_name": answers.get("family_name", ""),
            "email": answers.get("email", ""),
            "phone": answers.get("phone", ""),
            "address": answers.get("address", ""),
        },
        need_ids=need_ids,
        postcode=answers.get("postcode", ""),
        contact_method=answers.get("contact_method", ""),
        contact_times=answers.get("contact_times", ""),
        asked_by=answers["asked_by"],
        asker_name=answers.get("asker_name", ""),
        asker_contact=answers.get("asker_contact", ""),
        asker_relationship=answers.get("asker_relationship", ""),
        immediate_risk=bool(answers.get("immediate_risk")),
        channel=HelpRequest.Channel.ONLINE,
        consent_method=consent_method,
        consent_statement=statement,
        submission_key=uuid.UUID(journey["key"]),
    )


def is_robot(journey: dict) -> bool:
    """Caught by the honeypot on any page: a robot, shown the usual confirmation."""
    return bool(journey.get("spam"))


def too_fast(journey: dict) -> bool:
    """Sent sooner after the first question than a person could: the check page says so, keeping
    every answer, and sending again a few seconds later goes through."""
    return public_forms.too_fast(time.time() - journey.get("started", 0))
