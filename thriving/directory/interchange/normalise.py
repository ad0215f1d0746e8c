"""Putting right what real feeds carry: stray and zero-width spaces, trailing dots after emails
and phone numbers, bare `www.` web addresses, and HTML in descriptions (made plain text with
nh3, so a page never shows escaped tags). Each helper answers the value and whether it changed."""

import html
import re

import nh3

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
LINK = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a\s*>""", re.IGNORECASE | re.DOTALL)
BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
ITEM = re.compile(r"<\s*li(\s[^>]*)?>", re.IGNORECASE)
BLOCK_END = re.compile(r"</\s*(p|div|h[1-6]|ul|ol|tr|table|blockquote|section)\s*>", re.IGNORECASE)


def spaces(value: str) -> str:
    """Without zero-width characters anywhere, nor white space around it."""
    return _INVISIBLE.sub("", value).strip()


def email(value: str) -> str:
    cleaned = spaces(value).removeprefix("mailto:").strip().rstrip(".").strip()
    return cleaned.replace(" ", "") if "@" in cleaned else cleaned


def phone(value: str) -> str:
    return spaces(value).strip('"').strip().rstrip(".").strip()


def url(value: str) -> str:
    cleaned = spaces(value)
    if cleaned.lower().startswith("www."):
        cleaned = f"https://{cleaned}"
    return cleaned


def is_html(value: str) -> bool:
    return bool(TAG.search(value) or ENTITY.search(value))


def _link(match: re.Match) -> str:
    href, text = match.group(1).strip(), match.group(2)
    plain = nh3.clean(text, tags=set()).strip()
    return text if not plain or href in (plain, f"mailto:{plain}") or href.startswith("#") else f"{text} ({href})"


def text_of_html(value: str) -> str:
    """Plain text of an HTML fragment: paragraphs and line breaks kept, list items as "- ",
    links with their address, scripts and styles dropped, entities read."""
    prepared = LINK.sub(_link, value)
    prepared = BREAK.sub("\n", prepared)
    prepared = ITEM.sub("\n- ", prepared)
    prepared = re.sub(r"</\s*li\s*>", "", prepared, flags=re.IGNORECASE)
    prepared = BLOCK_END.sub("\n\n", prepared)
    text = html.unescape(nh3.clean(prepared, tags=set()))
    text = _INVISIBLE.sub(lambda m: " " if m.group() == "\u00a0" else "", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]+(?=- )", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
