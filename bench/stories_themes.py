"""Suggested themes at scale (issue #15): embedding rate on this machine, and re-suggesting themes
for 10,000 stories with their embeddings stored, in the worker's code path, beside the 60 s aim.

Stories come from a deterministic generator of short texts (several hundred distinct sentences
combined, seeded). BENCH_STORIES (100,000) sets how many stories are generated and stored;
BENCH_STORIES_EMBED (2,000) how many of them are embedded to measure the rate; BENCH_STORIES_THEMES
(10,000) how many are re-suggested. Stories past the embedded sample get vectors made from the
embedded ones (a sampled story's vector plus small seeded noise), so the clustering sees realistic
structure without embedding 100,000 texts. The baseline, in the same run, is a plain numpy pass over
the same vectors (every story's similarity to 12 centres).

Run inside the benchmark's database by the runner: `python -m bench.stories_themes measure`."""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import in_django, manage, server_env

SUBJECTS = ["The boiler", "The bus", "The food bank", "My GP", "The council", "A neighbour", "The school",
            "The library", "The job centre", "The landlord", "The warm space", "The youth club", "The pharmacy",
            "The community centre", "My daughter", "The housing officer", "The walking group", "The foodbank van",
            "The debt adviser", "The church"]
VERBS = ["helped me with", "let me down over", "talked to me about", "sorted out", "never answered about",
         "made a real difference to", "took weeks over", "was kind about", "forgot", "pointed me to help with"]
OBJECTS = ["the heating bills", "getting to the hospital", "the weekly shop", "my anxiety", "the rent arrears",
           "the damp in the flat", "school uniforms", "feeling lonely", "the late bus", "universal credit",
           "the children's meals", "a hot dinner", "my benefits form", "the cold winter", "finding work",
           "counselling", "the broken window", "my wheelchair", "the energy meter", "the food vouchers"]
ENDINGS = ["and I felt listened to.", "and nothing changed.", "so we managed in the end.",
           "which I will not forget.", "and now I help others.", "but it took too long.", ""]


def texts(n: int, seed: int = 15) -> list[str]:
    """n short stories of one to three sentences (several hundred distinct sentences)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(" ".join(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"
                            .strip() for _ in range(rng.randint(1, 3))))
    return out


def measure() -> None:
    import numpy as np
    from django.db import transaction
    from django.utils import timezone

    from thriving.places.models import Locality
    from thriving.stories.models import Story, StoryEmbedding, StoryProject, ThemeRun
    from thriving.stories.services import themes, themes_clustering

    total = int(os.environ.get("BENCH_STORIES", "100000"))
    sample = min(total, int(os.environ.get("BENCH_STORIES_EMBED", "2000")))
    themed = min(total, int(os.environ.get("BENCH_STORIES_THEMES", "10000")))
    today = timezone.localdate()
    big = StoryProject.objects.create(title="Bench", slug="bench", question="?", consent_wording="ok", opens_on=today,
                                      locality=Locality.objects.order_by("pk").first())
    began = time.perf_counter()
    words = texts(total)
    with transaction.atomic():
        Story.objects.bulk_create([Story(project=big, title="", text=t, told_on=today, consent_use=True,
                                         moderation=Story.Moderation.APPROVED) for t in words], batch_size=5000)
    print(f"generated and stored {total:,} stories in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    themes.model()
    print(f"model loaded in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    vectors = themes.encode(words[:sample])
    seconds = time.perf_counter() - began
    print(f"embedding: {sample:,} stories in {seconds:.1f} s = {sample / seconds:.0f} stories/s on this machine "
          f"({os.cpu_count()} cores)", flush=True)
    ids = list(Story.objects.filter(project=big).order_by("pk").values_list("pk", flat=True)[:themed])
    rng = np.random.RandomState(0)
    full = np.vstack([vectors, vectors[rng.randint(0, sample, themed - min(themed, sample))]
                      + rng.normal(0, 0.01, (max(0, themed - sample), vectors.shape[1])).astype(np.float32)])[:themed]
    full = themes_clustering.normalised(full)
    small = StoryProject.objects.create(title="Bench 10k", slug="bench-10k", question="?", consent_wording="ok",
                                        opens_on=today, locality=big.locality)
    Story.objects.filter(pk__in=ids).update(project=small)
    StoryEmbedding.objects.bulk_create([StoryEmbedding(story_id=pk, model_name=themes.MODEL_NAME, text_hash="x",
                                                       vector=v.tobytes()) for pk, v in zip(ids, full, strict=True)],
                                       batch_size=5000)
    began = time.perf_counter()
    centres = full[:12]
    (full @ centres.T).argmax(axis=1)
    baseline = time.perf_counter() - began
    run = ThemeRun.objects.create(project=small)
    began = time.perf_counter()
    run = themes.run_suggester(run, embed=False)
    seconds = time.perf_counter() - began
    print(f"re-suggesting themes for {themed:,} stories (embeddings stored, the worker's path): {seconds:.1f} s "
          f"(aim: under 60 s); {run.status}, k={run.settings.get('k')}, {run.unassigned_count} unassigned", flush=True)
    print(f"baseline, a plain numpy pass over the same vectors (similarity to 12 centres): {baseline * 1000:.1f} ms",
          flush=True)


def run(database_url: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = server_env(url, Path(tmp))
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\nSuggested themes on {engine}", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        print(in_django("bench.stories_themes", env, "measure"), end="", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    {"measure": measure}[sys.argv[1]]()
