"""The spacing stage: cases as data (tests/cases/spacing.tsv), incl. negatives (brands, domains)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, CleanerConfig
from cleaner.edits import apply_edits
from cleaner.rules.spacing import DuplicatedWord, SpacedPunctuation, _counts, may_hold_double

CASES = Path(__file__).parent / "cases" / "spacing.tsv"
RULES = frozenset(
    {
        "spaced-punctuation",
        "missing-space-after-punctuation",
        "run-together-words",
        "duplicated-word",
    }
)


def _unescape(cell: str) -> str:
    """A cell's ``\\n`` and ``\\t`` as a line break and a tab."""
    return cell.replace("\\n", "\n").replace("\\t", "\t")


def _cases() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, expected, suggestion, comment = line.split("\t")
        rows.append((_unescape(source), _unescape(expected), suggestion, comment))
    return rows


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(CleanerConfig(select=RULES))


@pytest.mark.parametrize(
    ("source", "expected", "suggestion", "comment"), _cases(), ids=lambda v: v[:40]
)
def test_case(cleaner: Cleaner, source: str, expected: str, suggestion: str, comment: str) -> None:
    result = cleaner.clean(source)
    assert result.text == expected, comment
    if suggestion == "-":
        assert result.suggestions == [], comment
    elif suggestion:
        offered = {s.replacement for s in result.suggestions}
        offered |= {c for s in result.suggestions for c in s.candidates}
        assert suggestion in offered, comment
        assert all(s.confidence < 0.8 for s in result.suggestions)
    assert cleaner.clean(result.text).text == result.text, "not idempotent"


def test_cases_file_is_well_formed() -> None:
    rows = _cases()
    assert len(rows) >= 20
    assert len({r[0] for r in rows}) == len(rows), "duplicate inputs"
    for rule in RULES:
        assert any(r[3].startswith(rule) for r in rows), f"no case for {rule}"
        negatives = [r for r in rows if r[3].startswith(f"{rule} negative")]
        assert negatives, f"no negative case for {rule}"
        assert all(r[0] == r[1] for r in negatives), "a negative case must expect no change"


def test_edits_name_their_rule_and_reason(cleaner: Cleaner) -> None:
    result = cleaner.clean("Police stopped the the driver.Then Ankara , which")
    rules = {e.rule for e in result.edits}
    assert rules == {"duplicated-word", "missing-space-after-punctuation", "spaced-punctuation"}
    assert all(e.reason for e in result.edits)


def test_rule_can_be_switched_off() -> None:
    off = Cleaner(CleanerConfig(select=RULES, ignore=frozenset({"duplicated-word"})))
    assert off.clean("stopped the the driver").text == "stopped the the driver"


_TOKENS = ["the", "The", "had", " ", "  ", ".", ",", "!", "?", "Turkey", "President", "Recep"]
_TOKENS += ["\n", "10", "days", "last", "YouTube", "“", "”", "Decal", "zone", "in", ";", "-"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_cleaning_is_idempotent_and_replayable(text: str) -> None:
    cleaner = Cleaner(
        CleanerConfig(select=RULES | {"news-spins", "stranded-modifier", "tortured-science"})
    )
    result = cleaner.clean(text)
    assert cleaner.clean(result.text).text == result.text
    assert apply_edits(text, result.edits) == result.text


_DOUBLE_WORDS = st.sampled_from(
    ["the", "The", "THE", "had", "then", "naïve", "µm", "Bora", "10", "a_b", "ſ", "ıt", "t"]
)
_DOUBLE_GAPS = st.sampled_from([" ", "  ", "\t", "\n", ", ", ". ", "-", "’", " “", "(", ""])
#: duplicated-word's scan as first written, backtracking into the word (``\w+``)
_PLAIN_DOUBLE = re.compile(r"[ \t\n(“\"](\w+)((?:[ \t]+\1\b)+)", re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_DOUBLE_WORDS, _DOUBLE_GAPS), max_size=8))
@example([("naïve", " "), ("naïve", ".")])
def test_possessive_double_scan_finds_what_the_plain_scan_finds(
    parts: list[tuple[str, str]],
) -> None:
    """duplicated-word's scan never backtracks into a word; that must never change a match."""
    text = "\n" + "".join(word + gap for word, gap in parts)
    quick = [(m.span(), m.groups()) for m in DuplicatedWord._double.finditer(text)]
    assert quick == [(m.span(), m.groups()) for m in _PLAIN_DOUBLE.finditer(text)]


