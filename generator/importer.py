"""`portraits import`: an existing interview article (plain text, Markdown, an HTML page or a
WordPress export) → the data of a draft portrait, plus notes on what a human should check.

Two steps, both pure functions:
1. `read_article`: whatever the source is, get its title, its date and its text as Markdown
   (HTML goes through BeautifulSoup + markdownify).
2. `parse_article`: cut the Markdown into blocks and read them in order: title, intro,
   questions and answers, then the tail of the page (follow links, further reading), stopping
   at the page chrome (other portraits, comments, footers).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Comment
from markdownify import MarkdownConverter
from pydantic_core import PydanticCustomError

from .model import HANDLE_NETWORKS, profile_url
from .scaffold import clean

MAX_SOURCE_BYTES = 8 * 1024 * 1024
LONG_QUESTION = 200  # characters: a longer "question" probably swallowed part of its answer
MAX_QUESTION = 300  # a line ending with "?" longer than this is prose, not a question


class ArticleError(Exception):
    """A source that cannot be imported: the message is for the writer."""


@dataclass(frozen=True)
class Article:
    title: str | None
    published: date | None
    markdown: str
    kind: str  # text, markdown, html, wxr
    notes: tuple[str, ...] = ()
    address: str | None = None  # the article's path on its old site, kept as an alias (redirected)


@dataclass
class Imported:
    data: dict[str, Any]
    name_from: str  # "title", "option", "file name"
    date_found: bool
    notes: list[str] = field(default_factory=list)  # what needs a human look


# --- 1. reading the source ------------------------------------------------------------------

def read_article(raw: bytes, filename: str = "") -> Article:
    if len(raw) > MAX_SOURCE_BYTES:
        raise ArticleError(f"the file is too large ({len(raw):,} bytes); an article is at most a few hundred KB")
    suffix = Path(filename).suffix.lower()
    head = raw[:2000].lstrip().lower()
    if b"wordpress.org/export" in raw[:20000] and b"<rss" in raw[:20000] or suffix == ".wxr":
        return wxr_article(raw)
    # A text or Markdown file may hold some HTML; other files are HTML when they look like it.
    if suffix in (".html", ".htm", ".xhtml") or (suffix not in (".md", ".markdown", ".txt") and (
            head.startswith((b"<!doctype html", b"<html")) or re.search(rb"^<(body|article|div|p|h[1-6])[\s>]", head))):
        return html_article(raw)
    text, notes = _decode(raw)
    return text_article(text, "markdown" if suffix in (".md", ".markdown") else "text", notes)


def _decode(raw: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), ("the file is not UTF-8: it was read as Windows-1252; check accents",)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def text_article(text: str, kind: str = "text", notes: tuple[str, ...] = ()) -> Article:
    """Plain text or Markdown; a front matter (Jekyll, Hugo, …) may give the title and date."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = published = None
    if match := _FRONT_MATTER.match(text):
        try:
            meta = yaml.safe_load(match[1])
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict):
            text = text[match.end():]
            title = str(meta["title"]).strip() if meta.get("title") else None
            published = _as_date(meta.get("date") or meta.get("published"))
    return Article(title, published, text, kind, notes)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)):
        try:
            return date.fromisoformat(match[1])
        except ValueError:
            return None
    return None


# Page parts that are never the interview. Comments and sharing boxes are also cut by their
# text later on, for pages whose markup names them differently.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "nav", "button", "svg", "select", "input")
# Inside the article, parts whose class or id names them as chrome (menus, sharing, comments…).
_CHROME = re.compile(r"(?:^|[\s_-])(?:menu|nav|navbar|navigation|breadcrumbs?|sidebar|widget(?:-area)?|share|sharing|"
                     r"sharedaddy|social-share|jp-relatedposts|related(?:-posts)?|comments?|comment-respond|respond|"
                     r"disqus_thread|post-navigation|cookie|newsletter|subscribe|author-box|byline|entry-meta|post-meta|meta)"
                     r"(?:$|[\s_-])", re.IGNORECASE)
_CONTENT_SELECTORS = ("[itemprop=articleBody]", ".entry-content", ".post-content", ".article-content", ".post-body",
                      ".article-body", ".entry", "article", "main", "[role=main]", "#content", ".content", "#main", "body")


