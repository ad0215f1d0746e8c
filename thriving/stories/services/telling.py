"""Telling a story: reading the teller's answers to a project's signifiers (shared by the public
form and gathering in person), checking the story's words and any recording, and saving it all in
one transaction with the teller's consent.

Answers are read from the posted data by field name: a triad's three percentages are
`s-<key>-a|b|c` (0-100, summing to 100 within half a point, stored as weights summing to 1); a
dyad is `s-<key>` (0-100, stored 0-1); a stone is `s-<key>-<n>-x|y` for the n-th item (0-100 each,
stored 0-1); a choice or demographic is `s-<key>` (one value, or several with `allow_many`).
Required signifiers left unanswered are errors; optional ones left alone store nothing."""

import datetime
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import require
from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject
from thriving.stories.services import themes, withdrawal

TOLERANCE = 0.5  # percentage points a triad's three numbers may miss 100 by (rounding)
DEFAULT_AUDIO_MAX_BYTES = 20 * 1024 * 1024
UNSAFE = ("Your story contains HTML code (such as <script>, <iframe> or an on… attribute). "
          "Take it out and send your story again.")


class TellingRefused(ActionRefused):
    pass


@dataclass
class Answer:
    signifier: Signifier
    item: str = ""
    a: float | None = None
    b: float | None = None
    c: float | None = None


@dataclass
class Parsed:
    answers: list[Answer] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # signifier key -> message


def name(signifier: Signifier, *parts: Any) -> str:
    return "-".join(["s", signifier.key, *(str(part) for part in parts)])


