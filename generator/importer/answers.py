"""Cleaning the interview once it is cut: speakers' names before answers ("Luci :", "R :",
"J.-L. S. :"), and the checks that point a human at doubtful answers (a last answer cut off
by the page, a caption left at the end of an answer, a paragraph that may be a question)."""

from __future__ import annotations

import re
from collections import Counter

from .inline import LIST_ITEM, unmark

# "Luci :", "**Jean-Luc Sanscartier :**", "J.-L. S. :", "R :", "Réponse —"
_SPEAKER = re.compile(r"^(?P<mark>\*\*|__)?(?P<who>(?:[A-ZÀ-ÖØ-Þ]\.(?:-[A-ZÀ-ÖØ-Þ]\.)?[ \t]?){1,3}|"
                      r"[A-ZÀ-ÖØ-Þ][\w’'-]*(?:[ \t][A-ZÀ-ÖØ-Þ][\w’'-]*){0,2})[ \t]*(?P=mark)?[ \t]*[:：–—][ \t]*(?P=mark)?[ \t]*"
                      r"(?P<mark2>\*\*|__)?(?=\S)")
_ANSWERER = re.compile(r"^(?:R|A|Rép\.?|Réponse|Reponse|Answer|Réponses?)$", re.IGNORECASE)
_ASKER = re.compile(r"^(?:Q|Question|Questions)$", re.IGNORECASE)
_TRUNCATED = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\))\s*$")


def speaker(paragraph: str) -> str | None:
    """The speaker's name that starts a paragraph, if any."""
    match = _SPEAKER.match(paragraph.lstrip())
    return match["who"].strip() if match else None


def _initials(name: str) -> set[str]:
    """"Jean-Luc Sanscartier" → {"J.-L. S.", "J.-L.S.", "JLS", "J. S."}."""
    words = name.split()
    first = "".join(part[0] + "." + "-" for part in words[0].split("-")).rstrip("-") if words else ""
    rest = " ".join(w[0] + "." for w in words[1:])
    forms = {f"{first} {rest}".strip(), f"{first}{rest.replace(' ', '')}", "".join(w[0] for w in re.split(r"[\s-]+", name)),
             " ".join(w[0] + "." for w in words)}
    return {form.replace(" ", "") for form in forms}


def answer_speakers(first_paragraphs: list[str], name: str) -> set[str]:
    """The prefixes that name who answers: "R"/"Réponse"/"A", the person's name, first name or
    initials, or any short name that starts at least two answers."""
    found = [who for p in first_paragraphs if (who := speaker(p))]
    counts = Counter(found)
    names = {name, *name.split(), *name.split("-")}
    initials = _initials(name) if name else set()
    return {who for who in counts if _ANSWERER.match(who) or who in names or who.replace(" ", "") in initials
            or (counts[who] >= 2 and counts[who] * 2 >= len(first_paragraphs))}


def question_speakers(questions: list[str]) -> set[str]:
    """The prefixes that name who asks: "Q", or a name that starts most questions."""
    counts = Counter(who for q in questions if (who := speaker(q)))
    return {who for who in counts if _ASKER.match(who) or (counts[who] >= 2 and counts[who] * 2 >= len(questions))}


def strip_speaker(paragraph: str, speakers: set[str]) -> str:
    """The paragraph without its speaker's prefix when the prefix is one of `speakers`
    (emphasis opened by the prefix is kept: "**Luci :** **Oui**" → "**Oui**")."""
    match = _SPEAKER.match(paragraph.lstrip())
    if not match or match["who"].strip() not in speakers:
        return paragraph
    rest = paragraph.lstrip()[match.end():]
    return (match["mark2"] or "") + rest


def truncated(answer: str) -> str | None:
    """Why the last answer looks cut off by the page ("…", "[…]", no final punctuation), or None."""
    last = answer.rstrip().rsplit("\n", 1)[-1].strip()
    if not last:
        return None
    if _TRUNCATED.search(last):
        return "ends with an ellipsis"
    plain = unmark(last)
    if LIST_ITEM.match(last) or last.startswith(("|", ">", "```")) or re.search(r"\)$|https?://\S+$", plain):
        return None
    if re.search(r"[\w,]$", plain) and len(plain) > 60:
        return "ends in the middle of a sentence"
    return None


def possible_questions(answer: str) -> list[str]:
    """Paragraphs inside an answer that read like questions (a short line ending with '?'):
    maybe a question that the layout did not show."""
    found = []
    for paragraph in answer.split("\n\n")[1:]:
        plain = unmark(paragraph)
        if "\n" not in plain and plain.endswith("?") and len(plain) <= 200 and plain[:1].isupper():
            found.append(plain)
    return found
