"""Step 3, link: validated portraits → one catalogue (order, neighbours, anchors, related,
A–Z index). Pure functions over immutable data; no I/O."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

from .model import Answer, Portrait, slugify

RELATED_COUNT = 4
RESERVED_ANCHORS = frozenset({"career", "links", "reading", "related", "intro", "interview"})


@dataclass(frozen=True)
class Catalogue:
    portraits: tuple[Portrait, ...]  # published (or previewed) portraits, newest first
    by_slug: Mapping[str, Portrait]
    anchors: Mapping[str, tuple[str | None, ...]]  # per interview item; None for images
    related: Mapping[str, tuple[str, ...]]
    alphabet: tuple[tuple[str, tuple[Portrait, ...]], ...]  # (letter, portraits) A–Z
    language: str
    today: date
    media_files: frozenset[str] = frozenset()  # image files under the portraits folder, relative to it

    def neighbours(self, slug: str) -> tuple[Portrait | None, Portrait | None]:
        """(previous = older, next = newer) portrait by publication date."""
        index = next(i for i, p in enumerate(self.portraits) if p.slug == slug)
        older = self.portraits[index + 1] if index + 1 < len(self.portraits) else None
        newer = self.portraits[index - 1] if index > 0 else None
        return older, newer

    def is_scheduled(self, portrait: Portrait) -> bool:
        return portrait.published > self.today


def is_visible(portrait: Portrait, today: date, preview: bool) -> bool:
    """Drafts and future dates are shown only in a preview (mkdocs serve)."""
    return preview or (not portrait.draft and portrait.published <= today)


def build_catalogue(portraits: Iterable[Portrait], *, language: str, today: date, preview: bool = False,
                    media_files: Iterable[str] = ()) -> Catalogue:
    visible = sorted((p for p in portraits if is_visible(p, today, preview)),
                     key=lambda p: (p.published, p.slug), reverse=True)
    visible_tuple = tuple(visible)
    return Catalogue(
        portraits=visible_tuple,
        by_slug=MappingProxyType({p.slug: p for p in visible_tuple}),
        anchors=MappingProxyType({p.slug: question_anchors(p) for p in visible_tuple}),
        related=MappingProxyType(related_portraits(visible_tuple)),
        alphabet=alphabetical_index(visible_tuple),
        language=language,
        today=today,
        media_files=frozenset(media_files),
    )


def fold(text: str) -> str:
    """Sort and match key: accents and case ignored, as a French reader expects (É with E)."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def question_anchors(portrait: Portrait) -> tuple[str | None, ...]:
    """A stable anchor per question: its `id`, else a slug of its wording; unique in the page."""
    used: set[str] = set(RESERVED_ANCHORS)
    anchors: list[str | None] = []
    for item in portrait.interview:
        if not isinstance(item, Answer):
            anchors.append(None)
            continue
        base = item.id or slugify(item.question)[:60].strip("-") or "question"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        anchors.append(anchor)
    return tuple(anchors)


def shared_terms(portrait: Portrait) -> frozenset[str]:
    """What a portrait can share with another: entities, tags and bank-less question wording."""
    organizations = [*portrait.organizations, *(step.organization for step in portrait.career)]
    terms = {f"org:{fold(o)}" for o in organizations}
    terms |= {f"tool:{fold(t)}" for t in portrait.tools}
    terms |= {f"platform:{fold(p)}" for p in portrait.platforms}
    terms |= {f"tag:{fold(t)}" for t in portrait.tags}
    return frozenset(terms)


def related_portraits(portraits: tuple[Portrait, ...], count: int = RELATED_COUNT,
                      window: int = 32) -> dict[str, tuple[str, ...]]:
    """Explicit `related` first, then by shared terms weighted by rarity (inverse document
    frequency: a term almost everyone shares weighs little), then the nearest in time.

    Candidates come from an inverted index; for each term only the `window` portraits
    nearest in publication order are considered, which keeps this linear in the number of
    portraits instead of quadratic."""
    terms = {p.slug: shared_terms(p) for p in portraits}
    postings: dict[str, list[int]] = {}
    for index, portrait in enumerate(portraits):
        for term in terms[portrait.slug]:
            postings.setdefault(term, []).append(index)
    total = len(portraits)
    weight = {term: math.log((1 + total) / len(found)) for term, found in postings.items()}
    position = {term: {index: rank for rank, index in enumerate(found)} for term, found in postings.items()}
    known = {p.slug for p in portraits}
    result = {}
    for index, portrait in enumerate(portraits):
        chosen = [slug for slug in portrait.related if slug in known and slug != portrait.slug]
        scores: Counter[int] = Counter()
        for term in terms[portrait.slug]:
            found, rank = postings[term], position[term][index]
            for other in found[max(0, rank - window): rank + window + 1]:
                if other != index:
                    scores[other] += weight[term]
        ranked = sorted(scores, key=lambda other: (-scores[other], abs(other - index), other))
        chosen += [portraits[other].slug for other in ranked if scores[other] > 0]
        nearest = (other for distance in range(1, count + len(chosen) + 2)
                   for other in (index - distance, index + distance) if 0 <= other < total)
        chosen += [portraits[other].slug for other in nearest]
        limit = max(count, len(portrait.related))
        result[portrait.slug] = tuple(dict.fromkeys(chosen))[:limit]
    return result


def alphabetical_index(portraits: Iterable[Portrait]) -> tuple[tuple[str, tuple[Portrait, ...]], ...]:
    ordered = sorted(portraits, key=lambda p: (fold(p.name), p.name, p.slug))
    groups: dict[str, list[Portrait]] = {}
    for portrait in ordered:
        first = fold(portrait.name)[:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        groups.setdefault(letter, []).append(portrait)
    return tuple((letter, tuple(group)) for letter, group in groups.items())