class _Converter(MarkdownConverter):
    """markdownify with the choices this project's Markdown expects: ATX headings, '-' bullets,
    no images (they cannot be fetched: the importer notes them instead)."""

    def __init__(self, **options):
        super().__init__(heading_style="ATX", bullets="-", newline_style="BACKSLASH", strip=["img"], **options)

    def convert_li(self, el, text, parent_tags):
        """Python-Markdown nests blocks in a list item by four spaces, not by the bullet's width."""
        item = super().convert_li(el, text, parent_tags)
        first, _, rest = item.partition("\n")
        width = len(first) - len(first.lstrip(" ")) + len(first.lstrip(" ").split(" ", 1)[0]) + 1
        rest = re.sub(rf"^ {{{width}}}", "    ", rest, flags=re.MULTILINE)
        return first + "\n" + rest

    def convert_a(self, el, text, parent_tags):
        """Links to the old site's own pages (relative addresses) would lead nowhere: keep their text."""
        href = el.get("href") or ""
        if not re.match(r"^(https?:|mailto:)", href, re.IGNORECASE):
            return text
        return super().convert_a(el, text, parent_tags)


def html_article(html: bytes | str, title: str | None = None, published: date | None = None) -> Article:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(string=lambda text: isinstance(text, Comment)):
        element.extract()
    title = title or _html_title(soup)
    published = published or _html_date(soup)
    for element in soup.find_all(_DROP_TAGS):
        element.decompose()
    root = next((found for selector in _CONTENT_SELECTORS if (found := soup.select_one(selector))), soup)
    for element in root.find_all(["header", "footer", "aside"]):
        # The page's or the post's header (title, byline), footer and sidebars; but a <header>
        # wrapping a question's heading (<section><header><h3>…?</h3></header>…) is content.
        if element.name != "header" or element.find(["h1", "time", "nav"]) or not element.find(["h2", "h3", "h4", "h5", "h6"]):
            element.decompose()
    for element in root.find_all(_is_chrome):
        element.decompose()
    for heading in root.find_all(["h1", "h2", "h3"]):  # the title, shown again in the post
        if title and _plain(heading.get_text()) == _plain(title):
            heading.decompose()
    images = len(root.find_all("img"))
    notes = (f"{images} image(s) left out: add the ones you want as interview images (`- image: {{src, alt}}`)",) if images else ()
    markdown = _Converter().convert_soup(root)
    markdown = re.sub(r"\\$", "", markdown, flags=re.MULTILINE)  # hard line breaks become plain ones
    return Article(title, published, markdown, "html", notes)


def _is_chrome(element) -> bool:
    names = " ".join([*element.get("class", []), element.get("id") or ""]) if element.attrs else ""
    return bool(names and _CHROME.search(names))


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _html_title(soup: BeautifulSoup) -> str | None:
    """The post's title: its heading, else the title given to social networks, else the page's."""
    for selector in (".entry-title", ".post-title", "article h1"):
        if (found := soup.select_one(selector)) and found.get_text(strip=True):
            return " ".join(found.get_text().split())
    meta = soup.find("meta", attrs={"property": "og:title"})
    for text in (meta.get("content") if meta else None, _text_of(soup.find("h1")), soup.title.string if soup.title else None):
        if text and text.strip():
            return re.split(r"\s+[|–—]\s+", " ".join(text.split()))[0]  # "Title | Blog name"
    return None


def _text_of(element) -> str | None:
    return element.get_text() if element else None


def _html_date(soup: BeautifulSoup) -> date | None:
    meta = soup.find("meta", attrs={"property": "article:published_time"}) or \
        soup.find("meta", attrs={"itemprop": "datePublished"})
    if meta and (found := _as_date(meta.get("content"))):
        return found
    time = soup.find("time", attrs={"datetime": True})
    if time and (found := _as_date(time["datetime"])):
        return found
    for element in soup.find_all(class_=re.compile(r"date|byline|meta|posted", re.IGNORECASE)):
        if found := _date_of(element.get_text(" ", strip=True)[:200], anywhere=True):
            return found
    return None


def wxr_article(raw: bytes) -> Article:
    """A WordPress export (WXR): the first post, its title and its content:encoded."""
    try:
        channel = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise ArticleError(f"this WordPress export is not well-formed XML ({exc})") from None
    items = channel.findall(".//item")
    if not items:
        raise ArticleError("this WordPress export holds no post (no <item>)")
    item = next((i for i in items if (_child_text(i, "encoded") or "").strip()), items[0])
    published = _as_date(_child_text(item, "post_date"))
    if published is None and (pub := _child_text(item, "pubDate")):
        try:
            published = parsedate_to_datetime(pub).date()
        except (TypeError, ValueError):
            published = None
    content = _child_text(item, "encoded") or ""
    title = (_child_text(item, "title") or "").strip() or None
    return replace(html_article(_autop(content), title, published), address=_old_path(_child_text(item, "link")))


