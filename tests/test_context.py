"""What the stages share about a document (cleaner/context.py)."""

from __future__ import annotations

import re
from collections import Counter
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleaner.context as context
import cleaner.rules.spacing as spacing
from cleaner.context import (
    _EMAIL_RE,
    _TAG_RE,
    _URL_RE,
    _starts_tag,
    ascii_word_counts,
    blank_separated_words,
    find_all,
    link_spans,
    lower_same_length,
    lowered,
    run_starts,
    run_starts_in,
)
from cleaner.rules.spacing import may_hold_double

_LOWER_RUNS = re.compile(r"[a-z]+")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=60))
@example("The İstanbul KELVIN \u212a ﬁne Straße \udcff café, covid-19.")
def test_word_counts_are_the_lowered_texts_letter_runs(text: str) -> None:
    """The runs are taken by byte translation, not a regex; they must be exactly the ``[a-z]+``
    runs of the lower-cased text, for any text (surrogates, letters that lower-case to ASCII)."""
    expected: dict[str, int] = {}
    for run in _LOWER_RUNS.findall(text.lower()):
        expected[run] = expected.get(run, 0) + 1
    assert dict(ascii_word_counts(text)) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab é-_\n\u212a"), max_size=60),
    st.sets(st.sampled_from(["a", "ab", "ba", "b", "aab", ""]), max_size=4),
)
def test_run_starts_are_the_letter_runs_of_those_words(low: str, words: set[str]) -> None:
    """One pass over the text's byte view must find what a regex finds: each asked word where
    it stands as a whole ``[a-z]+`` run, in order (an empty word asks for nothing)."""
    expected: dict[str, list[int]] = {}
    for m in _LOWER_RUNS.finditer(low):
        if m.group() in words:
            expected.setdefault(m.group(), []).append(m.start())
    assert run_starts(low, words) == expected


def test_run_starts_asked_again_of_the_same_text() -> None:
    """The split is kept for the last text; other words asked of it, and then another text,
    must still be found where they stand."""
    low = "the cat, the catalogue. the dog"
    assert run_starts(low, {"cat"}) == {"cat": [4]}
    assert run_starts(low, {"the", "dog"}) == {"the": [0, 9, 24], "dog": [28]}
    assert run_starts("dog the", {"the", "dog"}) == {"dog": [0], "the": [4]}


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab é-\n"), max_size=60),
    st.lists(st.integers(min_value=0, max_value=60), max_size=8),
)
def test_run_starts_in_windows_finds_what_a_find_per_window_finds(
    low: str, cuts: list[int]
) -> None:
    """Whole runs of letters found in windows a pass per window are those a ``str.find`` per
    word and window finds with no letter either side (what the focused reruns check)."""
    edges = sorted({min(c, len(low)) for c in cuts})
    windows = list(zip(edges[::2], edges[1::2], strict=False))
    words = {"a", "ab", "b", "ba"}

    def whole(pos: int, word: str) -> bool:
        end = pos + len(word)
        return not (pos and low[pos - 1].isalpha()) and not (end < len(low) and low[end].isalpha())

    expected: dict[str, list[int]] = {}
    for word in sorted(words):
        for start, end in windows:
            for pos in find_all(low, word, start, end):
                if whole(pos, word):
                    expected.setdefault(word, []).append(pos)
    found = run_starts_in(low, words, windows)
    kept = {w: [p for p in ps if whole(p, w)] for w, ps in found.items()}
    assert {w: ps for w, ps in kept.items() if ps} == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("aAb é-\n\t’\u2009ΣΟİ"), max_size=80),
    st.integers(min_value=1, max_value=12),
)
def test_a_long_text_split_a_stretch_at_a_time_finds_the_same(text: str, stretch: int) -> None:
    """A text longer than ``WHOLE_SPLIT_MAX`` is split a stretch at a time to keep memory flat
    (a 101 MB line took 1.7 GB). With the limit made tiny, every whole-text view must still be
    what a regex over the whole text gives: runs cut in two, or a double across a cut missed,
    would show here."""
    low = text.lower()
    runs = _LOWER_RUNS.findall(low)
    words = {"a", "ab", "b", "ba"}
    starts: dict[str, list[int]] = {}
    for m in _LOWER_RUNS.finditer(low):
        if m.group() in words:
            starts.setdefault(m.group(), []).append(m.start())
    context._last_runs = None
    double = may_hold_double(text)  # (the whole text at once: tested in test_spacing.py)
    with (
        mock.patch.object(context, "WHOLE_SPLIT_MAX", stretch),
        mock.patch.object(spacing, "WHOLE_SPLIT_MAX", stretch),  # (its Latin-1 runs: é)
    ):
        context._last_runs = None  # nothing kept from another text
        context._last_lowered = None
        assert lowered(text) == low  # (a final sigma, and an İ that grows, lowered in pieces)
        assert run_starts(low, words) == starts
        assert ascii_word_counts(text) == Counter(runs)
        assert may_hold_double(text) == double
        assert blank_separated_words(text) == len(text.split())
    context._last_runs = None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aB İ\u0130ﬁßΣ\u212a.\n"), max_size=40))
