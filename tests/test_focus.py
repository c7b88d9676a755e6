"""A stage that runs again over a changed text looks only near the changes (its focus windows).

The pipeline reruns a stage when later stages changed its text; its focused rules look only at
the lines around what changed (:func:`cleaner.context.focus_windows`), and the speller also at
the words whose document evidence changed, and what they found before elsewhere is kept. These
tests check the window arithmetic against brute force, and the whole pipeline against the same
pipeline with every rerun looking at the whole text.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import with_damage

from cleaner import pipeline
from cleaner.context import focus_windows, in_windows
from cleaner.pipeline import Cleaner, CleanResult

HERE = Path(__file__).resolve().parent
SEEDS = sorted((HERE.parent / "seeds").glob("*.txt"))
SEED_LINES = [line for p in SEEDS for line in p.read_text(encoding="utf-8").splitlines() if line]
FUZZ_FOUND = [c["input"] for c in json.loads((HERE / "cases" / "fuzz-found.json").read_text())]
focused = Cleaner()


def _disjoint_windows(points: list[int]) -> list[tuple[int, int]]:
    ends = sorted(set(points))
    return [(ends[i], ends[i + 1]) for i in range(0, len(ends) - 1, 2)]


@given(st.lists(st.integers(0, 60), max_size=12), st.integers(0, 60), st.integers(0, 20))
def test_in_windows_is_touching_any_window(points: list[int], start: int, width: int) -> None:
    windows = _disjoint_windows(points)
    end = start + width
    expected = any(w_start <= end and start <= w_end for w_start, w_end in windows)
    assert in_windows(windows, start, end) == expected


lines_text = st.lists(st.sampled_from(["", "a", "bb cc", "ddd"]), min_size=1, max_size=8).map(
    "\n".join
)


@given(lines_text, st.data())
def test_focus_windows_hold_each_span_with_a_line_either_side(
    text: str, data: st.DataObject
) -> None:
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 3)), max_size=4).map(
            lambda pairs: [(s, min(len(text), s + w)) for s, w in pairs]
        )
    )
    windows = focus_windows(text, spans)
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    line_ends = [i for i, c in enumerate(text) if c == "\n"] + [len(text)]
    assert all(a[1] < b[0] for a, b in pairwise(windows))  # disjoint
    for w_start, w_end in windows:
        assert w_start in line_starts and w_end in line_ends
    for start, end in spans:
        # the line holding the span's start, and the line before it, lie inside one window
        line = max(i for i, s in enumerate(line_starts) if s <= start)
        first = line_starts[max(0, line - 1)]
        last_line = min(i for i, e in enumerate(line_ends) if e >= end)
        last = line_ends[min(len(line_ends) - 1, last_line + 1)]
        assert any(w_start <= first and last <= w_end for w_start, w_end in windows)


def _outcome(result: CleanResult) -> tuple[object, ...]:
    return (
        result.text,
        [(e.start, e.end, e.replacement, e.rule, e.reason, e.confidence) for e in result.edits],
        [(e.start, e.end, e.replacement, e.rule) for e in result.suggestions],
        [(f.start, f.end, f.rule, f.reason) for f in result.flags],
    )


def _with_whole_text_reruns(text: str) -> tuple[object, ...]:
    """The outcome when every rerun of a stage looks at the whole text (no focus windows)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "FOCUS_MAX_SHARE", -1.0)
        return _outcome(focused.clean(text))


def damaged_text() -> st.SearchStrategy[str]:
    lines = st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=6).map("\n".join)
    return with_damage(lines, 1, 8)


def _always_in_focus(text: str) -> tuple[object, ...]:
    """The outcome when every rerun looks only near the changes, however much of the text
    that is (short texts otherwise look again at all of it: FOCUS_MAX_SHARE)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "FOCUS_MAX_SHARE", 1.0)
        return _outcome(focused.clean(text))


@pytest.mark.parametrize("text", FUZZ_FOUND + [p.read_text(encoding="utf-8") for p in SEEDS])
def test_reruns_in_focus_find_what_whole_text_reruns_find(text: str) -> None:
    assert _always_in_focus(text) == _with_whole_text_reruns(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged_text())
def test_reruns_in_focus_on_damaged_seed_text(text: str) -> None:
    assert _always_in_focus(text) == _with_whole_text_reruns(text)
