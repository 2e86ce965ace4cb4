"""What a page is made from, so that a live preview renders again only the pages whose output
would change.

Each page (or group of pages, e.g. a question's pager pages) has a *view*: a value holding
everything of the catalogue its template shows, and nothing else. Two builds that give a page
equal views give it equal output, provided that what every page shares (settings, templates,
language, today, the names that become links, the media) is also unchanged: that is the
*stamp*; when it changes, every page is rendered again.

Views compare the portrait objects themselves: `validate` keeps an unchanged portrait the same
object from build to build, so comparing them costs an identity check. Other portraits a page
shows as a card, a link or an excerpt enter it through `card`, which leaves out their interview
and intro: an edited answer renders again its portrait, its question pages and the pages that
quote it, not every page that links to that person."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping

from ..link import Catalogue, Entity, QuestionAnswers
from ..model import Portrait
from ..site import media_uri
from .output import ImageInfo, Page

_CARD_FIELDS: tuple[str, ...] | None = None


def card(portrait: Portrait, photo: ImageInfo | None) -> tuple:
    """What another page may show of a portrait: every field but its texts, and its photo's size."""
    global _CARD_FIELDS
    if _CARD_FIELDS is None:
        _CARD_FIELDS = tuple(f for f in type(portrait).model_fields if f not in ("intro", "interview"))
    return (portrait.slug, portrait.file, *(getattr(portrait, f) for f in _CARD_FIELDS), photo)


def entity_summary(entity: Entity) -> tuple:
    """An entity as lists show it: its name, link, description and how many portraits cite it."""
    return entity.kind, entity.slug, entity.name, entity.description, entity.url, len(entity.references)


def question_summary(question: QuestionAnswers | None) -> tuple | None:
    return None if question is None else (question.id, question.text, len(question.answers))


