"""Community ideas pages for the public (no account): proposing an idea, its confirmation, and the
list of ideas being worked on (no names or contacts). Robots are kept out as on the Local Nets
sign-up: a rate limit per IP address, a honeypot field and a time trap (a form sent too fast is
shown again with its answers, to send again).
"""


from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_ratelimit.decorators import ratelimit

from thriving.community.forms import ideas as forms
from thriving.community.queries import ideas as queries
from thriving.community.services import ideas as services
from thriving.community.views.local_nets.public import keep_token, limited
from thriving.core import policy
from thriving.core.public_forms import HONEYPOT, make_token, public_rate

SENT = "community_idea_sent"


@policy.public
@ratelimit(group="community:idea", key="ip", rate=public_rate, method="POST", block=False)
def propose(request: HttpRequest) -> HttpResponse:
    """A resident proposes an idea. The form's token keys the submission, so sending it twice (a
    double click, a refresh) makes one idea."""
    if request.method == "POST" and getattr(request, "limited", False):
        return limited(request)
    status = 200
    if request.method == "POST":
        form = forms.ProposeIdeaForm(request.POST)
        if form.is_valid():
            key, _age = form.cleaned_data["token"]
            if not request.POST.get(HONEYPOT):  # a robot sees the usual confirmation
                data = form.cleaned_data
                services.propose_idea_public(
                    title=data["title"], description=data["description"], locality=data["locality"],
                    name=data["name"], email=data["email"], phone=data["phone"], submission_key=key)
            nearest = form.found_from_postcode
            request.session[SENT] = {
                "contact": bool(form.cleaned_data["email"] or form.cleaned_data["phone"]),
                "area": form.cleaned_data["locality"].name,
                "nearest": nearest.distance if nearest else "",
                "postcode": form.cleaned_data["postcode"],
            }
            return redirect("community:idea-sent")
        keep_token(form)
        status = 400
    else:
        form = forms.ProposeIdeaForm(initial={"token": make_token()})
    return render(request, "community/ideas/propose.html", {"form": form, "honeypot": HONEYPOT}, status=status)


@policy.public
def sent(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SENT)
    if done is None:
        return redirect("community:idea-propose")
    return render(request, "community/ideas/sent.html", {"done": done})


@policy.public
def public_list(request: HttpRequest) -> HttpResponse:
    localities = queries.public_localities()
    chosen = request.GET.get("locality", "")
    if chosen and chosen not in {locality.slug for locality in localities}:
        chosen = ""
    return render(request, "community/ideas/public_list.html", {
        "ideas": queries.public_ideas(request.user, chosen), "localities": localities, "chosen": chosen})
