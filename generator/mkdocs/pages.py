"""Generated pages are already HTML: they skip MkDocs' Markdown conversion (the costliest
step of a build), and their HTML and table of contents are put back afterwards. A page from
an editor's template written in Markdown goes through MkDocs as usual."""

from __future__ import annotations

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.toc import get_toc

from ..render import Page, Rendered

BODY_MARKER = "<!-- portraits: page body {}-->"


class GeneratedPages:
    def __init__(self, rendered: Rendered, html_pages: set[str], content_needed: bool):
        self.by_src = {page.src_uri: page for page in rendered.pages}
        self.html_pages = html_pages
        # Another plugin (Material's search) reads the content between the hooks.
        self.content_needed = content_needed

    def get(self, page) -> Page | None:
        """The generated page behind a MkDocs page, if any."""
        return self.by_src.get(page.file.src_uri)

    def html_page(self, page) -> Page | None:
        return self.by_src.get(page.file.src_uri) if page.file.src_uri in self.html_pages else None

    def skip_render(self, page) -> None:
        """Hook `on_pre_page`: what `Page.render` leaves for an empty source, without the
        Markdown converter MkDocs would build for each page; the anchors let MkDocs check
        links into the page."""
        generated = self.html_page(page)
        if generated is not None:
            def render(config: MkDocsConfig, files: Files) -> None:
                page.content, page.toc = "", get_toc([])
                page.present_anchor_ids = {anchor for _, anchor, _ in generated.toc}
            page.render = render

    def markdown(self, markdown: str, page) -> str:
        """Hook `on_page_markdown`: nothing to convert for an HTML page."""
        return "" if self.html_page(page) else markdown

    def content(self, html: str, page) -> str:
        """Hook `on_page_content`: the table of contents, and the body or a marker for it.

        MkDocs keeps every page's content until the build ends; with thousands of pages that
        is most of the memory. A marker stands in until the page is written (`body`), unless
        another plugin reads the content in the meantime."""
        generated = self.html_page(page)
        if generated is None:
            return html
        page.toc = get_toc(toc_tokens(generated.toc))
        if self.content_needed:
            return generated.body
        return _body_marker(generated)

    def body(self, output: str, page) -> str:
        """Hook `on_post_page`: the body in place of its marker."""
        generated = self.html_page(page)
        if generated is not None and not self.content_needed:
            output = output.replace(_body_marker(generated), generated.body, 1)
        return output


def toc_tokens(headings) -> list[dict]:
    """(level, id, text) headings → the nested tokens MkDocs builds a table of contents from."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, text in headings:
        token = {"level": level, "id": anchor, "name": str(escape(text)), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def _body_marker(generated: Page) -> str:
    # Material adds a title when the content has no "<h1": the marker says whether it has.
    return BODY_MARKER.format("<h1>" if any(level == 1 for level, _, _ in generated.toc) else "")
