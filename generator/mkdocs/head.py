"""What each written page gets besides its body: the <head> elements the core rendered
(social previews, JSON-LD), the feed link, the language of a portrait written in another
language than the site's, and a search button in Material's header."""

from __future__ import annotations

from markupsafe import escape

from ..search import SEARCH_ICON
from ..site import FEED, SEARCH, absolute_url, relative_url

ARTICLE = '<article class="md-content__inner md-typeset"'


def feed_link(site_url: str, site_name: str) -> str:
    return (f'<link rel="alternate" type="application/atom+xml" title="{escape(site_name)}" '
            f'href="{escape(absolute_url(site_url, FEED) or FEED)}">\n')


def add_to_head(output: str, head: str) -> str:
    return output.replace("</head>", head + "</head>", 1) if head else output


def add_language(output: str, language: str | None) -> str:
    return output.replace(ARTICLE, f'{ARTICLE} lang="{escape(language)}"', 1) if language else output


def add_search_button(output: str, page_url: str, label: str) -> str:
    """A search button in Material's header, leading to the Pagefind search page."""
    header = output.find('<nav class="md-header__inner')
    end = output.find("</nav>", header)
    if header < 0 or end < 0:
        return output
    label = escape(label)
    button = (f'<a href="{escape(relative_url(SEARCH, page_url))}" class="md-header__button md-icon portrait-search-button" '
              f'title="{label}" aria-label="{label}">{SEARCH_ICON}<span>{label}</span></a>')
    return output[:end] + button + output[end:]
