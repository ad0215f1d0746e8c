"""The measures pages: the built-in measures and an organisation's own; adding one (a coaching team
lead, for their organisation); changing one (its wording; an own measure's scale too, until it has
ratings). A stale edit answers 409."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thriving.coaching.forms import measures as forms
from thriving.coaching.models import Measure
from thriving.coaching.queries import measures as queries
from thriving.coaching.services import measures as services
from thriving.core.access import get_visible_or_404
from thriving.core.policy import policy
from thriving.core.views.helpers import answer


@require_GET
@policy("coaching.manage_measures")
def measures(request: HttpRequest) -> HttpResponse:
    user = request.user
    managed = set(queries.managed_by(user).values_list("pk", flat=True))
    return render(request, "coaching/measures/list.html", {
        "built_in": list(queries.built_in()), "own": list(queries.own_measures(user)), "managed": managed,
        "may_add": queries.lead_organisations(user).exists(),
    })


def _page(request: HttpRequest, template: str, **context: Any) -> Any:
    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, template, {
            "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [], **context,
        }, status=status)

    return page


def _done(request: HttpRequest, message: str) -> Any:
    def done(measure: Measure) -> HttpResponse:
        messages.success(request, message.format(name=measure.name))
        return redirect("coaching:measures")

    return done


@policy("coaching.manage_measures")
def measure_add(request: HttpRequest) -> HttpResponse:
    """A team lead adds a measure of their organisation's own."""
    organisations = list(queries.lead_organisations(request.user))
    if not organisations:
        raise PermissionDenied("Only a coaching team lead adds their organisation's own measures.")
    form = forms.MeasureForm(request.POST or None, organisations=organisations,
                             initial={"scale_min": 0, "scale_max": 10, "better": "higher"})
    page = _page(request, "coaching/measures/form.html", measure=None)
    if request.method != "POST":
        return page(form=form)
    return answer(form, lambda data: services.add_measure(
        acting_user=request.user, organisation=form.chosen_organisation(), **form.values()),
        page=page, done=_done(request, "“{name}” is added. Coaches in your organisation can rate it now."))


@policy("coaching.manage_measures")
def measure_change(request: HttpRequest, key: str) -> HttpResponse:
    """An own measure, whole (its scale only while it has no ratings); a built-in one's wording."""
    measure = get_visible_or_404(Measure.objects.select_related("organisation"), request.user, "manage", key=key)
    built_in = measure.organisation_id is None
    rated = queries.has_ratings(measure)

    def make(data: Any = None) -> Any:
        initial = {"version": measure.version, "question": measure.question, "low_label": measure.low_label,
                   "high_label": measure.high_label}
        if built_in:
            return forms.WordingForm(data, initial=initial)
        initial.update(name=measure.name, scale_min=measure.scale_min, scale_max=measure.scale_max,
                       better="higher" if measure.higher_is_better else "lower", active=measure.active)
        return forms.MeasureForm(data, initial=initial, adding=False)

    shown = _page(request, "coaching/measures/form.html", measure=measure, built_in=built_in, rated=rated)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        if status == 409:  # what was typed, against the version there now, so a second try applies to it
            measure.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(measure.version)
            form = make(data)
        return shown(status=status, form=form, error_message=error_message)

    form = make(request.POST or None)
    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> Measure:
        values = ({name: data[name] for name in services.BUILT_IN_WORDING} if built_in else form.values())
        return services.change_measure(acting_user=request.user, measure=measure, version=data["version"], **values)

    return answer(form, act, page=page, done=_done(request, "“{name}” is changed."))
