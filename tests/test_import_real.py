"""`portraits import` on articles as readers copy them from real sites: pasted text with one
line per paragraph, numbered questions, speakers' names, captions and credits, page chrome.
Each import must find every question, keep the answers apart, find the name, pass `check`,
and mark its doubts beside the values in the written file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.importer import parse_article, read_article, name_from_title

from test_import import import_file, questions, site  # noqa: F401 (site is a fixture)

REAL = Path(__file__).parent / "import_fixtures" / "real"


def answers(portrait) -> list[str]:
    return [answer.answer for answer in portrait.answers]


def written(slug: str) -> str:
    return Path(f"portraits/{slug}.yml").read_text(encoding="utf-8")


def comment_on(text: str, key_line: str) -> str:
    """The `# check` / `# vérifier` comment at the end of the first line starting with `key_line`
    (a one-line text beside a comment is quoted: unquoted, the comment would read as lost text)."""
    line = next(line for line in text.splitlines()
                if re.sub(r"^((?:- )?[\w-]+: )['\"]", r"\1", line.lstrip()).startswith(key_line))
    assert "  # " in line, f"no comment on: {line}"
    return line.split("  # ", 1)[1]


def test_usesthis_like_page(site):
    portrait, _, output = import_file(REAL / "usesthis.html", "dana-okafor")
    assert portrait.name == "Dana Okafor"  # not "Uses This", the site's name in the page title
    assert portrait.language == "en" and portrait.published == date(2023, 4, 18)
    assert questions(portrait) == ["Who are you, and what do you do?", "What hardware do you use?", "And what software?",
                                   "What would be your dream setup?"]
    a = answers(portrait)
    assert a[0].startswith("I'm Dana Okafor. I draw letters") and a[0].endswith("twice a year in Lagos.")
    assert a[1].endswith("- a *Pentel* brush pen;\n- Rhodia dot pads;\n- a cheap lightbox from an art store.")
    assert a[2].startswith("[Glyphs](https://glyphsapp.com/) for type")
    assert a[3] == "Honestly, what I have, plus a north-facing window. Good light is worth more than any screen."
    text = written("dana-okafor")
    for chrome in ("Interviews", "Support the site", "rights reserved", "Tunde Bello", "dana.okafor.jpg", "designer"):
        assert chrome not in text.split("# ", 1)[0] and chrome not in yaml.safe_dump(yaml.safe_load(text))
    assert "photo credit left out from the answer to question 4: 'Photo by Tunde Bello'" in output
    assert "Photo by Tunde Bello" in comment_on(text, "answer: Honestly")


def test_staffeng_like_page(site):
    portrait, _, _ = import_file(REAL / "staffeng.html", "rosa-lindqvist")
    assert portrait.name == "Rosa Lindqvist" and portrait.published == date(2021, 3, 9)
    assert questions(portrait) == [
        "Tell us a little about your current role: where do you work, your title and generally the sort of work you "
        "and your team do.", "What's your \"Staff-plus\" title?", "How do you spend your time?",
        "How did you get your staff title?", "Tips for someone wanting to move into a Staff-plus role"]
    a = answers(portrait)
    assert a[0].count("\n\n") == 1 and a[0].startswith("I'm a Staff Engineer at Northwind")
    assert a[1] == "Staff Engineer. We have Senior, Staff and Principal."
    assert "1. Monday: architecture review;\n2. Tuesday to Thursday" in a[2]
    assert a[4].endswith("Would I do it again? Yes, without hesitation.")  # a "?" inside an answer under headings
    assert [(r.title, r.url) for r in portrait.reading] == [
        ("Staff Engineer: Leadership beyond the management track", "https://example.org/staff-engineer-book"),
        ("An Elegant Puzzle", "https://example.org/elegant-puzzle")]
    assert "Ana Costa" not in written("rosa-lindqvist") and "Built with care" not in written("rosa-lindqvist")


def test_french_blog_with_comments(site):
    portrait, _, output = import_file(REAL / "blog-comments.txt", "elodie-marchand")
    assert portrait.name == "Élodie Marchand" and portrait.published == date(2013, 2, 14)
    assert questions(portrait) == ["Depuis quand es-tu libraire?",
                                   "Comment as-tu commencé à utiliser les médias sociaux pour la librairie?",
                                   "Quel est ton meilleur coup?", "As-tu une anecdote?"]
    a = answers(portrait)
    # an answer ending with "?" right under its question is that question's answer
    assert a[1].startswith("Un peu par hasard. Un client m’a montré la page d’une librairie de Montréal et je me suis "
                           "dit : pourquoi pas nous?\n\nAujourd’hui, on publie tous les jours :\n\n- une suggestion")
    assert a[3].endswith("Il est venu la semaine suivante, un peu gêné!")
    assert "#mardilecture" in portrait.intro
    assert portrait.links == {"Twitter": "https://x.com/elodie_libraire", "Site": "http://www.example.org/librairie-marchand"}
    assert [r.title for r in portrait.reading] == ["Les librairies indépendantes à l’ère du numérique",
                                                   "Le guide du club de lecture"]
    text = written("elodie-marchand")
    for chrome in ("Autres portraits", "Mathieu Roy", "Marc Tremblay", "bienvenue", "Laisser", "Votre adresse"):
        assert chrome not in text
    assert "looks like a photo caption: 'La vitrine de la librairie, rue Wellington'" in output
    assert comment_on(text, "answer: |-  # vérifier").startswith("vérifier : la dernière ligne ressemble à une légende")


def test_text_pasted_with_single_line_breaks(site):
    portrait, _, output = import_file(REAL / "single-line-breaks.txt", "luci-ferreira")
    assert portrait.name == "Luci Ferreira" and portrait.published == date(2021, 5, 3)
    assert questions(portrait) == ["Comment as-tu commencé ?", "Quel est ton outil préféré ?",
                                   "Que conseilles-tu à quelqu’un qui débute ?"]
    a = answers(portrait)
    assert a[0] == ("Comme bénévole, en 2013. Le jardin de mon quartier cherchait quelqu’un pour tenir sa page Facebook, "
                    "et j’étais la seule à savoir ce qu’était un gazouillis.\n\n"
                    "Deux ans plus tard, le réseau m’a embauchée à temps partiel.")
    assert a[1].startswith("Un tableur partagé") and a[2].startswith("Écouter avant de parler.")
    assert portrait.intro.startswith("Luci Ferreira anime") and "IMG_2041" not in portrait.intro
    assert "Marc Aubin" not in portrait.intro
    text = written("luci-ferreira")
    assert "IMG_2041.jpg" in comment_on(text, "intro:") and "Marc Aubin" in comment_on(text, "intro:")
    assert "image file name left out from the intro: 'IMG_2041.jpg'" in output


def test_numbered_questions(site):
    portrait, _, _ = import_file(REAL / "numbered.txt", "hugo-lambert")
    assert portrait.name == "Hugo Lambert"
    assert questions(portrait) == ["Comment es-tu arrivé dans le métier ?", "Quel est ton outil préféré ?",
                                   "Quelle est la pire erreur que tu as faite ?", "Décris ta journée en trois mots ?",
                                   "Un conseil pour finir ?"]
    assert answers(portrait)[2] == "Annoncer une corvée de printemps… à la mauvaise date. 200 personnes devant une porte fermée."
    assert answers(portrait)[3] == "Messages, atelier, messages."


def test_q1_and_question_1_prefixes_with_answer_prefixes(site):
    portrait, _, _ = import_file(REAL / "q-numbers.md", "nadia-belkacem")
    assert portrait.name == "Nadia Belkacem"
    assert questions(portrait) == ["Comment es-tu devenue médiatrice numérique ?",
                                   "Quelles sont les questions qui reviennent le plus ?", "Ton plus beau souvenir ?",
                                   "Ce qui manque le plus ?"]
    assert answers(portrait) == [
        "Par la bibliothèque municipale, où j’animais déjà l’heure du conte.",
        "« Comment je vois les photos de mes petits-enfants ? » Toujours celle-là.\n\nEt tout de suite après : les mots de passe.",
        "Une dame de 91 ans qui a fait son premier appel vidéo avec sa sœur, en Algérie. Tout l’atelier a applaudi.",
        "Du temps. Un atelier d’une heure, ce n’est jamais assez."]


def test_speakers_names_and_initials(site):
    portrait, _, output = import_file(REAL / "speakers.txt", "jean-louis-sarrazin")
    assert portrait.name == "Jean-Louis Sarrazin"
    assert questions(portrait) == ["Comment es-tu arrivé à la radio ?", "Et les médias sociaux, là-dedans ?",
                                   "Ton meilleur souvenir ?"]
    assert answers(portrait) == [
        "Par la porte de service, littéralement. Je livrais le café au studio et un matin, l’animateur n’est pas venu.",
        "Ils ont tout changé. Avant, on recevait trois lettres par semaine. Aujourd’hui, les auditeurs réagissent pendant "
        "l’émission, en direct.\n\nParfois, c’est trop. Il faut savoir fermer l’application.",
        "La tempête de 2008 : la radio était le seul lien de bien des gens avec l’extérieur, et on a passé 14 heures en ondes."]
    assert "speakers' names removed" in output and "J.-L. S." in output


def test_captions_credits_and_a_name_only_in_a_caption(site):
    portrait, _, output = import_file(REAL / "captions-credits.txt", "agathe-roussel")
    assert portrait.name == "Agathe Roussel"
    assert questions(portrait) == ["Comment es-tu devenue relieuse ?", "Pourquoi filmer ton travail ?",
                                   "Quel est l’outil dont tu ne te passerais pas ?", "Un conseil à qui voudrait se lancer ?"]
    a = answers(portrait)
    assert a[1] == "Pour montrer que la reliure n’est pas un métier mort. Les vidéos m’ont amené des apprentis, et même des clients au Japon."
    assert portrait.intro.startswith("Elle répare des livres anciens") and "\n\n" not in portrait.intro
    text = written("agathe-roussel")
    assert "IMG_1234" not in portrait.intro and "Studio Lumen" not in portrait.intro and "DSC_0087" not in a[1]
    assert comment_on(text, "name:") == "vérifier : nom lu dans une légende de photo : « Agathe Roussel »"
    assert "crédit photo retiré : « Crédit photo : Studio Lumen »" in comment_on(text, "answer: Pour montrer")
    assert "name: Agathe Roussel (from the caption)" in output and "name read in a photo caption" in output


def test_html_page_with_site_chrome_and_bold_questions(site):
    portrait, _, output = import_file(REAL / "site-chrome.html", "jean-luc")
    assert portrait.name == "Jean-Luc Sanscartier" and portrait.published == date(2012, 3, 29)
    assert questions(portrait) == ["Depuis combien d’années fais-tu ce métier?",
                                   "Quelle est la qualité principale d’un gestionnaire de communauté?",
                                   "Quels outils utilises-tu?", "Que recommandes-tu à quelqu’un qui désire faire ce métier?"]
    assert answers(portrait)[2] == "- [Hootsuite](https://hootsuite.com/);\n- un tableur;\n- beaucoup de café."
    assert answers(portrait)[3] == "D’être très actif sur les médias sociaux, *avant* d’en faire un métier."
    assert portrait.intro == "Dans notre série de portraits, voici un gestionnaire de communauté que plusieurs d’entre vous nous ont suggéré."
    text = written("jean-luc")
    for chrome in ("cookies", "Accueil", "Partager", "Marie Dubois", "précédent", "conseil?", "Infolettre", "propulsé"):
        assert chrome not in text
    assert "needs a human look" not in output  # nothing doubtful here: no comment either
    assert "# vérifier" not in text and "# check" not in text


def test_medium_like_page_with_bold_questions_and_a_cut_last_answer(site):
    portrait, _, output = import_file(REAL / "medium-bold.html", "maya-chen")
    assert portrait.name == "Maya Chen" and portrait.language == "en" and portrait.published == date(2022, 11, 2)
    assert questions(portrait) == ["What does a data journalist actually do?", "Which tools do you use?",
                                   "What was your hardest chart?", "What would you tell a student who wants to start?"]
    a = answers(portrait)
    assert a[2] == "An election map at 3 a.m. Is there anything worse than a county that reports twice? No."
    assert a[3].endswith("who will always ask whether the numbers") and "Continue reading" not in a[3]
    assert portrait.intro == "Maya Chen builds the charts you scroll past every morning. We asked her how."
    text = written("maya-chen")
    assert comment_on(text, "answer: Learn one tool").startswith("check: the last answer may be cut off")
    assert "the last answer may be cut off" in output and "byline left out" in output


def test_truncated_last_answer_and_read_more(site):
    portrait, _, output = import_file(REAL / "truncated.txt", "samuel-ouellet")
    assert portrait.name == "Samuel Ouellet"
    assert questions(portrait) == ["Comment es-tu devenu guide ?", "Quel est le plus grand danger en montagne ?"]
    assert answers(portrait)[1].endswith("peut chuter de quinze degrés en") and "Lire la suite" not in written("samuel-ouellet")
    assert comment_on(written("samuel-ouellet"), "answer: La météo") == \
        "vérifier : la dernière réponse semble coupée : comparez avec l’original"
    assert "line 11: the last answer may be cut off" in output


@pytest.mark.parametrize("ending, cut", [("…", True), ("[…]", True), ("Je ne sais pas ce que je ferais sans mes collègues et mes", True),
                                         ("Fin de la réponse.", False), ("- un élément de liste", False)])
def test_cut_off_endings(ending, cut):
    text = f"Entrevue avec Paul Martin\n\nComment as-tu commencé ?\n\nPar hasard.\n\nEt ensuite ?\n\nJe suis resté. {ending}\n"
    flags = parse_article(read_article(text.encode(), "a.txt")).flags
    assert any("cut off" in flag.en for flag in flags) == cut


@pytest.mark.parametrize("title, name", [
    ("An interview with Julia Evans - Uses This", "Julia Evans"),
    ("Portrait de gestionnaire de communauté : Jean-Luc Sanscartier | Blog", "Jean-Luc Sanscartier"),
    ("Rosa Lindqvist - Staff Engineer at Northwind", "Rosa Lindqvist"),
    ("Five questions for a data journalist: Maya Chen", "Maya Chen"),
    ("Entrevue avec Zoé Roy | Le Blogue Des Métiers", "Zoé Roy"),
    ("Questionnaire pour Zoé Lefèbvre", "Zoé Lefèbvre"),
])
def test_site_names_in_page_titles(title, name):
    assert name_from_title(title) == name


def test_every_flag_is_beside_its_value_in_the_language_of_the_portrait(site):
    """Each line the summary names carries the comment, in the portrait's language."""
    _, _, output = import_file(REAL / "captions-credits.txt", "agathe-roussel")
    lines = written("agathe-roussel").splitlines()
    named = [int(n) for n in re.findall(r"line (\d+):", output)]
    assert len(named) == 7
    for number in named:
        assert "  # vérifier : " in lines[number - 1], lines[number - 1]


def test_reference_interview_pasted_with_single_line_breaks(site, tmp_path):
    """The reference interview as a reader copies it from some browsers: no blank line at all."""
    from test_import import SEED, SEED_QUESTIONS

    if not SEED.is_file():
        pytest.fail(f"the reference interview is missing: {SEED}")
    pasted = tmp_path / "portrait-jean-luc.txt"
    pasted.write_text(re.sub(r"\n[ \t\xa0]*\n+", "\n", SEED.read_text(encoding="utf-8")), encoding="utf-8")
    assert "\n\n" not in pasted.read_text(encoding="utf-8")
    portrait, _, output = import_file(pasted, "jean-luc-sanscartier")
    assert portrait.name == "Jean-Luc Sanscartier"
    assert questions(portrait) == SEED_QUESTIONS
    assert all(answers(portrait)) and answers(portrait)[0] == "Twitter, 13 janvier 2009.\xa0Facebook, mai 2007."
    assert len(answers(portrait)[20].split("\n\n")) == 4
    assert portrait.links["Twitter"] == "https://x.com/jeanlucs" and len(portrait.reading) == 4
    assert "responses to" not in written("jean-luc-sanscartier") and "Autres portraits" not in written("jean-luc-sanscartier")