#: words of ASCII, Latin-1 and other letters, and case pairs the scan's IGNORECASE joins
_QUICK_WORDS = st.sampled_from(
    [
        *("the", "The", "THE", "had", "café", "Café", "aéb", "Łódź", "łódź", "и", "İ", "i"),
        *("ſ", "s", "K", "k", "\u212a", "ß", "µ", "μ", "10", "naïve", "x\u0301", "ÿ", "Ÿ"),
    ]
)
_QUICK_GAPS = st.sampled_from([" ", "  ", "\t", "\n", ", ", "“", "” ", "’", " — ", "\u00a0", ""])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_QUICK_WORDS, _QUICK_GAPS), max_size=8))
@example([("aéb", " "), ("aéb", "")])
@example([("Łódź", " "), ("łódź", "")])
@example([("“", ""), ("the", " "), ("the", "”")])
@example([("ſ", " "), ("s", "")])
def test_double_quick_check_misses_nothing(parts: list[tuple[str, str]]) -> None:
    """duplicated-word scans a text only when its quick check says it may hold a double: every
    text the scan reports a double in must pass that check, whatever letters it holds."""
    text = "".join(word + gap for word, gap in parts)
    if list(_DUPLICATED_WORD.scan(text)):
        assert may_hold_double(text)


_SPACED_PUNCTUATION = SpacedPunctuation(Cleaner(CleanerConfig(select=RULES)).resources)
_DUPLICATED_WORD = DuplicatedWord(_SPACED_PUNCTUATION.resources)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab. ,;\t\n!?”)"’')), max_size=14))
@example("a,, b")
@example("a. . b")
@example("a\t; b")
@example("a , b")
@example("a ; b")
@example("a . b")
def test_spaced_punctuation_quick_check_misses_nothing(text: str) -> None:
    """spaced-punctuation looks at a text only when its quick check says it might hold an edit:
    every text its full scan edits must pass that check."""
    rule = _SPACED_PUNCTUATION
    if list(rule.scan(text)):
        assert rule.might_hold(text)


#: words of letters, some inside others, and what may stand around them
_COUNT_WORDS = st.sampled_from(["Recep", "PresidentRecep", "Ankara", "ankara", "Recepé", "é"])
_COUNT_GAPS = st.sampled_from([" ", "", "-", "’", "'", "_", "2", ", ", "\n", "é", "ſ"])


def _counts_by_regex(text: str, words: set[str]) -> dict[str, int]:
    """run-together-words' evidence count as first written: one alternation with ``\\b``."""
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    counts: dict[str, int] = {}
    for m in re.finditer(rf"\b(?:{alternation})\b", text):
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if before not in ("-", "’", "'") and after not in ("-", "’", "'"):
            counts[m.group()] = counts.get(m.group(), 0) + 1
    return counts


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(_COUNT_GAPS, _COUNT_WORDS), max_size=10),
    st.sets(st.sampled_from(["Recep", "PresidentRecep", "Ankara", "Recepé"]), min_size=1),
)
def test_standalone_counts_match_the_word_boundary_regex(
    parts: list[tuple[str, str]], words: set[str]
) -> None:
    """The ``str.find`` count of words standing alone agrees with the ``\\b`` regex it replaced."""
    text = "".join(gap + word for gap, word in parts)
    assert dict(_counts(text, words)) == _counts_by_regex(text, words)
