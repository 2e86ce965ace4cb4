"""Faults outside a writer's portraits (an editor's template, a locale file, the disk) as one
located line with what to do, instead of a traceback."""

from __future__ import annotations

import errno
import traceback

import jinja2

from .i18n import LocaleError
from .problems import Problem, shorten, visible

# What a template override can raise while it runs: its own errors, and Python's from the
# expressions it evaluates ({{ 1/0 }}, a macro calling itself, a number added to text, …).
TEMPLATE_FAULTS = (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
                   RecursionError, UnicodeDecodeError)


def template_place(exc: BaseException) -> str:
    """'templates/portrait.md.j2:12' for the template line that failed, as far as known: Jinja
    gives template frames the template's file name and line."""
    lineno = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if isinstance(exc, jinja2.TemplateSyntaxError) and name:
        return f"{name}:{lineno}" if lineno else str(name)
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if frame.filename.endswith((".j2", ".html", ".xml", ".md")) or frame.filename.startswith("<template")]
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    if name and lineno:
        return f"{name}:{lineno}"
    tb = exc.__traceback__  # a file that failed to load: the loader's frame names it
    while tb is not None:
        found = tb.tb_frame.f_locals.get("filename")
        name = found if isinstance(found, str) else name
        tb = tb.tb_next
    return str(name or "a template")


def describe(exc: BaseException) -> str | None:
    """The one-line message for a fault a build or a command stops on, or None if unknown."""
    if isinstance(exc, LocaleError):
        return visible(str(exc))
    if isinstance(exc, TEMPLATE_FAULTS):
        message, hint = _template_fault(exc)
        return f"{visible(template_place(exc))}: {message}; {hint}"
    if isinstance(exc, OSError):
        return disk_message(exc)
    return None


def template_problem(exc: BaseException) -> Problem:
    """A template fault as a problem, which a live preview lists on its home page."""
    path, _, line = template_place(exc).rpartition(":")
    if not (path and line.isdigit()):
        path, line = template_place(exc), "1"
    return Problem(path, int(line), 1, *_template_fault(exc))


def _template_fault(exc: BaseException) -> tuple[str, str]:
    """(message, hint) for a fault of a template override."""
    if isinstance(exc, RecursionError):
        return ("a template calls itself without end (recursion)",
                "check the includes and macros of your template overrides")
    if isinstance(exc, UnicodeDecodeError):
        return "a template is not UTF-8", "save your template overrides with the UTF-8 encoding"
    kind = "undefined variable" if isinstance(exc, jinja2.UndefinedError) else type(exc).__name__
    return (f"template error ({kind}: {visible(shorten(str(exc), 160))})",
            "fix the template override, or remove it to use the built-in one")


def disk_message(exc: OSError, doing: str = "writing the site",
                 again: str = "build again (the previous site is kept)") -> str:
    # a copy's error names its source and its destination: a full disk is the destination's
    path = (exc.filename2 or exc.filename) if exc.errno == errno.ENOSPC else exc.filename
    where = f" ({visible(shorten(str(path), 120))})" if path else ""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full while {doing}{where}; free some space and {again}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied while {doing}{where}; check that you may read and write these files"
    return f"{exc.strerror or exc} while {doing}{where}; check the files and the disk, then {again}"
