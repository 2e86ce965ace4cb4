"""Step 4, render: the catalogue → generated Markdown pages, through Jinja2 templates.

Pages are returned, not written: the MkDocs adapter hands them over as virtual files and
`portraits render` writes them out. Writer text reaches a page only escaped (Jinja autoescape)
or sanitised (`markup.markdown_to_html`)."""

from __future__ import annotations

import hashlib
import html
import json
import zlib
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from functools import partial
from typing import Callable, Mapping, Sequence

import jinja2
from markupsafe import Markup, escape

from .charts import bar_chart, column_chart
from .i18n import Locale, load_locale
from .link import Catalogue
from .markup import Linker, html_text, markdown_to_html
from .model import Answer, InterviewImage, Portrait, slugify
from .names import Matcher, fold
from .parallel import map_in_processes
from .problems import Problem
from .search import PORTRAITS_PER_INDEX, bundle_paths
from .registry import KINDS
from .structured import portrait_jsonld, question_jsonld, script_json, website_jsonld

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout: templates/ beside the package
    BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"

PER_PAGE = 24  # cards on the home page and each older page
FEED_SIZE = 100  # newest portraits in the feed
AZ_ON_HOME = 300  # up to this many portraits, the whole A–Z index is on the home page
ANSWERS_PER_PAGE = 50  # answers on a question page
CACHE_LIMIT = 500_000  # converted texts kept between builds of `mkdocs serve`
ROOT = "__portraits_root__/"  # site links in converted texts, made relative per page
# Converted texts as UTF-8 bytes: a Python string holding one emoji takes 4 bytes per character.
_CONVERTED: dict[tuple, tuple[bytes, tuple[str, ...]]] = {}
REFERENCES_PER_PAGE = 50  # portraits on an entity page
MARKDOWN_BLOCK = re.compile(r"(?:\A|\n\s*\n)[ \t]*[^<\s]")  # a paragraph that does not start with a tag


@dataclass(frozen=True)
class Page:
    src_uri: str  # e.g. "portraits/zoe-lefebvre.md"
    url: str  # directory URL, e.g. "portraits/zoe-lefebvre/"
    front_matter: str  # the YAML front matter block, delimiters included ('' when there is none)
    packed: bytes  # the rest of the content (HTML), compressed: a large site holds thousands
    packed_head: bytes = b""  # extra <head> elements (social previews, JSON-LD), compressed
    language: str | None = None  # the content's language when it differs from the site's
    toc: tuple[tuple[int, str, str], ...] = ()  # (level, id, text) of each heading, in order
    html: bool = True  # the body is HTML only (a site template may write Markdown paragraphs)

    @classmethod
    def of(cls, src_uri: str, url: str, content: str, head: str = "", **fields) -> "Page":
        end = content.find("\n---\n", 4) if content.startswith("---\n") else -1
        front_matter = content[: end + 5] if end >= 0 else ""
        body = content[len(front_matter):]
        return cls(src_uri, url, front_matter, zlib.compress(body.encode("utf-8"), 1),
                   zlib.compress(head.encode("utf-8"), 1) if head else b"",
                   html=not MARKDOWN_BLOCK.search(body), **fields)

    @property
    def head(self) -> str:
        return zlib.decompress(self.packed_head).decode("utf-8") if self.packed_head else ""

    @property
    def body(self) -> str:
        """The content without its front matter: HTML, ready for a theme."""
        return zlib.decompress(self.packed).decode("utf-8")

    @property
    def content(self) -> str:
        return self.front_matter + self.body


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    thumbnail: str | None = None  # URI of a small copy for cards, inside the portraits URL space
    thumbnail_size: tuple[int, int] | None = None


@dataclass(frozen=True)
class Rendered:
    pages: tuple[Page, ...]
    media: tuple[str, ...]  # files used by the pages, relative to the portraits folder
    files: tuple[tuple[str, str | bytes], ...] = ()  # other generated files: (site path, content), e.g. the feed


