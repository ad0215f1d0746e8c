"""Anonymising a passage of a story before it is quoted: names of people the platform knows, phone
numbers, emails, exact addresses and postcodes are replaced with "[name]", "[phone]", "[email]",
"[address]" and "[postcode]". Each replacement is recorded as its kind and the offsets of the
original span (never the original words: the reviewer reads those in the story itself).

What it finds, and what it does not:

- **names**: the whole name, first name and last name of every user of the platform, and the
  story's teller's name, as whole words and whatever their case ("karen", "KAREN", "Karen's" gives
  "[name]'s"). A name that is also a common English word ("Will", "May", "Hope", "Frank", "Green")
  is taken only with a capital letter and not at the start of a sentence, so "I will" and "May I"
  are left alone; "Will" starting a sentence is left too, which is why a person reviews every quote.
  Names shorter than two letters are never matched.
- **phone numbers**: UK numbers with 10 or 11 digits starting 0 ("07700 900123", "01246-123456",
  "(01246) 123456") or +44 / 0044, with or without "(0)" ("+44 (0)1246 123456"), spaces or dashes
  between any digits.
- **emails**: anything@domain.tld, dots, pluses and dashes included.
- **addresses**: a house number (with a letter: "12a"), optionally after "flat 3," or "unit 2",
  then one to three capitalised words and a street word (Road, Street, Lane, Avenue, Close, Drive,
  Way, Court, Crescent, Terrace, Place, Gardens and a few more, any case): "4 Portland Road". A
  street written all in lower case ("4 portland road") is not taken: ordinary phrases such as
  "2 miles down the road" would be.
- **postcodes**: full UK postcodes, outward and inward code, with or without the space, any case
  ("S44 6AB", "s446ab", "NG20 8RX").
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

PLACEHOLDERS = {kind: f"[{kind}]" for kind in ("name", "phone", "email", "address", "postcode")}
# Kinds a reviewer's edit may never keep: they are unambiguous, so finding one means it leaked.
MUST_NOT_REMAIN = ("phone", "email", "postcode")

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)\d(?:[\s\-)]{0,2}\d){8,9}(?!\d)"
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.IGNORECASE)
STREET_WORDS = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Crescent|Cres|Terrace|Place|"
    "Gardens|Grove|Row|Walk|Square|Mews|View|Rise|Hill|Green|Parade|Park"
)
ADDRESS = re.compile(
    r"\b(?:(?i:flat|apartment|apt|unit)\s+\d+[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?,?\s+"
    r"(?:[A-Z][\w'-]*\s+){1,3}"
    rf"(?i:{STREET_WORDS})\b"
)
PLACEHOLDER = re.compile(r"\[(?:name|phone|email|address|postcode)\]")

# Given names and surnames that are also everyday English words (and month names): matched only
# capitalised, and not at the start of a sentence.
COMMON_WORDS = frozenset("""
will may june april august march grace hope faith joy rose violet iris ivy holly dawn amber ruby
pearl summer autumn sky rain storm bill bob frank mark pat sue guy rob jack art dean drew chase
hunter miles penny sunny page wood hill green brown white black young king long little baker cook
smith mason carter fisher taylor turner walker hall wells ward rich sandy rusty sally cliff glen
dale heather lily poppy daisy honey river reed stone rock ash cole gray grey may bell bay fox
""".split())


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int


def _sentence_start(text: str, at: int) -> bool:
    """Whether the position starts a sentence: nothing but spaces and opening quotes before it
    since the text began or since a full stop, question or exclamation mark, or a blank line."""
    before = text[:at].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n"


@functools.lru_cache(maxsize=16)
def _name_pattern(names: tuple[str, ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Two patterns of the names' whole words: one for names matched in any case, one for names
    that are common words (matched as written, capitalised). Kept for the same names (compiling
    every user's name is the costly part), so a page anonymising many texts compiles it once."""
    plain: set[str] = set()
    common: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        parts = [part for part in re.split(r"\s+", name) if len(part.strip(".'-")) >= 2]
        for candidate in {name, *parts}:
            candidate = candidate.strip(".,")
            if len(candidate) < 2:
                continue
            (common if candidate.lower() in COMMON_WORDS else plain).add(candidate.lower())

    def compile_(words: set[str], flags: int) -> re.Pattern | None:
        if not words:
            return None
        ordered = sorted(words, key=len, reverse=True)  # the full name before its parts
        return re.compile(r"(?<![\w@.])(?:" + "|".join(re.escape(word) for word in ordered) + r")(?![\w@])", flags)

    return compile_(plain, re.IGNORECASE), compile_({word.capitalize() for word in common}, 0)


def find(text: str, names: Iterable[str] = ()) -> list[Found]:
    """Everything to replace in the text, in order, overlapping finds resolved to the one that
    starts first (the longest of those starting together)."""
    found: list[Found] = []
    for kind, pattern in (("email", EMAIL), ("phone", PHONE), ("postcode", POSTCODE), ("address", ADDRESS)):
        found += [Found(kind, match.start(), match.end()) for match in pattern.finditer(text)]
    plain, common = _name_pattern(tuple(names))
    if plain is not None:
        found += [Found("name", match.start(), match.end()) for match in plain.finditer(text)]
    if common is not None:
        found += [Found("name", match.start(), match.end()) for match in common.finditer(text)
                  if not _sentence_start(text, match.start())]
    found.sort(key=lambda item: (item.start, -(item.end - item.start)))
    kept: list[Found] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


@dataclass(frozen=True)
class Anonymised:
    text: str
    redactions: list[dict]


def anonymise(text: str, names: Iterable[str] = (), offset: int = 0) -> Anonymised:
    """The text with everything found replaced, and the redactions: each its kind, the original
    span's `start` and `end` (plus `offset`: the passage's place in the story) and `at`, where its
    placeholder starts in the anonymised text."""
    pieces: list[str] = []
    redactions: list[dict] = []
    last = 0
    length = 0
    for item in find(text, names):
        pieces.append(text[last:item.start])
        length += item.start - last
        placeholder = PLACEHOLDERS[item.kind]
        redactions.append({"kind": item.kind, "start": item.start + offset, "end": item.end + offset, "at": length})
        pieces.append(placeholder)
        length += len(placeholder)
        last = item.end
    pieces.append(text[last:])
    return Anonymised("".join(pieces), redactions)


def leaks(text: str) -> list[str]:
    """The kinds that must never remain (phone numbers, emails, postcodes) still found in a text,
    placeholders aside: a reviewer's edit with any of them is refused."""
    return sorted({item.kind for item in find(PLACEHOLDER.sub(" ", text)) if item.kind in MUST_NOT_REMAIN})


def segments(text: str) -> list[tuple[str, bool]]:
    """The anonymised text cut into (piece, is_placeholder), for a page to highlight them."""
    out: list[tuple[str, bool]] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            out.append((text[last:match.start()], False))
        out.append((match.group(), True))
        last = match.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def marked(original: str, redactions: list[dict], offset: int = 0) -> list[tuple[str, str]]:
    """The original passage cut into (piece, kind or ""), the redacted spans marked with their
    kind, for the reviewer to compare side by side."""
    out: list[tuple[str, str]] = []
    last = 0
    for redaction in sorted(redactions, key=lambda item: item["start"]):
        start, end = redaction["start"] - offset, redaction["end"] - offset
        if start < last or start < 0 or end > len(original):
            continue
        if start > last:
            out.append((original[last:start], ""))
        out.append((original[start:end], redaction["kind"]))
        last = end
    if last < len(original):
        out.append((original[last:], ""))
    return out