def _old_path(link: str | None) -> str | None:
    """The path of a post's old address ('https://blog.example.org/2012/02/nadia/' →
    '/2012/02/nadia/'); None for an address a static site cannot redirect ('/?p=42')."""
    parts = urlsplit((link or "").strip())
    if parts.query or parts.path.strip("/") == "" or any(ch.isspace() for ch in parts.path):
        return None
    return parts.path


def _child_text(item: ElementTree.Element, local_name: str) -> str | None:
    """The text of a child element by its name without namespace (WXR versions differ)."""
    for child in item:
        if child.tag.rsplit("}", 1)[-1] == local_name:
            return child.text
    return None


_BLOCK_START = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|!--)[\s>/]", re.IGNORECASE)


def _autop(content: str) -> str:
    """WordPress stores posts without <p>: blank lines separate paragraphs and a single line
    break is a <br> (what WordPress's wpautop adds when it shows the post)."""
    chunks = re.split(r"\n\s*\n", content.replace("\r\n", "\n").strip())
    return "\n".join(chunk if _BLOCK_START.match(chunk) else "<p>" + chunk.replace("\n", "<br>\n") + "</p>"
                     for chunk in chunks if chunk.strip())


# --- 2. reading the interview ---------------------------------------------------------------

@dataclass
class Block:
    """A paragraph (lines between blank lines) or one of its parts, classified."""
    lines: list[str]
    kind: str = "text"  # text, question, separator, stop, skip, follow, reading, links, date
    question: str = ""
    strong: bool = False  # marked by markup (heading, bold, "Q:") rather than by a final "?"
    links: list[tuple[str, str]] = field(default_factory=list)
    head: str = ""  # a question's line as written

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUESTION_PREFIX = re.compile(r"^(?:Q|Q\.|Question|Questions?\s*\d+)\s*[:.\-–—]\s*(?=\S)", re.IGNORECASE)
_ANSWER_PREFIX = re.compile(r"^(?:[*_]{1,2})?(?:R|A|Rép\.?|Réponse|Reponse|Answer)\s*[:.\-–—](?:[*_]{1,2})?\s+", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:[-—–_*=~•·#]\s*){3,}$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»”\"']", re.IGNORECASE)
_HANDLE = re.compile(r"^@[A-Za-z0-9_.\-]+(?:@[A-Za-z0-9_.\-]+)?$")

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
    r"recommended reading|to read|see also|voir aussi)\s*:?$", re.IGNORECASE)
_FOLLOW = re.compile(  # "Pour suivre Jean-Luc Sanscartier :", "Follow Priya: [GitHub](…)"
    r"^(?:pour (?:suivre|joindre|contacter|retrouver)|suivre|suivez|retrouvez|où (?:suivre|trouver)|"
    r"follow|find|connect with|where to find|get in touch with|contact)\b.{0,80}?:\s*", re.IGNORECASE)
_FOLLOW_BARE = re.compile(  # a heading "Pour suivre Karim", "Follow Priya Shah" (a name follows)
    r"^(?i:pour suivre|suivre|suivez|retrouvez|follow|find|connect with)\s+(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:\s+|$)){1,4}$")
# "**Comment as-tu commencé ?** J’ai commencé…": a bold question and its answer in one paragraph
_BOLD_LEAD = re.compile(r"^(\*\*|__)([^*_]{3,300}?\?)\s*\1\s*(\S.*)$")
_NUMBERED = re.compile(r"^\d{1,2}\s*[.)–-]\s+")

_MONTHS = {name: number for number, names in enumerate((
    ("janvier", "january", "jan"), ("février", "fevrier", "february", "feb"), ("mars", "march", "mar"),
    ("avril", "april", "apr"), ("mai", "may"), ("juin", "june", "jun"), ("juillet", "july", "jul"),
    ("août", "aout", "august", "aug"), ("septembre", "september", "sept", "sep"), ("octobre", "october", "oct"),
    ("novembre", "november", "nov"), ("décembre", "decembre", "december", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (rf"(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<d1>\d{{1,2}})(?:er)?\s+(?P<m1>{_MONTH})\.?\s+(?P<y1>\d{{4}})"
         rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))")
_DATE_LINE = re.compile(  # a line that only gives the date: "Publié le 3 mars 2012", "Posted on July 12, 2021 by…"
    r"^(?:(?:publié|posted|published|mis en ligne|écrit|written)\s+(?:le|on)?\s*|date\s*:\s*|le\s+|on\s+)?"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    + _DATE + r"(?:\s+(?:par|by|—|–|-|\|)\s+.{1,60})?\.?$", re.IGNORECASE)
_DATE_ANYWHERE = re.compile(r"\b" + _DATE + r"\b", re.IGNORECASE)

# Networks whose handles the model turns into profile URLs, and labels for bare URLs.
_DOMAINS = {"linkedin.com": "LinkedIn", "twitter.com": "Twitter", "x.com": "Twitter", "facebook.com": "Facebook",
            "instagram.com": "Instagram", "github.com": "GitHub", "youtube.com": "YouTube", "tiktok.com": "TikTok",
            "threads.net": "Threads", "bsky.app": "Bluesky", "medium.com": "Medium", "flickr.com": "Flickr",
            "pinterest.com": "Pinterest", "vimeo.com": "Vimeo", "twitch.tv": "Twitch"}
_LINK_LABEL = re.compile(r"^(?:[-*+•]\s+)?(?:\*\*|__)?(?P<label>[^\W\d][\w .'’/-]{0,29}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S+)\s*$")


def _unmark(text: str) -> str:
    """Text without the emphasis markers wrapped around it and without Markdown escapes."""
    text = text.strip()
    while (match := re.fullmatch(r"(\*{1,3}|_{1,3})(.+?)\1", text, re.DOTALL)) is not None:
        text = match[2].strip()
    text = re.sub(r"(?<!\\)(\*\*|__)", "", text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1", text).strip()


def _bold_only(line: str) -> bool:
    """A line made of bold text only ("**Question ?**", "**Comment** **as-tu…**")."""
    stripped = line.strip().rstrip("\\").strip()
    if not re.search(r"(\*\*|__)\S", stripped):
        return False
    rest = re.sub(r"(\*\*|__)(.+?)\1", "", stripped)
    return not rest.strip(" \t:*_")


def question_of(line: str, first: bool) -> tuple[str, bool] | None:
    """(question text, strong?) when `line` reads like a question, else None. `first`: the
    line starts its paragraph (a question marked only by its "?" must)."""
    line = line.strip().rstrip("\\").strip()
    if match := _HEADING.match(line):
        text = _unmark(match[2])
        return (_strip_question_prefix(text), True) if text else None
    if _bold_only(line):
        text = _unmark(line)
        return (_strip_question_prefix(text), True) if text and len(text) <= MAX_QUESTION * 2 else None
    unmarked = _unmark(line)
    if _QUESTION_PREFIX.match(unmarked) and not _QUESTION_PREFIX.fullmatch(unmarked):
        return _strip_question_prefix(unmarked), True
    numbered = _NUMBERED.match(unmarked)  # "3. Quel est ton outil préféré ?"
    text = unmarked[numbered.end():] if numbered else unmarked
    if first and text.endswith(("?", "? »", "?»", "?”", "?\"", "?)")) and len(text) <= MAX_QUESTION \
            and not (_LIST_ITEM.match(line) and not numbered) and not line.startswith(">") and not text[:1].islower():
        emphasised = re.fullmatch(r"([*_]{1,3}).+\1", line) is not None  # a question in italics
        return text, emphasised
    return None


def _strip_question_prefix(text: str) -> str:
    return _QUESTION_PREFIX.sub("", text, count=1).strip()


def _question_text(question: str) -> str:
    """A question is shown as plain text: links keep their text; one line of plain spaces, but
    the no-break spaces of French punctuation (« », ? ! : ;) are kept."""
    question = _MD_LINK.sub(lambda m: m[1], question)
    question = re.sub(r"(?<!«)\xa0(?![?!:;»])", " ", question)
    return re.sub(r"[ \t\n]+", " ", question).strip()


def link_of(line: str) -> tuple[str, str] | None:
    """(label, URL or @handle) for a "follow" line: "LinkedIn: https://…", "Twitter : @jeanlucs",
    "- [Site](https://…)", or a bare URL."""
    line = line.strip()
    bare = _LIST_ITEM.sub("", line).strip().strip("<>")
    if (md := _MD_LINK.fullmatch(bare)) and md[2].lower().startswith(("http", "mailto:")):
        text = _unmark(md[1])
        return (text if text and not _URL.match(text) and not text.startswith("@") else _label_of(md[2])), md[2]
    if _URL.fullmatch(bare):
        return _label_of(bare), _with_scheme(bare)
    match = _LINK_LABEL.match(line)
    if not match:
        return None
    value = match["value"].strip("<>*_")
    if (md := _MD_LINK.fullmatch(value)) and md[2].lower().startswith(("http", "mailto:")):
        value = md[2]
    if _URL.fullmatch(value) or _HANDLE.match(value) or value.lower().startswith("mailto:"):
        return match["label"].strip(), _with_scheme(value)
    return None


def _with_scheme(value: str) -> str:
    return "https://" + value if value.lower().startswith("www.") else value


def _label_of(url: str) -> str:
    host = (urlsplit(_with_scheme(url)).hostname or "").removeprefix("www.")
    for domain, label in _DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return label
    return "Courriel" if url.lower().startswith("mailto:") else "Site"


def _inline_links(text: str) -> list[tuple[str, str]]:
    """Links written inside a sentence: "Pour suivre X : [LinkedIn](…) | [Twitter](…)"."""
    found = [(_unmark(text) if text and not _URL.match(text) else _label_of(url), url)
             for text, url in _MD_LINK.findall(text) if url.lower().startswith(("http", "mailto:"))]
    rest = _MD_LINK.sub(" ", text)
    found += [(_label_of(url), _with_scheme(url)) for url in _URL.findall(rest)]
    found += [(label, handle) for label, handle in re.findall(r"\b(Twitter|X|Instagram|Threads|TikTok|GitHub|Bluesky|Mastodon)\s*:?\s*(@[\w.\-]+(?:@[\w.\-]+)?)", rest)]
    return found


def split_blocks(markdown: str) -> list[Block]:
    """Paragraphs, cut again where a line inside one starts a question (a "Q:" line or a
    heading right under an answer line)."""
    blocks: list[Block] = []
    lines: list[str] = []
    for line in markdown.split("\n") + [""]:
        line = line.rstrip()
        if line.strip():
            lines.append(line)
            continue
        start = 0
        for index in range(1, len(lines)):
            if question_of(lines[index], first=False):
                blocks.append(Block(lines[start:index]))
                start = index
        if lines:
            blocks.append(Block(lines[start:]))
        lines = []
    return blocks


def classify(block: Block) -> Block:
    first = block.lines[0].strip()
    plain = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", _unmark(_HEADING.sub(r"\2", first))).strip()
    if _SEPARATOR.match(first) and len(block.lines) == 1:
        block.kind = "separator"
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
    elif len(block.lines) == 1 and _DATE_LINE.match(plain):
        block.kind = "date"
    elif lead := _BOLD_LEAD.match(first):
        block.kind, block.question, block.strong = "question", _strip_question_prefix(_unmark(lead[2])), True
        block.head, block.lines = first, [lead[3], *block.lines[1:]]
    elif found := question_of(block.lines[0], first=True):
        block.kind, (block.question, block.strong) = "question", found
        block.head, block.lines = block.lines[0], block.lines[1:]
    return block


def _follow_links(line: str) -> list[tuple[str, str]] | None:
    """The links of a "Pour suivre X :" / "Follow X:" line (maybe none yet: they may be on the
    next lines), or None when the line is not one (text after the colon is not only links)."""
    if _FOLLOW_BARE.match(line):
        return []
    match = _FOLLOW.match(line)
    if not match or len(line) > 200 or line.endswith("?"):
        return None
    rest = line[match.end():]
    found = _inline_links(rest)
    leftover = _URL.sub(" ", _MD_LINK.sub(" ", rest))
    leftover = re.sub(r"@[\w.\-]+|\b(?:et|and|ou|or|sur|on|Twitter|X|Instagram|Threads|TikTok|GitHub|Bluesky|Mastodon)\b|[\s|,·•/–—:-]",
                      "", leftover)
    return found if not leftover else None


def _absorb_sections(blocks: list[Block]) -> None:
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
            elif section in ("reading", "skip") and not _reading_like(block):
                section = None
            else:
                if block.kind == "question":  # put the question line back
                    block.lines = [block.head, *block.lines]
                block.kind = section + "-item"
        else:
            section = None


def _date_of(line: str, anywhere: bool = False) -> date | None:
    match = (_DATE_ANYWHERE.search if anywhere else _DATE_LINE.match)(_unmark(line))
    if not match:
        return None
    try:
        if match["iso"]:
            return date.fromisoformat(match["iso"])
        if match["d1"]:
            return date(int(match["y1"]), _MONTHS[match["m1"].lower()], int(match["d1"]))
        return date(int(match["y2"]), _MONTHS[match["m2"].lower()], int(match["d2"]))
    except ValueError:
        return None


def _title_block(blocks: list[Block], article: Article) -> str | None:
    """The article's title: given by the source, else a first `# ` heading, else (plain text)
    a short first line without final punctuation. The block is removed."""
    if not blocks:
        return article.title
    first = blocks[0].lines[0].strip()
    heading = _HEADING.match(first)
    if heading and len(heading[1]) == 1:
        blocks[0].lines = blocks[0].lines[1:]
        if not blocks[0].lines:
            blocks.pop(0)
        return article.title or _unmark(heading[2])
    if article.title is None and article.kind in ("text", "markdown") and len(blocks[0].lines) == 1 and len(first) <= 150 \
            and not re.search(r"[.!?…:;]$", first) and not _SEPARATOR.match(first):
        blocks.pop(0)
        return first
    return article.title


def parse_article(article: Article, *, name: str | None = None, fallback_name: str = "", today: date | None = None) -> Imported:
    blocks = split_blocks(article.markdown)
    title = _title_block(blocks, article)
    blocks = [classify(block) for block in blocks]
    first_q = _first(blocks, lambda i, b: b.kind == "question")
    blocks = blocks[:_first(blocks, lambda i, b: b.kind == "stop" and i > first_q)]  # comments, footers
    _absorb_sections(blocks)
    # The interview ends at the first header of the page's tail ("Pour suivre…", "Lecture",
    # "Autres portraits…"), or, after its last question, at a separator or a block of links.
    end = _first(blocks, lambda i, b: b.kind in ("follow", "reading", "skip") and i > first_q)
    _keep_strong_questions(blocks[:end])
    last_q = max((i for i, b in enumerate(blocks[:end]) if b.kind == "question"), default=-1)
    notes = list(article.notes)
    published = article.published
    intro: list[str] = []
    items: list[dict[str, Any]] = []
    answers: list[list[Block]] = []
    links: dict[str, str] = {}
    reading: list[dict[str, str]] = []
    left_out: list[str] = []
    state = "intro"
    for index, block in enumerate(blocks):
        kind = block.kind
        if state == "intro" and kind != "question":
            if kind == "date":
                published = published or _date_of(block.text)
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
                     f"from '{_short(left_out[0].splitlines()[0])}'")
    interview = [dict(item, answer=_answer_text(blocks_)) for item, blocks_ in zip(items, answers)]
    interview = _drop_section_headings(interview, notes)
    _notes_on_interview(interview, notes)
    person, name_from = _name(name, title, fallback_name)
    if name_from == "file name":
        notes.insert(0, f"name guessed from the file name: '{person}'; give it with --name")
    data: dict[str, Any] = {"name": person, "published": published or today or date.today(), "draft": True}
    language = guess_language(" ".join([*intro, *(i["question"] + " " + i["answer"] for i in interview)]))
    if language:
        data["language"] = language
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
    return Imported(data, name_from, published is not None, notes)


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


def _answer_text(blocks: list[Block]) -> str:
    paragraphs = [block.text for block in blocks]
    if paragraphs:
        paragraphs[0] = _ANSWER_PREFIX.sub("", paragraphs[0].lstrip(), count=1)
    return _markdown_text(paragraphs)


# A list right under a line of text: Python-Markdown (the site's) needs a blank line before it.
_LIST_AFTER_TEXT = re.compile(r"^(?![ \t]|[-*+]\s|\d+[.)]\s)(.+)\n(?=(?:[-*+]|\d+[.)])\s)", re.MULTILINE)


def _markdown_text(paragraphs: list[str]) -> str:
    return clean(_LIST_AFTER_TEXT.sub(r"\1\n\n", "\n\n".join(p for p in paragraphs if p.strip())))


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


_CAPTION = re.compile(r"^[^\n]{3,140}$")


def _notes_on_interview(interview: list[dict[str, Any]], notes: list[str]) -> None:
    seen: set[str] = set()
    for number, item in enumerate(interview, start=1):
        question, answer = item["question"], item["answer"]
        if len(question) > LONG_QUESTION:
            notes.append(f"question {number} is long ({len(question)} characters): is part of it the answer? "
                         f"'{question[:60]}…'")
        if not answer:
            notes.append(f"question {number} has no answer: '{_short(question)}'")
        if question.casefold() in seen:
            notes.append(f"question {number} appears twice: '{_short(question)}'")
        seen.add(question.casefold())
        paragraphs = answer.split("\n\n")
        last = paragraphs[-1] if len(paragraphs) > 1 else ""
        # A short line without final punctuation after an answer is usually a photo caption:
        # it is kept (it is the writer's text) but pointed out.
        if number < len(interview) and _CAPTION.match(last) and not re.search(r"[.!?…:;»”)\]]$", last) \
                and not _LIST_ITEM.match(last) and not last.startswith(("#", ">", "|")):
            notes.append(f"the answer to question {number} ends with a line that looks like a photo caption: "
                         f"'{_short(last)}'; make it an image item (`- image: {{src, alt, caption}}`) or delete it")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _add_links(links: dict[str, str], found: list[tuple[str, str]], notes: list[str]) -> None:
    """Links the model accepts (a URL, or a handle of a network it knows); others are noted."""
    for label, value in found:
        label = label.strip().rstrip(":").strip() or _label_of(value)
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


def _reading_like(block: Block) -> bool:
    """More items of a reading list: short lines, or list items."""
    return all(len(line) <= 250 for line in block.lines) and (
        len(block.lines) > 1 or _LIST_ITEM.match(block.lines[0]) or _MD_LINK.search(block.lines[0])
        or len(block.lines[0]) <= 150)


def _reading_items(lines: list[str]) -> list[dict[str, str]]:
    items = []
    for line in lines:
        text = _LIST_ITEM.sub("", line.strip()).strip()
        if not text:
            continue
        url = None
        if match := _MD_LINK.search(text):
            url = match[2]
            text = _MD_LINK.sub(lambda m: m[1], text)
        elif match := _URL.search(text):
            url = _with_scheme(match[0])
            text = (text[:match.start()] + text[match.end():]).strip(" \t-–—:|()<>")
        title = _unmark(text).strip(" \t-–—:|") or url
        if title:
            item = {"title": title}
            if url and url.lower().startswith(("http://", "https://", "mailto:")):
                item["url"] = url
            items.append(item)
    return items


# --- the person's name and the language --------------------------------------------------------

_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*|d['’][A-ZÀ-Ö]\w*|de|du|des|da|di|van|von|der|den|le|la|ben|bin|al|el|y)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,4}}$")
_LEADS = re.compile(
    r"^(?:portrait|entrevue|entretien|interview|rencontre|questions?|5 questions|dix questions|\d+ questions|meet|"
    r"q&a|q & a|conversation)(?:\s+(?:de|d['’]|du|avec|with|à|a|to))?\s+|^(?:meet|rencontre avec|entrevue avec|interview with|"
    r"a conversation with|conversation avec|questions? (?:à|pour|to))\s+", re.IGNORECASE)


def name_from_title(title: str) -> str | None:
    """"Portrait de gestionnaire de communauté : Jean-Luc Sanscartier" → "Jean-Luc Sanscartier"."""
    parts = [p.strip(" \t\"“”«»'") for p in re.split(r"\s*[:|]\s+|\s+[–—-]\s+|,\s+", title) if p.strip()]
    for part in reversed(parts):  # the name usually comes last
        part = _LEADS.sub("", part).strip()
        if _NAME.match(part) and not _NAME_STOP.search(part):
            return part
    if match := re.search(rf"\b(?:avec|with|à|Meet|Rencontre)\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})", title):
        return match[1]
    return None


_NAME_STOP = re.compile(r"\b(?:Portrait|Interview|Entrevue|Questions?|Community|Manager|Gestionnaire|Social|Media)\b", re.IGNORECASE)


def _name(option: str | None, title: str | None, fallback: str) -> tuple[str, str]:
    if option and option.strip():
        return option.strip(), "option"
    if title and (found := name_from_title(title)):
        return found, "title"
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
