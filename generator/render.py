"""Step 4, render: the catalogue → generated Markdown pages, through Jinja2 templates.

Pages are returned, not written: the MkDocs adapter hands them over as virtual files and
`portraits render` writes them out. Writer text reaches a page only escaped (Jinja autoescape)
or sanitised (`markup.markdown_to_html`)."""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Sequence

import jinja2
from markupsafe import Markup, escape

from .charts import bar_chart, column_chart
from .i18n import Locale, load_locale
from .link import Catalogue
from .markup import Linker, markdown_to_html, plain_text
from .model import Answer, InterviewImage, Portrait
from .names import Matcher, fold
from .problems import Problem
from .registry import KINDS

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout: templates/ beside the package
    BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"

PER_PAGE = 24  # cards on the home page and each older page
ANSWERS_PER_PAGE = 20  # answers on a question page
REFERENCES_PER_PAGE = 50  # portraits on an entity page


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


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of a list whose first page is at `base`."""

    number: int
    count: int
    base: str

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def newer(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    def window(self) -> list[int | None]:
        """Page numbers to show: first, last and two either side; None marks a gap. Bounded,
        so no page grows with the number of pages."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        result: list[int | None] = []
        for n in shown:
            if result and n - (result[-1] or 0) > 1:
                result.append(None)
            result.append(n)
        return result