class Views:
    """The view of each page kind over one catalogue (see the module's docstring).

    With `previous` (the Views of the previous build), a page whose view cannot have changed
    gets the previous view object back without computing it: at 10,000 portraits, computing
    every portrait's view took two seconds of each edit. What can change a view is found from
    the differences between the two catalogues (`_unchanged_portraits`); the property test of
    the live preview compares the result with clean builds."""

    def __init__(self, catalogue: Catalogue, images: Mapping[str, ImageInfo],
                 file_problems: Mapping[str, tuple] | None = None, stale: frozenset[str] = frozenset(),
                 previous: Views | None = None):
        self.catalogue, self.images = catalogue, images
        self.file_problems, self.stale = file_problems or {}, stale
        # cards by portrait object, from the previous build: an unchanged portrait's card is the
        # same tuple, compared by identity
        self.cards_before = previous.cards_now if previous is not None else {}
        self.cards_now: dict[int, tuple] = {}
        self._cards: dict[str, tuple | None] = {}
        self._questions = {q.id: question_summary(q) for q in catalogue.questions}
        self._entities = {(e.kind, e.slug): entity_summary(e) for entities in catalogue.entities.values() for e in entities}
        self.made: dict[tuple, tuple] = {}  # page key → (what its view was checked against, view)
        self._previous: Mapping[tuple, tuple] = {}
        self._changed: frozenset[str] | None = None  # portraits that are not the same objects; None: any
        if previous is not None and self._comparable(previous):
            self._previous = previous.made
            self._changed = frozenset(slug for slug, p in catalogue.by_slug.items()
                                      if previous.catalogue.by_slug.get(slug) is not p) \
                | frozenset(previous.catalogue.by_slug.keys() - catalogue.by_slug.keys())
            self._unchanged = self._unchanged_portraits(previous)
        else:
            self._unchanged = frozenset()
        # the (slug, item index) of every answer of a changed portrait: a question page shows
        # answers, a set lookup each (a quarter of a million at 10,000 portraits)
        self._changed_items = frozenset((slug, index) for slug in self._changed or () if slug in catalogue.by_slug
                                        for index in range(len(catalogue.by_slug[slug].interview)))

    def _comparable(self, old: Views) -> bool:
        """Whether views can be kept from `old` at all: the same images, bank and registry."""
        c, o = self.catalogue, old.catalogue
        return ((self.images is old.images or self.images == old.images) and c.registries == o.registries
                and (c.language, c.today) == (o.language, o.today))

    def _unchanged_portraits(self, old: Views) -> frozenset[str]:
        """The portraits whose page view is the previous one: the same portrait object (hence
        the same anchors, bank questions and listed entities, the registries being the same),
        the same neighbours, related portraits, backlinks, problems and last-valid state, and
        none of the cards, entities or questions it shows changed."""
        c, o = self.catalogue, old.catalogue
        dirty = set(self._changed)
        if c.related is not o.related:
            dirty |= {slug for slug, related in c.related.items() if o.related.get(slug) != related}
        dirty |= {slug for slug in c.backlinks.keys() | o.backlinks.keys()
                  if c.backlinks.get(slug, ()) != o.backlinks.get(slug, ())}
        sources = {path for path in self.file_problems.keys() | old.file_problems.keys()
                   if self.file_problems.get(path) != old.file_problems.get(path)} | (self.stale ^ old.stale)
        if sources:
            dirty |= {p.slug for p in c.portraits if p.source in sources}
        # What other pages show of a changed portrait: its card. A portrait that came, went or
        # changed its date (hence its card) has new neighbours, and so have its old ones.
        cards = {slug for slug in self._changed
                 if slug not in c.by_slug or slug not in old._cards or self.card(c.by_slug[slug]) != old.card_of(slug)}
        if cards:
            for slug in cards:
                for side in (c, o):
                    if slug in side.position:
                        dirty |= set(_slugs(side.neighbours(slug)))
            dirty |= {slug for slug, related in c.related.items() if cards.intersection(related)}
            dirty |= {slug for slug, refs in c.backlinks.items() if any(ref.portrait in cards for ref in refs)}
        changed = {key for key in self._entities.keys() | old._entities.keys()
                   if self._entities.get(key) != old._entities.get(key)}
        for side in (c, o):
            dirty |= {ref.portrait for entities in side.entities.values() for e in entities
                      if (e.kind, e.slug) in changed for ref in e.references}
        changed = {qid for qid in self._questions.keys() | old._questions.keys()
                   if self._questions.get(qid) != old._questions.get(qid)}
        for side in (c, o):
            dirty |= {slug for q in side.questions if q.id in changed for slug, _ in q.answers}
        return frozenset(c.by_slug.keys() - dirty)

    def card(self, portrait: Portrait | None) -> tuple | None:
        return None if portrait is None else self._parts(portrait)[0]

    def card_of(self, slug: str) -> tuple | None:
        """The card this build made for `slug` (every card is made for the home page)."""
        parts = self._cards.get(slug)
        return parts and parts[0]

    def _parts(self, portrait: Portrait) -> tuple:
        """(card, what a question page shows of each interview item: card, anchor, item),
        kept from build to build while the portrait is the same object and its photo the same size."""
        found = self._cards.get(portrait.slug)
        if found is None:
            photo = self.images.get(media_uri(portrait.file, portrait.photo.src)) if portrait.photo else None
            before = self.cards_before.get(id(portrait))
            if before is None or before[0] is not portrait or before[1] != photo:
                shown = card(portrait, photo)
                entries = tuple((shown, anchor, item)
                                for anchor, item in zip(self.catalogue.anchors[portrait.slug], portrait.interview))
                before = (portrait, photo, (shown, entries))
            self.cards_now[id(portrait)] = before
            found = self._cards[portrait.slug] = before[2]
        return found

    def entities(self, entities: Iterable[Entity]) -> tuple:
        return tuple(self._entities[(e.kind, e.slug)] for e in entities)

    def cards(self, portraits: Iterable[Portrait]) -> tuple:
        return tuple(self.card(p) for p in portraits)

    def _kept(self, key: tuple, against: object) -> tuple | None:
        """(against, view) of the previous build for `key` when its view was made against an
        equal `against` (the caller checks that none of the portraits it shows changed)."""
        old = self._previous.get(key)
        return old if old is not None and (old[0] is against or old[0] == against) else None

    def portrait(self, portrait: Portrait) -> tuple:
        key = ("portrait", portrait.slug)
        made = self._previous.get(key) if portrait.slug in self._unchanged else None
        if made is None:
            made = (None, self._portrait(portrait))
        self.made[key] = made
        return made[1]

    def _portrait(self, portrait: Portrait) -> tuple:
        c, slug = self.catalogue, portrait.slug
        by_slug = c.by_slug
        organizations = (*portrait.organizations, *(step.organization for step in portrait.career))
        return (
            portrait,
            c.anchors[slug],
            tuple(self._questions.get(c.question_of.get((slug, i))) for i in range(len(portrait.interview))),
            tuple(self.images.get(media_uri(portrait.file, src)) for src in portrait.media),
            self.cards(c.neighbours(slug)),
            tuple((kind, self.entities(entities)) for kind, entities in c.portrait_entities.get(slug, {}).items()),
            tuple(((e := c.entity_named("organizations", name)) and e.page_url) for name in organizations),
            tuple((self.card(by_slug[ref.portrait]), ref) for ref in c.backlinks.get(slug, ())),
            self.cards(by_slug[s] for s in c.related.get(slug, ())),
            c.is_scheduled(portrait),
            self.file_problems.get(portrait.source, ()),
            portrait.source in self.stale,
        )

    def question(self, question: QuestionAnswers, pager, answers) -> tuple:
        """A numbered page of a question: its answers there, and how many there are in all."""
        key, against = ("question", question.id, pager.number), (self._questions[question.id], pager, answers)
        made = self._kept(key, against)
        if made is None or not self._changed_items.isdisjoint(answers):
            c = self.catalogue
            made = (against, (question.id, question.text, len(question.answers), pager,
                              tuple((self._cards.get(slug) or self._parts(c.by_slug[slug]))[1][index]
                                    for slug, index in answers)))
        self.made[key] = made
        return made[1]

    def entity(self, entity: Entity, pager, references) -> tuple:
        """A numbered page of an entity: the portraits citing it there, and how many in all."""
        key = ("entity", entity.kind, entity.slug, pager.number)
        against = (self._entities[(entity.kind, entity.slug)], pager, references)
        made = self._kept(key, against)
        if made is None or not self._changed.isdisjoint(ref.portrait for ref in references):
            made = (against, (entity.kind, entity.slug, entity.name, entity.description, entity.url,
                              len(entity.references), pager,
                              tuple((self.card(self.catalogue.by_slug[ref.portrait]), ref) for ref in references)))
        self.made[key] = made
        return made[1]

    def entity_list(self, kind: str, entities: tuple[Entity, ...]) -> tuple:
        return kind, self.entities(entities)

    def questions(self) -> tuple:
        return tuple(self._questions.values())

    def home(self, problems) -> tuple:
        c = self.catalogue
        return self.cards(c.portraits), tuple(tuple(p.slug for p in group) for _, group in c.alphabet), problems

    def notices(self) -> tuple:
        """The problems of files with no version to show (a live preview), and which addresses are taken."""
        c = self.catalogue
        return tuple(self.file_problems.items()), frozenset(p.source for p in c.portraits), frozenset(c.by_slug)

    def overview(self) -> tuple:
        c = self.catalogue
        return (tuple(p.published.year for p in c.portraits),
                tuple((kind, self.entities(entities)) for kind, entities in c.entities.items()),
                self.questions())


