"""Users and their roles, for administrators."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.models import User
from thriving.core.policy import policy


@policy("core.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/users/list.html", {"users": User.objects.all()})
