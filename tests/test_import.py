"""`portraits import`: articles in every supported shape become valid draft portraits."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.importer import (ArticleError, guess_language, link_of, name_from_title, parse_article, question_of,
                                read_article)
from generator.load import load_file
from generator.markup import markdown_to_html
from generator.validate import validate_source

from conftest import ROOT

FIXTURES = Path(__file__).parent / "import_fixtures"
SEED = ROOT.parent / "shared" / "seeds" / "000_a602d5d009bc632c.txt"

SEED_QUESTIONS = [
    "En quelle année as-tu créé ton compte personnel sur Twitter et Facebook?",
    "En quoi as-tu étudié?",
    "Pour quels comptes/marques es-tu gestionnaire de communauté?",
    "Depuis combien d’années occupes-tu le poste de gestionnaire de communauté?",
    "Comment as-tu commencé?",
    "Quelle est la qualité principale d’un gestionnaire de communauté?",
    "Décris ta job en 140 caractères?",
    "Quel est ton meilleur coup, celui dont tu es le plus fier?",
    "Quelle est la pire erreur que tu as faite comme gestionnaire?",
    "Es-tu plus iPhone, Blackberry ou Android?",
    "Quelle est la première chose que tu consultes en commençant ta journée? Twitter, Facebook, emails, autres?",
    "Quel outil est ton préféré? Facebook, Twitter, YouTube, Thumblr?",
    "Comme les médias sociaux évoluent vite, comment te gardes-tu à jour, que consultes-tu comme site?",
    "Quel est le plus grand défi de ta marque?",
    "Est-ce qu’il y a un défi supplémentaire à travailler en TV avec le twivage live, entre autres?",
    "Question #jeudiconfession : quel compte Twitter ou page FB serais-tu gêné d’avouer que tu suis?",
    "Que penses-tu de Google+?",
    "Si tu pouvais choisir la marque pour laquelle tu voudrais être gestionnaire, ça serait laquelle?",
    "A quoi ressemble ta journée?",
    "Quel est ton horaire?",
    "Comment vois-tu l’avenir de la profession?",
    "Anecdotes intéressantes?",
    "Ta plus grande qualité en tant que gestionnaire de communauté, ce qui te caractérise?",
    "Quel autre gestionnaire de communauté admires-tu?",
    "% de temps passé sur les médias sociaux lorsque c’est pour ton compte perso?",
    "Si tu n’étais pas gestionnaire de communauté, tu ferais quoi?",
    "Est-ce que tes amis et ta famille comprennent ce que tu fais ou es-tu celui qui passe sa journée sur FB et Twitter?",
    "Que recommandes-tu à quelqu’un qui désire faire cela comme métier?",
]


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    (tmp_path / "portraits").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - portraits\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def import_file(source: Path, slug: str, *extra: str, suffix: str = ".yml"):
    """Import `source` into portraits/<slug>, check it like a writer would, and return
    (validated portrait, raw data, command output)."""
    target = Path("portraits") / f"{slug}{suffix}"
    result = run("import", str(source), "-o", str(target), *extra)
    assert result.exit_code == 0, result.output
    checked = run("check", str(target))
    assert checked.exit_code == 0 and "ok: 1 file checked" in checked.output, checked.output
    source_, problems = load_file(target.resolve(), target.resolve().parent)
    portrait, problems = validate_source(source_, target.resolve().parent, "fr")
    assert portrait is not None and not problems, problems
    return portrait, source_.data, result.output


def questions(portrait) -> list[str]:
    return [answer.question for answer in portrait.answers]


# --- the reference interview -------------------------------------------------------------------

@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the reference interview is missing: {SEED}")
        pytest.skip(f"the reference interview is not here: {SEED}")
    return SEED


def test_reference_interview_imports_whole_and_in_order(site, seed):
    portrait, data, output = import_file(seed, "jean-luc-sanscartier")
    assert portrait.name == "Jean-Luc Sanscartier" and portrait.draft
    assert questions(portrait) == SEED_QUESTIONS
    answers = [a.answer for a in portrait.answers]
    assert answers[0] == "Twitter, 13 janvier 2009.\xa0Facebook, mai 2007."  # the source's no-break space, kept
    assert answers[-1].startswith("Je pense que chaque gestionnaire de communauté à un background différent.")
    assert answers[-1].endswith("d’être très actif sur les médias sociaux.")
    assert all(answers), "every question has its answer"
    # Answers keep their paragraphs (and the photo caption stays, pointed out in the report).
    keeping_up = answers[12].split("\n\n")
    assert len(keeping_up) == 5 and keeping_up[3].startswith("Sinon, comme tout le monde")
    assert keeping_up[4] == "L'environnement de travail de Jean-Luc \"Captain Kirk\" Sanscartier"
    assert len(answers[20].split("\n\n")) == 4  # "Comment vois-tu l’avenir de la profession?"
    assert portrait.intro.startswith("Nouveau et méconnu") and portrait.intro.count("\n\n") == 2
    assert portrait.links == {"LinkedIn": "http://ca.linkedin.com/in/jeanlucsanscartier",
                              "Twitter": "https://x.com/jeanlucs"}
    assert data["links"]["Twitter"] == "@jeanlucs"
    assert [r.title for r in portrait.reading] == [
        "What does it take to be a social media strategist?", "Les médias sociaux comme métier",
        "5 phrases à ne pas dire a un community manager", "10 qualities of a successful Social media manager"]
    assert portrait.published == date.today()
    # Nothing of the page chrome: other portraits, separators, comments.
    text = Path("portraits/jean-luc-sanscartier.yml").read_text(encoding="utf-8")
    for chrome in ("Autres portraits", "——–", "***", "responses to", "Laisser un commentaire", "Votre adresse"):
        assert chrome not in text
    assert "questions: 28" in output and "links: LinkedIn, Twitter" in output and "reading: 4 title(s)" in output
    assert "name: Jean-Luc Sanscartier (from the title)" in output and "no date found" in output
    assert "photo caption" in output and "Captain Kirk" in output


def test_reference_interview_as_markdown_portrait(site, seed):
    portrait, _, _ = import_file(seed, "jean-luc", suffix=".md")
    assert questions(portrait) == SEED_QUESTIONS
    assert portrait.reading and portrait.links["Twitter"] == "https://x.com/jeanlucs"


def test_yaml_is_readable_unicode_with_block_answers(site, seed):
    import_file(seed, "jean-luc-sanscartier")
    text = Path("portraits/jean-luc-sanscartier.yml").read_text(encoding="utf-8")
    assert "\\u" not in text and "\\x" not in text and "œuvrant" in text and "🙂" in text
    assert "  - question: En quoi as-tu étudié?\n" in text
    assert "    answer: |-\n      Cela remonte au temps d’IRC" not in text  # one paragraph: a plain line
    # several paragraphs: a block (its header may carry a "vérifier" comment)
    assert re.search(r"answer: \|-(  # vérifier : [^\n]+)?\n      J’ai la chance d’avoir", text)
    assert text.startswith("# Portrait importé : relisez les valeurs marquées « vérifier »")
    assert "\nname: Jean-Luc Sanscartier\npublished: " in text


# --- fixtures in every supported shape -----------------------------------------------------------

def test_plain_text_with_question_marks(site):
    portrait, _, output = import_file(FIXTURES / "plain-questions.txt", "marie-eve-gagnon")
    assert portrait.name == "Marie-Ève Gagnon" and portrait.published == date(2012, 3, 3)
    assert questions(portrait) == ["Comment as-tu commencé?", "Quels outils utilises-tu?", "Décris ta journée?",
                                   "Pourquoi le vendredi?", "Que recommandes-tu à quelqu’un qui débute?"]
    first, tools = portrait.answers[0].answer, portrait.answers[1].answer
    assert first.split("\n\n") == ["Par hasard, en 2009 : la librairie cherchait quelqu’un pour « tenir la page Facebook ».",
                                   "Je n’y connaissais rien, mais j’aimais les livres et les gens."]
    # The list gets the blank line Markdown needs; a question inside an answer paragraph stays in it.
    assert "Trois, surtout :\n\n- Hootsuite pour programmer;\n- Canva pour les visuels;\n" in tools
    assert tools.endswith("Est-ce que ça marche toujours? Le vendredi, oui.")
    assert "<li>Hootsuite pour programmer;</li>" in str(markdown_to_html(tools))
    assert portrait.links == {"LinkedIn": "https://www.linkedin.com/in/exemple-megagnon", "Twitter": "https://x.com/megagnon"}
    assert [(r.title, r.url) for r in portrait.reading] == [
        ("Le métier de libraire à l’ère numérique", "https://example.org/libraire-numerique"),
        ("Les clubs de lecture en ligne", None)]
    assert "Julie" not in Path("portraits/marie-eve-gagnon.yml").read_text(encoding="utf-8")  # the comments
    assert "the answer to question 4 ends with a line that looks like a photo caption" in output


def test_markdown_with_headings(site):
    portrait, _, output = import_file(FIXTURES / "headings.md", "karim-haddad")
    assert portrait.name == "Karim Haddad" and portrait.published == date(2019, 5, 14)  # from the front matter
    assert questions(portrait) == ["Comment es-tu arrivé dans le métier ?", "Quel outil est ton préféré ?",
                                   "Décris ton travail en 140 caractères."]
    assert portrait.intro == ("Karim Haddad gère la communauté d’un **studio de jeux vidéo** à Montréal. "
                              "Il nous parle de [Discord](https://discord.com/) et de patience.")
    assert portrait.answers[0].answer == ("J’ai d’abord été *modérateur bénévole* sur un forum de joueurs.\n\n"
                                          "Puis le studio m’a embauché, en 2016.")
    assert portrait.answers[1].answer.endswith("1. les annonces;\n2. le support;\n3. les soirées de jeu.")
    assert portrait.answers[2].answer == "Écouter les joueurs, **beaucoup**, et le dire à l’équipe."
    assert portrait.links == {"LinkedIn": "https://www.linkedin.com/in/exemple-karim",
                              "Mastodon": "https://mastodon.example/@karim"}
    assert [(r.title, r.url) for r in portrait.reading] == [
        ("Guide de modération des serveurs Discord", "https://example.org/guide-discord"),
        ("Les communautés de joueurs, par A. Martin", None)]
    assert "'Parcours' looks like a section title" in output


def test_markdown_with_bold_questions(site):
    portrait, _, _ = import_file(FIXTURES / "bold.md", "lea-moreau")
    assert portrait.name == "Léa Moreau"
    assert questions(portrait) == ["Comment as-tu commencé ?", "Ta journée type.", "Quelle est ta plus belle réussite ?",
                                   "Un conseil pour débuter ?"]
    # With bold questions, an answer's paragraph ending with "?" stays in the answer.
    assert portrait.answers[1].answer.endswith("\n\nQui lit encore les cartels, franchement ?")
    assert portrait.answers[2].answer == ("La nuit des musées 2019 : *plus de 2 000 messages* en une soirée, et une "
                                          "[vidéo en direct](https://example.org/nuit-des-musees) reprise par la presse.")
    assert portrait.answers[3].answer == "- Être curieuse;\n- tout mesurer;\n- ne jamais répondre à chaud."
    assert portrait.links == {"Instagram": "https://www.instagram.com/exemple.lea/", "Site": "https://example.org/lea"}
    assert [(r.title, r.url) for r in portrait.reading] == [
        ("Les musées et les réseaux sociaux", "https://example.org/musees-reseaux")]
    assert "Partager" not in Path("portraits/lea-moreau.yml").read_text(encoding="utf-8")


def test_question_and_answer_prefixes(site):
    portrait, _, output = import_file(FIXTURES / "q-r.txt", "thomas-nguyen")
    assert portrait.name == "Thomas Nguyen"
    assert questions(portrait) == ["Depuis quand fais-tu ce métier ?", "Quel est ton plus grand défi ?",
                                   "Et ton outil préféré ?", "Un mot pour finir"]
    assert [a.answer for a in portrait.answers] == [
        "Depuis 2015, après des études de sociologie.",
        "La confiance. Les gens montent dans la voiture d’un inconnu.\n\nNous travaillons donc beaucoup la modération des avis.",
        "Un tableur partagé, *vraiment*. Tout le reste change tous les ans.",
        "Merci aux bénévoles du forum!"]
    assert "Julie Roy" not in Path("portraits/thomas-nguyen.yml").read_text(encoding="utf-8")
    assert "name guessed" not in output


def test_html_blog_page(site):
    portrait, _, output = import_file(FIXTURES / "blog.html", "sophie-tremblay")
    assert portrait.name == "Sophie Tremblay" and portrait.published == date(2011, 9, 20)
    assert questions(portrait) == ["Comment as-tu commencé\xa0?", "Quels outils utilises-tu ?",
                                   "Quelle est la pire erreur que tu as faite ?", "Décris ta job en 140 caractères.",
                                   "Que lis-tu pour te tenir à jour ?"]
    answers = [a.answer for a in portrait.answers]
    assert answers[0].split("\n\n")[1] == "Deux ans plus tard, c’était mon travail à temps plein."
    assert answers[1] == ("- [Hootsuite](https://hootsuite.com/), pour suivre les mentions;\n"
                          "- un *tableau de bord* maison pour les pannes;\n- et beaucoup de café.")
    assert answers[2].startswith("Annoncer une panne sur la *mauvaise* ligne de métro.")
    assert answers[3] == "Informer vite, répondre juste, et garder son calme quand tout le monde est en retard."
    assert answers[4] == ("Le blogue de [Jean-Luc](https://example.org/jean-luc), et les ouvrages suivants :\n\n"
                          "1. *Les médias sociaux pour les nuls*\n2. Le guide de la modération")
    assert portrait.intro.startswith("Sophie Tremblay est gestionnaire de communauté pour une **société de transport**.")
    assert portrait.links == {"LinkedIn": "https://www.linkedin.com/in/exemple-sophie", "Twitter": "https://twitter.com/sophie_t"}
    assert [(r.title, r.url) for r in portrait.reading] == [
        ("Les médias sociaux comme métier", "https://example.org/metier"),
        ("10 qualités d’un bon gestionnaire de communauté", "https://example.org/10-qualites")]
    text = Path("portraits/sophie-tremblay.yml").read_text(encoding="utf-8")
    for chrome in ("Accueil", "tracking", "Marc", "Laisser un commentaire", "Partager", "Fièrement", "Autres portraits", "admin"):
        assert chrome not in text
    assert "1 image(s) left out" in output and "Le bureau de Sophie, au centre de contrôle" in output


def test_english_article(site):
    portrait, _, output = import_file(FIXTURES / "english.html", "priya-shah")
    assert portrait.name == "Priya Shah" and portrait.language == "en" and portrait.published == date(2021, 7, 12)
    assert questions(portrait) == ["How did you get started?", "What does a typical day look like?",
                                   "What is your favourite tool?", "What advice would you give someone starting out?"]
    answers = [a.answer for a in portrait.answers]
    assert answers[0] == "I fixed a typo in the documentation in 2014. Someone thanked me *within the hour*, and I stayed."
    assert answers[1] == ("Mornings are for the forum; afternoons for calls with local groups:\n\n- triage new threads;\n"
                          "- welcome newcomers;\n- write the [weekly digest](https://example.org/weekly).")
    assert answers[2] == "[Discourse](https://www.discourse.org/). It makes long conversations **readable**."
    assert answers[3] == "Answer every first post. Is it a lot of work? Yes, and it is worth it."
    assert portrait.links == {"GitHub": "https://github.com/priya-example", "Mastodon": "https://mastodon.example/@priya"}
    assert [(r.title, r.url) for r in portrait.reading] == [
        ("Paying volunteers, a practical guide", "https://example.org/volunteers"), ("Working in Public, by Nadia Eghbal", None)]
    assert "Great interview" not in Path("portraits/priya-shah.yml").read_text(encoding="utf-8")


def test_wordpress_export(site):
    portrait, _, _ = import_file(FIXTURES / "export.wxr.xml", "nadia-bouchard")
    assert portrait.name == "Nadia Bouchard" and portrait.published == date(2012, 2, 7)
    assert questions(portrait) == ["Comment as-tu commencé?", "Quel est ton meilleur coup?", "Que fais-tu en dehors du festival?"]
    answers = [a.answer for a in portrait.answers]
    assert answers[0].startswith("Comme bénévole au festival, en 2008.") and "Personne ne savait" in answers[0]
    assert answers[1] == ("Le concours de photos de 2011 : *4 000 participants* et une [galerie](https://example.org/galerie) "
                          "qui circule encore.\n\n- des prix locaux;\n- un jury de photographes.")
    assert portrait.intro == ("Nadia Bouchard anime la communauté d’un **festival de musique**. "
                              "Elle a répondu à nos questions entre deux spectacles.")
    assert portrait.links == {"Twitter": "https://x.com/nadiab", "LinkedIn": "http://ca.linkedin.com/in/exemple-nadia"}
    assert [(r.title, r.url) for r in portrait.reading] == [("Les festivals et les médias sociaux", "https://example.org/festivals")]
    assert "Autre article" not in Path("portraits/nadia-bouchard.yml").read_text(encoding="utf-8")


def test_imported_portrait_builds_with_its_markup(site, tmp_path):
    from generator.pipeline import Settings, run as run_pipeline

    import_file(FIXTURES / "blog.html", "sophie-tremblay")
    result = run_pipeline(Settings(portraits_dir=site / "portraits", preview=True))
    assert result.ok, result.problems
    page = next(p.content for p in result.rendered.pages if p.src_uri == "portraits/sophie-tremblay.md")
    assert "href=\"https://hootsuite.com/\"" in page and ">Hootsuite</a>" in page and "<em>tableau de bord</em>" in page
    assert "<ol>" in page and "<li>Le guide de la modération</li>" in page


# --- the command ----------------------------------------------------------------------------------

def test_default_output_is_the_slug_in_portraits(site):
    result = run("import", str(FIXTURES / "q-r.txt"))
    assert result.exit_code == 0, result.output
    assert Path("portraits/thomas-nguyen.yml").is_file() and "wrote portraits/thomas-nguyen.yml" in result.output


def test_name_option_and_name_from_file_name(site, tmp_path):
    source = tmp_path / "julie-roy.txt"
    source.write_text("Notre invitée\n\nComment as-tu commencé ?\n\nPar hasard.\n", encoding="utf-8")
    result = run("import", str(source), "-o", "portraits/a.yml")
    assert result.exit_code == 0, result.output
    assert "name: Julie Roy (from the file name)" in result.output and "name guessed from the file name" in result.output
    result = run("import", str(source), "-o", "portraits/b.yml", "--name", "Julie Roy-Tanguay")
    assert result.exit_code == 0 and yaml.safe_load(Path("portraits/b.yml").read_text())["name"] == "Julie Roy-Tanguay"


def test_refuses_to_overwrite_unless_forced(site):
    target = Path("portraits/thomas-nguyen.yml")
    target.write_text("keep me", encoding="utf-8")
    result = run("import", str(FIXTURES / "q-r.txt"), "-o", str(target))
    assert result.exit_code == 1 and "already exists" in result.output and "--force" in result.output
    assert target.read_text() == "keep me"
    assert run("import", str(FIXTURES / "q-r.txt"), "-o", str(target), "--force").exit_code == 0
    assert "Thomas Nguyen" in target.read_text(encoding="utf-8")
    # Another file for the same page is refused too, forced or not.
    result = run("import", str(FIXTURES / "q-r.txt"), "-o", "portraits/thomas-nguyen.md", "--force")
    assert result.exit_code == 1 and "already exists" in result.output


@pytest.mark.parametrize("content, message", [
    (b"Juste un paragraphe, sans aucune question.\n", "no question found"),
    (b"<?xml version='1.0'?><rss><channel><wp:x xmlns:wp='http://wordpress.org/export/1.2/'/>", "not well-formed XML"),
    (b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>', "holds no post"),
    (b"\x00\x01\x02\xff\xfe binary", "no question found"),
])
def test_writer_mistakes_give_a_message_not_a_traceback(site, tmp_path, content, message):
    source = tmp_path / "article.txt"
    source.write_bytes(content)
    result = run("import", str(source), "-o", "portraits/x.yml")
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not Path("portraits/x.yml").exists()


@pytest.mark.parametrize("args, message", [
    (("-o", "portraits/Jean Luc.yml"), "'jean-luc.yml'"),
    (("-o", "portraits/x.txt"), ".yml, .yaml or .md"),
    (("-o", "nowhere/x.yml"), "does not exist"),
])
def test_bad_output_names(site, args, message):
    result = run("import", str(FIXTURES / "q-r.txt"), *args)
    assert result.exit_code != 0 and message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback


def test_missing_source(site):
    result = run("import", "nope.txt")
    assert result.exit_code == 2 and "does not exist" in result.output


# --- the pieces -----------------------------------------------------------------------------------

@pytest.mark.parametrize("title, name", [
    ("Portrait de gestionnaire de communauté : Jean-Luc Sanscartier", "Jean-Luc Sanscartier"),
    ("Entrevue avec Karim Haddad", "Karim Haddad"),
    ("Interview with Priya Shah", "Priya Shah"),
    ("Cinq questions à Julie Roy - Le blogue", "Julie Roy"),
    ("Marie de la Fontaine, community manager chez Exemple", "Marie de la Fontaine"),
    ("Meet Jane van der Berg: building communities", "Jane van der Berg"),
    ("Nos conseils pour bien débuter", None),
])
def test_name_from_title(title, name):
    assert name_from_title(title) == name


@pytest.mark.parametrize("line, found", [
    ("LinkedIn: http://ca.linkedin.com/in/jeanlucsanscartier", ("LinkedIn", "http://ca.linkedin.com/in/jeanlucsanscartier")),
    ("Twitter : @jeanlucs", ("Twitter", "@jeanlucs")),
    ("- [Site](https://example.org)", ("Site", "https://example.org")),
    ("https://twitter.com/sophie_t", ("Twitter", "https://twitter.com/sophie_t")),
    ("Site web : www.example.org", ("Site web", "https://www.example.org")),
    ("Twitter: c’est mon outil préféré", None),
    ("Une phrase ordinaire.", None),
])
def test_link_lines(line, found):
    assert link_of(line) == found


@pytest.mark.parametrize("line, found", [
    ("## Comment as-tu commencé ?", ("Comment as-tu commencé ?", True)),
    ("**Ta journée type.**", ("Ta journée type.", True)),
    ("Q : Depuis quand ?", ("Depuis quand ?", True)),
    ("Question 3 : Ton outil ?", ("Ton outil ?", True)),
    ("Comment as-tu commencé?", ("Comment as-tu commencé?", False)),
    ("2. Et ensuite ?", ("Et ensuite ?", False)),
    ("- un élément de liste ?", None),
    ("et toi, pourquoi?", None),
    ("Une phrase qui finit par un point.", None),
])
def test_question_lines(line, found):
    assert question_of(line, first=True) == found


def test_language_guess():
    assert guess_language("Comment as-tu commencé ? Je suis arrivé dans le métier par hasard, et je ne le regrette pas du tout. "
                          "C'est une question que tout le monde pose et la réponse est simple pour moi.") == "fr"
    assert guess_language("How did you get started? I fixed a typo in the documentation and someone thanked me, "
                          "so I stayed with the project and what I do now is what you see.") == "en"
    assert guess_language("Twitter") is None


def test_bold_question_and_answer_in_one_paragraph():
    article = read_article(b"<h1>Entrevue avec Paul Martin</h1><p><strong>Comment as-tu commenc\xc3\xa9?</strong> "
                           b"Par un stage, en <em>2010</em>.</p><p><strong>Et ensuite?</strong> Je suis rest\xc3\xa9.</p>", "a.html")
    imported = parse_article(article)
    assert imported.data["name"] == "Paul Martin"
    assert imported.data["interview"] == [{"question": "Comment as-tu commencé?", "answer": "Par un stage, en *2010*."},
                                          {"question": "Et ensuite?", "answer": "Je suis resté."}]


def test_no_question_is_an_error():
    with pytest.raises(ArticleError):
        parse_article(read_article(b"Un titre\n\nDu texte, rien que du texte.\n", "a.txt"))


def test_html_chrome_by_class_relative_links_and_nested_lists():
    html = """<html><head><title>Rencontre avec Isabelle Côté | Mon blogue</title></head><body>
    <!-- a comment with a question? -->
    <div class="menu"><a href="/">Accueil</a> | <a href="/a-propos">À propos</a></div>
    <div class="content"><h1>Rencontre avec Isabelle Côté</h1><p class="meta">Le 4 avril 2013</p>
    <p>Isabelle est chez <a href="https://example.org/cafe">Café Brûlerie</a> et sur <a href="/tag/cafe">notre blogue</a>.</p>
    <h2>Ton parcours ?</h2><p>Études, puis :</p>
    <ul><li>agence;<ul><li>comptes culturels;</li><li>comptes sportifs.</li></ul></li><li>Café Brûlerie.</li></ul>
    <p><b>Ton outil <a href="https://example.org/outils">préféré</a> ?</b></p><p>Un carnet.</p>
    <div class="sharing"><p>Partagez : <a href="https://facebook.com/share">Facebook</a></p></div>
    <h3>Articles similaires</h3><h4>Rencontre avec Paul Roy</h4><h4>Rencontre avec Ana Silva</h4></div>
    <div id="comments"><h3>Commentaires</h3><p><b>Luc</b> : Et toi, ton outil préféré?</p></div></body></html>"""
    imported = parse_article(read_article(html.encode(), "page.html"))
    data = imported.data
    assert data["name"] == "Isabelle Côté" and data["published"] == date(2013, 4, 4)
    assert data["intro"] == "Isabelle est chez [Café Brûlerie](https://example.org/cafe) et sur notre blogue."
    assert [item["question"] for item in data["interview"]] == ["Ton parcours ?", "Ton outil préféré ?"]
    nested = data["interview"][0]["answer"]
    assert nested == "Études, puis :\n\n- agence;\n    - comptes culturels;\n    - comptes sportifs.\n- Café Brûlerie."
    assert "<li>agence;\n<ul>\n<li>comptes culturels;</li>" in str(markdown_to_html(nested))  # nested as the site shows it
    assert data["interview"][1]["answer"] == "Un carnet."
    assert not imported.notes  # related posts and comments are chrome, not left-out paragraphs


def test_bold_question_and_answer_prefixes_in_english_markdown():
    text = ("# 5 questions to Tom Baker\n\nTom runs a makerspace.\n\n**Q: How did you start?**\n\n**A:** By accident, in *2012*.\n\n"
            "**Q: Favourite tool?**\n\n**A:** The laser cutter.\n- fast\n- precise\n\nFind Tom: https://tom.example.org\n\n"
            "Thanks for reading! Leave a comment below.\n")
    data = parse_article(read_article(text.encode(), "tom.md")).data
    assert data["name"] == "Tom Baker"
    assert data["interview"] == [{"question": "How did you start?", "answer": "By accident, in *2012*."},
                                 {"question": "Favourite tool?", "answer": "The laser cutter.\n\n- fast\n- precise"}]
    assert data["links"] == {"Site": "https://tom.example.org"}


def test_dividers_between_questions_and_numbered_questions():
    text = "Entrevue : Paul Martin\n\n1. Comment as-tu commencé ?\n\nPar hasard.\n\n* * *\n\n2) Et ensuite ?\n\nJe suis resté.\n\n---\n"
    data = parse_article(read_article(text.encode(), "a.txt")).data
    assert data["name"] == "Paul Martin"
    assert data["interview"] == [{"question": "Comment as-tu commencé ?", "answer": "Par hasard."},
                                 {"question": "Et ensuite ?", "answer": "Je suis resté."}]


def test_windows_1252_text_is_read_and_noted():
    raw = "Entrevue avec Zoé Roy\r\n\r\nComment as-tu commencé?\r\n\r\nPar hasard, à l’école.\r\n".encode("cp1252")
    imported = parse_article(read_article(raw, "zoe.txt"))
    assert imported.data["name"] == "Zoé Roy"
    assert imported.data["interview"][0]["answer"] == "Par hasard, à l’école."
    assert any("Windows-1252" in note for note in imported.notes)


def test_semantic_html_sections_and_a_title_in_h2():
    html = """<!doctype html><html><head><title>Mon blogue</title>
    <meta property="og:title" content="Entrevue avec Léo Gagné | Mon blogue"></head><body>
    <header class="site-header"><h1 class="site-title">Mon blogue</h1></header>
    <article><h2>Entrevue avec Léo Gagné</h2><p>Léo est animateur.</p>
    <section><header><h3>Comment as-tu commencé ?</h3></header><p>Par la radio.</p></section>
    <section><header><h3>Et maintenant ?</h3></header><p>Le web.</p></section></article></body></html>"""
    data = parse_article(read_article(html.encode(), "leo.html")).data
    assert data["name"] == "Léo Gagné" and data["intro"] == "Léo est animateur."
    assert data["interview"] == [{"question": "Comment as-tu commencé ?", "answer": "Par la radio."},
                                 {"question": "Et maintenant ?", "answer": "Le web."}]


def test_answers_that_merely_start_like_page_chrome_are_kept():
    text = ("Entrevue avec Paul Martin\n\nQuel est ton principe ?\n\nUne réponse rapide est essentielle.\n\n"
            "Laisser un commentaire sans réponse, c’est perdre un client.\n\nPartager ses erreurs aussi.\n\n"
            "Et ensuite ?\n\nDeux commentaires sur trois sont des questions.\n\nTags : portraits, médias sociaux\n")
    data = parse_article(read_article(text.encode(), "a.txt")).data
    assert [item["question"] for item in data["interview"]] == ["Quel est ton principe ?", "Et ensuite ?"]
    assert data["interview"][0]["answer"].count("\n\n") == 2
    assert data["interview"][1]["answer"] == "Deux commentaires sur trois sont des questions."
