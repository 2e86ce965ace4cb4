"""Step 4, render: the catalogue → generated Markdown pages, through Jinja2 templates.

Pages are returned, not written: the MkDocs adapter hands them over as virtual files and
`portraits render` writes them out. Writer text reaches a page only escaped (Jinja autoescape)
or sanitised (`markup.markdown_to_html`)."""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup, escape

from .i18n import Locale, load_locale
from .link import Catalogue
from .markup import markdown_to_html, plain_text
from .model import Answer, InterviewImage, Portrait
from .problems import Problem

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout: templates/ beside the package
    BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"

PER_PAGE = 24


@dataclass(frozen=True)
class Page:
    src_uri: str  # e.g. "portraits/zoe-lefebvre.md"
    url: str  # directory URL, e.g. "portraits/zoe-lefebvre/"
    content: str  # Markdown with sanitised HTML blocks


@dataclass(frozen=True)
class Rendered:
    pages: tuple[Page, ...]
    media: tuple[str, ...]  # files used by the pages, relative to the portraits folder


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def md_text(value: object) -> Markup:
    """One line of writer text inside Markdown (a heading): HTML-escaped, Markdown-escaped."""
    text = " ".join(str(value).split())
    escaped = html.escape(text, quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def meta_value(value: object) -> Markup:
    """A value for the page's YAML front matter. Themes print meta values without escaping
    (Material does), so the value is HTML-escaped here, then quoted as JSON (valid YAML)."""
    return Markup(json.dumps(html.escape(" ".join(str(value).split()))))


def relative_url(target: str, base: str) -> str:
    """Relative link between two directory URLs ('' is the home page)."""
    target_dir, _, filename = target.rpartition("/") if not target.endswith("/") else (target.rstrip("/"), "", "")
    path = posixpath.relpath(target_dir or ".", base.rstrip("/") or ".")
    if filename:
        return ("" if path == "." else path + "/") + filename
    return "./" if path == "." else path + "/"


def portrait_url(slug: str) -> str:
    return f"portraits/{slug}/"


def media_uri(portrait: Portrait, src: str) -> str:
    """A media path relative to the portraits folder, from one relative to the portrait file."""
    return posixpath.normpath(str(PurePosixPath(portrait.file).parent / src))


def make_environment(template_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([*map(str, template_dirs), str(BUILTIN_TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["md_text"] = md_text
    env.filters["meta"] = meta_value
    # A Markdown heading anchor, "{#id}"; written through a function because "{#" opens a Jinja comment.
    env.globals["anchor"] = lambda name: Markup("{#%s}") % name
    return env


def render_site(catalogue: Catalogue, *, template_dirs: tuple[Path, ...] = (), site_name: str = "",
                problems: tuple[Problem, ...] = (), per_page: int = PER_PAGE) -> Rendered:
    env = make_environment(template_dirs)
    locale = load_locale(catalogue.language, tuple(d / "locales" for d in template_dirs))
    media: set[str] = set()
    pages = [render_portrait(env, catalogue, portrait, locale, media) for portrait in catalogue.portraits]
    pages += render_home(env, catalogue, locale, site_name, problems, per_page)
    return Rendered(tuple(pages), tuple(sorted(media)))


def _common(catalogue: Catalogue, locale: Locale, page_url: str) -> dict:
    def url(target: str) -> str:
        return relative_url(target, page_url)

    def media_url(portrait: Portrait, src: str) -> str:
        return url("portraits/" + media_uri(portrait, src))

    return {
        "catalogue": catalogue,
        "locale": locale,
        "t": locale.label,
        "format_date": locale.date,
        "format_month": locale.year_month,
        "url": url,
        "media_url": media_url,
        "portrait_url": lambda p: url(portrait_url(p.slug)),
        "summary": plain_text,
    }


def render_portrait(env: jinja2.Environment, catalogue: Catalogue, portrait: Portrait, locale: Locale,
                    media: set[str]) -> Page:
    page_url = portrait_url(portrait.slug)
    context = _common(catalogue, locale, page_url)

    def resolve(src: str) -> str | None:
        # An image in an answer is kept only when it is a media file of the portraits folder.
        uri = media_uri(portrait, src)
        if uri not in catalogue.media_files:
            return None
        media.add(uri)
        return context["url"]("portraits/" + uri)

    media.update(media_uri(portrait, src) for src in portrait.media)

    interview = []
    anchors = catalogue.anchors[portrait.slug]
    for item, anchor in zip(portrait.interview, anchors):
        if isinstance(item, Answer):
            interview.append({"kind": "answer", "question": item.question, "anchor": anchor, "id": item.id,
                              "html": markdown_to_html(item.answer, resolve)})
        elif isinstance(item, InterviewImage):
            interview.append({"kind": "image", "image": item.image})
    older, newer = catalogue.neighbours(portrait.slug)
    related = [catalogue.by_slug[slug] for slug in catalogue.related.get(portrait.slug, ())]
    content = env.get_template("portrait.md.j2").render(
        **context,
        p=portrait,
        intro_html=markdown_to_html(portrait.intro, resolve),
        interview=interview,
        older=older,
        newer=newer,
        related=related,
        is_scheduled=catalogue.is_scheduled(portrait),
        foreign=portrait.language != catalogue.language,
    )
    return Page(f"portraits/{portrait.slug}.md", page_url, content)


def render_home(env: jinja2.Environment, catalogue: Catalogue, locale: Locale, site_name: str,
                problems: tuple[Problem, ...], per_page: int) -> list[Page]:
    """The home page (newest cards and the A–Z index) and older cards on /page/N/."""
    portraits = catalogue.portraits
    count = max(1, -(-len(portraits) // per_page))
    pages = []
    for number in range(1, count + 1):
        page_url = "" if number == 1 else f"page/{number}/"
        src_uri = "index.md" if number == 1 else f"page/{number}.md"
        context = _common(catalogue, locale, page_url)
        pager = {
            "number": number,
            "count": count,
            "newer": None if number == 1 else ("" if number == 2 else f"page/{number - 1}/"),
            "older": f"page/{number + 1}/" if number < count else None,
            "urls": ["" if n == 1 else f"page/{n}/" for n in range(1, count + 1)],
        }
        content = env.get_template("home.md.j2").render(
            **context,
            site_name=site_name or locale.label("home_title"),
            cards=portraits[(number - 1) * per_page: number * per_page],
            pager=pager,
            first_page=number == 1,
            problems=problems if number == 1 else (),
        )
        pages.append(Page(src_uri, page_url, content))
    return pages
