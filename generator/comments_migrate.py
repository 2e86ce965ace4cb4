"""`portraits comments-migrate`: a WordPress blog's comments → isso, on the new addresses.

isso's own importer (`isso -c CONFIG import -t wordpress EXPORT`) files each post's comments
under the post's old path ('/2012/02/portrait-nadia-bouchard/'). The portraits imported from
the same export keep that path in `aliases`; this module then moves each such thread to the
portrait's page ('/portraits/nadia-bouchard/', the key the site's pages use), so the comments
appear on the new page. It works on isso's SQLite database directly (tables `threads` and
`comments`, see isso/db/), and can be run again: threads already moved are left alone."""

from __future__ import annotations

import configparser
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import unquote

from .model import Portrait
from .site import PORTRAITS, comment_thread, portrait_url


class MigrationError(Exception):
    """Something the editor must fix (the message says what)."""


@dataclass(frozen=True)
class Moved:
    old: str
    new: str
    comments: int


def isso_database(config_file: Path) -> Path:
    """The SQLite file of an isso configuration ([general] dbpath)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        found = parser.read(config_file, encoding="utf-8")
    except configparser.Error as exc:
        raise MigrationError(f"{config_file}: not an isso configuration file ({exc.message.splitlines()[0]})") from None
    if not found:
        raise MigrationError(f"cannot read the isso configuration {config_file}")
    dbpath = parser.get("general", "dbpath", fallback="").strip()
    if not dbpath:
        raise MigrationError(f"{config_file}: no 'dbpath' in the [general] section",)
    return Path(dbpath)  # a relative path is relative to the current folder, as for isso itself


def thread_key(slug: str) -> str:
    """The thread of a portrait: its path on the site (the key its page gives, templates/_comments.j2)."""
    return comment_thread(portrait_url(slug))


def _normal(path: str) -> str:
    return "/" + unquote(path).strip("/")


def new_addresses(portraits: Iterable[Portrait]) -> dict[str, tuple[str, str]]:
    """Old path (normalised) → (thread key, title) for every alias of every portrait."""
    return {_normal(alias): (thread_key(p.slug), p.name) for p in portraits for alias in p.aliases}


def comment_count(database: Path) -> int:
    if not database.is_file():
        return 0
    with sqlite3.connect(database) as db:
        try:
            return db.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
        except sqlite3.OperationalError:  # a new database: isso creates the tables
            return 0


def remap_threads(database: Path, addresses: Mapping[str, tuple[str, str]]) -> tuple[list[Moved], list[str]]:
    """Move the threads filed under an old address to the portrait's thread; a thread that
    already exists there (comments posted on the new site) receives the old comments.
    Returns what moved, and the threads left where they were (no portrait has that alias)."""
    moved, left = [], []
    db = sqlite3.connect(database)
    try:
        with db:
            threads = db.execute("SELECT id, uri FROM threads").fetchall()
            uris = {uri: tid for tid, uri in threads}
            for tid, uri in threads:
                target = addresses.get(_normal(uri))
                if target is None:
                    if not uri.startswith(comment_thread(PORTRAITS)):
                        left.append(uri)
                    continue
                key, title = target
                count = db.execute("SELECT COUNT(*) FROM comments WHERE tid = ?", (tid,)).fetchone()[0]
                existing = uris.get(key)
                if existing is None:
                    db.execute("UPDATE threads SET uri = ?, title = ? WHERE id = ?", (key, title, tid))
                    uris[key] = tid
                else:
                    db.execute("UPDATE comments SET tid = ? WHERE tid = ?", (existing, tid))
                    db.execute("DELETE FROM threads WHERE id = ?", (tid,))
                moved.append(Moved(uri, key, count))
    finally:
        db.close()
    return moved, left
