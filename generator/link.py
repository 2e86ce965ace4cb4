"""Step 3, link: validated portraits → one catalogue (order, neighbours, anchors, related,
A–Z index). Pure functions over immutable data; no I/O."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

from .model import Answer, Portrait, slugify
from .names import Matcher, entity_key, fold, question_key, searchable_text, sentence_around
from .kept import KeptPerObject
from .parallel import map_in_processes
from .registry import KINDS, BankQuestion, EntityRegistry, PersonEntry, Registries
from .site import entity_url, portrait_slug, portrait_url, question_url

RELATED_COUNT = 4
RESERVED_ANCHORS = frozenset({"career", "links", "reading", "related", "intro", "interview"})


KIND_TERMS = {"organizations": "org", "tools": "tool", "platforms": "platform", "tags": "tag"}


@dataclass(frozen=True)
class Reference:
    """Where a portrait refers to an entity or mentions a person."""

    portrait: str  # slug of the referring portrait
    anchor: str | None = None  # the answer's anchor (None: the intro, or a list of the portrait)
    sentence: str | None = None  # the sentence around a mention in the text


@dataclass(frozen=True)
class Entity:
    kind: str  # organizations, tools, platforms, tags
    key: str
    slug: str
    name: str
    description: str | None = None
    url: str | None = None
    references: tuple[Reference, ...] = ()  # one per portrait, newest portrait first

    @property
    def page_url(self) -> str:
        return entity_url(self.kind, self.slug)


@dataclass(frozen=True)
class QuestionAnswers:
    """A bank question and every portrait's answer to it, newest first."""

    id: str
    text: str
    answers: tuple[tuple[str, int], ...]  # (portrait slug, index of the interview item)

    @property
    def page_url(self) -> str:
        return question_url(self.id)


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
    questions: tuple[QuestionAnswers, ...] = ()  # bank questions answered at least once, in bank order
    question_of: Mapping[tuple[str, int], str] = field(default_factory=dict)  # (slug, item index) → bank id
    entities: Mapping[str, tuple[Entity, ...]] = field(default_factory=dict)  # kind → entities, A–Z
    portrait_entities: Mapping[str, Mapping[str, tuple[Entity, ...]]] = field(default_factory=dict)
    backlinks: Mapping[str, tuple[Reference, ...]] = field(default_factory=dict)  # slug → mentions of that person
    mention_targets: Mapping[str, str] = field(default_factory=dict)  # name or alias → page URL
    position: Mapping[str, int] = field(default_factory=dict)  # slug → index in `portraits`
    entity_index: Mapping[tuple[str, str], Entity] = field(default_factory=dict)  # (kind, key of any name) → entity
    registries: Registries = Registries()  # the bank and the registry it was linked against

    def neighbours(self, slug: str) -> tuple[Portrait | None, Portrait | None]:
        """(previous = older, next = newer) portrait by publication date."""
        index = self.position[slug]
        older = self.portraits[index + 1] if index + 1 < len(self.portraits) else None
        newer = self.portraits[index - 1] if index > 0 else None
        return older, newer

    def is_scheduled(self, portrait: Portrait) -> bool:
        return portrait.published > self.today

    def question(self, bank_id: str) -> QuestionAnswers | None:
        return next((q for q in self.questions if q.id == bank_id), None)  # a bank holds a few dozen

    def entity_named(self, kind: str, name: str) -> Entity | None:
        return self.entity_index.get((kind, entity_key(name)))


# What linking found per portrait in the previous build of a live preview (`validate` keeps an
# unchanged portrait the same object).
LinkedBefore = KeptPerObject


def is_visible(portrait: Portrait, today: date, preview: bool) -> bool:
    """Drafts and future dates are shown only in a preview (mkdocs serve)."""
    return preview or (not portrait.draft and portrait.published <= today)


