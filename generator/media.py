"""Images: sizes for width/height attributes, and small thumbnails for cards (Pillow).
The only step besides `load` that reads files; results are cached by path and mtime."""

from __future__ import annotations

import io
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

THUMBNAIL_WIDTH = 360
# Largest image published: 40 megapixels (a 50-megapixel camera's photo is 8192×6144 → refused;
# resize it). A 30000×30000 PNG of 100 KB would make each reader's browser decode 900
# megapixels; here it is refused from its header, before any pixel is decoded.
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_000
# Formats Pillow recognises in the file's bytes, by the suffixes that may name them.
_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "GIF": (".gif",), "WEBP": (".webp",), "AVIF": (".avif",)}


@contextmanager
def _quiet():
    """Pillow warns (with stack lines) about images above its own limit; ours is lower and
    reported as a located problem instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def image_problem(path: Path) -> tuple[str, str] | None:
    """(message, hint) if the file at `path` is not an image a reader can be given, else None:
    checked from its bytes, not its name, with bounded memory."""
    try:
        stat = path.stat()
    except OSError as exc:
        return f"cannot read the image ({exc.strerror or exc})", "check that the file exists and that you may read it"
    return _problem(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _problem(path: str, mtime: int, size: int) -> tuple[str, str] | None:
    suffix = "." + path.rpartition(".")[2].lower()
    try:
        with _quiet(), Image.open(path) as image:
            expected = [name for name, suffixes in _FORMATS.items() if suffix in suffixes]
            if image.format not in _FORMATS:
                return (f"the file is a {image.format} image, which browsers may not show",
                        "save it as JPEG, PNG, GIF or WebP")
            if image.format not in expected:
                return (f"the file is a {image.format} image named '{suffix}'",
                        f"rename it with the suffix {_FORMATS[image.format][0]}, or save it in the format its name says")
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                return (f"the image is too large ({width}×{height} pixels)",
                        f"resize it to at most {MAX_PIXELS // 1_000_000} megapixels and {MAX_SIDE} pixels a side "
                        "(readers' browsers would decode every pixel)")
            if image.format == "JPEG":
                image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))  # decoded at 1/8: small, yet whole
                image.load()
            else:
                image.verify()  # checks the structure and checksums without keeping the pixels
    except Image.DecompressionBombError:  # Pillow's own limit, above ours: refused from the header
        return ("the image is too large (more than 170 megapixels)",
                f"resize it to at most {MAX_PIXELS // 1_000_000} megapixels and {MAX_SIDE} pixels a side")
    except UnidentifiedImageError:
        return "the file is not an image (its content is not JPEG, PNG, GIF or WebP)", \
            "export the picture again as JPEG or PNG; a file renamed '.jpg' stays what it was"
    except PermissionError as exc:
        return f"cannot read the image ({exc.strerror})", "give yourself the permission to read it (chmod u+r)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"the image cannot be decoded ({str(exc)[:80]}): it may be truncated or damaged", \
            "export or download the picture again"
    return None


def image_size(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _size(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _size(path: str, mtime: int, size: int) -> tuple[int, int] | None:
    try:
        with _quiet(), Image.open(path) as image:  # reads the header only
            return image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def thumbnail(path: Path, width: int = THUMBNAIL_WIDTH) -> tuple[bytes, tuple[int, int]] | None:
    """(image bytes, size) of a copy at most `width` pixels wide, or None if it can't be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _thumbnail(str(path), stat.st_mtime_ns, stat.st_size, width)


@lru_cache(maxsize=2048)
def _thumbnail(path: str, mtime: int, size: int, width: int) -> tuple[bytes, tuple[int, int]] | None:
    try:
        with _quiet(), Image.open(path) as image:
            if image.size[0] * image.size[1] > MAX_PIXELS:  # refused by `check`; never decoded here
                return None
            image.draft("RGB", (width, width * 4))  # JPEG: decoded at a fraction of its size
            image.thumbnail((width, width * 4))
            out = io.BytesIO()
            if path.lower().endswith((".png", ".gif", ".webp")):
                image.save(out, format=image.format or "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue(), image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
