"""The stories app's models, by concept: projects (a story project for a place and its
signifiers), stories (a teller's story, its consent and self-signification), coding (the
codebook and the passages coders tag), themes (embeddings and the themes suggested from them),
priorities (emerging community priorities and the anonymised quotes behind them), msc (Most
Significant Change rounds)."""

from thriving.stories.models.coding import Code, Coding
from thriving.stories.models.msc import MSCCandidate, MSCDomain, MSCRound, MSCSelection
from thriving.stories.models.priorities import Priority, Quote
from thriving.stories.models.projects import Signifier, StoryProject
from thriving.stories.models.stories import SignifierAnswer, Story
from thriving.stories.models.themes import StoryEmbedding, Theme, ThemeMembership, ThemeRun

__all__ = [
    "Code",
    "Coding",
    "MSCCandidate",
    "MSCDomain",
    "MSCRound",
    "MSCSelection",
    "Priority",
    "Quote",
    "Signifier",
    "SignifierAnswer",
    "Story",
    "StoryEmbedding",
    "StoryProject",
    "Theme",
    "ThemeMembership",
    "ThemeRun",
]