def build_catalogue(portraits: Iterable[Portrait], *, language: str, today: date, preview: bool = False,
                    media_files: Iterable[str] = (), registries: Registries = Registries(),
                    workers: int = 1, before: LinkedBefore | None = None) -> Catalogue:
    """`before`: what an earlier build of a live preview linked, reused for unchanged portraits."""
    before = before or LinkedBefore()
    visible = tuple(sorted((p for p in portraits if is_visible(p, today, preview)),
                           key=lambda p: (p.published, p.slug), reverse=True))
    anchors = {p.slug: before.get("anchors", p, None, partial(question_anchors, p)) for p in visible}
    matched = match_questions(visible, registries.questions, before)
    question_of = merged_matches(matched, before)
    questions = question_pages(visible, registries.questions, matched, language)
    people = person_names(visible, registries.entities.people)
    entities, portrait_entities, mention_targets, entity_index, backlinks = link_entities(
        visible, registries.entities, anchors, people, workers, before)
    mention_targets = {**mention_targets, **people}
    # a portrait's terms depend on it and on the bank its questions were matched against
    bank = before.same("bank", registries.questions)
    terms = {p.slug: before.get("terms", p, bank, partial(shared_terms, p, question_of)) for p in visible}
    related = before.get("related", None, tuple((p.slug, terms[p.slug], p.related) for p in visible),
                         partial(related_portraits, visible, question_of, terms=terms, workers=workers))
    before.next_build()
    return Catalogue(
        portraits=visible,
        by_slug=MappingProxyType({p.slug: p for p in visible}),
        anchors=MappingProxyType(anchors),
        related=MappingProxyType(related),
        alphabet=alphabetical_index(visible, before),
        language=language,
        today=today,
        media_files=frozenset(media_files),
        questions=questions,
        question_of=MappingProxyType(question_of),
        entities=MappingProxyType(entities),
        portrait_entities=MappingProxyType(portrait_entities),
        backlinks=MappingProxyType(backlinks),
        mention_targets=MappingProxyType(mention_targets),
        position=MappingProxyType({p.slug: i for i, p in enumerate(visible)}),
        entity_index=MappingProxyType(entity_index),
        registries=registries,
    )


# --- questions ---------------------------------------------------------------------------

def match_questions(portraits: Iterable[Portrait], bank: tuple[BankQuestion, ...],
                    before: LinkedBefore | None = None) -> dict[str, dict[tuple[str, int], str]]:
    """Slug → {(slug, item index): bank id}. A portrait's question belongs to a bank question by
    its id, or by its wording (text or alias, ignoring case, accents, punctuation and spacing)."""
    ids = {question.id for question in bank}
    by_wording = {question_key(w): question.id for question in bank for w in question.wordings()}
    before = before or LinkedBefore()
    bank = before.same("bank", bank)
    return {portrait.slug: before.get("questions", portrait, bank, partial(_matched, portrait, ids, by_wording))
            for portrait in portraits}


def merged_matches(matched: Mapping[str, dict[tuple[str, int], str]],
                   before: LinkedBefore | None = None) -> dict[tuple[str, int], str]:
    """All portraits' matches in one mapping. In a live preview, the previous build's mapping
    with the changed portraits' matches replaced: a quarter of a million entries at 10,000
    portraits, of which an edit changes a few dozen."""
    previous = before.values.get("matched") if before else None
    if previous is None:
        merged = {}
        for found in matched.values():
            merged.update(found)
    else:
        old_matched, merged = previous[0], previous[1].copy()
        for slug, found in old_matched.items():
            if matched.get(slug) is not found:
                for key in found:
                    del merged[key]
        for slug, found in matched.items():
            if old_matched.get(slug) is not found:
                merged.update(found)
    if before is not None:
        before.values["matched"] = (matched, merged)
    return merged


def _matched(portrait: Portrait, ids: set[str], by_wording: Mapping[str, str]) -> dict[tuple[str, int], str]:
    found = {}
    for index, item in enumerate(portrait.interview):
        if isinstance(item, Answer):
            bank_id = item.id if item.id in ids else by_wording.get(question_key(item.question))
            if bank_id:
                found[(portrait.slug, index)] = bank_id
    return found


def question_pages(portraits: tuple[Portrait, ...], bank: tuple[BankQuestion, ...],
                   matched: Mapping[str, dict[tuple[str, int], str]], language: str) -> tuple[QuestionAnswers, ...]:
    answers: dict[str, list[tuple[str, int]]] = {}
    for portrait in portraits:  # newest first already
        for item, bank_id in matched[portrait.slug].items():  # in interview order
            answers.setdefault(bank_id, []).append(item)
    return tuple(QuestionAnswers(q.id, q.wording(language), tuple(answers[q.id])) for q in bank if q.id in answers)


