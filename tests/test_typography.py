"""French typography of the rendered HTML (generator/typography.py)."""

from generator.i18n import load_locale
from generator.typography import NBSP, NNBSP, typeset


def test_spaces_before_marks_and_inside_guillemets_become_no_break():
    html = "<p>Comment as-tu commencé ? Une idée : « poster » ; voilà!</p>"
    assert typeset(html, "fr") == (f"<p>Comment as-tu commencé{NNBSP}? Une idée{NBSP}: «{NNBSP}poster{NNBSP}»{NNBSP}; "
                                   f"voilà{NNBSP}!</p>")


def test_code_urls_attributes_entities_and_other_languages_are_left_alone():
    html = ('<p title="Quoi ? Oui !"><code>a ? b : c;</code> <a href="https://x.org/?a=1">https://x.org/?a=1 !</a> '
            'Q&amp;A ; 10:30</p><pre>x !</pre><div lang="en">Why? Now!</div><script>if (a) { b(); }</script>')
    out = typeset(html, "fr")
    assert '<p title="Quoi ? Oui !"><code>a ? b : c;</code>' in out
    assert 'href="https://x.org/?a=1">https://x.org/?a=1' in out
    assert f"Q&amp;A{NNBSP};" in out and "10:30" in out
    assert "<pre>x !</pre>" in out and '<div lang="en">Why? Now!</div>' in out
    assert "<script>if (a) { b(); }</script>" in out


def test_english_pages_are_unchanged_and_french_parts_of_them_are_set():
    assert typeset("<p>Why? Now!</p>", "en") == "<p>Why? Now!</p>"
    assert typeset('<p>Hi <span lang="fr">Quoi ?</span> ok?</p>', "en") == f'<p>Hi <span lang="fr">Quoi{NNBSP}?</span> ok?</p>'


def test_plurals_and_the_first_day_of_a_month():
    import datetime
    fr, en = load_locale("fr"), load_locale("en")
    assert [fr.label("answers_count", count=n) for n in (0, 1, 2)] == ["0 réponse", "1 réponse", "2 réponses"]
    assert [en.label("portraits_count_n", count=n) for n in (0, 1, 2)] == ["0 portraits", "1 portrait", "2 portraits"]
    assert fr.date(datetime.date(2012, 8, 1)) == "1er août 2012" and fr.date(datetime.date(2012, 8, 2)) == "2 août 2012"


def test_the_quick_way_sets_pages_as_the_element_by_element_way_does():
    """A French page without another language is set in one pass of the regular expression
    engine; it must give what the general way gives, whatever the mix of tags, comments, code,
    URLs, entities and marks."""
    import random

    from generator.typography import _typeset_elements

    pieces = ["<p>", "</p>", " ? ", "!", ":", " : ", "«", "»", "<code>a ? b</code>", "a", "b c", "<pre>x : y</pre>", ";",
              "<!-- x ? -->", "https://x.org/?a=1", "&amp;", '<a title="q ?">', "</a>", "<br>", "<em>", "</em>", "10:30",
              "\n", "mot?", "www.exemple.fr ?", "« guillemets »", "<script>a ? b : c;</script>", "Q&amp;A ;", "…!", ")?",
              '<svg viewBox="0 0 1 1"><text>a ?</text></svg>', "<h2 id=\"q\">Pourquoi ?</h2>"]
    rng = random.Random(7)
    for _ in range(5000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 16)))
        assert typeset(html, "fr") == _typeset_elements(html, "fr"), html


def test_the_rules_as_written_in_one_pattern_each_give_what_the_faster_patterns_give():
    """The rules for ; ! ? and », as first written (one pattern each: spaces, or a glued word,
    before a mark), are the specification of the faster patterns that replaced them: on text
    made of every character they look at, both give the same."""
    import random
    import re

    from generator.typography import french_text

    mark = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[\w»)\]…]))([;!?])(?=[\s»)\]!?;.,:]|$)")
    close = re.compile(r"[ \u00a0\u202f]*»")
    colon = re.compile(r"[ \u00a0\u202f]+:(?=\s|$|[»)\]])")
    opening = re.compile(r"«[ \u00a0\u202f]*")

    def as_written(text: str) -> str:
        text = colon.sub(NBSP + ":", text)
        text = mark.sub(NNBSP + r"\1", text)
        text = opening.sub("«" + NNBSP, text)
        return close.sub(NNBSP + "»", text)

    rng = random.Random(14)
    alphabet = list("ab1 ;!?:«»)(]….,\n\t-_é") + [NBSP, NNBSP]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        assert french_text(text) == as_written(text), repr(text)
