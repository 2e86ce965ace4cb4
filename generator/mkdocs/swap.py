"""Never lose the previous site, never mix two: one build of a site at a time, the new site
built in a sibling folder and swapped in whole only after a full success, and what killed
builds left behind removed by the next one.

The swap exchanges the staging folder and the site folder in one system call
(`renameat2(RENAME_EXCHANGE)` on Linux, through ctypes): at every instant `site/` is either
the complete old site or the complete new one, and the old one is then in the staging folder,
removed at once or, if the build is killed first, by the next build. A symbolic link
`site -> .site.build-N` would also swap atomically, but `site/` would stop being a folder
(deployment tools and web servers may refuse links), and existing sites would change shape.
Elsewhere (macOS, Windows, file systems without the call) the site is renamed aside and the
new one renamed in: `site/` may then be absent for an instant, and never mixed."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..search import scratch_folder

log = logging.getLogger("mkdocs.plugins.portraits")

LEFTOVER_KINDS = ("building", "search", "old")
# Temporary files of the render workers (parallel.py) and of the search indexer (search.py),
# named after the process that owns them.
_TEMP_LEFTOVER = re.compile(r"^portraits-(?:worker|search)-(\d+)-")


class SiteSwap:
    """One build's output: `staging` is where MkDocs writes; `finish` swaps it in if `built`."""

    def __init__(self, site_dir: str):
        self.final = Path(site_dir).resolve()
        self.lock = ExitStack()  # held until the swap is done
        try:
            self.lock.enter_context(build_lock(self.final))
        except Busy as exc:
            raise PluginError(f"portraits: {exc}") from None
        remove_leftovers(self.final)  # of builds killed before they could clean up
        self.staging: Path | None = staging_dir(self.final)
        shutil.rmtree(self.staging, ignore_errors=True)
        checkpoint("staged")
        self.built = False

    def complete(self) -> None:
        """The whole site is in the staging folder (hook `on_post_build`)."""
        self.built = True
        checkpoint("built")

    def failed(self) -> None:
        """The build failed: its partial site goes."""
        self.built = False
        if self.staging:
            shutil.rmtree(self.staging, ignore_errors=True)

    def finish(self) -> None:
        """At shutdown: the staged site replaces the previous one if the build succeeded."""
        staging, final = self.staging, self.final
        if staging is None:
            self.lock.close()
            return
        self.staging = None
        with self.lock:
            if not self.built or not staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)
                return
            swap_in(staging, final)
        log.info(f"portraits: the new site replaces {final}")


def checkpoint(step: str) -> None:
    """Fault tests kill a build at a named step (PORTRAITS_KILL_AT=staged|built|swapped), as a
    power cut or `kill -9` would, to check what the next build finds."""
    if os.environ.get("PORTRAITS_KILL_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


class Busy(Exception):
    """Another build of the same site is running."""


def staging_dir(site: Path, kind: str = "building", pid: int | None = None) -> Path:
    """'.site.building-123' beside `site`: a folder of this build (its process id in the name)."""
    return site.parent / f".{site.name}.{kind}-{pid or os.getpid()}"


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: not ours to judge
    return True


def leftovers(site: Path, temp: Path | None = None) -> list[Path]:
    """Staging, search and retired folders beside `site`, and worker and indexer files in the
    temporary folder and the search documents' folder (`search.scratch_folder`), whose owning
    process (its id is in the name) is gone."""
    found: list[Path] = []
    pattern = re.compile(rf"^\.{re.escape(site.name)}\.(?:{'|'.join(LEFTOVER_KINDS)})-(\d+)$")
    temps = [temp] if temp else sorted({Path(tempfile.gettempdir()), scratch_folder()})
    for folder, names in ((site.parent, pattern), *((folder, _TEMP_LEFTOVER) for folder in temps)):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = names.match(entry.name)
            if match and not alive(int(match.group(1))):
                found.append(entry)
    return sorted(found)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


def remove_leftovers(site: Path, temp: Path | None = None) -> list[Path]:
    found = leftovers(site, temp)
    for path in found:
        remove(path)
    return found


@contextmanager
def build_lock(site: Path):
    """Held while a build of `site` runs: a second build of the same site fails at once
    (`Busy`) instead of interleaving its swap with the first one's. The lock file stays
    (removing it would race with a waiting build); the kernel frees the lock when the process
    dies, even by SIGKILL."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    # In the temporary folder, named after the site's path: nothing is left beside the site.
    digest = hashlib.sha256(os.fsencode(site)).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"portraits-lock-{digest}"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "?"
            raise Busy(f"another build of {site} is running (process {owner}); wait for it to end, "
                       "then build again") from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(descriptor)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ≥ 3.15); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # glibc < 2.28, musl
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


@contextmanager
def _no_interrupt():
    """Ctrl-C waits until the swap is over: it either happened whole or not at all. One that
    came during the swap is then reported, not raised: the build is over, and "Aborted!"
    would be false once the new site is in place."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover
        yield
        return
    stops = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        yield
    finally:
        pending = signal.sigpending() & stops if hasattr(signal, "sigtimedwait") else set()
        for signum in pending:
            signal.sigtimedwait([signum], 0)  # taken while still blocked: never delivered
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
        if pending:
            log.warning("portraits: interrupted during the swap, which was completed first")


def swap_in(staging: Path, final: Path) -> None:
    """Make `staging` the site at `final`; the old site's hidden entries (a deployment
    checkout's .git) are carried over, as MkDocs' own clean keeps them."""
    if final.is_dir():
        for entry in final.iterdir():
            if entry.name.startswith(".") and not (staging / entry.name).exists():
                entry.rename(staging / entry.name)
    with _no_interrupt():
        if final.exists() and _exchange(staging, final):
            retired = staging  # now the old site
            checkpoint("swapped")
        else:
            retired = staging_dir(final, "old")
            if final.exists():
                final.rename(retired)
            staging.rename(final)
            checkpoint("swapped")
    remove(retired)
