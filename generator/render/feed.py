"""The Atom feed of the newest portraits (absolute URLs: only with the site's URL)."""

from __future__ import annotations

from types import SimpleNamespace

from ..site import FEED, HOME, portrait_url
from .renderer import Renderer


def feed(r: Renderer) -> str:
    """The newest portraits, with absolute URLs and the intro as summary."""
    catalogue, settings = r.catalogue, r.settings
    entries = [{"p": p, "url": r.absolute(portrait_url(p.slug)), "summary": r.description(p)}
               for p in catalogue.portraits[: settings.feed_size]]
    site = SimpleNamespace(name=r.site_name, url=settings.site_url, description=settings.site_description)
    return r.env.get_template("feed.xml.j2").render(
        site=site, locale=r.locale, entries=entries, home=r.absolute(HOME),
        feed_url=r.absolute(FEED), updated=max((p.published for p in catalogue.portraits), default=None))
