"""Word and OpenDocument files: `portraits questionnaire` writes the bank's questions to send,
the interviewee fills them in a word processor (here: python-docx and odfdo, as Word and
LibreOffice store them), and `portraits import` brings every answer back under its bank id."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.importer import parse_article, read_article

from generator.load import load_file
from generator.problems import errors
from generator.validate import validate_source

from test_import import run, site  # noqa: F401 (site is a fixture)

BANK = """\
- id: debuts
  text: {fr: Comment as-tu commencé ?, en: How did you get started?}
- id: metier-140
  text: {fr: Décris ton travail en 140 caractères., en: Describe your job in 140 characters.}
- id: journee
  text: {fr: À quoi ressemble ta journée ?, en: What does your day look like?}
- id: outil-prefere
  text: {fr: Quel outil est ton préféré ?, en: What is your favourite tool?}
- id: conseil
  text: {fr: Que recommandes-tu à quelqu’un qui débute ?, en: What would you tell a beginner?}
"""
QUESTIONS_FR = ["Comment as-tu commencé ?", "Décris ton travail en 140 caractères.", "À quoi ressemble ta journée ?",
                "Quel outil est ton préféré ?", "Que recommandes-tu à quelqu’un qui débute ?"]
IDS = ["debuts", "metier-140", "journee", "outil-prefere", "conseil"]
# What the interviewee typed, as the portrait must keep it (Markdown).
EXPECTED = [
    "Par hasard, en **2009**, puis *vraiment* : voir [mon blogue](https://example.org/debuts).\n\nDeux ans plus tard, c’était mon métier.",
    "Informer, écouter, répondre.",
    "Trois temps :\n\n- les messages;\n- les réunions;\n- le café.",
    "",  # left unanswered
    "Écouter *avant* de parler. **Toujours.**",
]


@pytest.fixture
def bank_site(site):
    (site / "portraits" / "_questions.yml").write_text(BANK, encoding="utf-8")
    return site


def _link(paragraph, url: str, text: str) -> None:
    """A hyperlink as Word stores it (python-docx has no API for it)."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run_ = OxmlElement("w:r")
    text_ = OxmlElement("w:t")
    text_.text = text
    text_.set(qn("xml:space"), "preserve")
    run_.append(text_)
    link.append(run_)
    paragraph._p.append(link)


def fill_docx(path: Path, out: Path, reword: bool = False) -> None:
    """Type the answers under each question, over the placeholder, as an interviewee does in Word."""
    document = Document(path)
    paragraphs = document.paragraphs
    placeholders = [p for p in paragraphs if p.text == "(Votre réponse)"]
    assert len(placeholders) == 5
    first = placeholders[0]
    first.text = ""
    first.add_run("Par hasard, en ")
    first.add_run("2009").bold = True
    first.add_run(", puis ")
    first.add_run("vraiment").italic = True
    first.add_run(" : voir ")
    _link(first, "https://example.org/debuts", "mon blogue")
    first.add_run(".")
    paragraphs[paragraphs.index(first) + 1].insert_paragraph_before("Deux ans plus tard, c’était mon métier.")
    placeholders[1].text = "Informer, écouter, répondre."
    placeholders[2].text = "Trois temps :"
    heading = paragraphs[paragraphs.index(placeholders[2]) + 1]
    for item in ("les messages;", "les réunions;", "le café."):
        heading.insert_paragraph_before(item, style="List Bullet")
    # placeholders[3] left as it is: no answer
    last = placeholders[4]
    last.text = "Écouter "
    last.add_run("avant").italic = True
    last.add_run(" de parler. ")
    last.add_run("Toujours.").bold = True
    if reword:  # the interviewee "corrected" a question
        question = paragraphs[paragraphs.index(placeholders[1]) - 1]
        question.text = "Question 2 : Décris ton boulot en 140 caractères"
    document.save(out)


def import_document(source: Path, slug: str):
    """Import `source` into portraits/<slug>.yml and check it as a writer would: `check` passes
    (an unanswered question is a warning, not an error). (portrait, command output)"""
    target = Path("portraits") / f"{slug}.yml"
    result = run("import", str(source), "-o", str(target))
    assert result.exit_code == 0, result.output
    checked = run("check", str(target))
    assert checked.exit_code == 0 and "ok: 1 file checked" in checked.output, checked.output
    source_, _ = load_file(target.resolve(), target.resolve().parent)
    portrait, problems = validate_source(source_, target.resolve().parent, "fr")
    assert portrait is not None and not errors(problems), problems
    return portrait, result.output


def imported_interview(slug: str) -> list[dict]:
    return yaml.safe_load(Path(f"portraits/{slug}.yml").read_text(encoding="utf-8"))["interview"]


# --- the questionnaire ----------------------------------------------------------------------------

