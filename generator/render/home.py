"""The home page (newest cards, the A–Z index), older cards on /page/N/, and for a large
series one A–Z page per letter."""

from __future__ import annotations

from ..problems import Problem
from ..site import HOME, az_url, src_of
from ..structured import website_jsonld
from .output import Page
from .pager import paginate
from .renderer import Renderer

AZ_ON_HOME = 300  # up to this many portraits, the whole A–Z index is on the home page


def home_pages(r: Renderer, problems: tuple[Problem, ...]) -> list[Page]:
    catalogue = r.catalogue
    az_inline = len(catalogue.portraits) <= AZ_ON_HOME
    pages = [] if az_inline else [
        r.page("az.md.j2", src_of(az_url(letter)), az_url(letter), letter=letter, group=group)
        for letter, group in catalogue.alphabet]
    jsonld = website_jsonld(name=r.site_name, url=r.absolute(HOME), language=catalogue.language,
                            description=r.settings.site_description)
    for pager, cards in paginate(catalogue.portraits, r.settings.per_page, HOME):
        url = pager.url(pager.number)
        pages.append(r.page(
            "home.md.j2", src_of(url), url,
            meta={"jsonld": jsonld if pager.number == 1 else None},
            site_name=r.site_name,
            cards=cards, pager=pager, first_page=pager.number == 1, az_inline=az_inline,
            problems=tuple(sorted(problems)) if pager.number == 1 else ()))
    return pages
