"""Feedback to tellers from a Most Significant Change round: once its panel has made its
selections, every teller who asked to hear what became of their story (and left an email, and has
not withdrawn it) is told, once, whether it was chosen, in which domain and, when it was, why.

Each selection is claimed before the emails go (`feedback_sent_at`), so that a second run, or two
at once, send nothing twice. The emails name no other teller and quote no other story."""

from collections import defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from thriving.core import audit
from thriving.stories.models import MSCCandidate, MSCRound, MSCSelection, Story


def _body(round_: MSCRound, story: Story, lines: list[str]) -> str:
    title = f"“{story.title}”" if story.title else "the story you told"
    return (
        f"Hello,\n\nYou asked to hear what became of {title}, which you told for "
        f"{story.project.title}.\n\n"
        f"It was one of the stories a panel read together in “{round_.title}”, to find the most significant "
        f"changes people have seen.\n\n" + "\n\n".join(lines) + "\n\n"
        "Thank you for telling it. Every story put forward helps the people who read them understand what is "
        "changing and what matters.\n"
    )


def _line(domain_name: str, selected: bool, reason: str) -> str:
    if selected:
        return (f"In “{domain_name}”, the panel chose your story as the most significant change. "
                f"They said why:\n\n{reason}")
    return (f"In “{domain_name}”, the panel chose another story this time. Yours was read and talked "
            f"about with the others.")


@task()
def send_feedback(round_id: int) -> int:
    """Email the tellers of the round's candidates who asked for feedback, for each selection not
    yet fed back. Returns how many emails were sent."""
    round_ = MSCRound.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    now = timezone.now()
    with transaction.atomic():
        due = list(MSCSelection.objects.select_for_update().filter(domain__round=round_, feedback_sent_at__isnull=True)
                   .values_list("pk", flat=True))
        if not due:
            return 0
        MSCSelection.objects.filter(pk__in=due, feedback_sent_at__isnull=True).update(feedback_sent_at=now)
    selections = MSCSelection.objects.filter(pk__in=due).select_related("domain")
    lines: dict[int, list[str]] = defaultdict(list)
    stories: dict[int, Story] = {}
    for selection in selections.order_by("domain__position", "domain__name"):
        candidates = MSCCandidate.objects.filter(
            domain=selection.domain_id, story__withdrawn_at__isnull=True, story__wants_feedback=True,
        ).exclude(story__teller_email="").select_related("story__project")
        for candidate in candidates:
            chosen = candidate.pk == selection.candidate_id
            lines[candidate.story_id].append(_line(selection.domain.name, chosen, selection.reason if chosen else ""))
            stories[candidate.story_id] = candidate.story
    for story_id, story_lines in lines.items():
        story = stories[story_id]
        send_mail(f"What became of your story: {round_.title}", _body(round_, story, story_lines), None,
                  [story.teller_email], fail_silently=False)
        audit.record(None, "msc_feedback.sent", story, action=audit.Action.VIEWED, actor_label="system",
                     subject=story.teller_name or story.teller_email,
                     purpose=f"Feedback from the round “{round_.title}” to the teller who asked for it")
    return len(lines)
