"""The portrait file format, version 1, as immutable typed objects.

These classes are the writers' contract: the validator and the JSON Schema are both derived
from them, so the two cannot drift apart.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Union
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
                      Tag, ValidationInfo)
from pydantic_core import PydanticCustomError

from .media import image_problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
YEAR_MONTH = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")  # also a JavaScript pattern (JSON Schema)
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
URL_SCHEMES = ("http", "https", "mailto")

# "@handle" in `links`: the label names the network (case-insensitive).
HANDLE_NETWORKS = {
    "twitter": "https://x.com/{user}",
    "x": "https://x.com/{user}",
    "instagram": "https://www.instagram.com/{user}/",
    "threads": "https://www.threads.net/@{user}",
    "tiktok": "https://www.tiktok.com/@{user}",
    "github": "https://github.com/{user}",
    "youtube": "https://www.youtube.com/@{user}",
    "bluesky": "https://bsky.app/profile/{user}",
    "mastodon": "https://{server}/@{user}",  # @user@server
}


def fail(message: str, hint: str = "", **context: Any) -> PydanticCustomError:
    """A validation error with a hint; {names} in the message come from `context`."""
    return PydanticCustomError("portraits", message, {"hint": hint, **context})


def slugify(text: str) -> str:
    """ASCII slug: 'Zoé Lefèbvre' → 'zoe-lefebvre'."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae").replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise fail("this value is empty", "write a value, or remove the field")
    return value


def _markdown(value: Any) -> Any:
    return "" if value is None else value


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise fail("'{value}' is not a real date", "check the month (01–12) and the day of the month",
                       value=value.strip()) from None
    raise fail("expected a date written YYYY-MM-DD", "for example 2024-03-15 (year, month, day)")


def _year_month(value: Any) -> str:
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    if text is None or not YEAR_MONTH.match(text):
        raise fail("expected a year (2008) or a year and month (\"2010-03\")",
                   "write a year like 2008 or a month like \"2010-03\" in quotes")
    return text


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise fail("expected a URL", "for example https://example.org/page")
    value = value.strip()
    if value.startswith("@"):
        raise fail("'{value}' is not a handle of a known network",
                   "name the link after its network (" + ", ".join(sorted(k.capitalize() for k in HANDLE_NETWORKS if k != "x"))
                   + "), write Mastodon handles as \"@user@server\", or give a full URL", value=value[:60])
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise fail("a URL cannot contain spaces or control characters", "encode spaces as %20")
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "http://[::1": a broken IPv6 host
        raise fail("this URL is not well formed", "copy the address again from the browser's address bar") from None
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES:
        if not scheme and "." in value.split("/")[0]:
            raise fail("this URL has no scheme", f"did you mean 'https://{value[:80]}'?")
        raise fail("only http, https and mailto links are allowed",
                   "use a full address such as https://example.org")
    if scheme in ("http", "https") and not parts.netloc:
        raise fail("this URL has no host name", "write it as https://example.org/page")
    if scheme == "mailto" and "@" not in parts.path:
        raise fail("this mailto link has no address", "write it as mailto:name@example.org")
    return value


def profile_url(label: str, value: str) -> str:
    """A link value: a URL, or "@handle" turned into the profile URL of the network named by `label`."""
    if not isinstance(value, str):
        raise fail("expected a URL or an @handle", "for example https://example.org or \"@handle\"")
    value = value.strip()
    if not value.startswith("@"):
        return _url(value)
    network = re.sub(r"[^a-z]", "", label.lower())
    parts = value[1:].split("@")
    if not all(re.fullmatch(r"[A-Za-z0-9_.\-]+", part) for part in parts):
        raise fail("'{value}' is not a valid handle", "a handle holds letters, digits, '_', '.' and '-'",
                   value=value[:60])
    if network == "mastodon" or len(parts) == 2:
        if len(parts) != 2:
            raise fail("a Mastodon handle needs its server", "write it as \"@user@mastodon.social\"")
        return HANDLE_NETWORKS["mastodon"].format(user=parts[0], server=parts[1].lower())
    if network not in HANDLE_NETWORKS:
        raise fail("cannot tell which network the handle belongs to",
                   "name the link after the network (" + ", ".join(sorted(k.capitalize() for k in HANDLE_NETWORKS if k != "x"))
                   + ") or give a full URL")
    return HANDLE_NETWORKS[network].format(user=parts[0])