# --- entities and mentions ---------------------------------------------------------------

def portrait_names(portrait: Portrait) -> dict[str, tuple[str, ...]]:
    """Entity names a portrait lists, per kind (career organisations included)."""
    organizations = (*portrait.organizations, *(step.organization for step in portrait.career))
    return {"organizations": tuple(dict.fromkeys(organizations)), "tools": portrait.tools,
            "platforms": portrait.platforms, "tags": portrait.tags}


def texts_of(portrait: Portrait, anchors: tuple[str | None, ...]) -> list[tuple[str | None, str, str]]:
    """(anchor, visible text, text masked for mentions) of the intro and of every answer."""
    found = [(None, *searchable_text(portrait.intro))] if portrait.intro else []
    for item, anchor in zip(portrait.interview, anchors):
        if isinstance(item, Answer) and item.answer:
            found.append((anchor, *searchable_text(item.answer)))
    return found


def link_entities(portraits: tuple[Portrait, ...], registry: EntityRegistry,
                  anchors: Mapping[str, tuple[str | None, ...]], people: Mapping[str, str], workers: int = 1,
                  before: LinkedBefore | None = None):
    """(kind → entities A–Z, slug → kind → entities, mention name → page URL, (kind, name key) →
    entity, slug → mentions of that person), from one pass over every intro and answer.

    An entity is known from a portrait's lists or from the registry; it gets a page when at
    least one portrait lists it or names it in its intro or answers. `people` maps the names
    of the portraits' persons to their pages. Texts are scanned by `workers` processes."""
    known: dict[tuple[str, str], dict] = {}  # (kind, key) → fields
    alias_of: dict[tuple[str, str], tuple[str, str]] = {}
    for kind in KINDS:
        for entry in getattr(registry, kind):
            ident = (kind, entity_key(entry.name))
            known[ident] = {"name": entry.name, "description": entry.description, "url": entry.url,
                            "surfaces": (entry.name, *entry.aliases)}
            for alias in (entry.name, *entry.aliases):
                alias_of[(kind, entity_key(alias))] = ident
    spellings: dict[tuple[str, str], Counter] = {}
    listed: dict[str, tuple[tuple, dict[str, tuple[tuple[str, str], ...]]]] = {}  # slug → see `_listed_names`
    before = before or LinkedBefore()
    aliases = before.same("aliases", alias_of)
    for portrait in portraits:
        listed[portrait.slug] = share = before.get("listed", portrait, aliases, partial(_listed_names, portrait, alias_of))
        for ident, name in share[0]:
            counter = spellings.get(ident)
            if counter is None:
                counter = spellings[ident] = Counter()
            counter[name] += 1
    for ident, counter in spellings.items():
        if ident not in known:
            name = counter.most_common(1)[0][0]
            known[ident] = {"name": name, "description": None, "url": None, "surfaces": tuple(counter)}
    slugs = _entity_slugs(known)
    targets = {surface: entity_url(kind, slugs[(kind, key)]) for (kind, key), fields in known.items()
               if kind != "tags" for surface in fields["surfaces"]}
    surface_ident = {surface: ident for ident, fields in known.items() if ident[0] != "tags"
                     for surface in fields["surfaces"]}
    names = {**surface_ident, **{name: ("person", url) for name, url in people.items()}}
    matcher = Matcher(names)
    references: dict[tuple[str, str], list[Reference]] = {}
    backlinks: dict[str, list[Reference]] = {}
    # Mentions are found again only in portraits that changed, or when the names changed.
    against = before.same("names", frozenset(names.items()))
    stale = [p for p in portraits if not before.knows("mentions", p, (against, anchors[p.slug]))]
    scanned = dict(zip((p.slug for p in stale), map_in_processes(partial(_mentions, matcher, anchors), stale, workers)))
    for portrait in portraits:
        found = before.get("mentions", portrait, (against, anchors[portrait.slug]), partial(scanned.__getitem__, portrait.slug))
        share = listed[portrait.slug]
        persons, cited = before.get("references", portrait, (found, share), partial(_references, portrait, found, share[1]))
        for slug, reference in persons:
            if slug in backlinks:
                backlinks[slug].append(reference)
            else:
                backlinks[slug] = [reference]
        for ident, reference in cited:
            if ident in references:
                references[ident].append(reference)
            else:
                references[ident] = [reference]
    entities = {kind: [] for kind in KINDS}
    by_ident = {}
    for ident, refs in references.items():
        fields = known[ident]
        entity = Entity(ident[0], ident[1], slugs[ident], fields["name"], fields["description"], fields["url"], tuple(refs))
        entities[ident[0]].append(entity)
        by_ident[ident] = entity
    for kind in KINDS:
        entities[kind] = tuple(sorted(entities[kind], key=lambda e: (fold(e.name), e.slug)))
    portrait_entities = {}
    for portrait in portraits:
        by_kind = listed[portrait.slug][1]
        portrait_entities[portrait.slug] = MappingProxyType(
            {kind: tuple(by_ident[i] for i in by_kind.get(kind, ()) if i in by_ident) for kind in KINDS})
    entity_index = {(ident[0], entity_key(surface)): by_ident[ident] for ident, fields in known.items()
                    if ident in by_ident for surface in fields["surfaces"]}
    return entities, portrait_entities, targets, entity_index, {slug: tuple(refs) for slug, refs in backlinks.items()}