def test_questionnaire_writes_the_bank_questions_as_docx_and_text(bank_site):
    result = run("questionnaire", "Zoé Lefèbvre")
    assert result.exit_code == 0, result.output
    assert "5 question(s) for Zoé Lefèbvre" in result.output
    document = Document("questionnaire-zoe-lefebvre.docx")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"Question {n} : {q}" for n, q in enumerate(QUESTIONS_FR, start=1)]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Questionnaire pour Zoé Lefèbvre" and document.paragraphs[0].style.name == "Heading 1"
    assert texts[1].startswith("Merci d’avoir accepté de répondre !") and texts.count("(Votre réponse)") == 5
    for heading in headings:  # room for the answer right under each question
        assert texts[texts.index(heading) + 1] == "(Votre réponse)"
    text = Path("questionnaire-zoe-lefebvre.txt").read_text(encoding="utf-8")
    assert text.startswith("Questionnaire pour Zoé Lefèbvre\n\nMerci d’avoir accepté de répondre !")
    assert "Question 5 : Que recommandes-tu à quelqu’un qui débute ?\n\n(Votre réponse)\n" in text


def test_questionnaire_in_english_and_its_mistakes(bank_site, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run("questionnaire", "Priya Shah", "--language", "en", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "questionnaire-priya-shah.txt").read_text(encoding="utf-8")
    assert text.startswith("Questionnaire for Priya Shah\n\nThank you for agreeing to answer!")
    assert "Question 1: How did you get started?\n\n(Your answer)" in text
    assert [p.text for p in Document(out / "questionnaire-priya-shah.docx").paragraphs if p.style.name == "Heading 2"][4] == \
        "Question 5: What would you tell a beginner?"
    (bank_site / "portraits" / "_questions.yml").unlink()
    result = run("questionnaire", "Priya Shah")
    assert result.exit_code == 1 and "no question bank" in result.output
    result = run("questionnaire", "Priya Shah", "--portraits", "nowhere")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_filled_docx_comes_back_with_every_answer_under_its_id(bank_site):
    assert run("questionnaire", "Zoé Lefèbvre").exit_code == 0
    fill_docx(Path("questionnaire-zoe-lefebvre.docx"), Path("reponses.docx"))
    portrait, output = import_document(Path("reponses.docx"), "zoe-lefebvre")
    assert portrait.name == "Zoé Lefèbvre" and portrait.draft and portrait.intro == ""
    interview = imported_interview("zoe-lefebvre")
    assert [item["question"] for item in interview] == QUESTIONS_FR
    assert [item["id"] for item in interview] == IDS
    assert [item["answer"] for item in interview] == EXPECTED
    assert "questions: 5, 5 matched to the question bank" in output
    assert "question 4 has no answer" in output
    text = Path("portraits/zoe-lefebvre.yml").read_text(encoding="utf-8")
    assert "Merci" not in text and "(Votre réponse)" not in text  # instructions and placeholders stay behind
    # the page shows the interviewee's emphasis, link and list
    from generator.markup import markdown_to_html
    html = str(markdown_to_html(EXPECTED[0]))
    assert '<a href="https://example.org/debuts"' in html and ">mon blogue</a>" in html and "<em>vraiment</em>" in html


def test_a_reworded_question_keeps_its_place_and_is_flagged(bank_site):
    assert run("questionnaire", "Zoé Lefèbvre").exit_code == 0
    fill_docx(Path("questionnaire-zoe-lefebvre.docx"), Path("reponses.docx"), reword=True)
    _, output = import_document(Path("reponses.docx"), "zoe-lefebvre")
    interview = imported_interview("zoe-lefebvre")
    assert [item["id"] for item in interview] == IDS
    assert interview[1]["question"] == "Décris ton boulot en 140 caractères"
    assert "matched to the bank question 'metier-140' by its place" in output
    line = next(line for line in Path("portraits/zoe-lefebvre.yml").read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("id: metier-140"))
    assert line.endswith("# vérifier : question reformulée : rattachée à « metier-140 » par sa place")


def test_filled_text_questionnaire_comes_back(bank_site):
    assert run("questionnaire", "Zoé Lefèbvre").exit_code == 0
    text = Path("questionnaire-zoe-lefebvre.txt").read_text(encoding="utf-8")
    typed = {1: "Par hasard, en **2009**, puis *vraiment* : voir [mon blogue](https://example.org/debuts).\n\n"
                "Deux ans plus tard, c’était mon métier.",
             2: "Informer, écouter, répondre.", 3: "Trois temps :\n- les messages;\n- les réunions;\n- le café.",
             5: "Écouter *avant* de parler. **Toujours.**"}
    parts = text.split("\n(Votre réponse)\n")  # the placeholders, each on its line (the instructions name it too)
    assert len(parts) == 6
    filled = parts[0] + "".join("\n" + typed.get(n, "(Votre réponse)") + "\n" + part
                                for n, part in enumerate(parts[1:], start=1))
    Path("reponses.txt").write_text(filled, encoding="utf-8")
    import_document(Path("reponses.txt"), "zoe-lefebvre")
    interview = imported_interview("zoe-lefebvre")
    assert [item["id"] for item in interview] == IDS
    assert [item["answer"] for item in interview] == EXPECTED


# --- OpenDocument ----------------------------------------------------------------------------------

def odt_questionnaire(path: Path, questions: list[str], answers: list[list]) -> None:
    """A filled-in questionnaire as LibreOffice stores it: headings, paragraphs whose bold and
    italics are automatic styles, links, lists."""
    from odfdo import Document as OdfDocument, Header, Link, List, Paragraph, Span, Style

    document = OdfDocument("text")
    body = document.body
    body.clear()
    document.insert_style(Style("text", name="T1", bold=True), automatic=True)
    document.insert_style(Style("text", name="T2", italic=True), automatic=True)
    body.append(Header(1, "Questionnaire pour Zoé Lefèbvre"))
    body.append(Paragraph("Merci d’avoir accepté de répondre ! Écrivez chaque réponse sous sa question, "
                          "à la place de « (Votre réponse) »."))
    for number, (question, parts) in enumerate(zip(questions, answers), start=1):
        body.append(Header(2, f"Question {number} : {question}"))
        for part in parts or [["(Votre réponse)"]]:
            if isinstance(part, tuple):  # a list
                body.append(List(list(part)))
                continue
            paragraph = Paragraph("")
            for piece in part:
                if isinstance(piece, dict):
                    kind, value = next(iter(piece.items()))
                    if kind == "link":
                        paragraph.append(Link(value[0], text=value[1]))
                    else:
                        paragraph.append(Span(value, style={"bold": "T1", "italic": "T2"}[kind]))
                else:
                    paragraph.append(piece)
            body.append(paragraph)
    document.save(path)


ODT_ANSWERS = [
    [["Par hasard, en ", {"bold": "2009"}, ", puis ", {"italic": "vraiment"}, " : voir ",
      {"link": ("https://example.org/debuts", "mon blogue")}, "."], ["Deux ans plus tard, c’était mon métier."]],
    [["Informer, écouter, répondre."]],
    [["Trois temps :"], ("les messages;", "les réunions;", "le café.")],
    [],
    [["Écouter ", {"italic": "avant"}, " de parler. ", {"bold": "Toujours."}]],
]


def test_filled_odt_comes_back_with_every_answer_under_its_id(bank_site):
    odt_questionnaire(Path("reponses.odt"), QUESTIONS_FR, ODT_ANSWERS)
    portrait, _ = import_document(Path("reponses.odt"), "zoe-lefebvre")
    assert portrait.name == "Zoé Lefèbvre"
    interview = imported_interview("zoe-lefebvre")
    assert [item["question"] for item in interview] == QUESTIONS_FR
    assert [item["id"] for item in interview] == IDS
    assert [item["answer"] for item in interview] == EXPECTED


def test_word_article_with_bold_questions(site):
    """Not a questionnaire: an interview a journalist wrote in Word, bold questions and a
    hyphenated name, read like any article."""
    document = Document()
    document.add_heading("Entrevue avec Marie-Ève Côté", level=1)
    document.add_paragraph("Marie-Ève Côté dirige un organisme d’alphabétisation à Trois-Rivières.")
    for question, answer in (("Comment as-tu commencé ?", "Comme bénévole - le mardi soir."),
                             ("Ton plus beau souvenir ?", "Un élève de 60 ans qui m’a lu sa première lettre.")):
        document.add_paragraph().add_run(question).bold = True
        document.add_paragraph(answer)
    document.save("entrevue.docx")
    portrait, output = import_document(Path("entrevue.docx"), "marie-eve-cote")
    assert portrait.name == "Marie-Ève Côté"
    assert [(a.question, a.answer) for a in portrait.answers] == [
        ("Comment as-tu commencé ?", "Comme bénévole - le mardi soir."),
        ("Ton plus beau souvenir ?", "Un élève de 60 ans qui m’a lu sa première lettre.")]
    assert portrait.intro == "Marie-Ève Côté dirige un organisme d’alphabétisation à Trois-Rivières."


@pytest.mark.parametrize("name, content, message", [
    ("a.docx", b"PK\x03\x04 not really a zip", "damaged"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word document (.doc)"),
    ("a.odt", b"", "damaged"),
])
def test_unreadable_documents_give_a_message(site, name, content, message):
    Path(name).write_bytes(content)
    result = run("import", name, "-o", "portraits/x.yml")
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_zip_that_is_no_document():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("hello.txt", "hi")
    from generator.importer import ArticleError
    with pytest.raises(ArticleError, match="neither a Word document"):
        read_article(raw.getvalue(), "a.docx")


# LibreOffice, where it is installed, converts the Word questionnaire to ODT as a writer's
# machine would; the case exists only there (nothing to skip elsewhere).
OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


if OFFICE:
    def test_libreoffice_converted_questionnaire(bank_site, tmp_path):
        office = OFFICE
        assert run("questionnaire", "Zoé Lefèbvre").exit_code == 0
        fill_docx(Path("questionnaire-zoe-lefebvre.docx"), Path("reponses.docx"))
        subprocess.run([office, "--headless", "--convert-to", "odt", "--outdir", ".", "reponses.docx"], check=True,
                       capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
        import_document(Path("reponses.odt"), "zoe-lefebvre")
        interview = imported_interview("zoe-lefebvre")
        assert [item["id"] for item in interview] == IDS
        assert [item["answer"] for item in interview] == EXPECTED