def _media(value: Any, info: ValidationInfo) -> str:
    """A path relative to the portrait file that must stay inside the portraits folder."""
    if not isinstance(value, str) or not value.strip():
        raise fail("expected a file path", "for example _media/photo.jpg, relative to the portrait file")
    value = value.strip()
    if any(ord(ch) < 32 for ch in value):
        raise fail("this is not a usable file name", "use a short name of letters, digits, '-' and '_'")
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):  # absolute, C:, or a URL
        raise fail("a media path must be relative to the portrait file",
                   "put the image inside the portraits folder, e.g. _media/photo.jpg")
    if "\\" in value:
        raise fail("a media path uses '/' between folders", "write it like _media/photo.jpg")
    if not value.lower().endswith(MEDIA_SUFFIXES):
        raise fail("unsupported image type", "use one of: " + ", ".join(MEDIA_SUFFIXES))
    context = info.context or {}
    base, root = context.get("base"), context.get("root")
    if base is None or root is None:  # nothing to check against: refuse any way up
        if ".." in PurePosixPath(value).parts:
            raise fail("a media path must stay inside the portraits folder", "remove '..' from the path")
        return value
    try:  # the file system rejects some names (too long, NUL): a writer's error, not a crash
        # Both the path as written (what the site copies, relative to the folder) and the file
        # it leads to through any symbolic link must be inside the folder.
        written = os.path.normpath(os.path.join(os.path.relpath(base, root), value))
        target = Path(root, written)
        inside = written.split(os.sep)[0] != ".." and target.resolve().is_relative_to(Path(root).resolve())
        found = inside and target.is_file()
    except (OSError, ValueError):
        raise fail("this is not a usable file name", "use a short name of letters, digits, '-' and '_'") from None
    except RuntimeError:  # raised by resolve() on Python 3.11
        raise fail("this path goes round a loop of symbolic links", "replace the links by the image itself") from None
    if not inside:
        raise fail("a media path must stay inside the portraits folder",
                   "the path (or a symbolic link on its way) leads outside; copy the image into the folder")
    if not found:
        near = _near_miss(Path(root), written)
        hint = (f"did you mean '{PurePosixPath(value).parent / near}'?" if near
                else "check the spelling; the path is relative to the portrait file")
        raise fail("image file not found: {value}", hint, value=value[:80])
    if problem := image_problem(target):
        raise fail("{value}: {problem}", problem[1], value=value[:80], problem=problem[0])
    return value


def _near_miss(root: Path, written: str) -> str | None:
    """The name of the file next to where the path leads that the writer most likely meant:
    the same name in other letter case or without accents, else the closest spelling."""
    target = Path(root, written)
    try:
        names = sorted(entry.name for entry in target.parent.iterdir()
                       if entry.is_file() and entry.suffix.lower() in MEDIA_SUFFIXES)
    except OSError:
        return None
    folded = {slugify(name): name for name in names}
    if slugify(target.name) in folded:
        return folded[slugify(target.name)]
    match = difflib.get_close_matches(target.name.lower(), [name.lower() for name in names], n=1, cutoff=0.75)
    return next((name for name in names if match and name.lower() == match[0]), None)
def _alias(value: Any) -> str:
    """An old address of the portrait (a path on the same site, e.g. from a WordPress blog),
    where the site publishes a redirect page. Only a path: the domain may change."""
    if not isinstance(value, str) or not value.strip():
        raise fail("expected an old address, a path such as /2012/02/portrait-nadia/",
                   "write the path of the old page, starting with '/'")
    value = value.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
        parts = urlsplit(value)
        raise fail("an alias is a path on this site, not a full address",
                   f"write only the path: '{parts.path or '/'}'")
    if not value.startswith("/"):
        raise fail("an alias starts with '/'", f"write it as '/{value[:80]}'")
    if any(ch.isspace() or ord(ch) < 32 or ch in "\\?#\"<>" for ch in value):
        raise fail("an alias cannot contain spaces, '\\', '?', '#', quotes or angle brackets",
                   "a static site can only redirect from a plain path; addresses with a query (?p=42) cannot be redirected")
    segments = value.strip("/").split("/")
    if value.strip("/") == "" or "//" in value or any(s in (".", "..") for s in segments):
        raise fail("'{value}' is not a usable old address", "write a path like /2012/02/portrait-nadia/",
                   value=value[:80])
    return value


