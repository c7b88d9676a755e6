"""Encoding stage: mojibake, HTML entities, terminal escapes, control characters."""

from __future__ import annotations

from functools import cache

import pytest

from cleaner import Cleaner
from cleaner.config import CleanerConfig
from cleaner.context import DocContext
from cleaner.edits import apply_edits, revert_edits
from cleaner.rules.encoding import HtmlEntities, diff_edits

# (id, input, expected, rules of the applied edits, comment)
CASES: list[tuple[str, str, str, list[str], str]] = [
    (
        "mojibake-apostrophe",
        "Syriaâ€™s northwestern province",
        "Syria’s northwestern province",
        ["mojibake"],
        "UTF-8 read as Windows-1252",
    ),
    (
        "mojibake-two-spots-two-edits",
        "â€œWe see the reason,â€\x9d Zakharova said.",
        "“We see the reason,” Zakharova said.",
        ["mojibake", "mojibake"],
        "far-apart damage gives separate minimal edits",
    ),
    (
        "mojibake-double",
        "in SyriaÃ¢â‚¬â„¢s Idlib",
        "in Syria’s Idlib",
        ["mojibake"],
        "an apostrophe encoded twice",
    ),
    (
        "mojibake-accented-name",
        "PÃ©rez met Erdogan in Ankara.",
        "Pérez met Erdogan in Ankara.",
        ["mojibake"],
        "Latin-1 mojibake in a name",
    ),
    (
        "mojibake-keeps-crlf-lines",
        "Line one.\r\nIt isnâ€™t.\r\n",
        "Line one.\r\nIt isn’t.\r\n",
        ["mojibake"],
        "line breaks are not touched",
    ),
    (
        "entities-named",
        "Tom &amp; Jerry &mdash; a classic",
        "Tom & Jerry — a classic",
        ["html-entities", "html-entities"],
        "named references",
    ),
    (
        "entities-double-escaped",
        "R&amp;amp;D spending",
        "R&D spending",
        ["html-entities"],
        "escaped twice: decoded in one edit, so cleaning again changes nothing",
    ),
    (
        "entities-escaped-numeric",
        "It&amp;#8217;s over",
        "It’s over",
        ["html-entities"],
        "a numeric reference escaped again: '#8217' after '&amp;' is no hashtag to protect",
    ),
    (
        "entities-escaped-numeric-caps",
        "It&AMP;#8217;s over",
        "It’s over",
        ["html-entities"],
        "the same with the escape in capitals (HTML knows '&AMP;' too)",
    ),
    (
        "terminal-escapes",
        "\x1b[1mBreaking:\x1b[0m talks resume",
        "Breaking: talks resume",
        ["terminal-escapes", "terminal-escapes"],
        "ANSI colour codes",
    ),
    (
        "control-chars",
        "Moscow\x00 said\x07 on\u200b Wednesday\ufeff.",
        "Moscow said on\u200b Wednesday.",
        ["control-chars", "control-chars", "control-chars"],
        "NUL, BEL and a stray BOM go; the zero-width space is not ftfy's business",
    ),
    (
        "control-chars-separator-in-line",
        "Mos\x1fcow said\n\x00\nmore",
        "Moscow said\n\nmore",
        ["control-chars", "control-chars"],
        "a unit separator inside a line is debris; a NUL is debris even on a line of its own",
    ),
]

# (id, text, comment): good text the stage must leave exactly as it is
UNCHANGED: list[tuple[str, str, str]] = [
    ("curly-quotes", "“Default” – he said it’s ‘fine’…", "curly quotes, dashes, ellipsis"),
    ("accents", "Pokémon, naïve café, Škoda, Minařík, Zürich, £5, ½, 10°C", "accented text"),
    ("ligature-and-width", "the ﬁrst ｗｉｄｅ text", "no ligature or width folding"),
    ("nfd", "Cafe\u0301 and cafe\u0301", "no normalisation of decomposed accents"),
    ("ampersand-prose", "AT&T; R&D; this&not that; Q&A", "ampersands that are not references"),
    ("markup-line", "<p>Tom &amp; Jerry</p>", "a line with markup keeps its entities"),
    (
        "mentioned-references",
        "entities such as \"&lt;\", '&gt;' and `&amp;' are escaped",
        "a reference quoted on its own is named, not used",
    ),
    ("reference-to-no-character", "a charref like &#x10FFFF; is refused", "decodes to nothing"),
    ("tabs-and-formfeed", "a\tb\x0cc\n", "whitespace controls stay"),
    (
        "info-node-separator",
        "* Menu::\n\n\x1f\nFile: bc.info,  Node: Top,  Next: Intro\n"
        "\x1f\nTag Table:\nNode: Top\x7f203\n",
        "GNU Info starts each node with U+001F on a line of its own and indexes nodes with U+007F:"
        " a text with such lines uses control characters as its syntax",
    ),
    ("lone-esc-bracket-text", "press [1m to continue", "no ESC, no escape sequence"),
    ("czech-names", "Lukáš Kropík and Tomáš Chmelík said", "accent followed by accent"),
]


