"""Recording one sitting's ratings (`?occasion=start|review`, optionally `&session=<uuid>`): for
each person coached, the Goal-Based Outcome of each goal they rate, the ONS4 questions and the
organisation's own measures, all saved together or none (`services.ratings.record`)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.coaching.forms.ratings import RatingsForm
from thriving.coaching.models import CoachingSession, Rating
from thriving.coaching.queries import goals as queries
from thriving.coaching.services import ratings as services
from thriving.coaching.views.goals import common, goals_url, relationship_for
from thriving.core.access import get_visible_or_404
from thriving.core.policy import policy
from thriving.core.views.helpers import answer

OCCASIONS = {Rating.Occasion.START: "Starting scores", Rating.Occasion.REVIEW: "A review"}


@policy("coaching.work")
def ratings_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    relationship = relationship_for(request, uuid, "work")
    occasion = request.GET.get("occasion") or Rating.Occasion.START
    if occasion not in OCCASIONS:
        raise Http404("No such occasion")
    session = None
    if request.GET.get("session"):
        session = get_visible_or_404(CoachingSession.objects.filter(relationship=relationship), request.user, "work",
                                     uuid=request.GET["session"])
    # What was shown is asked for again as it was: a score someone else recorded meanwhile is
    # refused by the service with its reason, never dropped without a word.
    sent = {key for key, value in request.POST.items() if value.strip()} if request.method == "POST" else set()
    people = queries.rating_items(relationship, occasion, also=sent)
    form = RatingsForm(request.POST or None, people=people, default_day=session.held_on if session else None)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "coaching/goals/ratings_add.html", {
            **common(relationship), "form": form, "occasion": occasion, "occasion_label": OCCASIONS[occasion],
            "session": session, "error_message": error_message, "query": request.GET.urlencode(),
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> list[Rating]:
        entries = [services.Entry(item.measure, item.person, value, item.goal) for item, value in form.scores()]
        return services.record(acting_user=request.user, relationship=relationship, entries=entries,
                               rated_on=data["rated_on"], occasion=occasion, session=session)

    def done(saved: list[Rating]) -> HttpResponse:
        messages.success(request, f"{len(saved)} score{'s' if len(saved) != 1 else ''} recorded.")
        return redirect(goals_url(relationship, "scores"))

    return answer(form, act, page=page, done=done)
