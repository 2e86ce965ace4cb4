"""The bank's questions: the list of them, and one page per question with every answer to
it, newest first, paginated."""

from __future__ import annotations

from ..link import QuestionAnswers
from ..site import QUESTIONS, answer_url, src_of
from ..structured import question_jsonld
from .output import Page
from .pager import Pager
from .renderer import Renderer

ANSWERS_PER_PAGE = 50


def questions_page(r: Renderer) -> list[Page]:
    return [r.page("questions.md.j2", src_of(QUESTIONS), QUESTIONS, questions=r.catalogue.questions)]


def question_page(r: Renderer, question: QuestionAnswers, pager: Pager, answers) -> Page:
    """Page `pager.number` of a question: `answers`, (portrait slug, item index) pairs."""
    catalogue = r.catalogue
    page_url = pager.url(pager.number)
    entries = []
    for slug, index in answers:
        portrait = catalogue.by_slug[slug]
        entries.append({"p": portrait, "anchor": catalogue.anchors[slug][index],
                        "question": portrait.interview[index].question,
                        "html": r.html(portrait, index, page_url)})
    jsonld = question_jsonld(
        question.text,
        [(e["p"], r.text(e["p"], index, 500), r.absolute(answer_url(slug, e["anchor"])))
         for e, (slug, index) in zip(entries, answers)],
        url=r.absolute(page_url), language=catalogue.language)
    return r.page("question.md.j2", src_of(page_url), page_url,
                  meta={"title": question.text, "jsonld": jsonld,
                        "description": r.locale.label("answers_count", count=len(question.answers))},
                  question=question, entries=entries, pager=pager)
