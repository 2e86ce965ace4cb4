"""Reading inside a line of Markdown: emphasis markers, links, URLs, handles."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
MD_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»”\"']", re.IGNORECASE)
HANDLE = re.compile(r"^@[A-Za-z0-9_.\-]+(?:@[A-Za-z0-9_.\-]+)?$")

# Networks whose handles the model turns into profile URLs, and labels for bare URLs.
_DOMAINS = {"linkedin.com": "LinkedIn", "twitter.com": "Twitter", "x.com": "Twitter", "facebook.com": "Facebook",
            "instagram.com": "Instagram", "github.com": "GitHub", "youtube.com": "YouTube", "tiktok.com": "TikTok",
            "threads.net": "Threads", "bsky.app": "Bluesky", "medium.com": "Medium", "flickr.com": "Flickr",
            "pinterest.com": "Pinterest", "vimeo.com": "Vimeo", "twitch.tv": "Twitch"}
_LINK_LABEL = re.compile(r"^(?:[-*+•]\s+)?(?:\*\*|__)?(?P<label>[^\W\d][\w .'’/-]{0,29}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S+)\s*$")


def unmark(text: str) -> str:
    """Text without the emphasis markers wrapped around it and without Markdown escapes."""
    text = text.strip()
    while (match := re.fullmatch(r"(\*{1,3}|_{1,3})(.+?)\1", text, re.DOTALL)) is not None:
        text = match[2].strip()
    text = re.sub(r"(?<!\\)(\*\*|__)", "", text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1", text).strip()


def bold_only(line: str) -> bool:
    """A line made of bold text only ("**Question ?**", "**Comment** **as-tu…**")."""
    stripped = line.strip().rstrip("\\").strip()
    if not re.search(r"(\*\*|__)\S", stripped):
        return False
    rest = re.sub(r"(\*\*|__)(.+?)\1", "", stripped)
    return not rest.strip(" \t:*_")


def link_of(line: str) -> tuple[str, str] | None:
    """(label, URL or @handle) for a "follow" line: "LinkedIn: https://…", "Twitter : @jeanlucs",
    "- [Site](https://…)", or a bare URL."""
    line = line.strip()
    bare = LIST_ITEM.sub("", line).strip().strip("<>")
    if (md := MD_LINK.fullmatch(bare)) and md[2].lower().startswith(("http", "mailto:")):
        text = unmark(md[1])
        return (text if text and not URL.match(text) and not text.startswith("@") else label_of(md[2])), md[2]
    if URL.fullmatch(bare):
        return label_of(bare), with_scheme(bare)
    match = _LINK_LABEL.match(line)
    if not match:
        return None
    value = match["value"].strip("<>*_")
    if (md := MD_LINK.fullmatch(value)) and md[2].lower().startswith(("http", "mailto:")):
        value = md[2]
    if URL.fullmatch(value) or HANDLE.match(value) or value.lower().startswith("mailto:"):
        return match["label"].strip(), with_scheme(value)
    return None


def with_scheme(value: str) -> str:
    return "https://" + value if value.lower().startswith("www.") else value


def label_of(url: str) -> str:
    host = (urlsplit(with_scheme(url)).hostname or "").removeprefix("www.")
    for domain, label in _DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return label
    return "Courriel" if url.lower().startswith("mailto:") else "Site"


def inline_links(text: str) -> list[tuple[str, str]]:
    """Links written inside a sentence: "Pour suivre X : [LinkedIn](…) | [Twitter](…)"."""
    found = [(unmark(text) if text and not URL.match(text) else label_of(url), url)
             for text, url in MD_LINK.findall(text) if url.lower().startswith(("http", "mailto:"))]
    rest = MD_LINK.sub(" ", text)
    found += [(label_of(url), with_scheme(url)) for url in URL.findall(rest)]
    found += [(label, handle) for label, handle in re.findall(r"\b(Twitter|X|Instagram|Threads|TikTok|GitHub|Bluesky|Mastodon)\s*:?\s*(@[\w.\-]+(?:@[\w.\-]+)?)", rest)]
    return found


def short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
