"""Clustering stories' vectors into suggested themes: pure computation (numpy and scikit-learn), no
database, so the worker, the tests and the benchmark run the very same code.

- **Deterministic**: the input is ordered by story id; PCA and k-means have fixed seeds; the
  numeric libraries run on one thread while clustering (`threadpool_limits`), so the thread count
  of the machine cannot change a result; ties are broken by story id and by term.
- **Choosing k**: k-means for every k from 2 to `max_k(n)` (at most 12, at most one theme per five
  stories) on the vectors reduced by PCA, keeping the k with the highest silhouette (cosine, on
  a fixed sample of at most 2,000 stories); a tie goes to the smaller k.
- **Assignment**: every story goes to its nearest theme centre (cosine similarity, the centre the
  normalised mean of its members' full vectors). A fit below `WEAK_BELOW` is weak (shown, marked
  weak); only stories below `OUTLIER_BELOW` are left unassigned, and never more than 10% of them
  (the worst fits first); the rest of the outliers stay as weak members.
- **Key phrases**: c-TF-IDF over each theme's stories (1-2 word n-grams, English stop words).
"""

from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

MIN_STORIES = 20
MAX_K = 12
STORIES_PER_THEME = 5
WEAK_BELOW = 0.45  # a fit (cosine similarity to the centre) below this is weak
OUTLIER_BELOW = 0.25  # below this a story may be left unassigned ...
MAX_UNASSIGNED = 0.10  # ... but never more than this share of the stories
PCA_DIMENSIONS = 48
SILHOUETTE_SAMPLE = 2000
SEED = 0
TYPICAL = 3
PHRASES = 6


@dataclass
class Cluster:
    centroid: np.ndarray
    members: list[tuple[int, float]] = field(default_factory=list)  # (story id, strength), best first
    key_phrases: list[str] = field(default_factory=list)

    @property
    def story_ids(self) -> list[int]:
        return [story_id for story_id, _ in self.members]


@dataclass
class Result:
    clusters: list[Cluster]
    unassigned: list[int]
    k: int
    silhouette: float

    def settings(self) -> dict:
        return {"k": self.k, "silhouette": round(self.silhouette, 4), "weak_below": WEAK_BELOW,
                "outlier_below": OUTLIER_BELOW, "max_unassigned": MAX_UNASSIGNED, "max_k": MAX_K, "seed": SEED}


def max_k(n: int) -> int:
    return max(2, min(MAX_K, n // STORIES_PER_THEME))


def normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _labels_for(reduced: np.ndarray) -> tuple[np.ndarray, int, float]:
    n = len(reduced)
    rng = np.random.RandomState(SEED)
    sample = np.sort(rng.choice(n, SILHOUETTE_SAMPLE, replace=False)) if n > SILHOUETTE_SAMPLE else np.arange(n)
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(2, max_k(n) + 1):
        if k >= n:
            break
        labels = KMeans(n_clusters=k, n_init=3, random_state=SEED, algorithm="lloyd").fit_predict(reduced)
        if len(set(labels[sample].tolist())) < 2:
            continue
        score = float(silhouette_score(reduced[sample], labels[sample], metric="cosine"))
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    if best is None:
        return np.zeros(n, dtype=int), 1, 0.0
    return best[2], best[1], best[0]


def centres(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    return normalised(np.stack([vectors[labels == j].mean(axis=0) for j in range(k)]))


def cluster(story_ids: list[int], vectors: np.ndarray, texts: list[str]) -> Result:
    """Suggested themes for the stories (ids, their vectors and texts, in any order)."""
    if len(story_ids) < MIN_STORIES:
        raise ValueError(f"At least {MIN_STORIES} stories are needed")
    order = np.argsort(np.asarray(story_ids), kind="stable")
    ids = [int(story_ids[i]) for i in order]
    full = normalised(np.asarray(vectors)[order])
    ordered_texts = [texts[i] for i in order]
    with threadpool_limits(limits=1):
        dims = min(PCA_DIMENSIONS, len(ids) - 1, full.shape[1])
        reduced = PCA(n_components=dims, svd_solver="full", random_state=SEED).fit_transform(full)
        labels, k, score = _labels_for(reduced.astype(np.float64))
        centroid = centres(full, labels, k) if k > 1 else normalised(full.mean(axis=0, keepdims=True))
    clusters, unassigned = assign(ids, full, centroid)
    key_phrases(clusters, dict(zip(ids, ordered_texts, strict=True)))
    return Result(clusters=clusters, unassigned=unassigned, k=len(clusters), silhouette=score)


def assign(ids: list[int], full: np.ndarray, centroid: np.ndarray) -> tuple[list[Cluster], list[int]]:
    """Every story to its nearest centre; the worst outliers (at most 10%) left unassigned; themes
    ordered by size (largest first), then by their first story's id."""
    similarity = full @ centroid.T
    nearest = similarity.argmax(axis=1)
    strength = similarity[np.arange(len(ids)), nearest]
    outliers = sorted((float(strength[i]), ids[i], i) for i in range(len(ids)) if strength[i] < OUTLIER_BELOW)
    left_out = {i for _, _, i in outliers[: int(MAX_UNASSIGNED * len(ids))]}
    groups: dict[int, list[tuple[int, float]]] = {}
    for i, story_id in enumerate(ids):
        if i not in left_out:
            groups.setdefault(int(nearest[i]), []).append((story_id, float(strength[i])))
    clusters = []
    for j, members in groups.items():
        members.sort(key=lambda m: (-round(m[1], 6), m[0]))
        clusters.append(Cluster(centroid=centroid[j], members=members))
    clusters.sort(key=lambda c: (-len(c.members), min(c.story_ids)))
    return clusters, sorted(ids[i] for i in left_out)


def key_phrases(clusters: list[Cluster], texts: dict[int, str]) -> None:
    """c-TF-IDF: each theme's stories as one document; a term's frequency in the theme, weighted by
    log(1 + average words per theme / the term's frequency over all themes)."""
    documents = [" ".join(texts[story_id] for story_id in sorted(c.story_ids)) for c in clusters]
    if not any(document.strip() for document in documents):
        return
    try:
        counts = CountVectorizer(ngram_range=(1, 2), stop_words="english").fit(documents)
    except ValueError:  # only stop words
        return
    matrix = counts.transform(documents).toarray().astype(np.float64)
    terms = counts.get_feature_names_out()
    totals = matrix.sum(axis=1, keepdims=True)
    tf = matrix / np.where(totals == 0, 1, totals)
    average = matrix.sum() / max(len(clusters), 1)
    idf = np.log(1 + average / np.maximum(matrix.sum(axis=0), 1))
    scores = tf * idf
    for cluster_, row in zip(clusters, scores, strict=True):
        ranked = sorted(((-round(float(s), 9), str(t)) for s, t in zip(row, terms, strict=True) if s > 0))
        chosen: list[str] = []
        for _, term in ranked:
            if any(term in other.split() or other in term.split() for other in chosen):
                continue  # "heating" beside "heating bills" says nothing new
            chosen.append(term)
            if len(chosen) == PHRASES:
                break
        cluster_.key_phrases = chosen


def label_for(phrases: list[str]) -> str:
    """A suggested label from the top key phrases: "Heating, boiler and warm space"."""
    top = phrases[:3]
    if not top:
        return "Untitled theme"
    text = top[0] if len(top) == 1 else ", ".join(top[:-1]) + " and " + top[-1]
    return (text[0].upper() + text[1:])[:150]