def _listed_names(portrait: Portrait, alias_of: Mapping[tuple[str, str], tuple[str, str]]) -> tuple:
    """((entity, name as written) of each name the portrait lists, kind → its entities, each once)."""
    found, by_kind = [], {}
    for kind, names in portrait_names(portrait).items():
        for name in names:
            key = (kind, entity_key(name))
            ident = alias_of.get(key, key)
            found.append((ident, name))
            by_kind.setdefault(kind, {})[ident] = None
    return tuple(found), {kind: tuple(idents) for kind, idents in by_kind.items()}


def _references(portrait: Portrait, found: Mapping[tuple[str, str], Reference],
                listed: Mapping[str, tuple[tuple[str, str], ...]]) -> tuple[tuple, tuple]:
    """((person's slug, reference) of each person the portrait mentions, (entity, reference) of
    each entity it mentions or lists: its first mention, else a reference to the portrait)."""
    persons = tuple((portrait_slug(target[1]), ref) for target, ref in found.items() if target[0] == "person")
    cited = {ident: ref for ident, ref in found.items() if ident[0] != "person"}
    for ident in (*listed.get("tags", ()), *(i for kind in KINDS if kind != "tags" for i in listed.get(kind, ()))):
        cited.setdefault(ident, Reference(portrait.slug))
    return persons, tuple(cited.items())


def _mentions(matcher: Matcher, anchors: Mapping[str, tuple[str | None, ...]],
              portrait: Portrait) -> dict[tuple[str, str], Reference]:
    """What the intro and answers of `portrait` name (first mention of each, with its
    sentence), other than the portrait's own person."""
    own = ("person", portrait_url(portrait.slug))
    found: dict[tuple[str, str], Reference] = {own: Reference(portrait.slug)}
    for anchor, text, masked in texts_of(portrait, anchors[portrait.slug]):
        for match in matcher.find(masked):
            if match.target not in found:
                found[match.target] = Reference(portrait.slug, anchor, sentence_around(text, match.start, match.end))
    del found[own]
    return found


def _entity_slugs(known: Mapping[tuple[str, str], dict]) -> dict[tuple[str, str], str]:
    """Stable, unique URL slugs per kind: from the name; a clash gets -2, -3… by key order."""
    slugs, used = {}, set()
    for ident in sorted(known):
        base = slugify(known[ident]["name"]) or "entity"
        slug, n = base, 2
        while (ident[0], slug) in used:
            slug, n = f"{base}-{n}", n + 1
        used.add((ident[0], slug))
        slugs[ident] = slug
    return slugs


def person_names(portraits: tuple[Portrait, ...], people: tuple[PersonEntry, ...]) -> dict[str, str]:
    """Name or registry alias → portrait page URL, for mentions of one person by another."""
    names = {p.name: portrait_url(p.slug) for p in portraits}
    by_name = {p.name: p.slug for p in portraits} | {p.slug: p.slug for p in portraits}
    for entry in people:
        slug = by_name.get(entry.name)
        if slug:
            names.update({alias: portrait_url(slug) for alias in entry.aliases})
    return names


# --- order and proximity -----------------------------------------------------------------

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


