"""The theme's navigation rendered once per folder depth, not once per page.

For a page that is not itself in the navigation (every portrait, question and entity page),
the theme's navigation differs only by its relative links, so pages whose links to the
navigation's pages are the same share it. Pages in the navigation are rendered as usual
(they show as active)."""

from __future__ import annotations

import jinja2
from markupsafe import Markup
from mkdocs.utils import get_relative_url


class ThemeNavigation:
    def __init__(self) -> None:
        self.nav_pages: set[int] = set()
        self.nav_urls: list[str] = []

    def read(self, nav) -> None:
        """The pages of the navigation (hook `on_nav`)."""
        self.nav_pages = {id(page) for page in nav.pages}
        self.nav_urls = sorted({""} | {item.url for item in _walk(nav.items) if getattr(item, "url", None) is not None})

    def install(self, env: jinja2.Environment) -> jinja2.Environment:
        """The theme's `partials/nav.html` through the cache (hook `on_env`)."""
        theme_loader, cache = env.loader, {}
        original = "portraits:theme/partials/nav.html"

        def load(name: str):
            if name == "partials/nav.html":
                return "{{ portraits_navigation() }}", None, lambda: True
            if name == original:
                return theme_loader.get_source(env, "partials/nav.html")
            return None

        @jinja2.pass_context
        def navigation(context) -> Markup:
            page = context.get("page")
            if page is None or id(page) in self.nav_pages:
                return Markup(env.get_template(original).render(context.get_all()))
            key = tuple(get_relative_url(url, page.url) for url in self.nav_urls)
            if key not in cache:
                cache[key] = Markup(env.get_template(original).render(context.get_all()))
            return cache[key]

        env.loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(load), theme_loader])
        env.globals["portraits_navigation"] = navigation
        return env


def _walk(items):
    """Every item of a navigation, sections' children included."""
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())
