"""Text keys and name matching shared by the link and render steps. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Mapping

MIN_MENTION_LENGTH = 3  # shorter names and aliases ("X") match lists, never running text

_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Sort and match key: accents and case ignored, as a French reader expects (É with E)."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)  # the same wordings and names come back in every portrait and every build
def question_key(text: str) -> str:
    """A question's wording, ignoring case, accents, punctuation and spacing."""
    return _NON_WORD.sub("", fold(text))


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """An entity's identity: "Musique Plus", "musique-plus" and "MusiquePlus" are one."""
    return _NON_WORD.sub("", fold(name))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    target: str


class Matcher:
    """Finds known names in running text in one pass over its words (no giant regex):
    names are indexed by their first word and compared exactly (case included) where a
    word starts, longest name first, ending at a word boundary."""

    def __init__(self, names: Mapping[str, str]):
        # first word → the lengths of the names that start with it (longest first): at a word,
        # only these few slices are looked up, however many people share a first name
        self._names: dict[str, str] = {}
        lengths: dict[str, set[int]] = {}
        for surface, target in names.items():
            first = _WORD.match(surface)
            if len(surface) >= MIN_MENTION_LENGTH and first and first.start() == 0:
                self._names[surface] = target
                lengths.setdefault(first.group(), set()).add(len(surface))
        self._lengths = {word: sorted(found, reverse=True) for word, found in lengths.items()}
        self._first_words = frozenset(self._lengths)

    def __bool__(self) -> bool:
        return bool(self._names)

    def first_words(self, text: str) -> frozenset[str]:
        """The words of `text` that start a name: none, and no name is in it."""
        return self._first_words.intersection(_WORD.findall(text))

    def find(self, text: str, first_words: frozenset[str] | None = None) -> Iterator[Match]:
        """The names in `text`, left to right. `first_words`: those of a text that holds this
        one (the same text with parts blanked out), found already."""
        # Most texts name nobody: a set intersection (in C) rules them out before any scanning.
        words = self.first_words(text) if first_words is None else first_words
        if not words:
            return
        starts = sorted(start for word in words for start in _whole_word_starts(text, word))
        resume = 0
        for start in starts:
            if start < resume:
                continue
            word = _WORD.match(text, start).group()
            for length in self._lengths[word]:
                end = start + length
                target = self._names.get(text[start:end])
                if target is not None and (end == len(text) or not _is_word(text[end])):
                    yield Match(start, end, target)
                    resume = end
                    break


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _whole_word_starts(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end])):
            yield start
        start = text.find(word, start + 1)


_FENCED = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_LINE_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+[.)]\s)", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|\\)")
# Kept for reading but closed to mentions: code spans and the text of existing links.
_CODE = re.compile(r"`([^`\n]*)`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def searchable_text(markdown: str) -> tuple[str, str]:
    """(visible, masked): writer Markdown reduced to the words a reader sees, and the same
    text with code and link text blanked out, where mentions are looked for. Both have the
    same length, so a match in one quotes the sentence of the other."""
    text = _FENCED.sub(" ", markdown)
    for pattern in (_IMAGE, _AUTOLINK, _TAG):
        text = pattern.sub(" ", text)
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    visible, masked, last = [], [], 0
    for match in sorted([*_CODE.finditer(text), *_LINK.finditer(text)], key=lambda m: m.start()):
        if match.start() < last:
            continue
        inner = match.group(1)
        visible += [text[last:match.start()], inner]
        masked += [text[last:match.start()], " " * len(inner)]
        last = match.end()
    visible.append(text[last:])
    masked.append(text[last:])
    return "".join(visible), "".join(masked)


_SENTENCE_END = re.compile(r"[.!?…](?:[»”\"')\]]*)\s+")


def sentence_around(text: str, start: int, end: int, limit: int = 280) -> str:
    """The sentence of `text` holding [start, end), shortened around the match if long."""
    before = 0
    for boundary in _SENTENCE_END.finditer(text, 0, start):
        before = boundary.end()
    after = _SENTENCE_END.search(text, end)
    sentence_end = after.start() + 1 if after else len(text)
    left, right = before, sentence_end
    if right - left > limit:
        half = max(limit - (end - start), 0) // 2
        left, right = max(left, start - half), min(right, end + half)
    sentence = " ".join(text[left:right].split())
    if left > before:
        sentence = "…" + sentence
    if right < sentence_end:
        sentence += "…"
    return sentence
