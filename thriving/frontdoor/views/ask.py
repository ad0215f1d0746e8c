"""Ask for help: the public journey (no account), one question per page, then check your answers,
confirmation with a reference, and a status check by reference and postcode.

Answers live in the session until the person sends them (`views/journey.py` keeps them, with the
order of the questions and the request they make). Sending the same answers twice (a refresh, a
double click) opens one request. Robots are kept out without a CAPTCHA, with the protections every
public form shares (`thriving.core.public_forms`): a honeypot field on every page, a time trap
(sending sooner than FRONTDOOR_MIN_SECONDS after the first question), and a rate limit per IP
address on sending and on the status check. A robot caught by the honeypot sees the usual
confirmation page, without a reference, and nothing is saved; a request sent too fast is shown
again on the check page with a message, every answer kept, to send again.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.core import public_forms
from thriving.core.policy import public
from thriving.frontdoor.feedback import queries as feedback
from thriving.frontdoor.forms import ask as forms
from thriving.frontdoor.queries import ask as ask_queries
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.views.journey import (
    DONE,
    HONEYPOT,
    JOURNEY,
    SELF,
    SOMEONE_ELSE,
    first_missing,
    for_whom,
    is_robot,
    journey_of,
    new_request,
    next_url,
    note_honeypot,
    question,
    summary,
    too_fast,
    url,
)

# Still imported from here by the community app's public forms; both live in core.
ask_rate = public_forms.public_rate


def limited(request: HttpRequest) -> HttpResponse:
    """The journey's own page for a visitor past the rate limit: nothing was sent, the answers are kept."""
    return render(request, "frontdoor/ask/limited.html", {"wait": public_forms.wait_words()}, status=429)


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

    heading = for_whom(journey["answers"], "What is your name?", "What is the name of the person who needs help?")
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

    heading = for_whom(journey["answers"], "What is your postcode?", "What is their postcode?")
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
                    statement=request_services.SHARE_STATEMENT)


# ---------------------------------------------------------------------------------------------
# Check your answers, sending, confirmation


@public
@public_forms.limit("frontdoor:ask")
def check(request: HttpRequest) -> HttpResponse:
    journey = journey_of(request)
    if request.method == "POST" and public_forms.is_limited(request):
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
    status, error_message, robot = 200, "", False
    if request.method == "POST":
        note_honeypot(request, journey)
        robot = is_robot(journey)
    if request.method == "POST" and not robot and too_fast(journey):
        status, error_message = 400, public_forms.TOO_FAST  # said, not hidden: send again to send it
    elif request.method == "POST":
        done: dict[str, Any] = {"key": journey["key"], "reference": "", "postcode": "",
                                "consent": answers.get("consent") == "yes",
                                "someone_else": answers.get("asked_by") == SOMEONE_ELSE,
                                "urgent": bool(answers.get("immediate_risk"))}
        if not robot:
            help_request, _ = request_services.create_request(new_request(journey), acting_user=None)
            done.update(reference=help_request.reference, postcode=help_request.postcode)
        request.session[DONE] = done
        request.session.pop(JOURNEY, None)
        return redirect(url("ask-done"))
    return render(request, "frontdoor/ask/check.html", {
        "rows": summary(answers), "honeypot": HONEYPOT, "back_url": url("ask-consent"),
        "someone_else": answers.get("asked_by") == SOMEONE_ELSE, "error_message": error_message,
    }, status=status)


@public
def done(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(DONE)
    if not sent:
        return redirect(url("ask-start"))
    context: dict[str, Any] = {"sent": sent}
    if sent.get("urgent"):
        context["urgent_call"] = ask_queries.urgent_call_words()
    return render(request, "frontdoor/ask/done.html", context)


# ---------------------------------------------------------------------------------------------
# Where has my request got to?


@public
@public_forms.limit("frontdoor:ask-status")
def status(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and public_forms.is_limited(request):
        return limited(request)
    form = forms.StatusForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "frontdoor/ask/status.html", context)
    if form.is_valid():
        stage = ask_queries.public_stage(form.cleaned_data["reference"], form.cleaned_data["postcode"])
        if stage is not None:
            context.update(stage=stage, reference=form.cleaned_data["reference"],
                           feedback=feedback.on_status_page(form.cleaned_data["reference"]))
            return render(request, "frontdoor/ask/status.html", context)
        form.add_error(None, "We could not find a request with that reference and postcode. "
                             "Check both and try again.")
    return render(request, "frontdoor/ask/status.html", context, status=400)


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "frontdoor/ask/privacy.html", {"statement": request_services.SHARE_STATEMENT})
