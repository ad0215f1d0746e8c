"""What the coaching services share: the refusal they raise, and the name the audit trail gives
the people coached."""

from typing import Any

from thriving.core.conflicts import ActionRefused


class CoachingRefused(ActionRefused):
    """A coaching change that cannot be made, with a message for the person."""


def subject_of(relationship: Any) -> str:
    """Whose personal data a coaching record is, for the audit trail: the person, or the family
    by its main contact."""
    person = relationship.person
    name = f"{person.given_name} {person.family_name}".strip()
    return f"{name} (family)" if relationship.kind == "family" else name
