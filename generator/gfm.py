"""GitHub-flavoured Markdown → HTML with cmark-gfm, freeing what the C library allocates.

`cmarkgfm.github_flavored_markdown_to_html` never frees the parsed document nor the HTML
string (theacodes/cmarkgfm#53): about 8 KB lost per answer, gigabytes over a large series.
This does the same conversion through the same C functions and frees both. Where the C
functions cannot be reached for freeing, it falls back to the leaking function."""

from __future__ import annotations

import ctypes
import ctypes.util
import os

from cmarkgfm import _cmark, github_flavored_markdown_to_html
from cmarkgfm.cmark import Options

EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")  # as cmarkgfm's GFM
_lib, _ffi = _cmark.lib, _cmark.ffi


def _c_functions():
    """(cmark_node_free, free) from the extension module and the C library, or None. Only
    where the extension and Python share the system's C library (POSIX): elsewhere `free`
    could belong to another C runtime."""
    if os.name != "posix":
        return None
    try:
        node_free = ctypes.CDLL(_cmark.__file__).cmark_node_free
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        node_free.argtypes, node_free.restype = [ctypes.c_void_p], None
        libc.free.argtypes, libc.free.restype = [ctypes.c_void_p], None
        return node_free, libc.free
    except (OSError, AttributeError, TypeError):
        return None


_FREEING = _c_functions()
_lib.cmark_gfm_core_extensions_ensure_registered()
_EXTENSIONS = [_lib.cmark_find_syntax_extension(name) for name in EXTENSIONS]


def _address(pointer) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


def gfm_to_html(text: str, options: int = 0) -> str:
    """What `cmarkgfm.github_flavored_markdown_to_html(text, options)` returns."""
    options |= Options.CMARK_OPT_GITHUB_PRE_LANG
    if _FREEING is None:
        return github_flavored_markdown_to_html(text, options=options)
    node_free, free = _FREEING
    parser = _lib.cmark_parser_new(options)
    try:
        for extension in _EXTENSIONS:
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        data = text.encode("utf-8")
        _lib.cmark_parser_feed(parser, data, len(data))
        root = _lib.cmark_parser_finish(parser)
        try:
            html = _lib.cmark_render_html(root, options, _lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return _ffi.string(html).decode("utf-8")
            finally:
                free(_address(html))
        finally:
            node_free(_address(root))
    finally:
        _lib.cmark_parser_free(parser)
