"""Rendering: escaping for each context, URLs and the generated Markdown pages."""

from datetime import date

import pytest
from conftest import image_bytes, write_portrait

from generator.pipeline import Settings, run
from generator.render import meta_value
from generator.site import relative_url
from generator.typography import typeset


@pytest.mark.parametrize("target, base, expected", [
    ("portraits/a/", "portraits/b/", "../../portraits/a/"),
    ("", "portraits/b/", "../../"),
    ("portraits/a/", "", "portraits/a/"),
    ("portraits/_media/x.jpg", "portraits/b/", "../../portraits/_media/x.jpg"),
    ("page/2/", "page/3/", "../../page/2/"),
    ("", "", "./"),
])
def test_relative_url(target, base, expected):
    assert relative_url(target, base) == expected


def test_meta_value_is_quoted_and_escaped():
    assert str(meta_value('a "b" <script>\n')) == '"a &quot;b&quot; &lt;script&gt;"'


def render(tmp_path, **fields):
    write_portrait(tmp_path / "portraits", "zoe", **fields)
    result = run(Settings(portraits_dir=tmp_path / "portraits", today=date(2025, 1, 1)))
    assert result.ok, result.problems
    return {page.src_uri: page.content for page in result.rendered.pages}


def test_portrait_page_holds_every_part(tmp_path):
    (tmp_path / "portraits" / "_media").mkdir(parents=True)
    (tmp_path / "portraits" / "_media" / "z.jpg").write_bytes(image_bytes())
    pages = render(tmp_path, nickname="La Boussole", headline="Gestionnaire", author="Équipe",
                   photo={"src": "_media/z.jpg", "alt": "Zoé"},
                   intro="Premier paragraphe.\n\nSecond paragraphe.",
                   career=[{"organization": "Astral", "role": "Conseillère", "start": "2010-03"}],
                   links={"Twitter": "@zoe", "Site": "https://zoe.example"},
                   interview=[{"question": "Comment as-tu commencé ?", "answer": "Un.\n\nDeux.", "id": "debuts"},
                              {"image": {"src": "_media/z.jpg", "alt": "Bureau", "caption": "Le bureau"}}],
                   reading=[{"title": "Un livre"}, {"title": "Un article", "url": "https://a.example"}])
    page = pages["portraits/zoe.md"]
    for fragment in ['<h1 id="zoe-lefebvre">Zoé Lefèbvre<a class="headerlink" href="#zoe-lefebvre"', "« La Boussole »", "Gestionnaire", "Publié le 15 mars 2024", "par Équipe",
                     '<img class="portrait-photo" src="../../portraits/_media/z.jpg" alt="Zoé"',
                     "<p>Premier paragraphe.</p>", "<p>Second paragraphe.</p>",
                     '<h2 id="career">Parcours<a', "mars 2010 – aujourd’hui", "<strong><a href=\"../../organizations/astral/\">Astral</a></strong>, Conseillère",
                     '<h2 id="debuts">Comment as-tu commencé ?<a', "<p>Un.</p>\n<p>Deux.</p>",
                     "<figcaption>Le bureau</figcaption>", 'href="https://x.com/zoe"', 'href="https://zoe.example"',
                     '<h2 id="reading">Lecture<a', "<li>Un livre</li>", '<a href="https://a.example" rel="noopener">Un article</a>']:
        assert typeset(fragment, "fr") in page, fragment  # set in French typography (render does it)
    assert "« La Boussole »" not in page and "commencé ?<a" not in page
    assert "portraits/zoe/" in pages["index.md"]


def test_writer_text_is_escaped_in_every_field(tmp_path):
    evil = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>'
    pages = render(tmp_path, name=evil, headline=evil, nickname=evil, author=evil,
                   career=[{"organization": evil, "role": evil, "start": 2008}],
                   tags=[evil], links={evil: "https://ok.example"}, reading=[{"title": evil}],
                   # an answer's image must be one the page can show (a missing file is an error)
                   interview=[{"question": evil, "answer": evil.replace("src=x", "src=https://x.example/a.png")}])
    for content in pages.values():
        assert "<script>" not in content and "<img src=x" not in content
        assert '<img src="https://x.example/a.png" onerror' not in content


def test_home_paginates_newest_first(tmp_path):
    folder = tmp_path / "portraits"
    for i in range(30):
        write_portrait(folder, f"p{i:02d}", name=f"Person {i:02d}", published=f"2020-01-{i + 1:02d}")
    result = run(Settings(portraits_dir=folder, today=date(2025, 1, 1)))
    pages = {page.src_uri: page.content for page in result.rendered.pages}
    assert "page/2/index.md" in pages and "page/3/index.md" not in pages
    home = pages["index.md"]
    assert home.index("Person 29") < home.index("Person 28")
    assert "Person 05" not in home.split('<h2 id="index">')[0]  # on page 2
    assert "Person 05" in pages["page/2/index.md"]
    assert 'href="../../portraits/p05/"' in pages["page/2/index.md"]


def test_a_large_series_gets_one_az_page_per_letter(tmp_path, monkeypatch):
    import generator.render.home as render
    folder = tmp_path / "portraits"
    for i, name in enumerate(["Ana", "Émile", "Eva", "Zoé", "Bob"]):
        write_portrait(folder, f"p{i}", name=name)
    monkeypatch.setattr(render, "AZ_ON_HOME", 3)
    result = run(Settings(portraits_dir=folder, today=date(2025, 1, 1)))
    pages = {page.src_uri: page.content for page in result.rendered.pages}
    home = pages["index.md"].split('<h2 id="index">')[1]
    assert "portraits/p0/" not in home  # no page lists every portrait
    assert '<a href="az/e/">E <span class="portrait-counted">(2)</span></a>' in home
    letter = pages["az/e/index.md"]
    assert letter.index("Émile") < letter.index("Eva") and "Zoé" not in letter
    assert 'href="../../portraits/p1/"' in letter and '<span aria-current="page">E</span>' in letter
    monkeypatch.setattr(render, "AZ_ON_HOME", 300)
    small = {p.src_uri for p in run(Settings(portraits_dir=folder, today=date(2025, 1, 1))).rendered.pages}
    assert not any(uri.startswith("az/") for uri in small)
