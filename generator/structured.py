"""Structured data for search engines and social previews: schema.org JSON-LD.
Pure functions; values are writer text, so the JSON is made safe to sit in a <script>."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .model import Portrait


def script_json(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json">: no '<', '>' or '&' can close the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def portrait_jsonld(portrait: Portrait, *, url: str | None, image: str | None, description: str,
                    site_name: str) -> dict:
    current = [step.organization for step in portrait.career if not step.end]
    works_for = current or list(portrait.organizations[:1])
    person = _drop_empty({
        "@type": "Person",
        "name": portrait.name,
        "alternateName": portrait.nickname,
        "jobTitle": portrait.headline,
        "worksFor": [{"@type": "Organization", "name": name} for name in works_for],
        "image": image,
        "url": url,
        "sameAs": [href for href in portrait.links.values() if href.startswith(("http://", "https://"))],
        "knowsAbout": list(portrait.tags),
    })
    return _drop_empty({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "name": portrait.name,
        "url": url,
        "description": description,
        "inLanguage": portrait.language,
        "datePublished": portrait.published.isoformat(),
        "author": {"@type": "Person", "name": portrait.author} if portrait.author else None,
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "mainEntity": person,
    })


def question_jsonld(text: str, answers: list[tuple[Portrait, str, str | None]], *, url: str | None,
                    language: str) -> dict:
    """A question compared across portraits: (portrait, answer text, answer URL) each."""
    return _drop_empty({
        "@context": "https://schema.org",
        "@type": "QAPage",
        "url": url,
        "inLanguage": language,
        "mainEntity": {
            "@type": "Question",
            "name": text,
            "text": text,
            "answerCount": len(answers),
            "suggestedAnswer": [_drop_empty({"@type": "Answer", "text": answer, "url": answer_url,
                                             "author": {"@type": "Person", "name": portrait.name}})
                                for portrait, answer, answer_url in answers],
        },
    })


def website_jsonld(*, name: str, url: str | None, language: str, description: str) -> dict:
    return _drop_empty({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": url,
        "inLanguage": language,
        "description": description,
    })
