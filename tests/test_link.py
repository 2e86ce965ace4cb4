"""The catalogue: order, visibility, anchors, related portraits and the A–Z index."""

from datetime import date
from pathlib import Path

from conftest import image_bytes, write_portrait

from generator.link import build_catalogue, fold, question_anchors
from generator.load import load_folder
from generator.validate import validate


def portraits_in(folder: Path):
    result = validate(load_folder(folder), folder)
    assert not result.problems, result.problems
    return result.portraits


def catalogue_of(folder: Path, today=date(2025, 1, 1), preview=False):
    return build_catalogue(portraits_in(folder), language="fr", today=today, preview=preview)


def test_fold_ignores_case_and_accents():
    assert fold("Émilie") == fold("emilie") == "emilie"
    assert fold("Œuvre") == "oeuvre"


def test_newest_first_and_neighbours(tmp_path):
    write_portrait(tmp_path, "old", name="Old", published="2020-01-01")
    write_portrait(tmp_path, "mid", name="Mid", published="2022-01-01")
    write_portrait(tmp_path, "new", name="New", published="2024-01-01")
    catalogue = catalogue_of(tmp_path)
    assert [p.slug for p in catalogue.portraits] == ["new", "mid", "old"]
    older, newer = catalogue.neighbours("mid")
    assert (older.slug, newer.slug) == ("old", "new")
    assert catalogue.neighbours("new")[1] is None and catalogue.neighbours("old")[0] is None


def test_drafts_and_scheduled_only_in_preview(tmp_path):
    write_portrait(tmp_path, "live", name="Live", published="2024-01-01")
    write_portrait(tmp_path, "draft", name="Draft", published="2024-01-01", draft=True)
    write_portrait(tmp_path, "later", name="Later", published="2030-01-01")
    assert [p.slug for p in catalogue_of(tmp_path).portraits] == ["live"]
    preview = catalogue_of(tmp_path, preview=True)
    assert {p.slug for p in preview.portraits} == {"live", "draft", "later"}
    assert preview.is_scheduled(preview.by_slug["later"])


def test_alphabet_sorts_as_a_french_reader_expects(tmp_path):
    for slug, name in [("a", "Zoé Zed"), ("b", "Ève Martin"), ("c", "eric Roy"), ("d", "Émilie Dion"),
                       ("e", "Agnès Blanc"), ("f", "Étienne Aubé")]:
        write_portrait(tmp_path, slug, name=name)
    alphabet = catalogue_of(tmp_path).alphabet
    assert [letter for letter, _ in alphabet] == ["A", "E", "Z"]
    assert [p.name for p in dict(alphabet)["E"]] == ["Émilie Dion", "eric Roy", "Étienne Aubé", "Ève Martin"]


def test_question_anchors_are_stable_unique_and_avoid_reserved_names(tmp_path):
    write_portrait(tmp_path, "p", interview=[
        {"question": "Quel est ton parcours ?", "answer": "a"},
        {"question": "Quel est ton parcours ?", "answer": "b"},
        {"question": "Lecture", "answer": "c", "id": "lecture-favorite"},
        {"image": {"src": "x.jpg", "alt": "x"}},
        {"question": "Links", "answer": "d"},
    ])
    (tmp_path / "x.jpg").write_bytes(image_bytes())
    (portrait,) = portraits_in(tmp_path)
    assert question_anchors(portrait) == ("quel-est-ton-parcours", "quel-est-ton-parcours-2",
                                          "lecture-favorite", None, "links-2")


def test_related_explicit_first_then_rare_shared_terms(tmp_path):
    common = ["Facebook"]
    write_portrait(tmp_path, "me", name="Me", tools=["Hootsuite", "Gigya", *common], related=["far"])
    write_portrait(tmp_path, "far", name="Far", tools=["Other"], published="2010-01-01")
    write_portrait(tmp_path, "rare", name="Rare", tools=["gigya"], published="2011-01-01")  # case-insensitive
    write_portrait(tmp_path, "common", name="Common", tools=common, published="2024-03-14")
    for i in range(5):
        write_portrait(tmp_path, f"filler-{i}", name=f"Filler {i}", tools=common + ["Hootsuite"] * (i % 2),
                       published=f"2012-01-0{i + 1}")
    related = catalogue_of(tmp_path).related["me"]
    assert related[0] == "far"
    assert related[1] == "rare"  # Gigya is shared by two portraits only: it weighs most
    assert "me" not in related and len(related) == 4


def test_related_portraits_are_ranked_alike_in_several_processes(tmp_path):
    for i in range(12):
        write_portrait(tmp_path, f"p-{i}", name=f"Personne {i}", tools=["Canva", f"Outil {i % 3}", f"Rare {i % 5}"],
                       related=[f"p-{(i + 7) % 12}"] if i % 4 == 0 else [], published=f"2020-01-{i + 1:02d}")
    portraits = portraits_in(tmp_path)
    alone = build_catalogue(portraits, language="fr", today=date(2025, 1, 1)).related
    shared = build_catalogue(portraits, language="fr", today=date(2025, 1, 1), workers=2).related
    assert shared == alone and len(alone) == 12
    assert alone["p-0"][0] == "p-7" and alone["p-1"][0] == "p-6"  # explicit first, then the rarest shared tool