Text = Annotated[str, BeforeValidator(_text)]
Markdown = Annotated[str, BeforeValidator(_markdown)]
Url = Annotated[str, AfterValidator(_url)]
MediaPath = Annotated[str, AfterValidator(_media)]
AliasPath = Annotated[str, BeforeValidator(_alias)]
YearMonth = Annotated[str, BeforeValidator(_year_month)]
PublishedDate = Annotated[date, BeforeValidator(_date)]
Slug = Annotated[str, Field(pattern=SLUG.pattern)]
Language = Annotated[str, Field(pattern=LANGUAGE.pattern)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Photo(_Strict):
    src: MediaPath = Field(description="Image file, relative to the portrait file, inside portraits/")
    alt: Text = Field(description="What the image shows, for readers who cannot see it")


class Image(Photo):
    caption: Text | None = None


class CareerStep(_Strict):
    organization: Text
    role: Text
    start: YearMonth = Field(description="A year (2008) or a month (\"2010-03\")")
    end: YearMonth | None = None


class Answer(_Strict):
    question: Text
    answer: Markdown = Field(default="", description="Markdown")
    id: Slug | None = Field(default=None, description="Stable anchor and question-bank id")


class InterviewImage(_Strict):
    image: Image


def _interview_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "image" if "image" in value and "question" not in value else "answer"
    if isinstance(value, BaseModel):
        return "image" if isinstance(value, InterviewImage) else "answer"
    return None


InterviewItem = Annotated[
    Union[Annotated[Answer, Tag("answer")], Annotated[InterviewImage, Tag("image")]],
    Discriminator(_interview_kind),
]


class Reading(_Strict):
    title: Text
    url: Url | None = None


def _links(value: Any) -> Any:
    """Turn "@handle" values into profile URLs; a value that cannot be turned is left for `_url` to reject."""
    if not isinstance(value, dict):
        return value
    return {str(label): _handle_or_raw(str(label), url) for label, url in value.items()}


def _handle_or_raw(label: str, value: Any) -> Any:
    try:
        return profile_url(label, value) if isinstance(value, str) and value.strip().startswith("@") else value
    except PydanticCustomError:
        return value


class PortraitFile(_Strict):
    """Everything a writer may put in a portrait file (format v1)."""

    name: Text
    published: PublishedDate = Field(description="YYYY-MM-DD; a future date means scheduled")
    headline: Text | None = None
    nickname: Text | None = None
    author: Text | None = None
    language: Language | None = Field(default=None, description="fr, en, …; defaults to the site language")
    draft: bool = False
    photo: Photo | None = None
    intro: Markdown = Field(default="", description="Markdown")
    career: tuple[CareerStep, ...] = ()
    organizations: tuple[Text, ...] = ()
    tools: tuple[Text, ...] = ()
    platforms: tuple[Text, ...] = ()
    tags: tuple[Text, ...] = ()
    links: Annotated[dict[str, Url], BeforeValidator(_links)] = Field(
        default_factory=dict, description="label → URL, or \"@handle\" for a network named by the label")
    interview: tuple[InterviewItem, ...] = Field(min_length=1)
    reading: tuple[Reading, ...] = ()
    related: tuple[Slug, ...] = ()
    aliases: tuple[AliasPath, ...] = Field(
        default=(), description="Old addresses (paths) of this portrait, redirected to its page")


class Portrait(PortraitFile):
    """A validated portrait, with what the file name and folder tell."""

    slug: str
    source: str  # path as shown to writers
    file: str  # POSIX path inside the portraits folder
    language: str

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(item for item in self.interview if isinstance(item, Answer))

    @property
    def media(self) -> tuple[str, ...]:
        """Media paths used by the portrait, relative to the portrait file."""
        found = [self.photo.src] if self.photo else []
        found += [item.image.src for item in self.interview if isinstance(item, InterviewImage)]
        return tuple(found)


FIELDS_BY_CONTEXT = {
    "": tuple(PortraitFile.model_fields),
    "photo": tuple(Photo.model_fields),
    "career": tuple(CareerStep.model_fields),
    "interview": tuple(Answer.model_fields) + ("image",),
    "image": tuple(Image.model_fields),
    "reading": tuple(Reading.model_fields),
}
