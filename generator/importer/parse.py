"""`parse_article`: the classified blocks of an article read in order — title, intro,
questions and answers, then the page's tail (follow links, further reading) — stopping at the
page chrome (other portraits, comments, footers). Every doubtful decision becomes a `Flag` on
the value it concerns."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Sequence

from pydantic_core import PydanticCustomError

from ..model import HANDLE_NETWORKS, profile_url
from ..names import question_key
from ..scaffold import clean
from . import answers as answer_checks
from .article import Article, ArticleError, Flag, Imported
from .bank import match_bank
from .blocks import (HEADING, SEPARATOR, Block, absorb_sections, answers_taken_for_questions, caption_text, classify,
                     split_blocks)
from .dates import date_of
from .guess import choose_name, guess_language
from .inline import LIST_ITEM, MD_LINK, URL, label_of, short, unmark, with_scheme
from .questionnaire import instruction_keys, strip_placeholder

LONG_QUESTION = 200  # characters: a longer "question" probably swallowed part of its answer


def _title_block(blocks: list[Block], article: Article) -> str | None:
    """The article's title: given by the source, else a first `# ` heading, else (plain text)
    a short first line without final punctuation. The block is removed."""
    if not blocks:
        return article.title
    first = blocks[0].lines[0].strip()
    heading = HEADING.match(first)
    if heading and len(heading[1]) == 1:
        blocks[0].lines = blocks[0].lines[1:]
        if not blocks[0].lines:
            blocks.pop(0)
        return article.title or unmark(heading[2])
    if article.title is None and article.kind in ("text", "markdown") and len(blocks[0].lines) == 1 and len(first) <= 150 \
            and not re.search(r"[.!?…:;]$", first) and not SEPARATOR.match(first):
        blocks.pop(0)
        return first
    return article.title


class _Flags:
    """Collects flags; each one also knows where it goes in the terminal summary."""

    def __init__(self) -> None:
        self.items: list[Flag] = []

    def add(self, path: tuple[str | int, ...], en: str, fr: str) -> None:
        self.items.append(Flag(path, en, fr))


def parse_article(article: Article, *, name: str | None = None, fallback_name: str = "", today: date | None = None,
                  bank: Sequence[Any] = (), language: str | None = None) -> Imported:
    """The portrait data of an article. `bank`: the question bank, whose ids are given to the
    questions it holds; `language`: the site's, for the bank's wordings."""
    blocks = split_blocks(article.markdown)
    title = _title_block(blocks, article)
    blocks = [classify(block) for block in blocks]
    instructions = instruction_keys()
    questionnaire = any(question_key(b.text) in instructions for b in blocks)
    blocks = [b for b in blocks if question_key(b.text) not in instructions]
    first_q = _first(blocks, lambda i, b: b.kind == "question")
    blocks = blocks[:_first(blocks, lambda i, b: b.kind == "stop" and i > first_q)]  # comments, footers
    absorb_sections(blocks)
    # The interview ends at the first header of the page's tail ("Pour suivre…", "Lecture",
    # "Autres portraits…"), or, after its last question, at a separator or a block of links.
    end = _first(blocks, lambda i, b: b.kind in ("follow", "reading", "skip") and i > first_q)
    _keep_strong_questions(blocks[:end])
    answers_taken_for_questions(blocks[:end])
    last_q = max((i for i, b in enumerate(blocks[:end]) if b.kind == "question"), default=-1)
    notes = list(article.notes)
    flags = _Flags()
    published = article.published
    intro: list[str] = []
    items: list[dict[str, Any]] = []
    answers: list[list[Block]] = []
    links: dict[str, str] = {}
    reading: list[dict[str, str]] = []
    left_out: list[str] = []
    removed: list[tuple[int, Block]] = []  # captions, credits, images: (question index or -1, block)
    more = False
    state = "intro"
    for index, block in enumerate(blocks):
        kind = block.kind
        if kind in ("image", "caption", "credit", "byline"):
            removed.append((len(items) - 1 if state == "interview" else -1, block))
            continue
        if kind == "more":
            more = more or state != "intro"
            continue
        if state == "intro" and kind != "question":
            if kind == "date":
                published = published or date_of(block.text)
            elif kind in ("text", "links"):
                intro.append(block.text)
            elif kind in ("follow", "follow-item"):
                _add_links(links, block.links, notes)
            continue
        if state == "intro" or (state == "interview" and index <= last_q):
            state = "interview"
            if kind == "question":
                items.append({"question": _question_text(block.question)})
                answers.append([Block(block.lines)] if block.lines else [])
            elif kind != "separator":
                answers[-1].append(block)
            continue
        if state == "interview" and kind in ("text", "date"):
            answers[-1].append(block)  # the last answer goes on
            continue
        state = "tail"
        if kind in ("follow", "follow-item", "links"):
            _add_links(links, block.links, notes)
        elif kind in ("reading", "reading-item"):
            reading += _reading_items(block.lines)
        elif kind in ("text", "question", "date"):
            left_out.append(block.question or block.text)
    if not items:
        raise ArticleError("no question found: mark the questions with headings (## …), bold lines, "
                           "'Q:' prefixes, or put each question alone on a line ending with '?'")
    if left_out:
        notes.append(f"{len(left_out)} paragraph(s) after the interview were left out, "
                     f"from '{short(left_out[0].splitlines()[0])}'")
    captions = [text for _, block in removed if block.kind in ("caption", "image") and (text := caption_text(block))]
    person, name_from = choose_name(name, title, captions, fallback_name)
    interview = _interview(items, answers, person, questionnaire, notes)
    data: dict[str, Any] = {"name": person, "published": published or today or date.today(), "draft": True}
    detected = guess_language(" ".join([*intro, *(i["question"] + " " + i["answer"] for i in interview)]))
    if detected:
        data["language"] = detected
    intro_text = _markdown_text(intro)
    if intro_text:
        data["intro"] = intro_text
    if links:
        data["links"] = links
    data["interview"] = interview
    if reading:
        data["reading"] = reading
    if article.address:
        data["aliases"] = [article.address]  # the site redirects the old address here
    if bank:
        flags.items += match_bank(interview, bank, by_position=questionnaire)
    _flag_name(flags, name_from, person)
    if published is None:
        flags.add(("published",), "no date found in the article: today's date is used",
                  "aucune date trouvée dans l’article : c’est la date du jour")
    _flag_removed(flags, removed, interview, "intro" in data)
    _flag_interview(flags, interview, more, questionnaire)
    return Imported(data, name_from, published is not None, notes, flags.items)


def _interview(items: list[dict[str, Any]], answers: list[list[Block]], person: str, questionnaire: bool,
               notes: list[str]) -> list[dict[str, Any]]:
    """The question/answer pairs, without speakers' prefixes, questionnaire placeholders and
    section titles taken for questions."""
    asked = answer_checks.question_speakers([item["question"] for item in items])
    paragraphs = [[text for block in blocks if (text := strip_placeholder(block.text)).strip()] for blocks in answers]
    for texts in paragraphs:
        if texts:  # "R :", "Réponse —", "**A:**" before the first paragraph
            texts[0] = _ANSWER_PREFIX.sub("", texts[0].lstrip(), count=1)
    answering = answer_checks.answer_speakers([p[0] for p in paragraphs if p], person)
    if asked or answering:
        notes.append("speakers' names removed before the " + " and ".join(
            part for part, names in (("questions", asked), ("answers", answering)) if names)
            + ": " + ", ".join(sorted(asked | answering)))
    interview = []
    for item, texts in zip(items, paragraphs):
        question = answer_checks.strip_speaker(item["question"], asked).strip()
        texts = [answer_checks.strip_speaker(text, answering) for text in texts]
        interview.append({"question": question, "answer": _markdown_text(texts)})
    return interview if questionnaire else _drop_section_headings(interview, notes)


def _first(blocks: list[Block], test) -> int:
    return next((i for i, b in enumerate(blocks) if test(i, b)), len(blocks))


def _keep_strong_questions(blocks: list[Block]) -> None:
    """When the article marks its questions with markup (headings, bold, "Q:"), a paragraph of
    an answer that happens to end with "?" is not a question."""
    strong = sum(1 for b in blocks if b.kind == "question" and b.strong)
    weak = [b for b in blocks if b.kind == "question" and not b.strong]
    if strong >= 2 and strong >= len(weak):
        for block in weak:
            block.kind, block.lines = "text", [block.head, *block.lines]  # as written, markup included


def _question_text(question: str) -> str:
    """A question is shown as plain text: links keep their text; one line of plain spaces, but
    the no-break spaces of French punctuation (« », ? ! : ;) are kept."""
    question = MD_LINK.sub(lambda m: m[1], question)
    question = re.sub(r"(?<!«)\xa0(?![?!:;»])", " ", question)
    return re.sub(r"[ \t\n]+", " ", question).strip()


_ANSWER_PREFIX = re.compile(r"^(?:[*_]{1,2})?(?:R|A|Rép\.?|Réponse|Reponse|Answer)\s*[:.\-–—](?:[*_]{1,2})?\s+", re.IGNORECASE)
# A list right under a line of text: Python-Markdown (the site's) needs a blank line before it.
_LIST_AFTER_TEXT = re.compile(r"^(?![ \t]|[-*+]\s|\d+[.)]\s)(.+)\n(?=(?:[-*+]|\d+[.)])\s)", re.MULTILINE)


def _markdown_text(paragraphs: list[str]) -> str:
    paragraphs = [p for p in paragraphs if p.strip()]
    return clean(_LIST_AFTER_TEXT.sub(r"\1\n\n", "\n\n".join(paragraphs)))


def _drop_section_headings(interview: list[dict[str, Any]], notes: list[str]) -> list[dict[str, Any]]:
    """A heading with no answer, right before a question, and not itself a question ("Parcours",
    "Ses débuts") groups questions: it is not one."""
    kept = []
    for index, item in enumerate(interview):
        if not item["answer"] and index + 1 < len(interview) and not item["question"].rstrip(" »”\")").endswith("?"):
            notes.append(f"'{item['question']}' looks like a section title, not a question: left out")
            continue
        kept.append(item)
    return kept


def _flag_name(flags: _Flags, name_from: str, person: str) -> None:
    if name_from == "file name":
        flags.add(("name",), f"name guessed from the file name: '{person}'; give it with --name",
                  f"nom deviné d’après le nom du fichier : « {person} »")
    elif name_from == "caption":
        flags.add(("name",), f"name read in a photo caption: '{person}'", f"nom lu dans une légende de photo : « {person} »")


_REMOVED = {"image": ("image file name left out", "nom de fichier d’image retiré"),
            "caption": ("photo caption left out", "légende de photo retirée"),
            "credit": ("photo credit left out", "crédit photo retiré"),
            "byline": ("byline left out", "signature de l’article retirée")}


def _flag_removed(flags: _Flags, removed: list[tuple[int, Block]], interview: list[dict[str, Any]], has_intro: bool) -> None:
    """Captions, credits and image names taken out of the text are named beside the text they
    were in (an answer, the intro, or the name when there is no intro)."""
    for owner, block in removed:
        en, fr = _REMOVED[block.kind]
        text = short(unmark(block.text), 80)
        if 0 <= owner < len(interview):
            path: tuple[str | int, ...] = ("interview", owner, "answer")
            where = f"the answer to question {owner + 1}"
        else:
            path, where = (("intro",) if has_intro else ("name",)), "the intro"
        flags.add(path, f"{en} from {where}: '{text}'", f"{fr} : « {text} »")


_CAPTION_LINE = re.compile(r"^[^\n]{3,140}$")


def _flag_interview(flags: _Flags, interview: list[dict[str, Any]], more: bool, questionnaire: bool) -> None:
    seen: set[str] = set()
    for number, item in enumerate(interview, start=1):
        question, answer = item["question"], item["answer"]
        path = ("interview", number - 1)
        if len(question) > LONG_QUESTION:
            flags.add(path + ("question",), f"question {number} is long ({len(question)} characters): is part of it the answer? "
                      f"'{question[:60]}…'", "question longue : une partie est-elle la réponse ?")
        if not answer:
            flags.add(path + ("answer",), f"question {number} has no answer: '{short(question)}'",
                      "pas de réponse à cette question")
        if question.casefold() in seen:
            flags.add(path + ("question",), f"question {number} appears twice: '{short(question)}'", "question en double")
        seen.add(question.casefold())
        for found in answer_checks.possible_questions(answer):
            flags.add(path + ("answer",), f"the answer to question {number} holds a line that may be a question: "
                      f"'{short(found)}'", f"une ligne de cette réponse est peut-être une question : « {short(found)} »")
        paragraphs = answer.split("\n\n")
        last = paragraphs[-1] if len(paragraphs) > 1 else ""
        # A short line without final punctuation after an answer is usually a photo caption:
        # it is kept (it is the writer's text) but pointed out.
        if number < len(interview) and _CAPTION_LINE.match(last) and not re.search(r"[.!?…:;»”)\]]$", last) \
                and not LIST_ITEM.match(last) and not last.startswith(("#", ">", "|")):
            flags.add(path + ("answer",), f"the answer to question {number} ends with a line that looks like a photo caption: "
                      f"'{short(last)}'; make it an image item (`- image: {{src, alt, caption}}`) or delete it",
                      f"la dernière ligne ressemble à une légende de photo : « {short(last)} »")
    last = interview[-1]
    why = "it is followed by a 'read more' link" if more else answer_checks.truncated(last["answer"])
    if why and not questionnaire:
        flags.add(("interview", len(interview) - 1, "answer"),
                  f"the last answer may be cut off ({why}): compare it with the original",
                  "la dernière réponse semble coupée : comparez avec l’original")


def _add_links(links: dict[str, str], found: list[tuple[str, str]], notes: list[str]) -> None:
    """Links the model accepts (a URL, or a handle of a network it knows); others are noted."""
    for label, value in found:
        label = label.strip().rstrip(":").strip() or label_of(value)
        if label in links:
            if links[label] != value:
                notes.append(f"a second '{label}' link was left out: {value}")
            continue
        try:
            profile_url(label, value)
        except PydanticCustomError:
            notes.append(f"the '{label}' link '{value}' was left out: it is not a URL or a handle of a known network "
                         f"({', '.join(sorted(k.capitalize() for k in HANDLE_NETWORKS if k != 'x'))})")
            continue
        links[label] = value


def _reading_items(lines: list[str]) -> list[dict[str, str]]:
    items = []
    for line in lines:
        text = LIST_ITEM.sub("", line.strip()).strip()
        if not text:
            continue
        url = None
        if match := MD_LINK.search(text):
            url = match[2]
            text = MD_LINK.sub(lambda m: m[1], text)
        elif match := URL.search(text):
            url = with_scheme(match[0])
            text = (text[:match.start()] + text[match.end():]).strip(" \t-–—:|()<>")
        title = unmark(text).strip(" \t-–—:|") or url
        if title:
            item = {"title": title}
            if url and url.lower().startswith(("http://", "https://", "mailto:")):
                item["url"] = url
            items.append(item)
    return items
