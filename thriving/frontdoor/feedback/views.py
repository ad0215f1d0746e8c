"""The public page where the person who asked for help tells us whether they got the help they
needed, reached by the signed link on their status page or in our email. It shows the reference
and nothing else about them. Past the rate limit it comes back (429) with what was typed; a robot
caught by the honeypot or the time trap sees the usual thank-you page and nothing is saved."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.core import public_forms
from thriving.core.policy import public
from thriving.frontdoor.feedback import queries
from thriving.frontdoor.feedback import services as feedback
from thriving.frontdoor.feedback.forms import AnswerForm
from thriving.frontdoor.models import HelpRequest
from thriving.frontdoor.services.common import FrontDoorError

TEMPLATE = "frontdoor/feedback/answer.html"


@public
@public_forms.limit("frontdoor:ask-answer")
def answer(request: HttpRequest, token: str) -> HttpResponse:
    help_request = queries.request_of(token)
    if help_request is None:
        return render(request, "frontdoor/feedback/expired.html", status=404)
    given = queries.answer_of(help_request)
    if given is not None or request.GET.get("sent"):
        return render(request, "frontdoor/feedback/thanks.html", {"reference": help_request.reference,
                                                                   "given": given})
    if help_request.status != HelpRequest.Status.CLOSED:
        return render(request, "frontdoor/feedback/open.html", {"reference": help_request.reference})
    form = AnswerForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "reference": help_request.reference}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    if public_forms.is_limited(request):
        return public_forms.refuse(request, TEMPLATE, context, form)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    if not form.is_robot:
        try:
            feedback.record_answer(token=token, answer=form.cleaned_data["answer"],
                                   comment=form.cleaned_data["comment"])
        except feedback.AlreadyAnswered:
            pass  # sent twice (a double click): the first answer stands, and the page says thank you
        except FrontDoorError as error:
            form.add_error(None, str(error))
            return render(request, TEMPLATE, context, status=400)
    return redirect(queries.answer_path(help_request) + "?sent=1")
