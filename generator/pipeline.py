"""The whole core in one call: load → validate → link → render. No MkDocs here."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, replace
from typing import Callable
from datetime import date
from pathlib import Path

from .aids import Limits, length_problems, spelling_problems
from .link import Catalogue, build_catalogue
from .model import Portrait
from .load import load_folder
from .problems import Problem, errors
from .registry import load_registries
from .search import PORTRAITS_PER_INDEX
from .media import THUMBNAIL_WIDTH, image_size, thumbnail, thumbnail_name
from .render import ImageInfo, Page, Rendered, SiteInfo, media_uri, render_site
from .validate import validate


@dataclass(frozen=True)
class Settings:
    portraits_dir: Path
    template_dirs: tuple[Path, ...] = ()
    language: str = "fr"
    site_name: str = ""
    preview: bool = False  # show drafts and scheduled portraits (mkdocs serve)
    reuse: bool = False  # keep parsed files and converted texts for the next build (mkdocs serve)
    today: date | None = None
    site_url: str = ""
    site_description: str = ""
    search: bool = False
    search_batch: int = PORTRAITS_PER_INDEX  # portraits per search index
    workers: int = 1  # processes that load, link and render (see parallel.default_workers)
    limits: Limits = Limits()  # very long answers and questions are warnings
    spelling: bool = False  # spelling warnings (portraits check --spelling)


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    catalogue: Catalogue | None = None
    rendered: Rendered | None = None

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def check(settings: Settings) -> Result:
    """Load and validate only (what `portraits check` runs)."""
    root = settings.portraits_dir
    if not root.is_dir():
        return Result((Problem(str(root), 1, 1, "the portraits folder does not exist",
                               "create it, or set 'portraits_dir' for the plugin in mkdocs.yml"),))
    loaded = load_folder(root)
    registries, registry_problems = load_registries(root)
    validated = validate(loaded, root, settings.language, registries)
    aids = list(length_problems(loaded.sources, settings.limits))
    if settings.spelling:
        aids += spelling_problems(loaded.sources, settings.language, _names(loaded.sources, registries))
    return Result((*registry_problems, *validated.problems, *aids))


def _names(sources, registries) -> list[str]:
    """Names the series uses (people, organisations, tools…): not spelling mistakes."""
    names = [name for kind in ("organizations", "tools", "platforms", "tags")
             for entry in getattr(registries.entities, kind) for name in (entry.name, *entry.aliases)]
    for source in sources:
        for field in ("name", "nickname", "organizations", "tools", "platforms", "tags"):
            value = source.data.get(field)
            names += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    return names


def run(settings: Settings, *, render_invalid: bool = False, progress: Callable[[str], None] = lambda _: None,
        portrait_rendered: Callable[[Page], None] | None = None,
        portraits_rendered: Callable[[], None] | None = None) -> Result:
    """Everything. With errors, nothing is rendered unless `render_invalid` (a live preview
    keeps showing the valid portraits and lists the problems on the home page). `progress`
    receives one line per step: what was done, how many, how long. `portrait_rendered` is
    `render_site`'s; `portraits_rendered()` is called after each batch of portraits (a search
    index built alongside)."""
    root = settings.portraits_dir
    if not root.is_dir():
        return check(settings)
    clock = _Clock(progress)
    loaded = load_folder(root, reuse=settings.reuse, workers=settings.workers)
    registries, registry_problems = load_registries(root)
    clock.done(f"loaded {len(loaded.sources)} portrait files")
    if not settings.reuse:
        # The parsed files live until the build ends: keep the cyclic garbage collector from
        # scanning them again and again (a tenth of the build time at 10,000 portraits).
        gc.freeze()
    validated = validate(loaded, root, settings.language, registries)
    problems = (*registry_problems, *validated.problems, *length_problems(loaded.sources, settings.limits))
    clock.done(f"validated {len(validated.portraits)} portraits, {len(errors(problems))} error(s)")
    if errors(problems) and not render_invalid:
        return Result(problems)
    media_files = loaded.media_files
    del loaded  # the parsed files (values and their positions) are no longer needed: memory
    portraits, stale = validated.portraits, frozenset()
    if render_invalid and settings.reuse:
        portraits, stale = with_last_valid(root, portraits, problems)
    catalogue = build_catalogue(portraits, language=settings.language,
                                today=settings.today or date.today(), preview=settings.preview,
                                media_files=media_files, registries=registries, workers=settings.workers)
    clock.done(f"linked {len(catalogue.portraits)} portraits, {len(catalogue.questions)} questions, "
               f"{sum(map(len, catalogue.entities.values()))} entities")
    images, thumbnails = measure_images(root, catalogue)

    def batch_rendered(done: int, total: int) -> None:
        if total > settings.search_batch:  # a large series renders in several batches: say how far it is
            clock.tell(f"rendered {done} of {total} portrait pages")
        if portraits_rendered:
            portraits_rendered()

    rendered = render_site(catalogue, template_dirs=settings.template_dirs, images=images,
                           site=SiteInfo(settings.site_name, settings.site_url, settings.site_description,
                                         search=settings.search, search_batch=settings.search_batch),
                           problems=tuple(errors(problems)), reuse=settings.reuse,
                           workers=settings.workers, portrait_rendered=portrait_rendered,
                           portraits_rendered=batch_rendered, stale=stale)
    rendered = replace(rendered, files=(*rendered.files, *thumbnails))
    clock.done(f"rendered {len(rendered.pages)} pages")
    return Result(problems, catalogue, rendered)


# The last valid version of each portrait file, by folder and file (a live preview only).
_LAST_VALID: dict[tuple[Path, str], Portrait] = {}


def with_last_valid(root: Path, portraits: tuple[Portrait, ...],
                    problems: tuple[Problem, ...]) -> tuple[tuple[Portrait, ...], frozenset[str]]:
    """In a live preview, a portrait whose file has just become invalid keeps its last valid
    version on the page (shown below its problems) instead of disappearing. Returns the
    portraits to show and the files shown in an earlier version."""
    for portrait in portraits:
        _LAST_VALID[(root, portrait.source)] = portrait
    failed = {problem.path for problem in errors(problems)}
    valid = {portrait.source for portrait in portraits}
    slugs = {portrait.slug for portrait in portraits}
    stale = []
    for (folder, source), portrait in list(_LAST_VALID.items()):
        if folder != root or source in valid:
            continue
        if source not in failed or not (root / portrait.file).is_file():  # fixed elsewhere, renamed or deleted
            del _LAST_VALID[(folder, source)]
        elif portrait.slug not in slugs:
            stale.append(portrait)
            slugs.add(portrait.slug)
    return (*portraits, *stale), frozenset(portrait.source for portrait in stale)


class _Clock:
    """Progress lines for long builds: the step, its count, the time it took."""

    def __init__(self, report: Callable[[str], None]):
        self.report, self.start = report, time.perf_counter()

    def tell(self, what: str) -> None:
        """Progress within a step: seconds since the step began."""
        self.report(f"portraits: {what} ({time.perf_counter() - self.start:.1f} s)")

    def done(self, what: str) -> None:
        """A step is over: its line, and the clock starts for the next one."""
        self.tell(what)
        self.start = time.perf_counter()


def measure_images(root: Path, catalogue: Catalogue) -> tuple[dict[str, ImageInfo], list[tuple[str, bytes]]]:
    """Sizes of the images portraits use, and a thumbnail of each photo for the cards."""
    images, thumbnails = {}, []
    for portrait in catalogue.portraits:
        photo = media_uri(portrait, portrait.photo.src) if portrait.photo else None
        for uri in {media_uri(portrait, src) for src in portrait.media} - images.keys():
            size = image_size(root / uri)
            if size is None:
                continue
            small = thumbnail(root / uri) if uri == photo and size[0] > THUMBNAIL_WIDTH else None
            if small:
                name = thumbnail_name(uri)
                thumbnails.append((f"portraits/{name}", small[0]))
                images[uri] = ImageInfo(*size, name, small[1])
            else:
                images[uri] = ImageInfo(*size)
    return images, thumbnails
