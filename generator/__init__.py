"""Portraits: interview files in, a cross-linked static site out.

The data flow is one direction: load → validate → link → render. None of those
modules imports MkDocs; `plugin.py` is the only adapter to it.
"""
