"""Writers' Markdown becomes safe HTML: nothing executable survives, content does."""

import os

import pytest

from generator.markup import html_text, html_text_start, markdown_to_html, protect_hashtags

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x.jpg" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name="q"></form>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<style>body{display:none}</style>',
    '<a href="https://ok.example" onclick="steal()">ok</a>',
    '<p onmouseover="x()">hover</p>',
]

FORBIDDEN = ["<script", "onerror", "onclick", "onload", "onmouseover", "javascript:", "data:", "<iframe",
             "<form", "<input", "style=", "<svg", "<object", "<embed", "<meta", "<style"]


@pytest.mark.parametrize("source", HOSTILE)
def test_nothing_executable_survives(source):
    html = str(markdown_to_html(source)).lower()
    for needle in FORBIDDEN:
        assert needle not in html, (needle, html)


def test_content_survives():
    source = """### Sous-titre

*emphase* et **gras**, `code`, [lien](https://example.org "titre"), [mail](mailto:a@example.org)

- un
- deux

1. premier
2. second

> une citation

| a | b |
|---|---|
| 1 | 2 |

![photo](https://example.org/p.jpg)
"""
    html = str(markdown_to_html(source))
    for fragment in ("<h5>Sous-titre</h5>", "<em>emphase</em>", "<strong>gras</strong>", "<code>code</code>",
                     '<a href="https://example.org" title="titre" rel="noopener noreferrer">lien</a>',
                     'href="mailto:a@example.org"', "<ul>", "<ol>", "<li>un</li>", "<blockquote>",
                     "<table>", "<td>1</td>", '<img src="https://example.org/p.jpg" alt="photo">'):
        assert fragment in html, fragment


def test_headings_sit_below_the_question():
    html = str(markdown_to_html("# Un\n\n## Deux\n\ntexte"))
    assert "<h3>Un</h3>" in html and "<h4>Deux</h4>" in html
    assert "<h1" not in html and "<h2" not in html


@pytest.mark.parametrize("line", ["#jeudiconfession", "#1 des ventes", "  #hashtag au début"])
def test_hashtag_lines_stay_text(line):
    html = str(markdown_to_html(line + "\n\nsuite"))
    assert "<h" not in html.replace("<hr", "")
    assert line.strip() in html


def test_hashtag_inside_code_fence_is_untouched():
    assert protect_hashtags("```\n#include <x>\n```") == "```\n#include <x>\n```"


def test_traps_render_as_text():
    html = str(markdown_to_html("{{ 7*7 }} {% include 'x' %} 100 % < 3 & > 2 🙂 a\u00a0b"))
    assert "{{ 7*7 }}" in html and "{% include 'x' %}" in html
    assert "&lt; 3 &amp; &gt; 2" in html
    assert "🙂" in html and "a&nbsp;b" in html


def test_relative_media_in_answers_goes_through_the_resolver():
    seen = []

    def resolve(src):
        seen.append(src)
        return "../_media/ok.jpg" if src == "_media/ok.jpg" else None

    html = str(markdown_to_html("![a](_media/ok.jpg) ![b](../../etc/passwd.jpg)", resolve))
    assert '<img src="../_media/ok.jpg" alt="a">' in html
    assert "passwd" not in html
    assert seen == ["_media/ok.jpg", "../../etc/passwd.jpg"]


def test_plain_text_is_unescaped_text():
    assert html_text(markdown_to_html("Hello *world* & <b>you</b>")) == "Hello world & you"


@pytest.mark.parametrize("text", [
    "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] task\n- [x] done\n\n~~del~~ www.example.org <script>x</script>\n",
    "Un paragraphe « avec » 🎉 **gras** et [lien](https://example.org).\n\n> cite\n\n```py\ncode\n```\n",
    "", "\x00nul\r\n\r\ncrlf",
])
def test_gfm_conversion_is_cmarkgfms_own(text):
    from cmarkgfm import github_flavored_markdown_to_html
    from cmarkgfm.cmark import Options
    from generator.gfm import gfm_to_html
    for options in (0, Options.CMARK_OPT_UNSAFE):
        assert gfm_to_html(text, options) == github_flavored_markdown_to_html(text, options=options)


def test_gfm_conversion_frees_its_memory():
    """cmarkgfm's own function leaks the document and the HTML of every call (kilobytes each)."""
    import resource
    from generator.gfm import _FREEING, gfm_to_html
    assert _FREEING is not None  # the C functions were found: the freeing path is the one in use
    text = ("Des mots, **du gras** et un [lien](https://example.org). " * 10 + "\n\n") * 4
    for _ in range(2000):  # settle the allocator
        gfm_to_html(text)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(20000):  # ~900 MB with the leaking function
        gfm_to_html(text)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB


@pytest.mark.skipif(os.name != "posix", reason="memory is freed through the C library on POSIX only")
def test_cmark_c_functions_are_the_ones_the_shim_was_written_for():
    """Fails loudly when a cmarkgfm release renames, removes or retypes a C function the
    freeing shim calls: check the new types, then update C_FUNCTIONS in generator/gfm.py."""
    from generator.gfm import _FREEING, changed_functions
    assert changed_functions() == []
    assert _FREEING is not None


def test_a_changed_c_function_falls_back_to_the_binding(monkeypatch):
    from cmarkgfm import github_flavored_markdown_to_html
    from cmarkgfm.cmark import Options
    import generator.gfm as gfm
    monkeypatch.setitem(gfm.C_FUNCTIONS, "cmark_parser_feed", "void(*)(struct cmark_parser *, char *)")
    monkeypatch.setitem(gfm.C_FUNCTIONS, "cmark_renamed_function", "void(*)()")
    assert sorted(gfm.changed_functions()) == [
        "cmark_parser_feed: void(*)(struct cmark_parser *, char *, size_t)", "cmark_renamed_function: missing"]
    assert gfm._freeing_converter() is None
    monkeypatch.setattr(gfm, "_FREEING", None)
    text = "Un **texte** avec [un lien](https://example.org).\n"
    expected = github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_GITHUB_PRE_LANG)
    assert gfm.gfm_to_html(text) == expected


def test_the_start_of_a_text_is_read_from_the_start_of_its_html():
    import random

    pieces = ["<p>", "</p>", "<em>", "</em>", '<a href="/x?a=1&amp;b=2">', "</a>", "&amp;", "&eacute;", "&#233;",
              "&lt;", " ", "\n", "\u00a0", "mot", "« guillemets »", "l’été", "x" * 40, "<br>", "<li>", "</li>"]
    rng = random.Random(7)
    for _ in range(3000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 120)))
        length = rng.choice([1, 5, 20, 50, 120, 500])
        assert html_text_start(html, length) == html_text(html)[:length], (html, length)
    long = "<p>" + "Un mot de plus. " * 200 + "</p>" * 3
    assert html_text_start(long, 500) == html_text(long)[:500] and len(html_text_start(long, 500)) == 500