def _slugs(portraits: Iterable[Portrait | None]) -> tuple[str | None, ...]:
    return tuple(p and p.slug for p in portraits)


def templates_stamp(folders: Iterable[Path]) -> tuple:
    """Every template and locale file with its modification time and size: any edit renders the
    whole site again."""
    found = []
    for folder in folders:
        for base, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(base, name))
                except OSError:
                    continue
                found.append((base, name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class RenderedBefore:
    """The pages of the previous build of a live preview, each with the view it was made from.
    A page is reused when the stamp and its view are unchanged; only the pages of this build are
    kept for the next one."""

    def __init__(self) -> None:
        self.stamp: object = None
        self.pages: dict[tuple, tuple[object, list[Page], list]] = {}
        self.used: dict[tuple, tuple[object, list[Page], list]] = {}
        self.rendered = 0  # pages rendered by the last build (the others were reused)
        self.views: Views | None = None  # the previous build's, see `Views`

    def start(self, stamp: object) -> None:
        if stamp != self.stamp:
            self.pages = {}
        self.stamp, self.used, self.rendered = stamp, {}, 0

    def find(self, key: tuple, view: object) -> tuple[list[Page], list] | None:
        """The pages (and converted texts) kept for `key` when made from an equal view."""
        found = self.pages.get(key)
        if found is None or not (found[0] is view or found[0] == view):
            return None
        self.used[key] = found
        return found[1], found[2]

    def keep(self, key: tuple, view: object, pages: list[Page], converted: list = ()) -> None:
        self.used[key] = (view, pages, list(converted))
        self.rendered += len(pages)

    def finish(self) -> None:
        self.pages, self.used = self.used, {}
