"""The whole core in one call: load → validate → link → render, each step timed. No engine here."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from .aids import length_problems, spelling_problems
from .config import Settings
from .kept import KeptPerObject
from .link import Catalogue, LinkedBefore, build_catalogue
from .model import Portrait
from .load import load_folder
from .media import THUMBNAIL_WIDTH, image_size, thumbnail
from .problems import Problem, errors
from .registry import load_registries
from .render import Batch, ConvertedTexts, ImageInfo, Page, Rendered, RenderedBefore, render_site
from .site import media_uri, media_url, thumbnail_uri
from .validate import validate

__all__ = ["KeptBetweenBuilds", "Result", "Settings", "check", "measure_images", "run"]


@dataclass
class KeptBetweenBuilds:
    """What a live preview keeps from one build to the next, so that a build after an edit
    redoes only what the edit changed: each file's validation, what linking found per
    portrait, converted texts, rendered pages (with what each was made from) and image sizes.
    Every step gives the same result with or without it."""

    validated: dict = field(default_factory=dict)
    lengths: KeptPerObject = field(default_factory=KeptPerObject)  # each file's length warnings
    linked: LinkedBefore = field(default_factory=LinkedBefore)
    texts: ConvertedTexts = field(default_factory=ConvertedTexts)
    pages: RenderedBefore = field(default_factory=RenderedBefore)
    images: dict = field(default_factory=dict)  # (path, mtime, size) → measured size and thumbnail
    last_valid: dict = field(default_factory=dict)  # file → its last valid Portrait (see `with_last_valid`)
    builds: int = 0  # builds completed with it


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    catalogue: Catalogue | None = None
    rendered: Rendered | None = None
    times: Mapping[str, float] = field(default_factory=dict)  # seconds per step (StepClock)

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
        portraits: Callable[[Sequence[Page]], None] | None = None, kept: KeptBetweenBuilds | None = None,
        faults: tuple[Problem, ...] = ()) -> Result:
    """Everything. With errors, nothing is rendered unless `render_invalid` (a live preview
    keeps showing the valid portraits and lists the problems on the home page). `progress`
    receives one line per step: what was done, how many, how long. `portraits` receives each
    batch of portrait pages as render yields it, in this process, before the other pages are
    rendered (a search index built alongside). `kept`: what a live preview keeps between
    builds (see `KeptBetweenBuilds`), the last valid version of each portrait file included
    (see `with_last_valid`). `faults`: problems found outside the portraits (a template
    override a live preview had to set aside), listed with theirs."""
    root = settings.portraits_dir
    if not root.is_dir():
        return check(settings)
    clock = StepClock(progress)
    loaded = load_folder(root, reuse=settings.reuse, workers=settings.workers)
    registries, registry_problems = load_registries(root)
    clock.done("load", f"loaded {len(loaded.sources)} portrait files")
    if not settings.reuse:
        # The parsed files live until the build ends: keep the cyclic garbage collector from
        # scanning them again and again (a tenth of the build time at 10,000 portraits).
        gc.freeze()
    validated = validate(loaded, root, settings.language, registries, before=kept.validated if kept else None)
    problems = (*faults, *registry_problems, *validated.problems,
                *length_problems(loaded.sources, settings.limits, before=kept.lengths if kept else None,
                                 workers=settings.workers))
    clock.done("validate", f"validated {len(validated.portraits)} portraits, {len(errors(problems))} error(s)")
    if errors(problems) and not render_invalid:
        return Result(problems, times=clock.times)
    media_files = loaded.media_files
    del loaded  # the parsed files (values and their positions) are no longer needed: memory
    shown, stale = validated.portraits, frozenset[str]()
    if render_invalid and kept is not None:
        shown, stale = with_last_valid(root, shown, problems, kept.last_valid)
    catalogue = build_catalogue(shown, language=settings.language,
                                today=settings.today or date.today(), preview=settings.preview,
                                media_files=media_files, registries=registries, workers=settings.workers,
                                before=kept.linked if kept else None)
    clock.done("link", f"linked {len(catalogue.portraits)} portraits, {len(catalogue.questions)} questions, "
                       f"{sum(map(len, catalogue.entities.values()))} entities")
    images, thumbnails = measure_images(root, catalogue, kept.images if kept else None)
    pages: list[Page] = []
    last: Batch | None = None
    for batch in render_site(catalogue, settings, problems=tuple(errors(problems)), images=images,
                             texts=kept.texts if kept else None, before=kept.pages if kept else None, stale=stale):
        pages += batch.pages
        if batch.portraits:
            if batch.total > settings.search_batch and not (kept and kept.builds):  # a large series, built afresh: how far it is
                clock.tell(f"rendered {batch.done} of {batch.total} portrait pages")
            if portraits:
                portraits(batch.pages)
        else:
            last = batch
    assert last is not None
    rendered = Rendered(tuple(pages), last.media, (*last.files, *thumbnails))
    if kept and kept.pages.rendered < len(rendered.pages):
        clock.done("render", f"rendered {kept.pages.rendered} of {len(rendered.pages)} pages (the others are unchanged)")
    else:
        clock.done("render", f"rendered {len(rendered.pages)} pages")
    if kept:
        kept.builds += 1
    return Result(problems, catalogue, rendered, clock.times)


def with_last_valid(root: Path, portraits: tuple[Portrait, ...], problems: tuple[Problem, ...],
                    last_valid: dict[str, Portrait]) -> tuple[tuple[Portrait, ...], frozenset[str]]:
    """In a live preview, a portrait whose file has just become invalid keeps its last valid
    version on the page (shown below its problems) instead of disappearing. `last_valid`
    (by file) is updated; returns the portraits to show and the files shown in an earlier version."""
    for portrait in portraits:
        last_valid[portrait.source] = portrait
    failed = {problem.path for problem in errors(problems)}
    valid = {portrait.source for portrait in portraits}
    slugs = {portrait.slug for portrait in portraits}
    stale = []
    for source, portrait in list(last_valid.items()):
        if source in valid:
            continue
        if source not in failed or not (root / portrait.file).is_file():  # fixed elsewhere, renamed or deleted
            del last_valid[source]
        elif portrait.slug not in slugs:
            stale.append(portrait)
            slugs.add(portrait.slug)
    return (*portraits, *stale), frozenset(portrait.source for portrait in stale)


class StepClock:
    """The time of each step (load, validate, link, render), and a progress line for each:
    the step, its count, the time it took. `times` holds each step's seconds, its CPU seconds
    in this process ("<step>_cpu"), and the whole run's ("total"): what the benchmark reads."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report
        self.begin = self.start = time.perf_counter()
        self.begin_cpu = self.start_cpu = time.process_time()
        self.times: dict[str, float] = {}

    def tell(self, what: str) -> None:
        """Progress within a step: seconds since the step began."""
        self.report(f"portraits: {what} ({time.perf_counter() - self.start:.1f} s)")

    def done(self, step: str, what: str) -> None:
        """A step is over: its line, and the clock starts for the next one."""
        self.tell(what)
        now, cpu = time.perf_counter(), time.process_time()
        self.times[step], self.times[f"{step}_cpu"] = now - self.start, cpu - self.start_cpu
        self.times["total"], self.times["total_cpu"] = now - self.begin, cpu - self.begin_cpu
        self.start, self.start_cpu = now, cpu


