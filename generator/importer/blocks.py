"""The block classifier: the article's Markdown cut into paragraphs, each one named (question,
text, separator, page chrome, links, reading list, photo caption or credit, image…).

Pasted text often has one paragraph per line and no blank line between them: such a paragraph
is cut into its lines (`_one_per_line`), so that a question on its own line is found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DATE_LINE
from .inline import LIST_ITEM, MD_LINK, URL, bold_only, inline_links, link_of, unmark

MAX_QUESTION = 300  # a line ending with "?" longer than this is prose, not a question


@dataclass
class Block:
    """A paragraph (lines between blank lines) or one of its parts, classified."""
    lines: list[str]
    # text, question, separator, stop, skip, follow, reading, links, date, image, caption, credit, byline, more
    kind: str = "text"
    question: str = ""
    strong: bool = False  # marked by markup (heading, bold, "Q:") rather than by a final "?"
    links: list[tuple[str, str]] = field(default_factory=list)
    head: str = ""  # a question's line as written

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# "Q :", "Q1 :", "Question 3 :", "Question n° 3 -"
_QUESTION_PREFIX = re.compile(r"^(?:Q\s*\d{0,2}|Q\.|Question(?:\s*(?:n[°o]\.?\s*)?\d{1,2})?|Questions?\s*\d+)\s*[:.\-–—]\s*(?=\S)",
                              re.IGNORECASE)
SEPARATOR = re.compile(r"^\s*(?:[-—–_*=~•·#]\s*){3,}$")
# "3. ", "3) ", "3 - ", and "3 " before a capital ("1 Comment as-tu commencé ?")
_NUMBERED = re.compile(r"^\d{1,2}\s*[.)–-]\s+|^\d{1,2}\s+(?=[A-ZÀ-ÖØ-Þ«\"“])")
_FINAL = re.compile(r"[.!?…:;»”\"')\]]$")  # a line that ends a sentence

# Comments and footers: nothing after them belongs to the article. Headers such as "2 responses
# to “…”" or "Laisser un commentaire" are short lines without a final full stop; an answer
# starting "Une réponse rapide…" is not one.
_STOP_HEADER = re.compile(
    r"^(?:\d+|un|une|one|no)\s+(?:responses?|réponses?|comments?|commentaires?|thoughts?|replies|reactions?|réactions?)"
    r"(?:\s+(?:to|on|à|sur|au sujet de)\s.*)?:?$"
    r"|^(?:laisser|laissez|écrire|ajouter|leave|post|add|write)\s+(?:un|une|a|your|votre)\s+(?:commentaire|réponse|comment|reply)\b.{0,30}$"
    r"|^(?:commentaires?|comments?|responses|réponses|réactions)\s*(?:\(\d+\))?\s*:?$", re.IGNORECASE)
_STOP_ANY = re.compile(
    r"^(?:votre adresse (?:e-mail|de messagerie|courriel) ne sera pas publiée|your email address will not be published"
    r"|©|\(c\)\s|copyright\b|tous droits réservés|all rights reserved|fièrement propulsé|proudly powered by)", re.IGNORECASE)
# Photo credits, captions and image file names: kept out of the text (and noted).
_RIGHTS = re.compile(r"droits|rights|propulsé|powered|\d{4}\s*[-–]\s*\d{4}", re.IGNORECASE)
_CREDIT = re.compile(r"^\(?\s*(?:©|\(c\)\s|crédits?\s*(?:photos?)?\s*[:©]|photo\s*credits?\s*:|credits?\s*:|"
                     r"photos?\s*:\s*©|photos?\s*(?:de|by|par)\s|crédit\s+photo\b|photographie\s*:|source\s+(?:de la\s+)?photo\s*:)",
                     re.IGNORECASE)
_CAPTION = re.compile(r"^\(?\s*(?:légende|caption|sur la photo|sur cette photo|ci-dessus|ci-contre|en photo|pictured|"
                      r"photo ci-dessus|photo)\s*[:,–—-]\s*", re.IGNORECASE)
IMAGE_FILE = re.compile(r"^!?\[?(?P<alt>[^\]]*?)\]?\(?(?:\S*/)?(?P<name>[\w.%+-]+\.(?:jpe?g|png|gif|webp|avif|heic|tiff?|bmp))"
                        r"(?:\?\S*)?\)?$", re.IGNORECASE)
_MORE = re.compile(r"^\[?(?:lire la suite|la suite|voir la suite|lire l['’]article complet|continue reading|keep reading|"
                   r"read the rest|read the full (?:interview|article|story)|\(?suite\)?)\s*(?:[.…»→>]+)?\]?(?:\(\S*\))?\s*[.…»→>]*$"
                   r"|^\[(?:read more|en savoir plus)[^\]]*\]\(\S*\)$", re.IGNORECASE)
_SKIP = re.compile(  # lists that are not the interview: other posts, sharing buttons, categories
    r"^(?:autres?|d'autres|d’autres|plus de|more|other|previous|next|related|voir aussi les)\s+"
    r"(?:portraits?|entrevues?|entretiens?|rencontres?|profils?|interviews?|articles?|posts?|billets?|stories)\b"
    r"|^(?:articles?|billets?|posts?)\s+(?:similaires|reliés|liés|connexes|related|recommandés)"
    r"|^(?:related(?: posts| articles)?|sur le même sujet|dans la même série|à voir aussi|vous aimerez aussi|you may also like)\s*:?$"
    r"|^(?:partager|partagez|partager ceci|share|share this|j['’]aime|like this|aimer ceci)\s*:?$"
    r"|^(?:partagez|partager|share)\s+(?:cet|ce|cette|this)\s+\w+\s*:?$"
    r"|^(?:catégories?|categories|tags?|étiquettes?|mots-clés)\s*:|^(?:publié dans|posted in|filed under|classé dans)\s"
    r"|^(?:article|billet|post|entrée) (?:précédent|suivant|previous|next)"
    r"|^(?:suivez-nous|follow us|abonnez-vous|subscribe|infolettre|newsletter)\b",
    re.IGNORECASE)
_READING = re.compile(
    r"^(?:lectures?|à lire|a lire|à lire aussi|lectures? (?:suggérées|recommandées|complémentaires)|pour aller plus loin|"
    r"pour en savoir plus|références|sources|further reading|read more|more reading|suggested reading|reading|"
    r"recommended reading|to read|see also|voir aussi|resources|ressources|useful links|liens utiles|books|livres)\s*:?$",
    re.IGNORECASE)
# "The Newsroom Notes · 4 min read · Nov 2, 2022", "Par Julie — 5 minutes de lecture": the byline
_BYLINE = re.compile(r"^.{0,80}\b\d{1,2}\s*min(?:ute)?s?\s+(?:read|de lecture)\b.{0,60}$", re.IGNORECASE)
_FOLLOW = re.compile(  # "Pour suivre Jean-Luc Sanscartier :", "Follow Priya: [GitHub](…)"
    r"^(?:pour (?:suivre|joindre|contacter|retrouver)|suivre|suivez|retrouvez|où (?:suivre|trouver)|"
    r"follow|find|connect with|where to find|get in touch with|contact)\b.{0,80}?:\s*", re.IGNORECASE)
_FOLLOW_BARE = re.compile(  # a heading "Pour suivre Karim", "Follow Priya Shah" (a name follows)
    r"^(?i:pour suivre|suivre|suivez|retrouvez|follow|find|connect with)\s+(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:\s+|$)){1,4}$")
# "**Comment as-tu commencé ?** J’ai commencé…": a bold question and its answer in one paragraph
_BOLD_LEAD = re.compile(r"^(\*\*|__)([^*_]{3,300}?\?)\s*\1\s*(\S.*)$")


def question_of(line: str, first: bool) -> tuple[str, bool] | None:
    """(question text, strong?) when `line` reads like a question, else None. `first`: the
    line starts its paragraph (a question marked only by its "?" must)."""
    line = line.strip().rstrip("\\").strip()
    if match := HEADING.match(line):
        text = unmark(match[2])
        return (strip_question_prefix(text), True) if text else None
    if bold_only(line):
        text = unmark(line)
        return (strip_question_prefix(text), True) if text and len(text) <= MAX_QUESTION * 2 else None
    unmarked = unmark(line)
    if _QUESTION_PREFIX.match(unmarked) and not _QUESTION_PREFIX.fullmatch(unmarked):
        return strip_question_prefix(unmarked), True
    numbered = _NUMBERED.match(unmarked)  # "3. Quel est ton outil préféré ?"
    text = unmarked[numbered.end():] if numbered else unmarked
    if first and text.endswith(("?", "? »", "?»", "?”", "?\"", "?)")) and len(text) <= MAX_QUESTION \
            and not (LIST_ITEM.match(line) and not numbered) and not line.startswith(">") and not text[:1].islower():
        emphasised = re.fullmatch(r"([*_]{1,3}).+\1", line) is not None  # a question in italics
        return text, emphasised
    return None


def strip_question_prefix(text: str) -> str:
    """Without "Q :", "Question 3 :" or a number: they order the questions, they are not part of them."""
    text = _QUESTION_PREFIX.sub("", text, count=1).strip()
    numbered = _NUMBERED.match(text)
    if numbered and (not numbered[0].strip().isdigit() or text.endswith("?")):
        text = text[numbered.end():]
    return text.strip()


def _one_per_line(lines: list[str]) -> bool:
    """A paragraph whose lines are paragraphs: text pasted with single line breaks. Most of
    its lines end a sentence (hard-wrapped prose ends most lines mid-sentence)."""
    prose = [line for line in lines if not LIST_ITEM.match(line) and not link_of(line) and not line.startswith((" ", "\t"))]
    if len(prose) < 2:
        return False
    final = sum(1 for line in prose if _FINAL.search(unmark(line)) or question_of(line, first=True))
    return final * 3 >= len(prose) * 2


def _line_groups(lines: list[str]) -> list[list[str]]:
    """Each line its own paragraph, but a list (with its indented lines) stays together."""
    groups: list[list[str]] = []
    for line in lines:
        in_list = groups and LIST_ITEM.match(groups[-1][0])
        if (LIST_ITEM.match(line) and in_list) or (line.startswith((" ", "\t")) and groups):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _section_line(line: str) -> bool:
    """A line that opens or closes a part of the page (a separator, "Lecture", "Autres
    portraits…", "2 réponses à …"): in text pasted without blank lines it starts a block."""
    plain = unmark(line)
    return bool(SEPARATOR.match(line) or _READING.match(plain) or _STOP_ANY.match(plain)
                or (len(plain) <= 80 and not plain.endswith((".", "?", "!")) and (_SKIP.match(plain) or _STOP_HEADER.match(plain))))


def split_blocks(markdown: str) -> list[Block]:
    """Paragraphs, cut again where a line inside one starts a question (a "Q:" line or a
    heading right under an answer line), or into lines when they were pasted one per line."""
    blocks: list[Block] = []
    lines: list[str] = []
    for line in markdown.split("\n") + [""]:
        line = line.rstrip()
        if line.strip():
            lines.append(line)
            continue
        for group in (_line_groups(lines) if _one_per_line(lines) else [lines] if lines else []):
            start = 0
            for index in range(1, len(group)):
                if question_of(group[index], first=False) or _section_line(group[index]) or _section_line(group[index - 1]):
                    blocks.append(Block(group[start:index]))
                    start = index
            blocks.append(Block(group[start:]))
        lines = []
    return blocks


def classify(block: Block) -> Block:
    first = block.lines[0].strip()
    plain = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", unmark(HEADING.sub(r"\2", first))).strip()
    single = len(block.lines) == 1
    if SEPARATOR.match(first) and single:
        block.kind = "separator"
    elif single and IMAGE_FILE.match(plain):
        block.kind = "image"
    elif single and len(plain) <= 160 and _CREDIT.match(plain) and not _RIGHTS.search(plain):
        block.kind = "credit"
    elif single and len(plain) <= 160 and _CAPTION.match(plain) and not plain.endswith("?"):
        block.kind = "caption"
    elif single and _BYLINE.match(plain):
        block.kind = "byline"
    elif single and _MORE.match(plain):
        block.kind = "more"
    elif _STOP_ANY.match(plain) or (_STOP_HEADER.match(plain) and len(plain) <= 200 and not plain.endswith((".", "!", "?"))):
        block.kind = "stop"
    elif _READING.match(plain):
        block.kind = "reading"
        block.lines = block.lines[1:]
    elif _SKIP.match(plain) and len(plain) <= 80 and not plain.endswith((".", "?", "!")):
        block.kind = "skip"
    elif (follow := _follow_links(plain)) is not None:
        block.kind = "follow"
        block.links = follow + [link for line in block.lines[1:] if (link := link_of(line))]
    elif all(link_of(line) for line in block.lines):
        block.kind, block.links = "links", [link_of(line) for line in block.lines]
    elif single and DATE_LINE.match(plain):
        block.kind = "date"
    elif lead := _BOLD_LEAD.match(first):
        block.kind, block.question, block.strong = "question", strip_question_prefix(unmark(lead[2])), True
        block.head, block.lines = first, [lead[3], *block.lines[1:]]
    elif found := question_of(block.lines[0], first=True):
        block.kind, (block.question, block.strong) = "question", found
        block.head, block.lines = block.lines[0], block.lines[1:]
    return block


def caption_text(block: Block) -> str:
    """A caption without its "Photo :" / "Légende :" marker (an image's alt text for an image)."""
    plain = unmark(block.text)
    if block.kind == "image" and (match := IMAGE_FILE.match(plain)):
        return match["alt"].strip()
    return _CAPTION.sub("", plain, count=1).strip(" ()")


def _follow_links(line: str) -> list[tuple[str, str]] | None:
    """The links of a "Pour suivre X :" / "Follow X:" line (maybe none yet: they may be on the
    next lines), or None when the line is not one (text after the colon is not only links)."""
    if _FOLLOW_BARE.match(line):
        return []
    match = _FOLLOW.match(line)
    if not match or len(line) > 200 or line.endswith("?"):
        return None
    rest = line[match.end():]
    found = inline_links(rest)
    leftover = URL.sub(" ", MD_LINK.sub(" ", rest))
    leftover = re.sub(r"@[\w.\-]+|\b(?:et|and|ou|or|sur|on|Twitter|X|Instagram|Threads|TikTok|GitHub|Bluesky|Mastodon)\b|[\s|,·•/–—:-]",
                      "", leftover)
    return found if not leftover else None


def absorb_sections(blocks: list[Block]) -> None:
    """The blocks under a "Lecture" / "Autres portraits" / "Pour suivre" header belong to it
    (a reading title ending with "?" is not a question)."""
    section = None
    for block in blocks:
        if block.kind in ("reading", "skip", "follow"):
            section = block.kind
        elif section == "skip" and block.kind in ("text", "links", "date", "question"):
            block.kind = "skip-item"  # a list of other posts, whatever its markup
        elif section and (block.kind in ("text", "links", "date") or (block.kind == "question" and not block.strong)):
            if section == "follow" and block.kind != "links":
                section = None
            elif section in ("reading", "skip") and not reading_like(block):
                section = None
            else:
                if block.kind == "question":  # put the question line back
                    block.lines = [block.head, *block.lines]
                block.kind = section + "-item"
        elif block.kind not in ("image", "caption", "credit", "byline"):
            section = None


def reading_like(block: Block) -> bool:
    """More items of a reading list: short lines, or list items."""
    return all(len(line) <= 250 for line in block.lines) and (
        len(block.lines) > 1 or LIST_ITEM.match(block.lines[0]) or MD_LINK.search(block.lines[0])
        or len(block.lines[0]) <= 150)


def answers_taken_for_questions(blocks: list[Block]) -> None:
    """A paragraph ending with "?" right under a question that has no answer yet is that
    question's answer ("Comment as-tu commencé ?" / "Un peu par hasard. Pourquoi pas nous ?")."""
    previous = None
    for block in blocks:
        if block.kind == "question" and not block.strong and previous is not None and previous.kind == "question" \
                and not previous.lines and not block.head.lstrip().startswith("#"):
            block.kind, block.lines = "text", [block.head, *block.lines]
        if block.kind not in ("image", "caption", "credit", "byline"):
            previous = block