@cache
def encoding_cleaner() -> Cleaner:
    return Cleaner(CleanerConfig(select=frozenset({"encoding"})))


@pytest.mark.parametrize(
    ("cid", "text", "expected", "rules", "comment"), CASES, ids=[c[0] for c in CASES]
)
def test_case(cid: str, text: str, expected: str, rules: list[str], comment: str) -> None:
    result = encoding_cleaner().clean(text)
    assert result.text == expected, comment
    assert [e.rule for e in result.edits] == rules, comment
    assert apply_edits(text, result.edits) == expected
    assert revert_edits(expected, result.edits) == text
    again = encoding_cleaner().clean(expected)
    assert again.text == expected and again.edits == []


@pytest.mark.parametrize(("cid", "text", "comment"), UNCHANGED, ids=[c[0] for c in UNCHANGED])
def test_good_text_is_unchanged(cid: str, text: str, comment: str) -> None:
    result = encoding_cleaner().clean(text)
    assert result.text == text, comment
    assert result.edits == [] and result.suggestions == []


def test_edits_have_minimal_spans() -> None:
    result = encoding_cleaner().clean("The Kremlinâ€™s spokesman said")
    (edit,) = result.edits
    assert (edit.original, edit.replacement) == ("â€™", "’")
    assert edit.start == len("The Kremlin")


def test_numeric_references_decode_in_the_rule() -> None:
    # checked on the rule itself: the pipeline's hashtag protection covers "#39"
    cleaner = encoding_cleaner()
    rule = next(r for r in cleaner.rules if isinstance(r, HtmlEntities))
    text = "Jerry&#39;s &#x2019; &#0;"
    edits = list(rule.find(text, DocContext(text, cleaner.resources)))
    assert [(e.original, e.replacement) for e in edits] == [("&#39;", "'"), ("&#x2019;", "’")]


def test_diff_edits_merges_close_runs() -> None:
    edits = list(diff_edits("xaÃ©bÃ©y", "xaébéy", 0, "mojibake", "", 0.95))
    assert [(e.start, e.original, e.replacement) for e in edits] == [(2, "Ã©bÃ©", "ébé")]


def test_control_characters_are_ftfys() -> None:
    """The control characters are spelled out (ftfy is imported only when needed); they must
    stay exactly the set ftfy's remove_control_chars deletes."""
    from ftfy.chardata import CONTROL_CHARS

    from cleaner.rules import encoding

    theirs = {chr(c) for c in CONTROL_CHARS}
    ours = {chr(c) for c in range(0x110000) if encoding._CONTROL_RE.match(chr(c))}
    assert ours == theirs
    assert set(encoding._WIDE_CONTROLS) == {c for c in theirs if ord(c) > 0x7F}


def test_mojibake_in_a_very_long_line_is_repaired_around_each_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A line of many MB (a scraped page with no line ends) is not handed to ftfy whole, which
    took minutes on 100 MB: only the words around each mojibake hint are, and both far-apart
    repairs are the same as on a short line."""
    import ftfy

    from cleaner.rules import encoding

    seen: list[int] = []
    real = ftfy.fix_text

    def recording(text: str, config: object = None) -> str:
        seen.append(len(text))
        return real(text, config)  # type: ignore[arg-type]

    monkeypatch.setattr(ftfy, "fix_text", recording)
    filler = "The army said so on Monday. " * 4_000  # 112,000 characters, one line
    line = f"Syriaâ€™s province. {filler}the regionâ€™s army. {filler}\n"
    result = Cleaner().clean(line)
    mojibake = [(e.original, e.replacement) for e in result.edits if e.rule == "mojibake"]
    assert mojibake == [("â€™", "’"), ("â€™", "’")]
    assert len(seen) == 2 and max(seen) <= 2 * encoding.REPAIR_WINDOW