def measure_images(root: Path, catalogue: Catalogue,
                   before: dict | None = None) -> tuple[dict[str, ImageInfo], list[tuple[str, bytes]]]:
    """Sizes of the images portraits use, and a thumbnail of each photo for the cards.
    `before` (a live preview's): what was measured of each file, reused while it is unchanged."""
    images, thumbnails = {}, []
    measured = dict(before or {})
    if before is not None:
        before.clear()
    for portrait in catalogue.portraits:
        photo = media_uri(portrait.file, portrait.photo.src) if portrait.photo else None
        for uri in {media_uri(portrait.file, src) for src in portrait.media} - images.keys():
            try:
                stat = (root / uri).stat()
                stamp = (uri, uri == photo, stat.st_mtime_ns, stat.st_size)
            except OSError:
                stamp = None
            if stamp is not None and stamp in measured:
                size, small = measured[stamp]
            else:
                size = image_size(root / uri)
                small = (thumbnail(root / uri) if size is not None and uri == photo and size[0] > THUMBNAIL_WIDTH
                         else None)
            if before is not None and stamp is not None:
                before[stamp] = (size, small)
            if size is None:
                continue
            if small:
                name = thumbnail_uri(uri, THUMBNAIL_WIDTH)
                thumbnails.append((media_url(name), small[0]))
                images[uri] = ImageInfo(*size, name, small[1])
            else:
                images[uri] = ImageInfo(*size)
    return images, thumbnails