def meta_value(value: object) -> Markup:
    """A value for the page's YAML front matter. Themes print meta values without escaping
    (Material does), so the value is HTML-escaped here, then quoted as JSON (valid YAML)."""
    return Markup(json.dumps(html.escape(" ".join(str(value).split()))))


def relative_url(target: str, base: str) -> str:
    """Link from the page at directory URL `base` to the site path `target` ('' is the home)."""
    return "../" * base.count("/") + target or "./"


def portrait_url(slug: str) -> str:
    return f"portraits/{slug}/"


def letter_id(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def answer_link(slug: str, anchor: str | None) -> str:
    return portrait_url(slug) + (f"#{anchor}" if anchor else "")


def media_uri(portrait: Portrait, src: str) -> str:
    """A media path relative to the portraits folder, from one relative to the portrait file."""
    return posixpath.normpath(str(PurePosixPath(portrait.file).parent / src))


def make_environment(template_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([*map(str, template_dirs), str(BUILTIN_TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["meta"] = meta_value
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


@dataclass(frozen=True)
class SiteInfo:
    name: str = ""
    url: str = ""  # absolute base URL (MkDocs' site_url), "" when unknown
    description: str = ""
    feed_size: int = FEED_SIZE
    search: bool = False  # a Pagefind search page and box (the index is built after the site)
    search_batch: int = PORTRAITS_PER_INDEX  # portraits per search index (see search.bundle_paths)


def render_site(catalogue: Catalogue, *, template_dirs: tuple[Path, ...] = (), site: SiteInfo = SiteInfo(),
                problems: tuple[Problem, ...] = (), per_page: int = PER_PAGE,
                images: Mapping[str, ImageInfo] | None = None, reuse: bool = False, workers: int = 1,
                portrait_rendered: Callable[[Page], None] | None = None,
                portraits_rendered: Callable[[int, int], None] | None = None) -> Rendered:
    """Every page: the portraits first (each writer text converted once, here), then the pages
    that gather them; both steps are spread over `workers` processes. `portrait_rendered` is
    called with each portrait page, in the process that rendered it (it must only write files),
    and `portraits_rendered(done, total)` after each batch of `site.search_batch` portraits,
    before the other pages (a search index per batch can start). Converted texts are kept for
    the next call only with `reuse` (a live preview)."""
    locale = load_locale(catalogue.language, tuple(d / "locales" for d in template_dirs))
    site = replace(site, name=site.name or locale.label("home_title"))
    renderer = _Renderer(catalogue, make_environment(template_dirs), locale, site, images or {})
    pages = []
    batch = max(1, site.search_batch)
    for start in range(0, max(1, len(catalogue.portraits)), batch):  # one batch per search index
        for page, converted in map_in_processes(partial(renderer.portrait_and_texts, portrait_rendered),
                                                catalogue.portraits[start:start + batch], workers):
            pages.append(page)
            renderer.keep(converted)
        if portraits_rendered:
            portraits_rendered(len(pages), len(catalogue.portraits))
    pages += [page for task in map_in_processes(lambda task: task(), renderer.tasks(problems, per_page), workers)
              for page in task]
    files = (("feed.xml", renderer.feed()),) if site.url else ()
    if not reuse:
        _CONVERTED.clear()
    return Rendered(tuple(pages), tuple(sorted(renderer.media)), files)


class _Renderer:
    """Renders every page kind. Converted texts are cached with root-relative links, so an
    answer shown on its portrait and on its question page is converted once."""

    def __init__(self, catalogue: Catalogue, env: jinja2.Environment, locale: Locale, site: SiteInfo,
                 images: Mapping[str, ImageInfo]):
        self.catalogue, self.env, self.locale, self.site, self.images = catalogue, env, locale, site, images
        self.matcher = Matcher(catalogue.mention_targets)
        # What converted texts depend on besides themselves: the names that become links, the media.
        self.fingerprint = hash((frozenset(catalogue.mention_targets.items()), catalogue.media_files))
        self.media = {media_uri(portrait, src) for portrait in catalogue.portraits for src in portrait.media}
        self.search_bundles = bundle_paths(len(catalogue.portraits), site.search_batch)
        if len(_CONVERTED) > CACHE_LIMIT:
            _CONVERTED.clear()

    def tasks(self, problems: tuple[Problem, ...], per_page: int) -> list[Callable[[], list[Page]]]:
        """The pages other than portraits, as small independent tasks (in page order) that
        processes can share out."""
        catalogue, locale = self.catalogue, self.locale
        tasks: list[Callable[[], list[Page]]] = [partial(self.home, problems, per_page)]
        if catalogue.questions:
            tasks.append(lambda: [self.page("questions.md.j2", "questions/index.md", "questions/",
                                            questions=catalogue.questions)])
            tasks += [partial(self.question, question) for question in catalogue.questions]
        for kind, entities in catalogue.entities.items():
            if entities:
                tasks.append(lambda kind=kind, entities=entities: [
                    self.page("entities.md.j2", f"{kind}/index.md", f"{kind}/", kind=kind, entities=entities)])
                tasks += [partial(self.entity, entity) for entity in entities]
        if catalogue.portraits:
            tasks.append(lambda: [self.overview()])
        if self.site.search:
            tasks.append(lambda: [self.page("search.md.j2", "search/index.md", "search/",
                                            meta={"title": locale.label("search")})])
        return tasks

    def portrait_and_texts(self, rendered: Callable[[Page], None] | None, portrait: Portrait) -> tuple[Page, list]:
        """The portrait's page, and its converted texts as cache entries (for `keep`)."""
        indexes = [None] if portrait.intro else []
        indexes += [index for index, item in enumerate(portrait.interview) if isinstance(item, Answer)]
        converted = [self.cache_entry(portrait, index) for index in indexes]
        page = self.portrait(portrait)
        if rendered:
            rendered(page)
        return page, converted

    def keep(self, entries) -> None:
        """Cache entries (converted here or in another process), and the media they use."""
        for key, value in entries:
            _CONVERTED[key] = value
            self.media.update(value[1])

    def page(self, template: str, src_uri: str, url: str, *, meta: dict | None = None,
             language: str | None = None, **values) -> Page:
        context = self.context(url)
        toc: list[tuple[int, str, str]] = []
        context["heading"] = lambda level, text, anchor=None, href=None: self.heading(toc, level, text, anchor, href)
        content = self.env.get_template(template).render(**context, **values)
        head = self.env.get_template("head.html.j2").render(**context, meta=self.meta(url, **(meta or {})))
        return Page.of(src_uri, url, content, head=head, toc=tuple(toc),
                       language=language if language != self.catalogue.language else None)

    def heading(self, toc: list, level: int, text: str, anchor: str | None = None, href: str | None = None) -> Markup:
        """A heading with a stable anchor and a permalink, recorded for the table of contents;
        its text links to `href` when given (a person's answer on a question page)."""
        anchor = anchor or slugify(text) or f"h{len(toc)}"
        toc.append((level, anchor, text))
        # an f-string of escaped parts: Markup's % operator costs a second per thousand portraits
        anchor_attr, level = escape(anchor), int(level)
        shown = f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)
        return Markup(f'<h{level} id="{anchor_attr}">{shown}<a class="headerlink" href="#{anchor_attr}" '
                      f'title="{escape(self.locale.label("permalink"))}">¶</a></h{level}>')

    def absolute(self, target: str) -> str | None:
        return self.site.url.rstrip("/") + "/" + target if self.site.url else None

    def meta(self, url: str, *, title: str = "", description: str = "", image: str | None = None,
             kind: str = "website", jsonld: dict | None = None) -> dict:
        """What the head template needs for social previews and structured data."""
        return {"title": title or self.site.name, "description": description or self.site.description,
                "url": self.absolute(url), "image": self.absolute(image) if image else None, "type": kind,
                "site_name": self.site.name, "feed": self.absolute("feed.xml"),
                "locale": self.locale.code, "jsonld": script_json(jsonld) if jsonld else None}

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
            "answer_url": lambda slug, anchor: url(answer_link(slug, anchor)),
            "kind_url": lambda kind: url(f"{kind}/"),
            "org_url": lambda name: url(e.page_url) if (e := catalogue.entity_named("organizations", name)) else None,
            "language_name": locale.language_name,
            "letter_id": letter_id,
            "search": self.site.search,
            "search_bundles": self.search_bundles,
            "image_attrs": self.image_attrs,
            "card_image": lambda p: self.card_image(p, url),
        }

    def image_attrs(self, portrait: Portrait, src: str) -> Markup:
        """' width="…" height="…"' for an image of `portrait`, so the layout does not jump."""
        info = self.images.get(media_uri(portrait, src))
        return Markup(' width="%d" height="%d"') % (info.width, info.height) if info else Markup("")

    def card_image(self, portrait: Portrait, url) -> tuple[str, Markup] | None:
        """(URL, size attributes) of a card's image: the thumbnail when there is one."""
        if not portrait.photo:
            return None
        uri = media_uri(portrait, portrait.photo.src)
        info = self.images.get(uri)
        if info and info.thumbnail and info.thumbnail_size:
            return url("portraits/" + info.thumbnail), Markup(' width="%d" height="%d"') % info.thumbnail_size
        return url("portraits/" + uri), self.image_attrs(portrait, portrait.photo.src)

    def html(self, portrait: Portrait, index: int | None, page_url: str) -> Markup:
        """The intro (index None) or an answer of `portrait`, with links relative to `page_url`."""
        html = self.cache_entry(portrait, index)[1][0]
        prefix = relative_url("", page_url)
        return Markup(html.replace(ROOT.encode(), b"" if prefix == "./" else prefix.encode()).decode("utf-8"))

    def converted(self, portrait: Portrait, index: int | None) -> Markup:
        return Markup(self.cache_entry(portrait, index)[1][0].decode("utf-8"))

    def cache_entry(self, portrait: Portrait, index: int | None) -> tuple[tuple, tuple[bytes, tuple[str, ...]]]:
        """Writer Markdown → sanitised HTML whose site links start with ROOT, and the media it
        uses. Each text is converted once per build, and once per session of `mkdocs serve`
        while it is unchanged."""
        text = portrait.intro if index is None else portrait.interview[index].answer
        # keyed by a digest, not the text: the cache must not hold a second copy of every answer
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        key = (digest, portrait.file, portrait_url(portrait.slug), self.fingerprint)
        cached = _CONVERTED.get(key)
        if cached is None:
            used: list[str] = []

            def resolve(src: str) -> str | None:
                # An image in an answer is kept only when it is a media file of the portraits folder.
                uri = media_uri(portrait, src)
                if uri not in self.catalogue.media_files:
                    return None
                used.append(uri)
                return ROOT + "portraits/" + uri

            linker = Linker(self.matcher, lambda target: ROOT + target, portrait_url(portrait.slug))
            cached = _CONVERTED[key] = (markdown_to_html(text, resolve, linker).encode("utf-8"), tuple(used))
        return key, cached

    def text(self, portrait: Portrait, index: int | None) -> str:
        """The intro or an answer as plain text, from its converted HTML."""
        return html_text(self.converted(portrait, index))

    def portrait(self, portrait: Portrait) -> Page:
        catalogue = self.catalogue
        page_url = portrait_url(portrait.slug)
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
        description = self.description(portrait)
        image = "portraits/" + media_uri(portrait, portrait.photo.src) if portrait.photo else None
        jsonld = portrait_jsonld(portrait, url=self.absolute(page_url), description=description,
                                 image=self.absolute(image) if image else None, site_name=self.site.name)
        return self.page(
            "portrait.md.j2", f"portraits/{portrait.slug}.md", page_url,
            meta={"title": portrait.name, "description": description, "image": image, "kind": "profile",
                  "jsonld": jsonld},
            language=portrait.language,
            p=portrait,
            intro_html=self.html(portrait, None, page_url) if portrait.intro else Markup(""),
            description=description,
            interview=interview,
            entities=catalogue.portrait_entities.get(portrait.slug, {}),
            backlinks=[(catalogue.by_slug[ref.portrait], ref) for ref in catalogue.backlinks.get(portrait.slug, ())],
            older=older,
            newer=newer,
            related=[catalogue.by_slug[slug] for slug in catalogue.related.get(portrait.slug, ())],
            is_scheduled=catalogue.is_scheduled(portrait),
            foreign=portrait.language != catalogue.language,
        )

    def home(self, problems: tuple[Problem, ...], per_page: int) -> list[Page]:
        """The home page (newest cards and the A–Z index) and older cards on /page/N/. A large
        series gets one A–Z page per letter instead of the whole index on the home page."""
        az_inline = len(self.catalogue.portraits) <= AZ_ON_HOME
        pages = [] if az_inline else [
            self.page("az.md.j2", f"az/{letter_id(letter)}/index.md", f"az/{letter_id(letter)}/",
                      letter=letter, group=group) for letter, group in self.catalogue.alphabet]
        jsonld = website_jsonld(name=self.site.name, url=self.absolute(""), language=self.catalogue.language,
                                description=self.site.description)
        for pager, cards in paginate(self.catalogue.portraits, per_page, ""):
            pages.append(self.page(
                "home.md.j2", f"{pager.url(pager.number)}index.md", pager.url(pager.number),
                meta={"jsonld": jsonld if pager.number == 1 else None},
                site_name=self.site.name,
                cards=cards, pager=pager, first_page=pager.number == 1, az_inline=az_inline,
                problems=tuple(sorted(problems)) if pager.number == 1 else ()))
        return pages

    def question(self, question) -> list[Page]:
        """The pages of one bank question: its answers, newest first, paginated."""
        catalogue = self.catalogue
        pages = []
        for pager, answers in paginate(question.answers, ANSWERS_PER_PAGE, question.page_url):
            page_url = pager.url(pager.number)
            entries = []
            for slug, index in answers:
                portrait = catalogue.by_slug[slug]
                entries.append({"p": portrait, "anchor": catalogue.anchors[slug][index],
                                "question": portrait.interview[index].question,
                                "html": self.html(portrait, index, page_url)})
            jsonld = question_jsonld(
                question.text,
                [(e["p"], self.text(e["p"], index)[:500], self.absolute(answer_link(slug, e["anchor"])))
                 for e, (slug, index) in zip(entries, answers)],
                url=self.absolute(page_url), language=catalogue.language)
            pages.append(self.page("question.md.j2", f"{page_url}index.md", page_url,
                                   meta={"title": question.text, "jsonld": jsonld,
                                         "description": self.locale.label("answers_count", count=len(question.answers))},
                                   question=question, entries=entries, pager=pager))
        return pages

    def entity(self, entity) -> list[Page]:
        """The pages of one organisation, tool, platform or tag: the portraits citing it."""
        pages = []
        for pager, references in paginate(entity.references, REFERENCES_PER_PAGE, entity.page_url):
            page_url = pager.url(pager.number)
            entries = [(self.catalogue.by_slug[ref.portrait], ref) for ref in references]
            pages.append(self.page("entity.md.j2", f"{page_url}index.md", page_url,
                                   meta={"title": entity.name, "description": entity.description or ""},
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

    def feed(self) -> str:
        """An Atom feed of the newest portraits, with absolute URLs and the intro as summary."""
        entries = [{"p": p, "url": self.absolute(portrait_url(p.slug)), "summary": self.description(p)}
                   for p in self.catalogue.portraits[: self.site.feed_size]]
        return self.env.get_template("feed.xml.j2").render(
            site=self.site, locale=self.locale, entries=entries, home=self.absolute(""),
            feed_url=self.absolute("feed.xml"), updated=max((p.published for p in self.catalogue.portraits), default=None))

    def description(self, portrait: Portrait, limit: int = 300) -> str:
        """A plain-text summary: the intro, else the headline."""
        text = self.text(portrait, None) if portrait.intro else (portrait.headline or portrait.name)
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
