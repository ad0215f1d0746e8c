"""Reading a huddle's agenda: its items, each fetched through its scope (the items of the huddles
a person may view: `get_visible_or_404(items(), user, ...)`)."""

from django.db.models import QuerySet

from thriving.teams.models import AgendaItem


def items() -> QuerySet[AgendaItem]:
    """Agenda items with what the huddle's page shows of them and of their huddle."""
    return AgendaItem.objects.select_related(
        "request", "referral", "ask", "action", "huddle", "huddle__team", "huddle__team__locality",
        "huddle__note_taker", "huddle__place")
