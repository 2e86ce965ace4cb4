"""The site's map: every URL and output path the site has, in one place.

URLs are site paths without a leading slash, ending in "/" for a page (MkDocs' directory
URLs: the page at "portraits/zoe/" is written to "portraits/zoe/index.html"). The page's
source path (what an engine reads, or `portraits render` writes) is its `src_uri`. Pure
functions of names; nothing here reads a file or knows an engine."""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath
from urllib.parse import unquote

HOME = ""
PORTRAITS = "portraits/"  # portrait pages, and the media of the portraits folder beneath them
QUESTIONS = "questions/"
OVERVIEW = "overview/"
SEARCH = "search/"
FEED = "feed.xml"
STYLESHEET = "assets/portraits.css"
SCRIPT = "assets/portraits.js"
FONTS = ("assets/fonts/source-serif-4-400.woff2", "assets/fonts/source-serif-4-700.woff2")  # see portraits.css
SEARCH_BUNDLE = "pagefind/"  # the first search index; a large series has "pagefind-2/"…
COMMENTS_STYLESHEET = "assets/comments.css"  # only on a site with comments
COMMENTS_SCRIPT = "assets/comments.js"

# Sections of the navigation the site generates, in order (their index pages' sources).
NAV_SECTIONS = ("search/index.md", "questions/index.md", "organizations/index.md", "tools/index.md",
                "platforms/index.md", "tags/index.md", "overview/index.md")


# --- pages ---------------------------------------------------------------------------------

def portrait_url(slug: str) -> str:
    return f"{PORTRAITS}{slug}/"


def portrait_slug(url: str) -> str:
    """The slug in a portrait's URL (the inverse of `portrait_url`)."""
    return url[len(PORTRAITS):].split("/", 1)[0]


def portrait_src(slug: str) -> str:
    """A portrait page's source: "portraits/<slug>.md" (its URL is still "portraits/<slug>/")."""
    return f"{PORTRAITS}{slug}.md"


def answer_url(slug: str, anchor: str | None) -> str:
    """An answer in its portrait's page (the portrait itself without an anchor)."""
    return portrait_url(slug) + (f"#{anchor}" if anchor else "")


def question_url(question_id: str) -> str:
    return f"{QUESTIONS}{question_id}/"


def kind_url(kind: str) -> str:
    """The list of every entity of a kind: "organizations/", "tools/", "platforms/", "tags/"."""
    return f"{kind}/"


def entity_url(kind: str, slug: str) -> str:
    return f"{kind_url(kind)}{slug}/"


def letter_id(letter: str) -> str:
    """The A–Z letter in URLs and anchors ("#" → "other")."""
    return "other" if letter == "#" else letter.lower()


def az_url(letter: str) -> str:
    """The A–Z page of one letter (a large series; a small one has the index on the home page)."""
    return f"az/{letter_id(letter)}/"


def numbered_url(base: str, number: int) -> str:
    """Page `number` of a list whose first page is at `base` (home, question, entity)."""
    return base if number == 1 else f"{base}page/{number}/"


def src_of(url: str) -> str:
    """The source of a generated page other than a portrait: "<url>index.md"."""
    return f"{url}index.md"


def comment_thread(url: str) -> str:
    """The comment thread of the page at `url`: its path on the site ('/portraits/zoe/'),
    never its domain, so the threads stay when the site moves to another domain."""
    return "/" + url


def redirect_file(alias: str) -> str:
    """The output path of the redirect page from an old address (a portrait's `aliases`):
    '/2012/02/nadia/' → '2012/02/nadia/index.html'; '/old/page.html' stays a file.
    Percent-escapes are decoded, as a web server decodes them before looking for the file."""
    path = unquote(alias).strip("/")
    return path if path.lower().endswith((".html", ".htm")) else f"{path}/index.html"


def redirect_base(alias: str) -> str:
    """The directory URL the redirect page of `alias` is read from (for relative links)."""
    page = redirect_file(alias)
    return page.rsplit("/", 1)[0] + "/" if "/" in page else ""


# --- media ---------------------------------------------------------------------------------

def media_uri(portrait_file: str, src: str) -> str:
    """A media path relative to the portraits folder, from one relative to the portrait file
    (`portrait_file`, itself relative to the portraits folder)."""
    return posixpath.normpath(str(PurePosixPath(portrait_file).parent / src))


def media_url(uri: str) -> str:
    """Where a file of the portraits folder (a photo, a thumbnail) is published."""
    return PORTRAITS + uri


def thumbnail_uri(uri: str, width: int) -> str:
    """'_media/zoe.jpg' → '_thumbs/_media/zoe-360.jpg' (inside the portraits URL space)."""
    stem, dot, suffix = uri.rpartition(".")
    return f"_thumbs/{stem}-{width}.{suffix if suffix.lower() in ('png', 'gif', 'webp') else 'jpg'}"


def template_file(asset: str) -> str:
    """Where an asset of the site is found in a templates folder: "assets/portraits.css" →
    "portraits.css", "assets/fonts/x.woff2" → "fonts/x.woff2"."""
    return asset.removeprefix("assets/")


def search_bundle(number: int) -> str:
    """The site path of search index `number` (1, 2…): "pagefind/", "pagefind-2/"…"""
    return SEARCH_BUNDLE if number == 1 else f"pagefind-{number}/"


def search_bundles(portraits: int, per_index: int, merged: bool = True) -> tuple[str, ...]:
    """Site paths of the search bundles for `portraits` portraits: one, the batches' indexes
    merged into it (`search_merge`); or, with a Pagefind whose files that merge does not know
    (`merged` false), one per `per_index` portraits, merged in the browser by `mergeIndex`."""
    if merged:
        return (SEARCH_BUNDLE,)
    return tuple(search_bundle(n) for n in range(1, max(1, -(-portraits // max(1, per_index))) + 1))


# --- links ---------------------------------------------------------------------------------

def relative_url(target: str, base: str) -> str:
    """Link from the page at directory URL `base` to the site path `target` ('' is the home)."""
    return "../" * base.count("/") + target or "./"


def absolute_url(site_url: str, target: str) -> str | None:
    """`target` under the site's base URL; None when the base URL is unknown."""
    return site_url.rstrip("/") + "/" + target if site_url else None
