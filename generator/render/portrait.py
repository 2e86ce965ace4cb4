"""The portrait page: the interview, its entities, backlinks, related portraits, neighbours."""

from __future__ import annotations

from markupsafe import Markup

from ..aids import portrait_words, reading_minutes
from ..model import Answer, InterviewImage, Portrait
from ..site import media_uri, media_url, portrait_src, portrait_url
from ..structured import portrait_jsonld
from .output import Page
from .renderer import Renderer


def portrait_page(r: Renderer, portrait: Portrait) -> Page:
    catalogue = r.catalogue
    page_url = portrait_url(portrait.slug)
    interview = []
    for index, (item, anchor) in enumerate(zip(portrait.interview, catalogue.anchors[portrait.slug])):
        if isinstance(item, Answer):
            bank_id = catalogue.question_of.get((portrait.slug, index))
            interview.append({"kind": "answer", "question": item.question, "anchor": anchor,
                              "html": r.html(portrait, index, page_url),
                              "bank": catalogue.question(bank_id) if bank_id else None})
        elif isinstance(item, InterviewImage):
            interview.append({"kind": "image", "image": item.image})
    older, newer = catalogue.neighbours(portrait.slug)
    description = r.description(portrait)
    image = media_url(media_uri(portrait.file, portrait.photo.src)) if portrait.photo else None
    jsonld = portrait_jsonld(portrait, url=r.absolute(page_url), description=description,
                             image=r.absolute(image) if image else None, site_name=r.site_name)
    return r.page(
        "portrait.md.j2", portrait_src(portrait.slug), page_url,
        meta={"title": portrait.name, "description": description, "image": image, "kind": "profile",
              "jsonld": jsonld},
        language=portrait.language,
        p=portrait,
        intro_html=r.html(portrait, None, page_url) if portrait.intro else Markup(""),
        description=description,
        interview=interview,
        entities=catalogue.portrait_entities.get(portrait.slug, {}),
        backlinks=[(catalogue.by_slug[ref.portrait], ref) for ref in catalogue.backlinks.get(portrait.slug, ())],
        older=older,
        newer=newer,
        related=[catalogue.by_slug[slug] for slug in catalogue.related.get(portrait.slug, ())],
        is_scheduled=catalogue.is_scheduled(portrait),
        foreign=portrait.language != catalogue.language,
        reading_minutes=reading_minutes(portrait_words(portrait)),
        problems=r.file_problems.get(portrait.source, ()),
        stale=portrait.source in r.stale,
    )


def portrait_and_texts(r: Renderer, portrait: Portrait) -> tuple[Page, list]:
    """The portrait's page, and its converted texts as cache entries (for `Renderer.keep`):
    what a render process sends back."""
    indexes = [None] if portrait.intro else []
    indexes += [index for index, item in enumerate(portrait.interview) if isinstance(item, Answer)]
    converted = [r.cache_entry(portrait, index) for index in indexes]
    return portrait_page(r, portrait), converted