def paginate(items: Sequence, per_page: int, base: str) -> list[tuple[Pager, Sequence]]:
    count = max(1, -(-len(items) // per_page))
    return [(Pager(n, count, base), items[(n - 1) * per_page: n * per_page]) for n in range(1, count + 1)]


def render_site(catalogue: Catalogue, *, template_dirs: tuple[Path, ...] = (), site_name: str = "",
                problems: tuple[Problem, ...] = (), per_page: int = PER_PAGE) -> Rendered:
    renderer = _Renderer(catalogue, make_environment(template_dirs),
                         load_locale(catalogue.language, tuple(d / "locales" for d in template_dirs)))
    pages = [renderer.portrait(portrait) for portrait in catalogue.portraits]
    pages += renderer.home(site_name, problems, per_page)
    pages += renderer.questions()
    for kind in catalogue.entities:
        pages += renderer.entities(kind)
    if catalogue.portraits:
        pages.append(renderer.overview())
    return Rendered(tuple(pages), tuple(sorted(renderer.media)))


class _Renderer:
    """Renders every page kind. Converted answers are cached per page depth, so an answer shown
    on its portrait and on its question page is converted once."""

    def __init__(self, catalogue: Catalogue, env: jinja2.Environment, locale: Locale):
        self.catalogue, self.env, self.locale = catalogue, env, locale
        self.media: set[str] = set()
        self.matcher = Matcher(catalogue.mention_targets)
        self._html: dict[tuple[str, int | None, int], Markup] = {}

    def page(self, template: str, src_uri: str, url: str, **values) -> Page:
        content = self.env.get_template(template).render(**self.context(url), **values)
        return Page(src_uri, url, content)

    def context(self, page_url: str) -> dict:
        catalogue, locale = self.catalogue, self.locale

        def url(target: str) -> str:
            return relative_url(target, page_url)

        return {
            "catalogue": catalogue,
            "locale": locale,
            "t": locale.label,
            "format_date": locale.date,
            "format_month": locale.year_month,
            "url": url,
            "media_url": lambda portrait, src: url("portraits/" + media_uri(portrait, src)),
            "portrait_url": lambda p: url(portrait_url(p.slug)),
            "answer_url": lambda slug, anchor: url(portrait_url(slug)) + (f"#{anchor}" if anchor else ""),
            "kind_url": lambda kind: url(f"{kind}/"),
            "org_url": lambda name: url(e.page_url) if (e := catalogue.entity_named("organizations", name)) else None,
            "summary": plain_text,
        }

    def html(self, portrait: Portrait, index: int | None, page_url: str) -> Markup:
        """The intro (index None) or an answer of `portrait`, converted for a page at `page_url`."""
        key = (portrait.slug, index, page_url.count("/"))
        if key not in self._html:
            text = portrait.intro if index is None else portrait.interview[index].answer

            def resolve(src: str) -> str | None:
                # An image in an answer is kept only when it is a media file of the portraits folder.
                uri = media_uri(portrait, src)
                if uri not in self.catalogue.media_files:
                    return None
                self.media.add(uri)
                return relative_url("portraits/" + uri, page_url)

            linker = Linker(self.matcher, lambda target: relative_url(target, page_url), portrait_url(portrait.slug))
            self._html[key] = markdown_to_html(text, resolve, linker)
        return self._html[key]

    def portrait(self, portrait: Portrait) -> Page:
        catalogue = self.catalogue
        page_url = portrait_url(portrait.slug)
        self.media.update(media_uri(portrait, src) for src in portrait.media)
        interview = []
        for index, (item, anchor) in enumerate(zip(portrait.interview, catalogue.anchors[portrait.slug])):
            if isinstance(item, Answer):
                bank_id = catalogue.question_of.get((portrait.slug, index))
                interview.append({"kind": "answer", "question": item.question, "anchor": anchor,
                                  "html": self.html(portrait, index, page_url),
                                  "bank": catalogue.question(bank_id) if bank_id else None})
            elif isinstance(item, InterviewImage):
                interview.append({"kind": "image", "image": item.image})
        older, newer = catalogue.neighbours(portrait.slug)
        return self.page(
            "portrait.md.j2", f"portraits/{portrait.slug}.md", page_url,
            p=portrait,
            intro_html=self.html(portrait, None, page_url) if portrait.intro else Markup(""),
            interview=interview,
            entities=catalogue.portrait_entities.get(portrait.slug, {}),
            backlinks=[(catalogue.by_slug[ref.portrait], ref) for ref in catalogue.backlinks.get(portrait.slug, ())],
            older=older,
            newer=newer,
            related=[catalogue.by_slug[slug] for slug in catalogue.related.get(portrait.slug, ())],
            is_scheduled=catalogue.is_scheduled(portrait),
            foreign=portrait.language != catalogue.language,
        )

    def home(self, site_name: str, problems: tuple[Problem, ...], per_page: int) -> list[Page]:
        """The home page (newest cards and the A–Z index) and older cards on /page/N/."""
        pages = []
        for pager, cards in paginate(self.catalogue.portraits, per_page, ""):
            pages.append(self.page(
                "home.md.j2", f"{pager.url(pager.number)}index.md", pager.url(pager.number),
                site_name=site_name or self.locale.label("home_title"),
                cards=cards, pager=pager, first_page=pager.number == 1,
                problems=tuple(sorted(problems)) if pager.number == 1 else ()))
        return pages

    def questions(self) -> list[Page]:
        catalogue = self.catalogue
        if not catalogue.questions:
            return []
        pages = [self.page("questions.md.j2", "questions/index.md", "questions/", questions=catalogue.questions)]
        for question in catalogue.questions:
            for pager, answers in paginate(question.answers, ANSWERS_PER_PAGE, question.page_url):
                page_url = pager.url(pager.number)
                entries = []
                for slug, index in answers:
                    portrait = catalogue.by_slug[slug]
                    entries.append({"p": portrait, "anchor": catalogue.anchors[slug][index],
                                    "question": portrait.interview[index].question,
                                    "html": self.html(portrait, index, page_url)})
                pages.append(self.page("question.md.j2", f"{page_url}index.md", page_url,
                                       question=question, entries=entries, pager=pager))
        return pages

    def entities(self, kind: str) -> list[Page]:
        entities = self.catalogue.entities[kind]
        if not entities:
            return []
        pages = [self.page("entities.md.j2", f"{kind}/index.md", f"{kind}/", kind=kind, entities=entities)]
        for entity in entities:
            for pager, references in paginate(entity.references, REFERENCES_PER_PAGE, entity.page_url):
                page_url = pager.url(pager.number)
                entries = [(self.catalogue.by_slug[ref.portrait], ref) for ref in references]
                pages.append(self.page("entity.md.j2", f"{page_url}index.md", page_url,
                                       entity=entity, entries=entries, pager=pager))
        return pages

    def overview(self) -> Page:
        catalogue = self.catalogue
        charts = {kind: bar_chart([(e.name, len(e.references)) for e in
                                   sorted(catalogue.entities.get(kind, ()), key=lambda e: (-len(e.references), fold(e.name)))[:12]])
                  for kind in ("tools", "platforms", "organizations")}
        years = Counter(p.published.year for p in catalogue.portraits)
        timeline = column_chart([(str(year), years.get(year, 0)) for year in range(min(years), max(years) + 1)])
        return self.page("overview.md.j2", "overview/index.md", "overview/", charts=charts, timeline=timeline,
                         totals={kind: len(catalogue.entities.get(kind, ())) for kind in KINDS})