def _number(raw: Any) -> float | None | str:
    """A percentage as typed: None when blank, the number, or "bad"."""
    text = (raw or "").strip().replace("%", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return "bad"
    if value != value or value < 0 or value > 100:  # NaN or out of range
        return "bad"
    return value


def _triad(signifier: Signifier, data: Any, parsed: Parsed) -> None:
    values = [_number(data.get(name(signifier, part))) for part in "abc"]
    if all(value is None for value in values):
        if signifier.required:
            parsed.errors[signifier.key] = f"Place your story on “{signifier.prompt}”"
        return
    if any(value is None or value == "bad" for value in values):
        parsed.errors[signifier.key] = (f"For “{signifier.prompt}”, give each of the three a number from 0 to 100")
        return
    numbers = [float(value) for value in values]  # type: ignore[arg-type]
    total = sum(numbers)
    if abs(total - 100) > TOLERANCE or total == 0:
        parsed.errors[signifier.key] = (f"For “{signifier.prompt}”, the three numbers must add up to 100 "
                                        f"(they add up to {total:g})")
        return
    a, b, c = (number / total for number in numbers)
    parsed.answers.append(Answer(signifier, a=a, b=b, c=c))


def _dyad(signifier: Signifier, data: Any, parsed: Parsed) -> None:
    value = _number(data.get(name(signifier)))
    if value is None:
        if signifier.required:
            parsed.errors[signifier.key] = f"Place your story on “{signifier.prompt}”"
        return
    if value == "bad":
        parsed.errors[signifier.key] = f"For “{signifier.prompt}”, give a number from 0 to 100"
        return
    parsed.answers.append(Answer(signifier, a=float(value) / 100))


def _stones(signifier: Signifier, data: Any, parsed: Parsed) -> None:
    placed: list[Answer] = []
    for index, item in enumerate(signifier.options):
        x, y = _number(data.get(name(signifier, index, "x"))), _number(data.get(name(signifier, index, "y")))
        if x is None and y is None:
            continue
        if x is None or y is None or x == "bad" or y == "bad":
            parsed.errors[signifier.key] = (f"For “{signifier.prompt}”, give “{item}” a number from 0 to 100 "
                                            "both across and up")
            return
        placed.append(Answer(signifier, item=str(item)[:150], a=float(x) / 100, b=float(y) / 100))
    if not placed and signifier.required:
        parsed.errors[signifier.key] = f"For “{signifier.prompt}”, place at least one of the items"
        return
    parsed.answers.extend(placed)


def _choice(signifier: Signifier, data: Any, parsed: Parsed) -> None:
    chosen = [value for value in data.getlist(name(signifier)) if value]
    options = [str(option) for option in signifier.options]
    if any(value not in options for value in chosen) or (len(chosen) > 1 and not signifier.allow_many):
        parsed.errors[signifier.key] = f"For “{signifier.prompt}”, choose from the answers shown"
        return
    if not chosen:
        if signifier.required:
            parsed.errors[signifier.key] = f"Answer “{signifier.prompt}”"
        return
    parsed.answers.extend(Answer(signifier, item=value[:150]) for value in dict.fromkeys(chosen))


READERS: dict[str, Any] = {
    Signifier.Kind.TRIAD: _triad, Signifier.Kind.DYAD: _dyad, Signifier.Kind.STONES: _stones,
    Signifier.Kind.CHOICE: _choice, Signifier.Kind.DEMOGRAPHIC: _choice,
}


def parse_answers(signifiers: list[Signifier], data: Any) -> Parsed:
    """The answers to the project's signifiers in the posted `data` (a QueryDict), with an error
    per signifier answered wrongly or required and left unanswered."""
    parsed = Parsed()
    for signifier in signifiers:
        READERS[signifier.kind](signifier, data, parsed)
    return parsed


# ---------------------------------------------------------------------------------------------
# The story's words and its recording

PROSE = re.compile(r"<(?![A-Za-z/!?])")  # a "<" not starting a tag: "x < y", "<3"


def unsafe_html(text: str) -> bool:
    """Whether the text holds HTML markup (tags, comments, event attributes). Plain `<`, `>` and
    `&` used in prose are fine: nh3 would escape them, so they are compared escaped."""
    escaped = text.replace("&", "&amp;").replace(">", "&gt;")
    escaped = PROSE.sub("&lt;", escaped)
    return nh3.clean(escaped, tags=set()) != escaped


SIGNATURES = (
    ("mp3", lambda head: head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)),
    ("ogg", lambda head: head[:4] == b"OggS"),
    ("wav", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
    ("webm", lambda head: head[:4] == b"\x1a\x45\xdf\xa3"),
    ("m4a", lambda head: head[4:8] == b"ftyp"),
)


def audio_max_bytes() -> int:
    return int(getattr(settings, "STORIES_AUDIO_MAX_BYTES", DEFAULT_AUDIO_MAX_BYTES))


def check_audio(upload: Any) -> str:
    """The recording's type (mp3, ogg, wav, webm, m4a) from its first bytes; refused when too big
    or not a recording."""
    limit = audio_max_bytes()
    if upload.size > limit:
        raise TellingRefused(f"The recording must be smaller than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, matches in SIGNATURES:
        if matches(head):
            return kind
    raise TellingRefused("The recording must be an audio file (MP3, OGG, WAV, WebM or M4A).")


# ---------------------------------------------------------------------------------------------
# Saving


@dataclass
class Telling:
    """What the teller gave: their words, where, about them, their consent and contact."""

    text: str
    title: str = ""
    answers: list[Answer] = field(default_factory=list)
    area: Any = None
    consent_use: bool = False
    consent_quote: bool = False
    consent_share: bool = False
    consent_publish: bool = False
    teller_name: str = ""
    teller_email: str = ""
    wants_feedback: bool = False
    audio: Any = None


def _check(project: StoryProject, telling: Telling) -> None:
    if not telling.consent_use:
        raise TellingRefused("We can only take your story if you agree to it being used in this project.")
    if not telling.text.strip() and not telling.audio:
        raise TellingRefused("Tell your story.")
    if unsafe_html(telling.text) or unsafe_html(telling.title):
        raise TellingRefused(UNSAFE)
    if telling.area is not None and telling.area.locality_id != project.locality_id:
        raise TellingRefused("Choose a place in the project's area.")
    if telling.audio and not project.accepts_audio:
        raise TellingRefused("This project does not take recordings.")
    if telling.audio:
        check_audio(telling.audio)
    if telling.wants_feedback and not telling.teller_email.strip():
        raise TellingRefused("Give your email address to hear what became of your story.")


def _save(project: StoryProject, telling: Telling, stored: list, **fields: Any) -> tuple[Story, str]:
    story = Story(
        project=project, title=telling.title.strip(), text=telling.text.strip(), area=telling.area,
        teller_name=telling.teller_name.strip(), teller_email=telling.teller_email.strip().lower(),
        wants_feedback=telling.wants_feedback, consent_use=True, consent_quote=telling.consent_quote,
        consent_share=telling.consent_share, consent_publish=telling.consent_publish,
        consent_recorded_at=timezone.now(), **fields,
    )
    if telling.audio:
        story.audio.save(uuid.uuid4().hex, telling.audio, save=False)
        stored.append((story.audio.storage, story.audio.name))
    story.save()
    SignifierAnswer.objects.bulk_create(
        SignifierAnswer(story=story, signifier=answer.signifier, item=answer.item, a=answer.a, b=answer.b, c=answer.c)
        for answer in telling.answers
    )
    token = withdrawal.new_link(story)
    return story, token


def _saved_atomically(make: Any) -> tuple[Story, str]:
    """Run `make` (which saves a story) in one transaction; a recording stored for it is deleted
    again when the transaction fails, so nothing is half-saved."""
    stored: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            return make(stored)
    except Exception:
        for storage, saved in stored:
            storage.delete(saved)
        raise


def _email_link(story: Story, link: str) -> None:
    email = story.teller_email
    if not email:
        return
    body = (f"Thank you for telling your story to “{story.project.title}”.\n\n"
            f"This is your private link. With it you can withdraw your story, or change what you agreed "
            f"to, at any time:\n\n{link}\n\nKeep it to yourself: anyone with the link can withdraw the story.")
    transaction.on_commit(lambda: send_mail(f"Your story for {story.project.title}", body, None, [email],
                                            fail_silently=True))


def tell(*, project: StoryProject, telling: Telling, submission_key: uuid.UUID,
         link_for: Any) -> tuple[Story, str | None]:
    """A resident tells their story on the public form (no account). It waits for moderation.
    Returns the story and its private link's secret (None when the same form was sent twice: the
    first sending's story, whose link was shown then). `link_for(token)` makes the link's address
    for the email."""
    existing = Story.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing, None
    if project.status != StoryProject.Status.OPEN or not project.accepts_public:
        raise TellingRefused("This project is not taking stories on this form.")
    _check(project, telling)

    def make(stored: list) -> tuple[Story, str]:
        story, token = _save(project, telling, stored, channel=Story.Channel.PUBLIC, told_on=timezone.localdate(),
                             moderation=Story.Moderation.PENDING, submission_key=submission_key)
        audit.record(None, "story.told", story, action=audit.Action.CREATED, actor_label="public form",
                     subject=story.teller_name)
        _email_link(story, link_for(token))
        return story, token

    try:
        story, token = _saved_atomically(make)
    except IntegrityError:
        existing = Story.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, None
    return story, token


def gather(*, acting_user: Any, project: StoryProject, telling: Telling, channel: str,
           told_on: datetime.date | None, submission_key: uuid.UUID | None, link_for: Any) -> tuple[Story, str | None]:
    """A gatherer records a story told to them in person, or typed in from paper (with the date on
    the paper). The teller gave their consent to the gatherer. Approved at once."""
    require(acting_user, "stories.gather", project)
    if submission_key is not None:
        existing = Story.objects.filter(submission_key=submission_key, gathered_by=acting_user).first()
        if existing is not None:
            return existing, None
    if channel not in (Story.Channel.IN_PERSON, Story.Channel.PAPER):
        raise TellingRefused("Say how the story was gathered.")
    today = timezone.localdate()
    if channel == Story.Channel.PAPER:
        if told_on is None:
            raise TellingRefused("Give the date on the paper.")
        if told_on > today:
            raise TellingRefused("The date on the paper must be today or in the past.")
    else:
        told_on = today
    _check(project, telling)

    def make(stored: list) -> tuple[Story, str]:
        story, token = _save(project, telling, stored, channel=channel, told_on=told_on, gathered_by=acting_user,
                             moderation=Story.Moderation.APPROVED, moderated_by=acting_user,
                             moderated_at=timezone.now(), submission_key=submission_key)
        audit.record(acting_user, "story.gathered", story, action=audit.Action.CREATED, subject=story.teller_name,
                     purpose=f"consent given to the gatherer ({story.get_channel_display().lower()})")
        _email_link(story, link_for(token))
        themes.embed_when_taken(story)
        return story, token

    return _saved_atomically(make)


@transaction.atomic
def narrow_consent(*, token: str, quote: bool, share: bool, publish: bool) -> Story:
    """The teller, with their private link, takes back some of what they agreed to (quoting,
    sharing with partners, publishing) without withdrawing the story. Consent is only narrowed
    here, never widened: a choice already withdrawn stays withdrawn."""
    story = Story.objects.select_for_update().filter(withdrawal_key=withdrawal.key_for(token or ""),
                                                       withdrawn_at__isnull=True).first()
    if story is None:
        raise TellingRefused("This link is not valid, or the story has been withdrawn.")
    before = {"consent_quote": story.consent_quote, "consent_share": story.consent_share,
              "consent_publish": story.consent_publish}
    story.consent_quote = story.consent_quote and quote
    story.consent_share = story.consent_share and share
    story.consent_publish = story.consent_publish and publish
    changes = {name_: [old, getattr(story, name_)] for name_, old in before.items() if getattr(story, name_) != old}
    if not changes:
        return story
    if not story.consent_quote:
        story.quotes.all().delete()  # quotes taken from it may no longer be used
    story.consent_recorded_at = timezone.now()
    story.version += 1
    story.save()
    audit.record(None, "story.consent_narrowed", story, action=audit.Action.CHANGED, changes=changes,
                 actor_label="The teller", purpose="The teller changed what they agreed to")
    return story


@transaction.atomic
def transcribe(*, acting_user: Any, story: Story, transcript: str) -> Story:
    """A manager types what the recording says into the story's words; the recording is then
    deleted (it was kept only until transcribed) and `transcribed_at` set."""
    require(acting_user, "stories.manage", story.project)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.withdrawn_at is not None or not story.audio:
        raise TellingRefused("This story has no recording to transcribe.")
    text = transcript.strip()
    if not text:
        raise TellingRefused("Type what the recording says.")
    if unsafe_html(text):
        raise TellingRefused(UNSAFE)
    story.text = f"{story.text}\n\n{text}".strip() if story.text.strip() else text
    saved, storage = story.audio.name or "", story.audio.storage
    story.audio = ""
    story.transcribed_at = timezone.now()
    story.version += 1
    story.save()
    transaction.on_commit(lambda: storage.delete(saved))
    audit.record(acting_user, "story.transcribed", story, action=audit.Action.CHANGED,
                 purpose="the recording was transcribed and deleted")
    themes.embed_when_taken(story)
    return story
