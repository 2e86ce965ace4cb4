"""What every page kind shares: the catalogue, the templates, the locale, the converted texts,
and the making of one page (its content, head and table of contents).

Each page kind is a module of this package (portrait, home, question, entity, overview,
search, feed) whose functions take a `Renderer`."""

from __future__ import annotations

from typing import Mapping

import jinja2
from markupsafe import Markup, escape

from ..config import Settings
from ..i18n import Locale
from ..link import Catalogue
from ..markup import Linker, html_text, html_text_start, markdown_to_html
from ..model import Portrait, slugify
from ..names import Matcher
from ..problems import Problem
from ..site import (FEED, QUESTIONS, absolute_url, answer_url, az_url, comment_thread, kind_url, letter_id, media_uri,
                    media_url, portrait_url, relative_url, search_bundles)
from .. import search_merge
from ..structured import script_json
from ..typography import typeset
from .output import ImageInfo, Page
from .texts import ROOT, ConvertedTexts


class Renderer:
    """Renders pages of one catalogue. Converted texts are cached with root-relative links, so
    an answer shown on its portrait and on its question page is converted once."""

    def __init__(self, catalogue: Catalogue, env: jinja2.Environment, locale: Locale, settings: Settings,
                 images: Mapping[str, ImageInfo], texts: ConvertedTexts, *, problems: tuple[Problem, ...] = (),
                 stale: frozenset[str] = frozenset()):
        self.catalogue, self.env, self.locale, self.images, self.texts = catalogue, env, locale, images, texts
        self.settings = settings
        self.file_problems = by_file(problems)  # each portrait page shows its file's (a live preview)
        self.stale = stale  # files shown in their last valid version (a live preview)
        self.site_name = settings.site_name or locale.label("home_title")
        self.matcher = Matcher(catalogue.mention_targets)
        # What converted texts depend on besides themselves: the names that become links, the media.
        self.fingerprint = hash((frozenset(catalogue.mention_targets.items()), catalogue.media_files))
        self.media = {media_uri(portrait.file, src) for portrait in catalogue.portraits for src in portrait.media}
        self.search_bundles = search_bundles(len(catalogue.portraits), settings.search_batch, search_merge.available())

    def keep(self, entries, *, cached: bool = False) -> None:
        """Cache entries (converted here or in another process), and the media they use.
        `cached`: entries of a page kept from the previous build of a live preview, hence in the
        cache already (unless `trim` emptied it: a text missing is converted again when needed)."""
        if not cached:
            self.texts.keep(entries)
        for _, (_, media) in entries:
            if media:
                self.media.update(media)

    def page(self, template: str, src_uri: str, url: str, *, meta: dict | None = None,
             language: str | None = None, **values) -> Page:
        context = self.context(url)
        toc: list[tuple[int, str, str]] = []
        context["heading"] = lambda level, text, anchor=None, href=None: self.heading(toc, level, text, anchor, href)
        content = self.env.get_template(template).render(**context, **values)
        head = self.env.get_template("head.html.j2").render(**context, meta=self.meta(url, **(meta or {})))
        # The body in the site's typography here, in the render processes, once per page: the
        # adapter sets the rest of the page (the theme's frame) and leaves the body as it is.
        return Page.of(src_uri, url, content, head=head, toc=tuple(toc),
                       finish=lambda body: typeset(body, language or self.catalogue.language),
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
        return absolute_url(self.settings.site_url, target)

    def meta(self, url: str, *, title: str = "", description: str = "", image: str | None = None,
             kind: str = "website", jsonld: dict | None = None) -> dict:
        """What the head template needs for social previews and structured data."""
        return {"title": title or self.site_name, "description": description or self.settings.site_description,
                "url": self.absolute(url), "image": self.absolute(image) if image else None, "type": kind,
                "site_name": self.site_name, "feed": self.absolute(FEED),
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
            "media_url": lambda portrait, src: url(media_url(media_uri(portrait.file, src))),
            "portrait_url": lambda p: url(portrait_url(p.slug)),
            "answer_url": lambda slug, anchor: url(answer_url(slug, anchor)),
            "kind_url": lambda kind: url(kind_url(kind)),
            "az_url": lambda letter: url(az_url(letter)),
            "questions_url": url(QUESTIONS),
            "org_url": lambda name: url(e.page_url) if (e := catalogue.entity_named("organizations", name)) else None,
            "language_name": locale.language_name,
            "letter_id": letter_id,
            "search": self.settings.search,
            "search_bundles": self.search_bundles,
            "image_attrs": self.image_attrs,
            "card_image": lambda p: self.card_image(p, url),
            "comments": self.settings.comments,
            "page_url": page_url,
            "comment_thread": comment_thread,
        }

    def image_attrs(self, portrait: Portrait, src: str) -> Markup:
        """' width="…" height="…"' for an image of `portrait`, so the layout does not jump."""
        info = self.images.get(media_uri(portrait.file, src))
        return Markup(' width="%d" height="%d"') % (info.width, info.height) if info else Markup("")

    def card_image(self, portrait: Portrait, url) -> tuple[str, Markup] | None:
        """(URL, size attributes) of a card's image: the thumbnail when there is one."""
        if not portrait.photo:
            return None
        uri = media_uri(portrait.file, portrait.photo.src)
        info = self.images.get(uri)
        if info and info.thumbnail and info.thumbnail_size:
            return url(media_url(info.thumbnail)), Markup(' width="%d" height="%d"') % info.thumbnail_size
        return url(media_url(uri)), self.image_attrs(portrait, portrait.photo.src)

    # --- writer texts ------------------------------------------------------------------------

    def html(self, portrait: Portrait, index: int | None, page_url: str) -> Markup:
        """The intro (index None) or an answer of `portrait`, with links relative to `page_url`."""
        html = self.cache_entry(portrait, index)[1][0]
        prefix = relative_url("", page_url)
        return Markup(html.replace(ROOT.encode(), b"" if prefix == "./" else prefix.encode()).decode("utf-8"))

    def converted(self, portrait: Portrait, index: int | None) -> Markup:
        return Markup(self.cache_entry(portrait, index)[1][0].decode("utf-8"))

    def cache_entry(self, portrait: Portrait, index: int | None) -> tuple[tuple, tuple[bytes, tuple[str, ...]]]:
        """Writer Markdown → sanitised HTML whose site links start with ROOT, and the media it
        uses. Each text is converted once per build, and once per session of a live preview
        while it is unchanged."""
        text = portrait.intro if index is None else portrait.interview[index].answer
        key = self.texts.key(text, portrait.file, portrait_url(portrait.slug), self.fingerprint)
        cached = self.texts.get(key)
        if cached is None:
            used: list[str] = []

            def resolve(src: str) -> str | None:
                # An image in an answer is kept only when it is a media file of the portraits folder.
                uri = media_uri(portrait.file, src)
                if uri not in self.catalogue.media_files:
                    return None
                used.append(uri)
                return ROOT + media_url(uri)

            linker = Linker(self.matcher, lambda target: ROOT + target, portrait_url(portrait.slug))
            cached = (markdown_to_html(text, resolve, linker).encode("utf-8"), tuple(used))
            self.texts.put(key, cached)
        return key, cached

    def text(self, portrait: Portrait, index: int | None, length: int | None = None) -> str:
        """The intro or an answer as plain text, from its converted HTML (its first `length`
        characters)."""
        converted = self.converted(portrait, index)
        return html_text(converted) if length is None else html_text_start(converted, length)

    def description(self, portrait: Portrait, limit: int = 300) -> str:
        """A plain-text summary: the intro, else the headline."""
        text = self.text(portrait, None) if portrait.intro else (portrait.headline or portrait.name)
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def by_file(problems: tuple[Problem, ...]) -> dict[str, tuple[Problem, ...]]:
    """Problems grouped by the file they are in, each group in file order."""
    found: dict[str, list[Problem]] = {}
    for problem in sorted(problems):
        found.setdefault(problem.path, []).append(problem)
    return {path: tuple(group) for path, group in found.items()}
