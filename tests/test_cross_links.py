"""Cross-links: question bank matching, entity pages, mentions and backlinks, the overview."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import mkdocs, write_portrait

from generator.names import Matcher, entity_key, question_key, searchable_text, sentence_around

BANK = """\
- id: debuts
  text: {fr: Comment as-tu commencé ?, en: How did you get started?}
  aliases: ["Comment as-tu débuté ?"]
- id: avenir
  text: Comment vois-tu l’avenir ?
"""

ENTITIES = """\
tools:
  - name: Hootsuite
    aliases: [Hootsuite.com]
    description: Un tableau de bord.
    url: https://hootsuite.example
organizations:
  - name: MusiquePlus
    aliases: [Musique Plus, MusiquePlus.com]
people:
  - name: Ana Lima
    aliases: [Ana L.]
"""


def test_question_key_ignores_case_accents_punctuation_and_spacing():
    assert question_key("Comment as-tu  commencé ?") == question_key("comment as tu commence?") \
        == question_key("COMMENT AS-TU COMMENCÉ") != question_key("Comment as-tu fini ?")


def test_entity_key_merges_spellings():
    assert entity_key("Musique Plus") == entity_key("musique-plus") == entity_key("MusiquePlus")


def test_matcher_finds_longest_whole_names():
    matcher = Matcher({"Jean-Luc Sanscartier": "p", "Hootsuite": "h", "Hootsuite.com": "h", "X": "x"})
    text = "Jean-Luc Sanscartier aime Hootsuite.com, pas Hootsuites ni X."
    assert [(text[m.start:m.end], m.target) for m in matcher.find(text)] == \
        [("Jean-Luc Sanscartier", "p"), ("Hootsuite.com", "h")]


def test_mentions_are_never_looked_for_in_code_or_links():
    visible, masked = searchable_text("Voir `Hootsuite` et [Hootsuite](https://h.example), puis Hootsuite.")
    assert visible == "Voir Hootsuite et Hootsuite, puis Hootsuite."
    assert [visible[m.start:m.end] for m in Matcher({"Hootsuite": "h"}).find(masked)] == ["Hootsuite"]
    assert masked.index("Hootsuite") == visible.rindex("Hootsuite")


def test_sentence_around_a_mention():
    text = "Première phrase. J’ai appelé Ana Lima le soir même! Dernière."
    start = text.index("Ana")
    assert sentence_around(text, start, start + 8) == "J’ai appelé Ana Lima le soir même!"


def build(site: Path) -> Path:
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def make_series(site: Path) -> Path:
    portraits = site / "portraits"
    (portraits / "_questions.yml").write_text(BANK, encoding="utf-8")
    (portraits / "_entities.yml").write_text(ENTITIES, encoding="utf-8")
    write_portrait(portraits, "ana-lima", name="Ana Lima", published="2024-01-10", tools=["Hootsuite"],
                   organizations=["Musique Plus"], related=["bo-chen"],
                   interview=[{"question": "Tout autre chose", "id": "debuts",
                               "answer": "J’ai commencé avec Hootsuite.com chez MusiquePlus.com. Puis `Hootsuite` encore."}])
    (portraits / "bo-chen.md").write_text(
        "---\nname: Bo Chen\npublished: 2024-02-10\ntools: [hootsuite]\n---\n"
        "Bo a travaillé avec Ana Lima.\n\n## COMMENT AS-TU DÉBUTÉ ?\n\nGrâce à Ana L., qui m’a tout appris. Et Hootsuite.\n\n"
        "## Ana Lima\n\nUn titre qui ne doit pas devenir un lien.\n", encoding="utf-8")
    write_portrait(portraits, "cy-diaz", name="Cy Diaz", published="2024-03-10", language="en", tools=["Buffer"],
                   interview=[{"question": "How did you get started?", "answer": "Like Bo Chen, by chance."},
                              {"question": "Comment vois-tu l’avenir ?", "answer": "Bien."}])
    return build(site)


def test_question_page_gathers_answers_by_id_wording_and_alias(site):
    built = make_series(site)
    page = read(built / "questions" / "debuts" / "index.html")
    names = re.findall(r'<h2 id="([a-z-]+)"', page)
    assert names == ["cy-diaz", "bo-chen", "ana-lima"]  # newest first
    for link in ('href="../../portraits/cy-diaz/#how-did-you-get-started"',
                 'href="../../portraits/bo-chen/#comment-as-tu-debute"',
                 'href="../../portraits/ana-lima/#debuts"'):
        assert link in page
    index = read(built / "questions" / "index.html")
    assert "Comment as-tu commencé\u202f?" in index and "3 réponses" in index and "1 réponse" in index
    portrait = read(built / "portraits" / "ana-lima" / "index.html")
    assert 'href="../../questions/debuts/">Comparer les réponses (3)' in portrait


def test_entity_pages_list_everyone_and_quote_the_sentence(site):
    built = make_series(site)
    tool = read(built / "tools" / "hootsuite" / "index.html")
    for slug in ("ana-lima", "bo-chen"):
        assert f'href="../../portraits/{slug}/' in tool
    assert "cy-diaz" not in tool
    assert "J’ai commencé avec Hootsuite.com chez MusiquePlus.com." in tool
    assert "Un tableau de bord." in tool and 'href="https://hootsuite.example"' in tool
    organization = read(built / "organizations" / "musiqueplus" / "index.html")
    assert "MusiquePlus" in organization and "ana-lima" in organization
    tools_index = read(built / "tools" / "index.html")
    assert "Hootsuite</a> <span class=\"portrait-counted\">(2 portraits)" in tools_index
    assert "Buffer</a>" in tools_index


def test_mentions_link_people_and_entities_once_and_never_in_headings_or_code(site):
    built = make_series(site)
    bo = read(built / "portraits" / "bo-chen" / "index.html")
    assert '<a class="portrait-mention" href="../../portraits/ana-lima/">Ana Lima</a>' in bo  # intro
    assert '<a class="portrait-mention" href="../../portraits/ana-lima/">Ana L.</a>' in bo  # alias
    assert '<h2 id="ana-lima">Ana Lima' in bo  # the heading stays a heading
    ana = read(built / "portraits" / "ana-lima" / "index.html")
    answer = ana.split('id="debuts"')[1].split("</div>")[0]
    assert answer.count('href="../../tools/hootsuite/"') == 1  # first mention only
    assert "<code>Hootsuite</code>" in answer
    assert 'href="../../organizations/musiqueplus/"' in answer


def test_backlinks_and_related(site):
    built = make_series(site)
    ana = read(built / "portraits" / "ana-lima" / "index.html")
    backlinks = ana.split('id="mentioned-in"')[1].split("</ul>")[0]
    assert 'href="../../portraits/bo-chen/"' in backlinks and "Bo a travaillé avec Ana Lima." in backlinks
    related = ana.split('id="related"')[1].split("</ul>")[0]
    assert related.index('href="../../portraits/bo-chen/"') < related.index('href="../../portraits/cy-diaz/"')  # explicit first
    bo = read(built / "portraits" / "bo-chen" / "index.html")
    assert 'href="../../portraits/cy-diaz/' in bo.split('id="mentioned-in"')[1].split("</ul>")[0]


def test_overview_has_static_charts(site):
    built = make_series(site)
    page = read(built / "overview" / "index.html")
    assert page.count('<svg class="portrait-chart"') == 3  # years, tools, organisations
    assert 'aria-label="Hootsuite: 2, Buffer: 1"' in page
    assert "<script" not in page.split('<article')[1].split("</article>")[0]


def test_navigation_does_not_grow_with_portraits(site):
    built = make_series(site)
    nav = read(built / "portraits" / "cy-diaz" / "index.html").split('md-nav--primary')[1].split("</nav>")[0]
    assert "ana-lima" not in nav and "bo-chen" not in nav
    for section in ("questions/", "tools/", "organizations/", "overview/"):
        assert f'href="../../{section}"' in nav


def test_unknown_question_id_is_an_error_with_a_suggestion(site):
    (site / "portraits" / "_questions.yml").write_text(BANK, encoding="utf-8")
    write_portrait(site / "portraits", "ana", interview=[{"question": "Q ?", "answer": "R.", "id": "debut"}])
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "portraits/ana.yml:6:7: error: the question id 'debut' is not in the question bank; did you mean 'debuts'?" \
        in result.stderr.replace("\r", ""), result.stderr


def test_a_lone_near_identical_spelling_is_a_warning(site):
    write_portrait(site / "portraits", "ana", tools=["Hootsuite"])
    write_portrait(site / "portraits", "bob", name="Bob", tools=["Hootsuite"])
    write_portrait(site / "portraits", "cy", name="Cy", tools=["Hootsiute", "Canva"])
    from conftest import portraits_cli
    result = portraits_cli(site, "check")
    assert result.returncode == 0
    assert "portraits/cy.yml:" in result.stderr and "'Hootsiute' appears only here and looks like 'Hootsuite'" in result.stderr
    assert "Canva" not in result.stderr
    (site / "portraits" / "_entities.yml").write_text("tools:\n  - name: Hootsuite\n    aliases: [Hootsiute]\n")
    assert "Hootsiute" not in portraits_cli(site, "check").stderr
