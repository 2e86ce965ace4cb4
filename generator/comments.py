"""The `comments` option: which comment server a site uses, and what its pages need to load
it — only after the reader asks (see templates/_comments.j2 and templates/comments.js).

isso (self-hosted, Python + SQLite, anonymous posting, moderation) is the recommended
provider; remark42 (self-hosted) and giscus (GitHub Discussions) are supported too. Every
thread is keyed by the page's path on the site ('/portraits/nadia-bouchard/'), never by its
domain, so a site that moves to another domain keeps its threads."""

from __future__ import annotations

import json
import re
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .problems import closest
from .site import COMMENTS_SCRIPT, COMMENTS_STYLESHEET

COMMENT_ASSETS = (COMMENTS_STYLESHEET, COMMENTS_SCRIPT)
GISCUS_SCRIPT = "https://giscus.app/client.js"


class CommentsError(ValueError):
    """A mistake in the `comments` option: the message says where and what to write."""


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _server_url(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"expected the address where {what} is served, e.g. https://comments.example.org/")
    return value.strip().rstrip("/") + "/"


class Isso(_Options):
    url: str = Field(description="where isso is served, e.g. https://comments.example.org/")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _server_url(value, "isso")


class Remark42(_Options):
    host: str = Field(description="where remark42 is served, e.g. https://remark42.example.org/")
    site_id: str = "remark"

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return _server_url(value, "remark42")


class Giscus(_Options):
    repo: str
    repo_id: str
    category: str
    category_id: str
    reactions: bool = True
    input_position: Literal["top", "bottom"] = "bottom"
    theme: str = "preferred_color_scheme"

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", value.strip()):
            raise ValueError("expected a GitHub repository written owner/name")
        return value.strip()


PROVIDERS: dict[str, type[BaseModel]] = {"isso": Isso, "remark42": Remark42, "giscus": Giscus}


class Comments(_Options):
    provider: Literal["isso", "remark42", "giscus"] = "isso"
    pages: tuple[Literal["portraits", "questions", "entities"], ...] = ("portraits",)
    isso: Isso | None = None
    remark42: Remark42 | None = None
    giscus: Giscus | None = None

    @property
    def settings(self) -> Isso | Remark42 | Giscus:
        return getattr(self, self.provider)

    @property
    def server(self) -> str:
        """The address the reader's browser will contact (what the consent button names)."""
        settings = self.settings
        if isinstance(settings, Isso):
            return settings.url
        if isinstance(settings, Remark42):
            return settings.host
        return GISCUS_SCRIPT

    @property
    def host(self) -> str:
        return urlsplit(self.server).netloc

    def embed(self, language: str) -> str:
        """What comments.js needs to load the provider, as JSON for a data attribute."""
        settings = self.settings
        if isinstance(settings, Isso):
            data: dict[str, Any] = {"endpoint": settings.url.rstrip("/"), "src": settings.url + "js/embed.min.js"}
        elif isinstance(settings, Remark42):
            data = {"host": settings.host.rstrip("/"), "site_id": settings.site_id,
                    "src": settings.host + "web/embed.js"}
        else:
            data = {"src": GISCUS_SCRIPT, "attributes": {
                "data-repo": settings.repo, "data-repo-id": settings.repo_id,
                "data-category": settings.category, "data-category-id": settings.category_id,
                # one discussion per page path, matched exactly (not a search on similar titles)
                "data-mapping": "specific", "data-strict": "1",
                "data-reactions-enabled": "1" if settings.reactions else "0", "data-emit-metadata": "0",
                "data-input-position": settings.input_position, "data-theme": settings.theme,
                "data-lang": language, "data-loading": "eager", "crossorigin": "anonymous"}}
        return json.dumps({"provider": self.provider, "language": language, **data}, ensure_ascii=False)


def parse_comments(value: Any) -> Comments | None:
    """The plugin's `comments` option → Comments, None when comments are off (the default)."""
    if value is None or value is False:
        return None
    if value is True:
        value = {}
    if not isinstance(value, dict):
        raise CommentsError("'comments' must be a mapping, e.g. {provider: isso, isso: {url: https://comments.example.org/}}")
    try:
        comments = Comments.model_validate(value)
    except ValidationError as exc:
        raise CommentsError("\n".join(_message(error, value) for error in exc.errors())) from None
    if comments.settings is None:
        example = {"isso": "isso: {url: https://comments.example.org/}",
                   "remark42": "remark42: {host: https://remark42.example.org/, site_id: portraits}",
                   "giscus": "giscus: {repo: owner/name, repo_id: …, category: …, category_id: …}"}[comments.provider]
        raise CommentsError(f"'comments.{comments.provider}' is missing: the provider is {comments.provider}, "
                            f"its settings are needed\n    hint: add under comments: {example}")
    return comments


def _message(error: dict, value: dict) -> str:
    where = "comments." + ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        owner = next((provider for provider, model in PROVIDERS.items() if name in model.model_fields), None)
        if len(error["loc"]) == 1 and owner:
            return (f"'{where}': this setting of {owner} goes under 'comments.{owner}'"
                    f"\n    hint: write comments: {{provider: {owner}, {owner}: {{{name}: …}}}}")
        parent = _fields_at(error["loc"][:-1])
        typo = closest(str(error["loc"][-1]), parent)
        return (f"'{where}': unknown setting" + (f" — did you mean '{typo}'?" if typo else "")
                + f"\n    hint: the settings here are: {', '.join(parent)}")
    if kind == "missing":
        return f"'{where}' is required"
    if kind == "literal_error":
        return f"'{where}': {error['msg'].lower()}"
    return f"'{where}': {error['msg'].removeprefix('Value error, ')}"


def _fields_at(loc: tuple) -> list[str]:
    model: type[BaseModel] = Comments
    for part in loc:
        model = PROVIDERS.get(str(part), model)
    return list(model.model_fields)
