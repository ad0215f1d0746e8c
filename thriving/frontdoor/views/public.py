"""Ask for help: the public journey (no account), one question per page, then check your answers,
confirmation with a reference, and a status check by reference and postcode.

Answers live in the session until the person sends them. The journey's `key` (a UUID made when it
starts) is the request's `submission_key`, so sending the same answers twice (a refresh, a double
click) opens one request. Robots are kept out without a CAPTCHA: a honeypot field on every page,
a time trap (sending sooner than FRONTDOOR_MIN_SECONDS after the first question), and a rate limit
per IP address on sending and on the status check. A robot caught by the honeypot or the time trap
sees the usual confirmation page, without a reference, and nothing is saved.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_ratelimit.decorators import ratelimit

from thriving.core.policy import public
from thriving.directory import needs as directory_needs
from thriving.frontdoor import forms_public as forms
from thriving.frontdoor import services
from thriving.frontdoor.models import Consent, ContactMethod, HelpRequest
from thriving.frontdoor.queries import ask as ask_queries

JOURNEY = "frontdoor_ask"
DONE = "frontdoor_ask_done"
HONEYPOT = "website"
SELF = HelpRequest.Asker.SELF
SOMEONE_ELSE = HelpRequest.Asker.SOMEONE_ELSE


def client_ip(request: HttpRequest) -> str:
    """The client's address behind one proxy: the last address in X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    return addresses[-1] if addresses else request.META.get("REMOTE_ADDR", "")


def ask_rate(group: str, request: HttpRequest) -> str:
    return settings.FRONTDOOR_ASK_RATE


def limited(request: HttpRequest) -> HttpResponse:
    return render(request, "frontdoor/ask/limited.html", status=429)


# ---------------------------------------------------------------------------------------------
# The journey kept in the session


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
    if request.POST.get(HONEYPOT):
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


def _you(answers: dict, you: str, them: str) -> str:
    return them if answers.get("asked_by") == SOMEONE_ELSE else you


# ---------------------------------------------------------------------------------------------
# The pages


@public
def start(request: HttpRequest) -> HttpResponse:
    journey = journey_of(request)
    in_progress = bool(journey and journey["answers"])
    going_on = next_url(journey["answers"]) if in_progress else url("ask-danger")
    return render(request, "frontdoor/ask/start.html", {"in_progress": in_progress, "continue_url": going_on})