def shared_terms(portrait: Portrait, question_of: Mapping[tuple[str, int], str]) -> frozenset[str]:
    """What a portrait can share with another: entities, tags and answered bank questions."""
    terms = {f"{KIND_TERMS[kind]}:{entity_key(name)}" for kind, names in portrait_names(portrait).items()
             for name in names}
    terms |= {f"question:{question_of[(portrait.slug, i)]}" for i in range(len(portrait.interview))
              if (portrait.slug, i) in question_of}
    return frozenset(terms)


def related_portraits(portraits: tuple[Portrait, ...], question_of: Mapping[tuple[str, int], str] = MappingProxyType({}),
                      count: int = RELATED_COUNT, window: int = 32,
                      terms: Mapping[str, frozenset[str]] | None = None, workers: int = 1) -> dict[str, tuple[str, ...]]:
    """Explicit `related` first, then by shared terms weighted by rarity (inverse document
    frequency: a term almost everyone shares weighs little), then the nearest in time.

    Candidates come from an inverted index; for each term only the `window` portraits
    nearest in publication order are considered, which keeps this linear in the number of
    portraits instead of quadratic. The portraits are ranked in `workers` processes."""
    terms = terms if terms is not None else {p.slug: shared_terms(p, question_of) for p in portraits}
    postings: dict[str, list[int]] = {}
    for index, portrait in enumerate(portraits):
        for term in terms[portrait.slug]:
            postings.setdefault(term, []).append(index)
    total = len(portraits)
    weight = {term: math.log((1 + total) / len(found)) for term, found in postings.items()}
    position = {term: {index: rank for rank, index in enumerate(found)} for term, found in postings.items()}
    known = frozenset(p.slug for p in portraits)
    rank = partial(_related_of, portraits, terms, postings, weight, position, known, count, window)
    return dict(zip((p.slug for p in portraits), map_in_processes(rank, range(total), workers)))


def _related_of(portraits: tuple[Portrait, ...], terms: Mapping[str, frozenset[str]], postings: Mapping[str, list[int]],
                weight: Mapping[str, float], position: Mapping[str, Mapping[int, int]], known: frozenset[str],
                count: int, window: int, index: int) -> tuple[str, ...]:
    """The related portraits of `portraits[index]` (see `related_portraits`)."""
    portrait, total = portraits[index], len(portraits)
    chosen = [slug for slug in portrait.related if slug in known and slug != portrait.slug]
    scores: dict[int, float] = {}
    score = scores.get
    for term in sorted(terms[portrait.slug]):  # a fixed order: float sums, hence ties, alike in every process
        found, rank, term_weight = postings[term], position[term][index], weight[term]
        for other in found[max(0, rank - window): rank + window + 1]:
            scores[other] = score(other, 0) + term_weight
    scores.pop(index, None)
    limit = max(count, len(portrait.related))
    ranked = heapq.nsmallest(limit + len(chosen), (other for other in scores if scores[other] > 0),
                             key=lambda other: (-scores[other], abs(other - index), other))
    chosen += [portraits[other].slug for other in ranked]
    nearest = (other for distance in range(1, count + len(chosen) + 2)
               for other in (index - distance, index + distance) if 0 <= other < total)
    chosen += [portraits[other].slug for other in nearest]
    return tuple(dict.fromkeys(chosen))[:limit]


def alphabetical_index(portraits: tuple[Portrait, ...],
                       before: LinkedBefore | None = None) -> tuple[tuple[str, tuple[Portrait, ...]], ...]:
    """(letter, portraits) A–Z. The order depends on names and slugs only: a live preview sorts
    again only when one of them changed."""
    names = tuple((p.slug, p.name) for p in portraits)
    order = (before or LinkedBefore()).get("alphabet", None, names, partial(_alphabetical_order, names))
    by_slug = {p.slug: p for p in portraits}
    return tuple((letter, tuple(by_slug[slug] for slug in slugs)) for letter, slugs in order)


def _alphabetical_order(names: tuple[tuple[str, str], ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    groups: dict[str, list[str]] = {}
    for slug, name in sorted(names, key=lambda pair: (fold(pair[1]), pair[1], pair[0])):
        first = fold(name)[:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        groups.setdefault(letter, []).append(slug)
    return tuple((letter, tuple(group)) for letter, group in groups.items())
