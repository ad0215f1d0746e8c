"""Users and their roles, for administrators."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.core import queries, services, twofactor
from thriving.core.forms import users as forms
from thriving.core.models import User
from thriving.core.policy import get_visible_or_404, policy

PER_PAGE = 25


def _user_or_404(request: HttpRequest, uuid: UUID) -> User:
    return get_visible_or_404(queries.users(request.user), request.user, "manage", uuid=uuid)


def _detail(request: HttpRequest, person: User, form: forms.MembershipForm, status: int = 200) -> HttpResponse:
    """The person's page. Showing it is a read of their personal data, so it is recorded."""
    queries.record_user_viewed(request.user, person)
    context = {
        "person": person,
        "memberships": person.memberships.all(),
        "has_device": twofactor.confirmed_device(person) is not None,
        "form": form,
    }
    return render(request, "core/users/detail.html", context, status=status)


@policy("core.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    form = forms.UserFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.users(request.user, **filters)
    context = {"form": form, "page_obj": queries.page_of(found, request.GET.get("page"), PER_PAGE)}
    return render(request, "core/users/list.html", context)


@policy("core.manage_users")
def user_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _detail(request, _user_or_404(request, uuid), forms.MembershipForm())


@policy("core.manage_users")
def user_create(request: HttpRequest) -> HttpResponse:
    form = forms.UserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_user(
                acting_user=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                link_domain=request.get_host(),
                link_https=request.is_secure(),
                **form.membership_fields(),
            )
        except services.EmailTaken as taken:
            form.add_error("email", str(taken))
        else:
            messages.success(
                request, f"{person.full_name}'s account has been made. We have emailed them a link to set a password."
            )
            return redirect("core:user-detail", uuid=person.uuid)
    return render(request, "core/users/create.html", {"form": form})


@policy("core.manage_users")
def user_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = _user_or_404(request, uuid)
    form = forms.UserEditForm.for_user(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(
                acting_user=request.user,
                user=person,
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                is_active=form.cleaned_data["status"] == "active",
            )
        except services.OwnAccount as refused:
            form.add_error("status", str(refused))
        else:
            messages.success(request, "Their details have been saved")
            return redirect("core:user-detail", uuid=person.uuid)
    return render(request, "core/users/edit.html", {"form": form, "person": person})


@policy("core.manage_users")
@require_POST
def user_add_role(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = _user_or_404(request, uuid)
    form = forms.MembershipForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_membership(acting_user=request.user, user=person, **form.membership_fields())
        except services.ServiceError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{person.full_name} now has the role {membership}")
            return redirect("core:user-detail", uuid=person.uuid)
    return _detail(request, person, form, status=400)


@policy("core.manage_users")
@require_POST
def user_remove_role(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = _user_or_404(request, uuid)
    membership = queries.membership_of(person, request.POST.get("membership"))
    if membership is None:
        raise Http404("No such role")
    try:
        services.remove_membership(acting_user=request.user, membership=membership)
    except services.LastAdministratorRole as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{person.full_name} no longer has the role {membership}")
    return redirect("core:user-detail", uuid=person.uuid)


@policy("core.manage_users")
@require_POST
def user_reset_second_factor(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = _user_or_404(request, uuid)
    services.reset_second_factor(acting_user=request.user, user=person)
    messages.success(
        request,
        f"{person.full_name}'s authenticator app has been removed. They will set up a new one when they sign in.",
    )
    return redirect("core:user-detail", uuid=person.uuid)