@public
def danger(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.DangerForm:
        known = answers.get("immediate_risk")
        return forms.DangerForm(data, initial={"danger": "" if known is None else ("yes" if known else "no")})

    def save(answers: dict, form: forms.DangerForm) -> str | None:
        answers["immediate_risk"] = form.cleaned_data["danger"] == "yes"
        return url("ask-urgent") if answers["immediate_risk"] else None

    return question(request, "ask-danger", make, save, template="frontdoor/ask/radios.html", inline=True)


@public
def urgent(request: HttpRequest) -> HttpResponse:
    """What to do now when someone is in danger: shown before anything else. Anyone may open it."""
    journey = journey_of(request)
    answers = journey["answers"] if journey else {}
    going_on = next_url(answers) if answers.get("immediate_risk") else url("ask-start")
    return render(request, "frontdoor/ask/urgent.html", {"continue_url": going_on})


@public
def who(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.WhoForm:
        return forms.WhoForm(data, initial={"asked_by": answers.get("asked_by", "")})

    def save(answers: dict, form: forms.WhoForm) -> None:
        answers["asked_by"] = form.cleaned_data["asked_by"]
        if answers["asked_by"] == SELF:
            for key in ("asker_name", "asker_contact", "asker_relationship"):
                answers.pop(key, None)

    return question(request, "ask-who", make, save, template="frontdoor/ask/radios.html")


@public
def asker(request: HttpRequest) -> HttpResponse:
    fields = ("asker_name", "asker_contact", "asker_relationship")

    def make(data: Any, answers: dict) -> forms.AskerForm:
        initial = {key: answers.get(key, "") for key in fields}
        initial["agreed"] = "asker_name" in answers
        return forms.AskerForm(data, initial=initial)

    def save(answers: dict, form: forms.AskerForm) -> None:
        answers.update({key: form.cleaned_data[key].strip() for key in fields})

    return question(request, "ask-asker", make, save, heading="About you",
                    intro="We will contact the person who needs help. We may check something with you first.")


@public
def name(request: HttpRequest) -> HttpResponse:
    journey = journey_of(request) or {"answers": {}}

    def make(data: Any, answers: dict) -> forms.NameForm:
        initial = {key: answers.get(key, "") for key in ("given_name", "family_name")}
        return forms.NameForm(data, initial=initial, someone_else=answers.get("asked_by") == SOMEONE_ELSE)

    def save(answers: dict, form: forms.NameForm) -> None:
        answers["given_name"] = form.cleaned_data["given_name"].strip()
        answers["family_name"] = form.cleaned_data["family_name"].strip()

    heading = _you(journey["answers"], "What is your name?", "What is the name of the person who needs help?")
    return question(request, "ask-name", make, save, heading=heading)


@public
def story(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.StoryForm:
        return forms.StoryForm(data, initial={"description": answers.get("description", "")})

    def save(answers: dict, form: forms.StoryForm) -> None:
        answers["description"] = form.cleaned_data["description"]

    return question(request, "ask-story", make, save, template="frontdoor/ask/story.html",
                    maxlength=forms.DESCRIPTION_MAX)


@public
def needs(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.NeedsForm:
        return forms.NeedsForm(data, initial={"needs": answers.get("needs", [])})

    def save(answers: dict, form: forms.NeedsForm) -> None:
        answers["needs"] = list(form.cleaned_data["needs"])

    return question(request, "ask-needs", make, save, template="frontdoor/ask/radios.html")


@public
def postcode(request: HttpRequest) -> HttpResponse:
    journey = journey_of(request) or {"answers": {}}

    def make(data: Any, answers: dict) -> forms.PostcodeForm:
        known = answers.get("postcode")
        return forms.PostcodeForm(data, initial={"postcode": known or "", "dont_know": known == ""})

    def save(answers: dict, form: forms.PostcodeForm) -> None:
        answers["postcode"] = form.cleaned_data["postcode"]

    heading = _you(journey["answers"], "What is your postcode?", "What is their postcode?")
    return question(request, "ask-postcode", make, save, template="frontdoor/ask/postcode.html", heading=heading)


@public
def contact(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.ContactForm:
        initial = {key: answers.get(key, "") for key in ("contact_method", "contact_times")}
        return forms.ContactForm(data, initial=initial, someone_else=answers.get("asked_by") == SOMEONE_ELSE)

    def save(answers: dict, form: forms.ContactForm) -> None:
        if answers.get("contact_method") != form.cleaned_data["contact_method"]:
            for key in ("email", "phone", "address", "contact_detail_for"):
                answers.pop(key, None)
        answers["contact_method"] = form.cleaned_data["contact_method"]
        answers["contact_times"] = form.cleaned_data["contact_times"].strip()

    return question(request, "ask-contact", make, save, template="frontdoor/ask/radios.html")


@public
def contact_detail(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.ContactDetailForm:
        form = forms.ContactDetailForm(data, method=answers["contact_method"],
                                       someone_else=answers.get("asked_by") == SOMEONE_ELSE)
        form.initial = {"detail": answers.get(form.keeps, "")}
        return form

    def save(answers: dict, form: forms.ContactDetailForm) -> None:
        for key in ("email", "phone", "address"):
            answers[key] = ""
        answers[form.keeps] = form.cleaned_data["detail"]
        answers["contact_detail_for"] = answers["contact_method"]

    return question(request, "ask-contact-detail", make, save, template="frontdoor/ask/single.html")


@public
def consent(request: HttpRequest) -> HttpResponse:
    def make(data: Any, answers: dict) -> forms.ConsentForm:
        form = forms.ConsentForm(data, initial={"consent": answers.get("consent", "")})
        if answers.get("asked_by") == SOMEONE_ELSE:
            form.fields["consent"].label = "Do they agree?"
            form.fields["consent"].choices = [("yes", "Yes, they agree"), ("no", "No, they do not agree")]
            form.fields["consent"].error_messages["required"] = "Select yes if they agree that we share their request"
        return form

    def save(answers: dict, form: forms.ConsentForm) -> None:
        answers["consent"] = form.cleaned_data["consent"]

    return question(request, "ask-consent", make, save, template="frontdoor/ask/consent.html",
                    statement=services.SHARE_STATEMENT)


# ---------------------------------------------------------------------------------------------
# Check your answers, sending, confirmation


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


def new_request(journey: dict) -> services.NewRequest:
    answers = journey["answers"]
    someone_else = answers.get("asked_by") == SOMEONE_ELSE
    index = directory_needs.index()
    need_ids = [index.by_uuid[item].id for item in answers.get("needs", []) if item in index.by_uuid]
    consent_method, statement = "", services.SHARE_STATEMENT
    if answers.get("consent") == "yes":
        consent_method = Consent.Method.ONLINE_ON_BEHALF if someone_else else Consent.Method.ONLINE
        if someone_else:
            statement = (f"{answers.get('asker_name', '')} ({answers.get('asker_relationship', '')}) asked on "
                         f"the person's behalf and confirmed that they agree: {services.SHARE_STATEMENT}")
    return services.NewRequest(
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
    too_fast = time.time() - journey.get("started", 0) < settings.FRONTDOOR_MIN_SECONDS
    return bool(journey.get("spam")) or too_fast


@public
@ratelimit(group="frontdoor:ask", key="ip", rate=ask_rate, method="POST", block=False)
def check(request: HttpRequest) -> HttpResponse:
    journey = journey_of(request)
    if request.method == "POST" and getattr(request, "limited", False):
        return limited(request)
    if journey is None:
        # Sent again after it was taken (a refresh or a second click): show what was taken.
        if request.method == "POST" and request.session.get(DONE):
            return redirect(url("ask-done"))
        return redirect(url("ask-danger"))
    answers = journey["answers"]
    missing = first_missing(answers)
    if missing:
        return redirect(url(missing))
    if request.method == "POST":
        note_honeypot(request, journey)
        done: dict[str, Any] = {"key": journey["key"], "reference": "", "postcode": "",
                                "consent": answers.get("consent") == "yes",
                                "someone_else": answers.get("asked_by") == SOMEONE_ELSE}
        if not is_robot(journey):
            help_request, _ = services.create_request(new_request(journey), user=None)
            done.update(reference=help_request.reference, postcode=help_request.postcode)
        request.session[DONE] = done
        request.session.pop(JOURNEY, None)
        return redirect(url("ask-done"))
    return render(request, "frontdoor/ask/check.html", {
        "rows": summary(answers), "honeypot": HONEYPOT, "back_url": url("ask-consent"),
        "someone_else": answers.get("asked_by") == SOMEONE_ELSE,
    })


@public
def done(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(DONE)
    if not sent:
        return redirect(url("ask-start"))
    return render(request, "frontdoor/ask/done.html", {"sent": sent})


# ---------------------------------------------------------------------------------------------
# Where has my request got to?


@public
@ratelimit(group="frontdoor:ask-status", key="ip", rate=ask_rate, method="POST", block=False)
def status(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and getattr(request, "limited", False):
        return limited(request)
    form = forms.StatusForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "frontdoor/ask/status.html", context)
    if form.is_valid():
        stage = ask_queries.public_stage(form.cleaned_data["reference"], form.cleaned_data["postcode"])
        if stage is not None:
            context.update(stage=stage, reference=form.cleaned_data["reference"])
            return render(request, "frontdoor/ask/status.html", context)
        form.add_error(None, "We could not find a request with that reference and postcode. "
                             "Check both and try again.")
    return render(request, "frontdoor/ask/status.html", context, status=400)


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "frontdoor/ask/privacy.html", {"statement": services.SHARE_STATEMENT})
