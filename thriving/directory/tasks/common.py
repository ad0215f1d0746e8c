"""What the directory's tasks share: whom to email."""

from thriving.core.models import Organisation, User


def people(role: str, organisation: Organisation | None = None) -> list[str]:
    """The email addresses of the active people with the role (in the organisation)."""
    found = User.objects.filter(is_active=True, memberships__role=role)
    if organisation is not None:
        found = found.filter(memberships__organisation=organisation)
    return sorted(set(found.values_list("email", flat=True)))
