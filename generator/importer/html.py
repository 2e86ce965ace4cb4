"""Reader for HTML pages (and the HTML that the WXR, DOCX and ODT readers produce): keep the
post's content, drop the site's chrome (menus, sharing, comments, footers), convert to Markdown
with markdownify."""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup, Comment
from markdownify import MarkdownConverter

from .article import Article
from .dates import as_date, date_of

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
# "Title | Blog name", "Title – Site", "Title - Uses This": the site's name after the last separator
_SITE_SUFFIX = re.compile(r"\s+(?:[|–—·»]|-{1,2}|::)\s+[^|–—·»]{1,60}$")


class _Converter(MarkdownConverter):
    """markdownify with the choices this project's Markdown expects: ATX headings, '-' bullets,
    images reduced to their file name (they cannot be fetched: the parser notes them instead)."""

    def __init__(self, **options):
        super().__init__(heading_style="ATX", bullets="-", newline_style="BACKSLASH", **options)

    def convert_img(self, el, text, parent_tags):
        """An image becomes its file name on a line of its own, so the parser can recognise it
        (and its caption next to it) and keep both out of the text."""
        name = (el.get("src") or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        return f"\n\n{name}\n\n" if re.fullmatch(r"[\w.%+-]+\.(?i:jpe?g|png|gif|webp|avif|heic|tiff?|bmp)", name) else ""

    def convert_figcaption(self, el, text, parent_tags):
        """A figure's caption: marked so that the parser keeps it out of the text (and may read a name in it)."""
        text = " ".join(text.split())
        return f"\n\nPhoto : {text}\n\n" if text else ""

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


def html_article(html: bytes | str, title: str | None = None, published: date | None = None,
                 kind: str = "html", notes: tuple[str, ...] = ()) -> Article:
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
    if images:
        notes += (f"{images} image(s) left out: add the ones you want as interview images (`- image: {{src, alt}}`)",)
    markdown = _Converter().convert_soup(root)
    markdown = re.sub(r"\\$", "", markdown, flags=re.MULTILINE)  # hard line breaks become plain ones
    return Article(title, published, markdown, kind, notes)


def _is_chrome(element) -> bool:
    names = " ".join([*element.get("class", []), element.get("id") or ""]) if element.attrs else ""
    return bool(names and _CHROME.search(names))


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def strip_site_name(title: str, site: str | None = None) -> str:
    """"An interview with X - Uses This" → "An interview with X": the page title's last part
    is the site's name when the page says so (og:site_name) or when it follows a separator."""
    title = " ".join(title.split())
    if site and (site := " ".join(site.split())) and title.casefold().endswith(site.casefold()) and len(title) > len(site):
        return re.sub(r"[\s|–—·:»-]+$", "", title[: -len(site)]) or title
    return _SITE_SUFFIX.sub("", title) or title


def _html_title(soup: BeautifulSoup) -> str | None:
    """The post's title: its heading, else the title given to social networks, else the page's
    (without the site's name)."""
    for selector in (".entry-title", ".post-title", "article h1"):
        if (found := soup.select_one(selector)) and found.get_text(strip=True):
            return " ".join(found.get_text().split())
    meta = soup.find("meta", attrs={"property": "og:title"})
    site = soup.find("meta", attrs={"property": "og:site_name"})
    site_name = site.get("content") if site else None
    h1 = soup.find("h1")
    page = " ".join(soup.title.string.split()).casefold() if soup.title and soup.title.string else ""
    if h1 and page and page != _plain(h1.get_text()) and page.endswith(_plain(h1.get_text())):
        h1 = None  # the site's logo ("Uses This"), which the page title names last
    for text, page_title in ((meta.get("content") if meta else None, True), (h1.get_text() if h1 else None, False),
                             (soup.title.string if soup.title else None, True)):
        if text and text.strip():
            return strip_site_name(text, site_name) if page_title else " ".join(text.split())
    return None


def _html_date(soup: BeautifulSoup) -> date | None:
    meta = soup.find("meta", attrs={"property": "article:published_time"}) or \
        soup.find("meta", attrs={"itemprop": "datePublished"})
    if meta and (found := as_date(meta.get("content"))):
        return found
    time = soup.find("time", attrs={"datetime": True})
    if time and (found := as_date(time["datetime"])):
        return found
    for element in soup.find_all(class_=re.compile(r"date|byline|meta|posted", re.IGNORECASE)):
        if found := date_of(element.get_text(" ", strip=True)[:200], anywhere=True):
            return found
    return None