@example("İZMIR İ ﬁ")
def test_lower_same_length_keeps_every_offset(text: str) -> None:
    """Each character lowers in place, asked once or again of the same text: ``İ`` becomes
    ``i``; when anything else would grow (``ﬁ``), each character is lowered alone and one that
    would grow stays as it is."""
    whole = text.replace("\u0130", "I").lower()  # (lowers a final Σ to ς)
    alone = "".join(
        "i" if c == "\u0130" else (c.lower() if len(c.lower()) == 1 else c) for c in text
    )
    expected = whole if len(whole) == len(text) else alone
    assert len(expected) == len(text)
    assert lower_same_length(text) == expected
    assert lower_same_length(text) == expected


def _link_spans_by_full_scan(text: str) -> list[tuple[int, int]]:
    """``link_spans`` as first written: each pattern tried at every character."""
    spans = [m.span() for m in _EMAIL_RE.finditer(text)]
    spans += [m.span() for m in _URL_RE.finditer(text)]
    spans += [m.span() for m in _TAG_RE.finditer(text) if _starts_tag(text, m.start())]
    return spans


_LINK_PARTS = st.sampled_from(
    [
        "@",
        "a",
        "b.",
        "x-",
        "+",
        "_",
        " ",
        "\n",
        "://",
        "http",
        "HTTPS",
        "www.",
        "WwW.",
        "ſ",
        "İ",
        "é",
        ".org",
        "#",
        "&amp;",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINK_PARTS, max_size=20).map("".join))
@example("a@b.c@d.e x@y.z")  # a second '@' inside the first address's run
@example("İ www.x.org https://y")  # lower-casing changes the length: offsets differ
@example("httpſ://x")  # 'ſ' matches 's' case-insensitively, though its lower case is itself
def test_link_spans_tried_only_where_a_link_can_start(text: str) -> None:
    """Addresses are tried only at the run before each '@', URLs only before '://' and at
    'www.': the spans must be the full scans' spans."""
    assert link_spans(text) == _link_spans_by_full_scan(text)


_WRAPPED = (
    "The minister told reporters in the capital on Monday that members of the\n"
    "committee had met in private and that the talks, which began in the spring,\n"
    "had failed after the union walked out over the pay offer it had rejected. A\n"
    "spokesman said the union would meet the minister again with Holaday, and the\n"
    "Committee would report.\n"
)


@pytest.mark.parametrize(
    ("text", "word", "starts"),
    [
        ("The talks failed, said Dr. Holaday.", "Holaday", False),  # a title's full stop
        ("Texas Gov. Loewer attended.", "Loewer", False),  # ... after a capital too
        ("When Dr. Loewer arrived, the talks began.", "Loewer", False),  # (When opens it)
        ("It is at 400 Maple Dr. The fire was out.", "The", True),  # Dr. for Drive
        ("They met in Denver, Col. The fire was out.", "The", True),  # Col. for Colorado
        ("The talks failed. Holaday left.", "Holaday", True),
        (_WRAPPED, "Committee", False),  # a line break inside a sentence of wrapped prose
        ("Austria: Mass tests after an outbreak at a tourist destination\nThe", "The", True),
    ],
)
def test_sentence_starts_after_titles_and_line_breaks(text: str, word: str, starts: bool) -> None:
    from cleaner import Cleaner

    doc = context.DocContext(text, Cleaner().resources)
    assert doc.is_sentence_start(text.rindex(word)) is starts
