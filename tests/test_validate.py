"""Step 2, validate: typed portraits from raw data, and every writer mistake of every file
reported in one pass as path:line:col with a hint."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pydantic
import pytest

from generator.load import load_folder
from generator.model import Answer, InterviewImage
from generator.problems import Problem, report
from generator.validate import validate
from conftest import image_bytes

HEAD = "name: Zoé Lefèbvre\npublished: 2024-03-15\n"
INTERVIEW = "interview:\n  - question: Comment as-tu commencé ?\n    answer: Par hasard.\n"
LOCATED = re.compile(r"^(?P<path>[^\n:]+):(?P<line>\d+):(?P<col>\d+): (error|warning): \S")


def check(root: Path, files: dict[str, str | bytes]):
    """Write `files` into the portraits folder `root` (with _media/photo.jpg) and validate it."""
    (root / "_media").mkdir(parents=True, exist_ok=True)
    (root / "_media" / "photo.jpg").write_bytes(image_bytes())
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return validate(load_folder(root), root, "fr")


def problems_of(root: Path, text: str, name: str = "zoe.yml") -> list[Problem]:
    return sorted(check(root, {name: text}).problems)


def one_error(root: Path, text: str, name: str = "zoe.yml") -> Problem:
    found = problems_of(root, text, name)
    assert len(found) == 1 and found[0].severity == "error", found
    return found[0]


def where(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.column


# --- valid portraits ----------------------------------------------------------------------

def test_valid_yaml_portrait(tmp_path):
    text = HEAD + ("photo: {src: _media/photo.jpg, alt: Zoé à son bureau}\n"
                   "career:\n  - {organization: Ricochet, role: Journaliste, start: \"2010-03\", end: 2012}\n"
                   "links:\n  Twitter: \"@zoe\"\n  Mastodon: \"@zoe@mastodon.social\"\n  Mail: mailto:zoe@example.org\n"
                   "related: [lea]\n" + INTERVIEW
                   + "  - image: {src: ./_media/photo.jpg, alt: Le bureau, caption: À Lyon}\n")
    result = check(tmp_path, {"zoe.yml": text, "lea.yml": HEAD + INTERVIEW})
    assert result.problems == ()
    zoe = {p.slug: p for p in result.portraits}["zoe"]
    assert zoe.published == date(2024, 3, 15) and zoe.language == "fr" and zoe.draft is False
    assert zoe.career[0].start == "2010-03" and zoe.career[0].end == "2012"
    assert zoe.links == {"Twitter": "https://x.com/zoe", "Mastodon": "https://mastodon.social/@zoe",
                         "Mail": "mailto:zoe@example.org"}
    assert isinstance(zoe.interview[0], Answer) and isinstance(zoe.interview[1], InterviewImage)
    assert zoe.media == ("_media/photo.jpg", "./_media/photo.jpg")
    with pytest.raises(pydantic.ValidationError):
        zoe.name = "Autre"  # portraits are immutable


def test_valid_markdown_portrait(tmp_path):
    text = "---\n" + HEAD + "language: en\n---\nHello.\n\n## How did you start? {#start}\n\nBy chance.\n"
    result = check(tmp_path, {"zoe.md": text})
    assert result.problems == ()
    [zoe] = result.portraits
    assert zoe.intro == "Hello." and zoe.language == "en" and zoe.file == "zoe.md"
    assert zoe.answers == (Answer(question="How did you start?", answer="By chance.", id="start"),)


# --- every error, every file, one pass ----------------------------------------------------

def test_every_error_of_every_file_in_one_pass(tmp_path):
    bad = ("nmae: Zoé\npublished: 2024-13-01\ndraft: maybe\n"
           "photo:\n  src: ../photo.jpg\n  atl: Zoé\n"
           "links:\n  Site: javascript:alert(1)\n"
           "related: [lae]\n"
           "interview:\n  - question: Q ?\n    anwser: R.\n")
    result = check(tmp_path, {"zoe.yml": bad, "lea.md": "# no front matter\n", "Bad Name.yml": HEAD + INTERVIEW,
                              "ok.yml": HEAD + INTERVIEW})
    found = {(Path(p.path).name, p.line, p.column, p.message.split(" — ")[0]) for p in result.problems}
    assert found == {
        ("zoe.yml", 1, 1, "unknown field 'nmae'"),
        ("zoe.yml", 2, 12, "'published': '2024-13-01' is not a real date"),
        ("zoe.yml", 3, 8, "'draft': expected true or false, got 'maybe'"),
        ("zoe.yml", 5, 8, "'src': a media path must stay inside the portraits folder"),
        ("zoe.yml", 6, 3, "unknown field 'atl'"),
        ("zoe.yml", 8, 9, "'Site': only http, https and mailto links are allowed"),
        ("zoe.yml", 9, 11, "'related' names an unknown portrait 'lae'"),
        ("zoe.yml", 12, 5, "unknown field 'anwser'"),
        ("lea.md", 1, 1, "a Markdown portrait must start with front matter"),
        ("Bad Name.yml", 1, 1, "the file name 'Bad Name' is not a valid slug"),
    }
    assert all(p.hint for p in result.problems)
    assert [p.slug for p in result.portraits] == ["ok"]
    # the report prints each as path:line:col: error: message, then its hint
    text = report(result.problems)
    assert text.endswith("10 error(s), 0 warning(s) in 3 file(s)")
    assert sum(bool(LOCATED.match(line)) for line in text.splitlines()) == 10


def test_problem_format():
    problem = Problem("portraits/zoe.yml", 3, 7, "unknown field 'nmae' — did you mean 'name'?", "allowed: name")
    assert str(problem) == ("portraits/zoe.yml:3:7: error: unknown field 'nmae' — did you mean 'name'?\n"
                            "    hint: allowed: name")


# --- unknown fields -----------------------------------------------------------------------

@pytest.mark.parametrize("text, at, message, hint", [
    ("nmae: Zoé\npublished: 2024-03-15\n" + INTERVIEW, (1, 1), "unknown field 'nmae' — did you mean 'name'?", "published"),
    (HEAD + "photo:\n  src: _media/photo.jpg\n  atl: x\n" + INTERVIEW, (5, 3), "did you mean 'alt'?", "src, alt"),
    (HEAD + "career:\n  - orgnization: X\n    role: R\n    start: 2010\n" + INTERVIEW, (4, 5),
     "did you mean 'organization'?", "organization, role, start, end"),
    (HEAD + "interview:\n  - question: Q\n    anwser: R\n", (5, 5), "did you mean 'answer'?", "question, answer, id"),
    (HEAD + INTERVIEW + "  - image: {src: _media/photo.jpg, alt: x, captoin: y}\n", (6, 44), "did you mean 'caption'?",
     "caption"),
    (HEAD + INTERVIEW + "reading:\n  - {tilte: Un livre}\n", (7, 6), "did you mean 'title'?", "title, url"),
    (HEAD + "colour: blue\n" + INTERVIEW, (3, 1), "unknown field 'colour'", "allowed fields here: name, published"),
])
def test_unknown_fields_say_what_was_meant(tmp_path, text, at, message, hint):
    problem = one_error(tmp_path, text)
    assert where(problem) == at and message in problem.message and hint in problem.hint


def test_missing_field_is_still_reported_beside_an_unrelated_unknown_one(tmp_path):
    found = problems_of(tmp_path, "published: 2024-03-15\ncolour: blue\n" + INTERVIEW)
    assert [p.message for p in found] == ["missing required field 'name'", "unknown field 'colour'"]
    assert where(found[0]) == (1, 1) and where(found[1]) == (2, 1)


def test_item_mixing_question_and_image(tmp_path):
    problem = one_error(tmp_path, HEAD + "interview:\n  - question: Q\n    answer: R\n    image: {src: x.jpg}\n")
    assert where(problem) == (6, 5) and "'image' cannot be used in this item" in problem.message


# --- values -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, message, hint", [
    ("2011", "expected a date written YYYY-MM-DD", "2024-03-15"),
    ("15/03/2024", "expected a date written YYYY-MM-DD", "year, month, day"),
    ("2024-02-30", "'2024-02-30' is not a real date", "day of the month"),
    ("\"2024-13-01\"", "'2024-13-01' is not a real date", "month (01–12)"),
    ("[2024, 3, 15]", "expected a date written YYYY-MM-DD", "2024-03-15"),
    ("", "'published' has no value", "published: 2024-03-15"),
])
def test_bad_dates_show_the_expected_form(tmp_path, value, message, hint):
    problem = one_error(tmp_path, f"name: Zoé\npublished: {value}\n" + INTERVIEW)
    assert problem.line == 2 and message in problem.message and hint in problem.hint


def test_date_with_time_is_accepted(tmp_path):
    [zoe] = check(tmp_path, {"zoe.yml": "name: Zoé\npublished: 2024-03-15 10:30:00\n" + INTERVIEW}).portraits
    assert zoe.published == date(2024, 3, 15)


@pytest.mark.parametrize("text, at, message", [
    ("published: 2024-03-15\n" + INTERVIEW, (1, 1), "missing required field 'name'"),
    ("name: Zoé\n" + INTERVIEW, (1, 1), "missing required field 'published'"),
    (HEAD, (1, 1), "missing required field 'interview'"),
    ("name:\npublished: 2024-03-15\n" + INTERVIEW, (1, 6), "'name' has no value"),
    ("name: '  '\npublished: 2024-03-15\n" + INTERVIEW, (1, 7), "'name': this value is empty"),
    (HEAD + "interview: []\n", (3, 12), "the interview needs at least one question"),
    (HEAD + "interview:\n  -\n", (4, 4), "item 1 of 'interview' is empty"),
    (HEAD + "interview:\n  - answer: R\n", (4, 5), "missing required field 'question'"),
    (HEAD + "interview:\n  - question: Q\n    answer: \"\"\n", (5, 13), "the question 'Q' has no answer"),
    (HEAD + "interview:\n  - question: Q\n", (4, 15), "the question 'Q' has no answer"),
    (HEAD + "photo:\n  src: _media/photo.jpg\n" + INTERVIEW, (4, 3), "missing required field 'alt'"),
    (HEAD + "photo: {src: _media/photo.jpg, alt: ''}\n" + INTERVIEW, (3, 37), "'alt': this value is empty"),
    (HEAD + INTERVIEW + "  - image: {src: _media/photo.jpg}\n", (6, 12), "missing required field 'alt'"),
    (HEAD + "career:\n  - {organization: X, start: 2010}\n" + INTERVIEW, (4, 5), "missing required field 'role'"),
])
def test_missing_and_empty_values(tmp_path, text, at, message):
    problem = one_error(tmp_path, text)
    assert where(problem) == at and message in problem.message and problem.hint


@pytest.mark.parametrize("field, value, message", [
    ("name", "[a, b]", "'name': expected text, got a list"),
    ("name", "{first: Zoé}", "'name': expected text, got a mapping"),
    ("draft", "\"maybe\"", "'draft': expected true or false, got 'maybe'"),
    ("draft", "2", "'draft': expected true or false"),
    ("language", "French", "'French' is not a language code"),
    ("tags", "médias", "'tags': expected a list, got text"),
    ("links", "[https://example.org]", "'links': expected a mapping of fields, got a list"),
    ("photo", "_media/photo.jpg", "'photo': expected a mapping of fields, got text"),
    ("related", "[Léa Fontaine]", "'Léa Fontaine' is not a valid slug"),
])
def test_wrong_types(tmp_path, field, value, message):
    head = HEAD if field != "name" else "published: 2024-03-15\nheadline: x\n"
    problem = one_error(tmp_path, head + f"{field}: {value}\n" + INTERVIEW)
    assert where(problem)[0] == 3 and message in problem.message and problem.hint


def test_numbers_are_accepted_as_text(tmp_path):
    [zoe] = check(tmp_path, {"zoe.yml": "name: 1984\npublished: 2024-03-15\ntags: [2024]\n" + INTERVIEW}).portraits
    assert zoe.name == "1984" and zoe.tags == ("2024",)


def test_career_years_and_months(tmp_path):
    found = problems_of(tmp_path, HEAD + "career:\n"
                        "  - {organization: A, role: R, start: \"2010-03\", end: 2010}\n"  # same year: fine
                        "  - {organization: B, role: R, start: 2012, end: 2011}\n"
                        "  - {organization: C, role: R, start: \"2010-13\"}\n" + INTERVIEW)
    assert [(where(p), p.message.split(":")[0]) for p in found] == [
        ((5, 50), "the career step ends (2011) before it starts (2012)"),
        ((6, 39), "'start'"),
    ]


def test_draft_with_an_empty_answer_is_only_a_warning(tmp_path):
    result = check(tmp_path, {"zoe.yml": HEAD + "draft: true\ninterview:\n  - question: Q\n    answer:\n"})
    [problem] = result.problems
    assert problem.severity == "warning" and where(problem) == (6, 12)
    assert [p.slug for p in result.portraits] == ["zoe"] and result.portraits[0].draft


def test_duplicate_question_ids(tmp_path):
    text = "---\n" + HEAD + "---\n## Un {#q}\nA\n## Deux {#q}\nB\n"
    problem = one_error(tmp_path, text, "zoe.md")
    assert where(problem) == (7, 9) and "'q' is used twice" in problem.message


# --- media --------------------------------------------------------------------------------

@pytest.mark.parametrize("src, message", [
    ("../photo.jpg", "must stay inside the portraits folder"),
    ("_media/../../photo.jpg", "must stay inside the portraits folder"),
    ("/etc/photo.jpg", "must be relative to the portrait file"),
    ("'C:\\photo.jpg'", "must be relative to the portrait file"),
    ("'_media\\photo.jpg'", "uses '/' between folders"),
    ("../../_media/photo.jpg", "must stay inside the portraits folder"),
    ("file:///etc/photo.jpg", "must be relative to the portrait file"),
    ("https://evil.example/photo.jpg", "must be relative to the portrait file"),
    ("_media/absente.jpg", "image file not found: _media/absente.jpg"),
    ("_media/photo.svg", "unsupported image type"),
    ("_media/" + "a" * 300 + ".jpg", "not a usable file name"),
    ("\"_media/a\\0.jpg\"", "not a usable file name"),
])
def test_bad_media_paths(tmp_path, src, message):
    problem = one_error(tmp_path, HEAD + f"photo:\n  src: {src}\n  alt: x\n" + INTERVIEW)
    assert where(problem) == (4, 8) and message in problem.message and problem.hint


@pytest.mark.parametrize("written, meant", [
    ("_media/marie-eve-cote.jpg", "_media/Marie-Eve-Cote.jpg"),  # another letter case
    ("_media/Marie-Ève-Côté.jpg", "_media/Marie-Eve-Cote.jpg"),  # accents the file name has not
    ("_media/Marie-Eve-Cote.JPG", "_media/Marie-Eve-Cote.jpg"),
    ("_media/Marie-Eve-Cotte.jpg", "_media/Marie-Eve-Cote.jpg"),  # a typo
])
def test_a_near_miss_image_path_names_the_file_that_exists(tmp_path, written, meant):
    (tmp_path / "_media").mkdir()
    (tmp_path / "_media" / "Marie-Eve-Cote.jpg").write_bytes(b"jpg")
    problem = one_error(tmp_path, HEAD + f"photo:\n  src: {written}\n  alt: x\n" + INTERVIEW)
    assert f"image file not found: {written}" in problem.message
    assert problem.hint == f"did you mean '{meant}'?"


def test_media_symlink_escaping_the_folder(tmp_path):
    root, outside = tmp_path / "portraits", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(image_bytes())
    (root / "_media").mkdir(parents=True)
    os.symlink(outside / "secret.jpg", root / "_media" / "link.jpg")
    os.symlink(outside, root / "_media" / "dir")
    text = HEAD + "photo: {src: _media/link.jpg, alt: x}\n" + INTERVIEW + "  - image: {src: _media/dir/secret.jpg, alt: y}\n"
    found = problems_of(root, text)
    assert [(where(p), "must stay inside the portraits folder" in p.message) for p in found] == [
        ((3, 14), True), ((7, 18), True)]
    assert "symbolic link" in found[0].hint


def test_media_symlink_loop(tmp_path):
    (tmp_path / "_media").mkdir()
    os.symlink(tmp_path / "_media" / "a.jpg", tmp_path / "_media" / "b.jpg")
    os.symlink(tmp_path / "_media" / "b.jpg", tmp_path / "_media" / "a.jpg")
    problem = one_error(tmp_path, HEAD + "photo: {src: _media/a.jpg, alt: x}\n" + INTERVIEW)
    assert where(problem) == (3, 14)
    # Python 3.11 and 3.12 see the loop when resolving; later versions find no file there
    assert "loop of symbolic links" in problem.message or "image file not found" in problem.message


def test_media_symlink_inside_the_folder_is_fine(tmp_path):
    (tmp_path / "_media").mkdir()
    (tmp_path / "_media" / "real.jpg").write_bytes(image_bytes())
    os.symlink(tmp_path / "_media" / "real.jpg", tmp_path / "_media" / "alias.jpg")
    result = check(tmp_path, {"zoe.yml": HEAD + "photo: {src: _media/alias.jpg, alt: x}\n" + INTERVIEW})
    assert result.problems == () and result.portraits[0].photo.src == "_media/alias.jpg"


def test_media_relative_to_a_portrait_in_a_subfolder(tmp_path):
    result = check(tmp_path, {"2024/zoe.yml": HEAD + "photo: {src: ../_media/photo.jpg, alt: x}\n" + INTERVIEW})
    assert result.problems == () and result.portraits[0].photo.src == "../_media/photo.jpg"


def test_media_path_leaving_the_folder_and_coming_back(tmp_path):
    """'../portraits/_media/photo.jpg' leads to a file inside, but as written it goes out of
    the folder: the site copies the path as written, so it is refused."""
    problem = one_error(tmp_path / "portraits", HEAD + "photo: {src: ../portraits/_media/photo.jpg, alt: x}\n" + INTERVIEW)
    assert where(problem) == (3, 14) and "must stay inside" in problem.message


# --- links --------------------------------------------------------------------------------

@pytest.mark.parametrize("url, message", [
    ("javascript:alert(1)", "only http, https and mailto links are allowed"),
    ("JavaScript:alert(1)", "only http, https and mailto links are allowed"),
    ("'  javascript:alert(1)'", "only http, https and mailto links are allowed"),
    ("'data:text/html,<script>alert(1)</script>'", "only http, https and mailto links are allowed"),
    ("ftp://example.org/zoe", "only http, https and mailto links are allowed"),
    ("vbscript:msgbox", "only http, https and mailto links are allowed"),
    ("'java\tscript:alert(1)'", "cannot contain spaces or control characters"),
    ("example.org/zoe", "this URL has no scheme"),
    ("https://", "this URL has no host name"),
    ("'http://[::1'", "this URL is not well formed"),
    ("mailto:zoe", "this mailto link has no address"),
    ("'@zoe'", "'@zoe' is not a handle of a known network"),
])
def test_bad_links(tmp_path, url, message):
    problem = one_error(tmp_path, HEAD + f"links:\n  Site: {url}\n" + INTERVIEW)
    assert where(problem) == (4, 9) and message in problem.message and problem.hint


def test_bad_reading_url(tmp_path):
    problem = one_error(tmp_path, HEAD + INTERVIEW + "reading:\n  - title: Un livre\n    url: javascript:void(0)\n")
    assert where(problem) == (8, 10) and "'url': only http, https and mailto" in problem.message


# --- file names and cross-file rules ------------------------------------------------------

@pytest.mark.parametrize("name, proposed", [
    ("Zoé Lefèbvre.yml", "zoe-lefebvre.yml"),
    ("Zoe_Lefebvre.YAML", "zoe-lefebvre.yaml"),
    ("UPPER.md", "upper.md"),
    ("--.yml", "portrait.yml"),
])
def test_invalid_file_names_propose_a_slug(tmp_path, name, proposed):
    text = ("---\n" + HEAD + "---\n## Q\nR\n") if name.endswith(".md") else HEAD + INTERVIEW
    problem = one_error(tmp_path, text, name)
    assert where(problem) == (1, 1) and "is not a valid slug" in problem.message
    assert f"rename it '{proposed}'" in problem.hint


@pytest.mark.parametrize("other", ["zoe.md", "zoe.yaml", "2024/zoe.yml"])
def test_duplicate_slugs(tmp_path, other):
    content = ("---\n" + HEAD + "---\n## Q\nR\n") if other.endswith(".md") else HEAD + INTERVIEW
    result = check(tmp_path, {"zoe.yml": HEAD + INTERVIEW, other: content})
    [problem] = result.problems
    assert "the slug 'zoe' is already used by" in problem.message and where(problem) == (1, 1)
    assert len(result.portraits) == 1


def test_related_unknown_self_and_typo(tmp_path):
    text = HEAD + "related: [zoe, camile-ouellet, personne]\n" + INTERVIEW
    found = sorted(check(tmp_path, {"zoe.yml": text, "camille-ouellet.yml": HEAD + INTERVIEW}).problems)
    assert [(where(p), p.message) for p in found] == [
        ((3, 11), "a portrait cannot be related to itself"),
        ((3, 16), "'related' names an unknown portrait 'camile-ouellet' — did you mean 'camille-ouellet'?"),
        ((3, 32), "'related' names an unknown portrait 'personne'"),
    ]


def test_related_is_checked_even_when_the_file_has_other_errors(tmp_path):
    found = problems_of(tmp_path, "name: Zoé\nrelated: [lea]\n" + INTERVIEW)
    assert [p.message for p in found] == ["missing required field 'published'",
                                          "'related' names an unknown portrait 'lea'"]


# --- Markdown -----------------------------------------------------------------------------

def test_markdown_positions_of_errors(tmp_path):
    text = ("---\n"
            "name: Zoé\n"
            "published: 2024-02-30\n"
            "photo:\n"
            "  src: _media/photo.jpg\n"
            "  atl: x\n"
            "---\n"
            "Intro.\n"
            "\n"
            "## Comment as-tu commencé ? {#Début}\n"
            "Par hasard.\n"
            "\n"
            "## Et ensuite ?\n"
            "\n")
    found = problems_of(tmp_path, text, "zoe.md")
    assert [(where(p), p.message.split(" — ")[0]) for p in found] == [
        ((3, 12), "'published': '2024-02-30' is not a real date"),
        ((6, 3), "unknown field 'atl'"),
        ((10, 29), "'id': 'Début' is not a valid slug"),
        ((13, 4), "the question 'Et ensuite ?' has no answer"),
    ]


def test_markdown_without_questions(tmp_path):
    problem = one_error(tmp_path, "---\n" + HEAD + "---\nSeulement une intro.\n", "zoe.md")
    assert "missing required field 'interview'" in problem.message and "## question" in problem.hint


def test_markdown_question_without_text(tmp_path):
    problem = one_error(tmp_path, "---\n" + HEAD + "---\n## {#vide}\nR\n", "zoe.md")
    assert where(problem) == (5, 4) and "'question': this value is empty" in problem.message


# --- messages stay short ------------------------------------------------------------------

HUGE = "x" * 1_000_000


@pytest.mark.parametrize("text", [
    f"name: [{HUGE}]\n", f"published: '{HUGE}'\n", f"draft: {HUGE}\n", f"language: {HUGE}\n",
    f"related: [{HUGE}-]\n", f"related: [{HUGE}]\n", f"links:\n  Site: javascript:{HUGE}\n", f"links:\n  Blog: '@{HUGE}'\n",
    f"links:\n  Web: {HUGE}.org\n", f"links:\n  {HUGE}: x\n", f"photo: {{src: {HUGE}.jpg, alt: x}}\n",
    f"photo: {{src: {HUGE}, alt: x}}\n", f"tags: [{HUGE}: x]\n", f"{HUGE[:1000]}: x\n", f"'{HUGE}': x\n", f"{HUGE}\n",
    f"headline: \"{HUGE}\n", f"career:\n  - {{organization: x, role: y, start: {HUGE}}}\n",
    f"interview:\n  - question: '{HUGE}'\n", f"interview:\n  - {{question: a, answer: b, id: '{HUGE} {HUGE}'}}\n",
])
def test_messages_never_print_a_huge_value(tmp_path, text):
    found = problems_of(tmp_path, text, "x" * 200 + ".yml")
    assert found
    for problem in found:
        assert len(problem.message) < 300 and len(problem.hint) < 300, problem


def test_lone_spellings_one_edit_away_are_flagged_among_many_names(tmp_path):
    """A lone spelling one letter off a known name (missing, added, changed or swapped) is a
    warning; distinct names, even many of them, are not."""
    files = {}
    for n in range(300):  # many distinct organisations, each listed twice: no warning among them
        for who in ("a", "b"):
            files[f"{who}{n:03d}.yml"] = HEAD + f"organizations: [Maison {n:03d} Lumière]\n" + INTERVIEW
    tools = {"Hootsuite": ("Hootsuit", "Hootsuitte", "Hootsuize", "Hootsiute"), "Mastodon": (), "Notion": ()}
    for name in tools:
        files[f"known-{name}.yml"] = HEAD + f"tools: [{name}, {name}]\n" + INTERVIEW
        files[f"known2-{name}.yml"] = HEAD + f"tools: [{name}]\n" + INTERVIEW
    for typo in tools["Hootsuite"]:
        files[f"typo-{typo}.yml"] = HEAD + f"tools: [{typo}]\n" + INTERVIEW
    files["far.yml"] = HEAD + "tools: [Hotsweet]\n" + INTERVIEW  # two edits away: a name of its own
    warnings = [p for p in check(tmp_path, files).problems if p.severity == "warning"]
    flagged = {re.search(r"'([^']+)' appears only here", p.message).group(1) for p in warnings}
    assert flagged == set(tools["Hootsuite"])
    assert all("looks like 'Hootsuite'" in p.message for p in warnings)
