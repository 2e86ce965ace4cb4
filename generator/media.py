"""Images: sizes for width/height attributes, and small thumbnails for cards (Pillow).
The only step besides `load` that reads files; results are cached by path and mtime."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

THUMBNAIL_WIDTH = 360


def image_size(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _size(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _size(path: str, mtime: int, size: int) -> tuple[int, int] | None:
    try:
        with Image.open(path) as image:  # reads the header only
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
        with Image.open(path) as image:
            image.thumbnail((width, width * 4))
            out = io.BytesIO()
            if path.lower().endswith((".png", ".gif", ".webp")):
                image.save(out, format=image.format or "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue(), image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
