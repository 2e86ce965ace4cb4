"""GitHub-flavoured Markdown → HTML with cmark-gfm, freeing what the C library allocates.

`cmarkgfm.github_flavored_markdown_to_html` never frees the parsed document nor the HTML
string (theacodes/cmarkgfm#53): about 8 KB lost per answer, gigabytes over a large series.
This does the same conversion through the same C functions and frees both.

Those functions are the binding's internals, not its API. Before using them, their C types are
compared with the ones this code was written for; if any differs or is missing (a new
cmarkgfm), or the C library cannot be reached for freeing (not POSIX), the binding's own
function is used: the output is the same, only the memory is not given back."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Callable

from cmarkgfm import github_flavored_markdown_to_html
from cmarkgfm.cmark import Options

EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")  # as cmarkgfm's GFM
# The C functions called, with the types (as cffi spells them) this code was written for.
C_FUNCTIONS = {
    "cmark_gfm_core_extensions_ensure_registered": "void(*)()",
    "cmark_find_syntax_extension": "struct cmark_syntax_extension *(*)(char *)",
    "cmark_parser_new": "struct cmark_parser *(*)(int)",
    "cmark_parser_attach_syntax_extension": "int(*)(struct cmark_parser *, struct cmark_syntax_extension *)",
    "cmark_parser_feed": "void(*)(struct cmark_parser *, char *, size_t)",
    "cmark_parser_finish": "struct cmark_node *(*)(struct cmark_parser *)",
    "cmark_parser_get_syntax_extensions": "struct _cmark_llist *(*)(struct cmark_parser *)",
    "cmark_render_html": "char *(*)(struct cmark_node *, int, struct _cmark_llist *)",
    "cmark_parser_free": "void(*)(struct cmark_parser *)",
}


def changed_functions(module=None) -> list[str]:
    """The C functions missing from the binding or with another type than expected."""
    if module is None:
        try:
            from cmarkgfm import _cmark as module
        except ImportError:
            return ["cmarkgfm._cmark"]
    changed = []
    for name, expected in C_FUNCTIONS.items():
        function = getattr(module.lib, name, None)
        try:
            found = module.ffi.typeof(function).cname if function is not None else None
        except (TypeError, AttributeError):
            found = None
        if found != expected:
            changed.append(f"{name}: {found or 'missing'}")
    return changed


def _freeing_converter() -> Callable[[str, int], str] | None:
    """A converter that frees what it allocates, or None where that cannot be done safely."""
    if os.name != "posix" or changed_functions():
        return None  # elsewhere `free` could belong to another C runtime than the extension's
    from cmarkgfm import _cmark
    try:
        node_free = ctypes.CDLL(_cmark.__file__).cmark_node_free
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        node_free.argtypes, node_free.restype = [ctypes.c_void_p], None
        libc.free.argtypes, libc.free.restype = [ctypes.c_void_p], None
    except (OSError, AttributeError, TypeError):
        return None
    lib, ffi, free = _cmark.lib, _cmark.ffi, libc.free
    lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = [lib.cmark_find_syntax_extension(name) for name in EXTENSIONS]

    def address(pointer) -> int:
        return int(ffi.cast("uintptr_t", pointer))

    def convert(text: str, options: int) -> str:
        parser = lib.cmark_parser_new(options)
        try:
            for extension in extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            data = text.encode("utf-8")
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            try:
                html = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    return ffi.string(html).decode("utf-8")
                finally:
                    free(address(html))
            finally:
                node_free(address(root))
        finally:
            lib.cmark_parser_free(parser)

    return convert


_FREEING = _freeing_converter()


def gfm_to_html(text: str, options: int = 0) -> str:
    """What `cmarkgfm.github_flavored_markdown_to_html(text, options)` returns."""
    options |= Options.CMARK_OPT_GITHUB_PRE_LANG
    if _FREEING is None:
        return github_flavored_markdown_to_html(text, options=options)
    return _FREEING(text, options)
