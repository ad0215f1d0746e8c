"""Local Nets pages for residents (no account): the listing of sessions to come, a Local Net's page,
a session's page where they sign up, and the private link to give a place back.

Robots are kept out of the sign-up as on the front door's ask-for-help: a rate limit per IP
address, a honeypot field and a time trap. A robot caught by the honeypot sees the usual
confirmation and nothing is saved; a form sent too fast is shown again, with its answers, to send again.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_ratelimit.decorators import ratelimit

from thriving.community.forms import local_nets as forms
from thriving.community.queries import local_nets as queries
from thriving.community.services import local_nets as services
from thriving.core import policy, public_forms
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.public_forms import HONEYPOT, public_rate

DONE = "community_signup_done"
CANCELLED = "community_signup_cancelled"


def limited(request: HttpRequest) -> HttpResponse:
    return render(request, "community/local_nets/limited.html", status=429)


def keep_token(form: Any) -> None:
    """After a mistake, keep the form's token if it is good (so its key and timing hold), else a new one."""
    if public_forms.read_token(form.data.get("token", "")) is None:
        form.data = form.data.copy()
        form.data["token"] = public_forms.make_token()


# ---------------------------------------------------------------------------------------------
# Public


@policy.public
def listing(request: HttpRequest) -> HttpResponse:
    """Sessions to come of every listed Local Net, filtered by locality."""
    localities = queries.listing_localities()
    chosen = request.GET.get("locality", "")
    if chosen and chosen not in {locality.slug for locality in localities}:
        chosen = ""
    sessions = queries.upcoming_sessions(request.user, chosen)
    for session in sessions:
        session.left = queries.places_left(session)
        session.where = queries.where(session)
    return render(request, "community/local_nets/listing.html", {
        "sessions": sessions, "localities": localities, "chosen": chosen,
    })


@policy.public
def local_net_page(request: HttpRequest, slug: str) -> HttpResponse:
    local_net = get_visible_or_404(queries.local_nets(), request.user, "view_public", slug=slug)
    sessions = queries.public_sessions_of(local_net)
    for session in sessions:
        session.left = queries.places_left(session)
        session.where = queries.where(session)
    return render(request, "community/local_nets/local_net.html", {"local_net": local_net, "sessions": sessions})


@policy.public
@ratelimit(group="community:signup", key="ip", rate=public_rate, method="POST", block=False)
def session_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    """A session, and the form to sign up to it: name, an optional email or phone, and places."""
    session = get_visible_or_404(queries.sessions(), request.user, "view_public", uuid=uuid)
    if request.method == "POST" and getattr(request, "limited", False):
        return limited(request)
    status = 200
    if request.method == "POST":
        form = forms.SignupForm(request.POST)
        if form.is_valid():
            done = {"session": str(session.uuid), "already": False, "places": form.cleaned_data["places"]}
            if request.POST.get(HONEYPOT):  # a robot: it sees the usual confirmation
                request.session[DONE] = done
                return redirect("community:local-net-signed-up", uuid=session.uuid)
            try:
                signup, created = services.sign_up(
                    session, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"], places=form.cleaned_data["places"])
            except services.SessionFull as error:
                form.add_error("places", str(error))
            except services.SessionClosed as error:
                form.add_error(None, str(error))
            else:
                # Only a new sign-up gets its cancel link here: "already signed up" could be anyone typing
                # the same name or email, so they find the link in the confirmation email instead.
                done.update(already=not created, places=signup.places, email=bool(signup.email),
                            cancel=services.cancel_token(signup) if created else "")
                request.session[DONE] = done
                return redirect("community:local-net-signed-up", uuid=session.uuid)
        keep_token(form)
        status = 400
        # places left as they are now
        session = get_visible_or_404(queries.sessions(), request.user, "view_public", uuid=uuid)
    else:
        form = forms.SignupForm(initial={"places": 1, "token": public_forms.make_token()})
    session.left = queries.places_left(session)
    session.where = queries.where(session)
    return render(request, "community/local_nets/session.html", {
        "session": session, "form": form, "honeypot": HONEYPOT, "is_open": services.is_open(session),
    }, status=status)


@policy.public
def signed_up(request: HttpRequest, uuid: Any) -> HttpResponse:
    session = get_visible_or_404(queries.sessions(), request.user, "view_public", uuid=uuid)
    done = request.session.get(DONE)
    if not done or done.get("session") != str(session.uuid):
        return redirect("community:local-net-session", uuid=session.uuid)
    session.where = queries.where(session)
    return render(request, "community/local_nets/signed_up.html", {"session": session, "done": done})


@policy.public
def cancel_signup(request: HttpRequest, token: str) -> HttpResponse:
    """A resident gives their places back from the private link on their confirmation (no account):
    the link shows what they signed up to and asks them to confirm."""
    signup = services.signup_from_token(token)
    if signup is None:
        return render(request, "community/local_nets/cancel_bad_link.html", status=404)
    session = signup.session
    message, status = "", 200
    if request.method == "POST":
        try:
            services.cancel_signup(signup)
        except ActionRefused as error:
            message, status = str(error), 409 if isinstance(error, services.AlreadyCancelled) else 400
        else:
            request.session[CANCELLED] = str(signup.uuid)
            return redirect("community:local-net-signup-cancel", token=token)
    elif signup.cancelled_at and request.session.pop(CANCELLED, None) == str(signup.uuid):  # shown once
        return render(request, "community/local_nets/signup_cancelled.html", {"signup": signup, "session": session})
    elif signup.cancelled_at:
        message = "This place has already been given back. You do not need to do anything."
    elif not services.is_open(session):
        message = ("This session has been cancelled or has already started, "
                   "so the sign-up can no longer be cancelled.")
    session.where = queries.where(session)
    return render(request, "community/local_nets/cancel_signup.html", {
        "signup": signup, "session": session, "message": message}, status=status)
