"""Guessing what the article does not state as data: the person's name (from the title, a
photo caption or the file name) and the language of the text."""

from __future__ import annotations

import re

NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*|d['’][A-ZÀ-Ö]\w*|de|du|des|da|di|van|von|der|den|le|la|ben|bin|al|el|y)(?![\w’'])"
_NAME = re.compile(rf"^{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,4}}$")
_LEADS = re.compile(
    r"^(?:portrait|entrevue|entretien|interview|rencontre|questions?|5 questions|dix questions|\d+ questions|meet|"
    r"q&a|q & a|conversation|questionnaire)(?:\s+(?:de|d['’]|du|avec|with|à|a|to|pour|for))?\s+|^(?:meet|rencontre avec|"
    r"entrevue avec|interview with|an interview with|a conversation with|conversation avec|questions? (?:à|pour|to))\s+",
    re.IGNORECASE)
_NAME_STOP = re.compile(r"\b(?:Portrait|Interview|Entrevue|Questions?|Questionnaire|Community|Manager|Gestionnaire|Social|Media|"
                        r"Blog|Blogue|Magazine|Podcast|News|Stories|Uses|This|The|Staff|Engineer|Engineering)\b", re.IGNORECASE)
# A title's parts: "Portrait de … : Jean-Luc Sanscartier | Blog" → three parts
_PARTS = re.compile(r"\s*[:|]\s+|\s+[–—-]\s+|,\s+")
_SITE_SEPARATOR = re.compile(r"\s+(?:[|–—·»]|-{1,2})\s+")


def name_from_title(title: str) -> str | None:
    """"Portrait de gestionnaire de communauté : Jean-Luc Sanscartier" → "Jean-Luc Sanscartier";
    "An interview with Julia Evans - Uses This" → "Julia Evans" (a site's name after the last
    " - " or " | " is read last, and only when nothing else gives a name)."""
    title = " ".join(title.split())
    if match := re.search(rf"\b(?:avec|with|à|Meet|Rencontre|pour|for)\s+({NAME_WORD}(?:\s+{NAME_WORD}){{1,4}})", title):
        candidate = re.split(r"\s+(?:[|–—·»:-]|--)\s+|,\s+", match[1])[0].strip()
        if _NAME.match(candidate) and not _NAME_STOP.search(candidate):
            return candidate
    head = _SITE_SEPARATOR.split(title)
    for text in ([" - ".join(head[:-1])] if len(head) > 1 else []) + [title]:
        parts = [p.strip(" \t\"“”«»'") for p in _PARTS.split(text) if p.strip()]
        for part in reversed(parts):  # the name usually comes last
            part = _LEADS.sub("", part).strip()
            if _NAME.match(part) and not _NAME_STOP.search(part):
                return part
    return None


def name_from_caption(caption: str) -> str | None:
    """The person named at the start of a photo caption: "Marie Dubois dans son atelier",
    "Marie Dubois, libraire" → "Marie Dubois"."""
    match = re.match(rf"({NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,3}})(?=$|[\s,;:.()–—-])", caption.strip())
    while match:
        words = match[1].split()
        while words and words[-1][0].islower():  # "Marie Dubois de" → "Marie Dubois"
            words.pop()
        name = " ".join(words)
        if len(words) >= 2 and _NAME.match(name) and not _NAME_STOP.search(name):
            return name
        return None
    return None


def choose_name(option: str | None, title: str | None, captions: list[str], fallback: str) -> tuple[str, str]:
    """(name, where it came from): the --name option, else the title, else a photo caption,
    else the file name."""
    if option and option.strip():
        return option.strip(), "option"
    if title and (found := name_from_title(title)):
        return found, "title"
    for caption in captions:
        if found := name_from_caption(caption):
            return found, "caption"
    words = re.sub(r"[-_]+", " ", fallback).strip()
    return (words.title() if words else "Nom à compléter"), "file name"


_WORDS = {"fr": {"le", "la", "les", "et", "est", "un", "une", "des", "je", "tu", "pour", "dans", "que", "qui", "pas", "sur", "avec"},
          "en": {"the", "and", "is", "a", "an", "of", "to", "you", "your", "i", "in", "that", "what", "with", "for", "how", "do"}}


def guess_language(text: str) -> str | None:
    """fr or en when the text clearly is one of them (by its most common short words)."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    counts = {lang: sum(1 for w in words if w in common) for lang, common in _WORDS.items()}
    best = max(counts, key=counts.get)
    other = min(counts.values())
    return best if counts[best] >= 10 and counts[best] >= 2 * other else None
