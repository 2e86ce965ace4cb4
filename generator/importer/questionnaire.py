"""`portraits questionnaire NAME`: the bank's questions to send to an interviewee, as a Word
document (DOCX) and as plain text, with instructions in the site's language. The importer
recognises the instructions and the answer placeholders, so a filled-in questionnaire comes
back as a portrait with every answer under its bank id."""

from __future__ import annotations

import io
import re
from typing import Sequence

from ..names import question_key

TITLE = {"fr": "Questionnaire pour {name}", "en": "Questionnaire for {name}"}
QUESTION = {"fr": "Question {number} : {text}", "en": "Question {number}: {text}"}
PLACEHOLDER = {"fr": "(Votre réponse)", "en": "(Your answer)"}
INSTRUCTIONS = {
    "fr": ("Merci d’avoir accepté de répondre ! Écrivez chaque réponse sous sa question, à la place de « (Votre réponse) ».",
           "Écrivez autant de paragraphes que vous voulez ; le gras, l’italique, les liens et les listes sont conservés.",
           "Ne modifiez pas les questions : c’est ainsi que chaque réponse retrouve sa place. "
           "Laissez « (Votre réponse) » sous une question à laquelle vous ne souhaitez pas répondre."),
    "en": ("Thank you for agreeing to answer! Write each answer under its question, in place of “(Your answer)”.",
           "Write as many paragraphs as you like; bold, italics, links and lists are kept.",
           "Please do not change the questions: that is how each answer finds its place. "
           "Leave “(Your answer)” under a question you would rather not answer."),
}
TEXT_INSTRUCTIONS = {
    "fr": "Dans ce fichier texte, laissez une ligne vide entre deux paragraphes et commencez par « - » chaque élément d’une liste.",
    "en": "In this text file, leave an empty line between paragraphs and start each list item with “- ”.",
}


def _language(language: str) -> str:
    base = language.split("-")[0]
    return base if base in TITLE else "en"


def instruction_keys() -> set[str]:
    """The instructions' paragraphs in every language, compared as question wordings are
    (case, accents and punctuation ignored: a word processor changes quotes and spaces)."""
    texts = [*(t for texts in INSTRUCTIONS.values() for t in texts), *TEXT_INSTRUCTIONS.values()]
    return {question_key(text) for text in texts}


_PLACEHOLDER = re.compile(r"^[*_]*\\?\(\s*(?:votre réponse|your answer)\s*\\?\)[*_]*\s*", re.IGNORECASE)


def strip_placeholder(text: str) -> str:
    """An answer paragraph without the "(Your answer)" left in front of it (or nothing when
    it is only the placeholder)."""
    return _PLACEHOLDER.sub("", text.lstrip(), count=1) if _PLACEHOLDER.match(text.lstrip()) else text


def questionnaire_text(name: str, questions: Sequence[str], language: str) -> str:
    """The questionnaire as plain text (for an e-mail, or any editor)."""
    lang = _language(language)
    parts = [TITLE[lang].format(name=name), *INSTRUCTIONS[lang], TEXT_INSTRUCTIONS[lang]]
    for number, text in enumerate(questions, start=1):
        parts += [QUESTION[lang].format(number=number, text=text), PLACEHOLDER[lang]]
    return "\n\n".join(parts) + "\n"


def questionnaire_docx(name: str, questions: Sequence[str], language: str) -> bytes:
    """The questionnaire as a Word document: the title, the instructions, then each question
    as a heading (headings survive every word processor and mark questions unambiguously)
    followed by a placeholder paragraph to type over."""
    from docx import Document

    lang = _language(language)
    document = Document()
    document.core_properties.title = TITLE[lang].format(name=name)
    document.core_properties.language = language
    document.add_heading(TITLE[lang].format(name=name), level=1)
    for text in INSTRUCTIONS[lang]:
        document.add_paragraph(text)
    for number, text in enumerate(questions, start=1):
        document.add_heading(QUESTION[lang].format(number=number, text=text), level=2)
        # plain, not greyed: Word would give its look to the answer typed over it
        document.add_paragraph(PLACEHOLDER[lang])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
