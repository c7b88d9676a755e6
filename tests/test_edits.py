"""The edit model: applying, reverting, resolving overlaps and mapping offsets to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.alignment import Alignment
from cleaner.edits import Edit, apply_edits, overlaps, resolve_overlaps, revert_edits


def edit(start: int, end: int, text: str, replacement: str, confidence: float = 0.9) -> Edit:
    return Edit(start, end, text[start:end], replacement, "test", "test", confidence)


OVERLAP_CASES = [
    # (a_start, a_end, b_start, b_end, expected, comment)
    (0, 3, 3, 5, False, "adjacent spans do not overlap"),
    (0, 3, 2, 5, True, "shared character"),
    (2, 2, 0, 5, True, "insertion strictly inside a span"),
    (0, 0, 0, 5, False, "insertion at the start of a span"),
    (5, 5, 0, 5, False, "insertion at the end of a span"),
    (4, 4, 4, 4, True, "two insertions at one point are ambiguous"),
]


@pytest.mark.parametrize(("a0", "a1", "b0", "b1", "expected", "comment"), OVERLAP_CASES)
def test_overlaps(a0: int, a1: int, b0: int, b1: int, expected: bool, comment: str) -> None:
    assert overlaps(a0, a1, b0, b1) is expected, comment
    assert overlaps(b0, b1, a0, a1) is expected, comment


def test_apply_then_revert_round_trips() -> None:
    text = "Msocow: Russia. . In 10 days"
    edits = [edit(0, 6, text, "Moscow"), edit(15, 17, text, ""), edit(18, 18, text, "X ")]
    clean = apply_edits(text, edits)
    assert clean == "Moscow: Russia. X In 10 days"
    assert revert_edits(clean, edits) == text


def test_apply_refuses_a_stale_edit() -> None:
    with pytest.raises(ValueError, match="expects"):
        apply_edits("abc", [Edit(0, 1, "z", "y", "t", "", 1.0)])


def test_resolve_overlaps_prefers_confidence_then_rule_order() -> None:
    text = "abcdef"
    low = edit(0, 3, text, "X", 0.85)
    high = edit(2, 4, text, "Y", 0.95)
    tie_late = edit(4, 6, text, "Z", 0.9)
    tie_early = edit(5, 6, text, "W", 0.9)
    kept, dropped = resolve_overlaps([(0, low), (1, high), (2, tie_late), (1, tie_early)])
    assert kept == [high, tie_early]
    assert set(dropped) == {low, tie_late}


def test_alignment_maps_later_stage_offsets_to_original() -> None:
    original = " date 2020 MOSKOW says. ."
    align = Alignment(original)
    align.apply([edit(0, 11, original, "")])  # stage 1 removes " date 2020 "
    assert align.current == "MOSKOW says. ."
    later = Edit(0, 6, "MOSKOW", "MOSCOW", "spelling", "", 0.9)
    lifted = align.lift(later)
    assert lifted is not None
    assert (lifted.start, lifted.end, lifted.original) == (11, 17, "MOSKOW")


def test_alignment_refuses_edits_on_text_another_rule_wrote() -> None:
    original = "Decal Zone here"
    align = Alignment(original)
    align.apply([edit(0, 10, original, "de-escalation zone")])
    assert align.lift(Edit(3, 12, "escalation", "x", "t", "", 1.0)) is None
    assert align.lift(Edit(19, 23, "here", "there", "t", "", 1.0)) is not None


def test_alignment_never_swallows_deleted_text() -> None:
    original = "ab  cd"
    align = Alignment(original)
    align.apply([edit(2, 3, original, "")])  # "ab cd"
    # an edit ending exactly at the deletion point must not extend over the deleted space
    lifted = align.lift(Edit(0, 2, "ab", "AB", "t", "", 1.0))
    assert lifted is not None and (lifted.start, lifted.end) == (0, 2)
    # one starting right after it starts after the deleted space
    lifted = align.lift(Edit(2, 3, " ", "_", "t", "", 1.0))
    assert lifted is not None and (lifted.start, lifted.end, lifted.original) == (3, 4, " ")


def _pairwise_resolve(proposals: list[tuple[int, Edit]]) -> tuple[list[Edit], list[Edit]]:
    """The definition resolve_overlaps implements: each proposal, best first, is checked
    against every edit kept so far."""
    ranked = sorted(proposals, key=lambda p: (-p[1].confidence, p[0], p[1].start, p[1].end))
    kept: list[Edit] = []
    dropped: list[Edit] = []
    for _, edit in ranked:
        if any(overlaps(edit.start, edit.end, k.start, k.end) for k in kept):
            dropped.append(edit)
        else:
            kept.append(edit)
    return sorted(kept, key=lambda e: (e.start, e.end)), dropped


@settings(max_examples=300, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 4), st.integers(0, 3), st.integers(0, 2)),
        max_size=25,
    )
)
def test_resolve_overlaps_matches_the_pairwise_definition(
    spans: list[tuple[int, int, int, int]],
) -> None:
    """Kept edits are found by position, not pair by pair (a document can hold thousands):
    the result must be the same, insertions and ties included."""
    proposals = [
        (order, Edit(start, start + width, "", "x", "t", "", 0.5 + 0.1 * level))
        for start, width, level, order in spans
    ]
    assert resolve_overlaps(proposals) == _pairwise_resolve(proposals)


words = st.text(alphabet="abc .\n", min_size=0, max_size=40)


@settings(max_examples=200, deadline=None)
@given(text=words, data=st.data())
def test_staged_edits_replay_on_the_original(text: str, data: st.DataObject) -> None:
    """Edits proposed in several stages, lifted to the original, rebuild the final text."""
    align = Alignment(text)
    for _stage in range(3):
        current = align.current
        proposals = []
        for _ in range(data.draw(st.integers(0, 3))):
            start = data.draw(st.integers(0, len(current)))
            end = data.draw(st.integers(start, len(current)))
            repl = data.draw(st.text(alphabet="xyz", max_size=3))
            proposals.append((0, Edit(start, end, current[start:end], repl, "t", "", 0.9)))
        kept, _ = resolve_overlaps(proposals)
        expected = apply_edits(current, kept)
        lifted = [e for e in (align.lift(k) for k in kept) if e is not None]
        if len(lifted) == len(kept):
            align.apply(lifted)
            assert align.current == expected
        else:
            align.apply(lifted)
        assert apply_edits(text, align.applied) == align.current
        assert revert_edits(align.current, align.applied) == text


def test_an_edit_containing_an_earlier_one_takes_it_over() -> None:
    original = "amid m\ufeffountnig tensions"
    align = Alignment(original)
    bom = Edit(6, 7, "\ufeff", "", "control-chars", "invisible", 0.99, meta=(("k", "v"),))
    align.apply([bom])
    assert align.current == "amid mountnig tensions"
    later = Edit(5, 13, "mountnig", "mounting", "non-word-typo", "a typo", 0.9)
    merged, taken = align.lift_over(later) or (None, [])
    assert merged is not None and taken == [bom]
    assert (merged.start, merged.end, merged.original) == (5, 14, "m\ufeffountnig")
    assert "control-chars" in merged.reason and merged.meta == (("k", "v"),)
    align.apply([merged], taken)
    assert align.current == "amid mounting tensions"
    assert apply_edits(original, align.applied) == align.current
    assert revert_edits(align.current, align.applied) == original


def test_an_edit_overlapping_part_of_an_earlier_one_is_widened_over_it() -> None:
    """``&amp;`` that a mojibake repair brought to light: the later edit covers part of the
    earlier output; it is widened over all of it and becomes one edit from the original."""
    original = "ab cd ef"
    align = Alignment(original)
    first = Edit(0, 5, "ab cd", "XY ZW", "first", "", 0.9, meta=(("k", "v"),))
    align.apply([first])
    merged, taken = align.lift_over(Edit(3, 8, "ZW ef", "Q", "second", "why", 0.9)) or (None, [])
    assert merged is not None and taken == [first]
    assert (merged.start, merged.end, merged.original, merged.replacement) == (
        0,
        8,
        "ab cd ef",
        "XY Q",
    )
    assert merged.rule == "second" and "widened over an earlier first edit" in merged.reason
    assert merged.meta == (("k", "v"),)
    align.apply([merged], taken)
    assert align.current == "XY Q"
    assert apply_edits(original, align.applied) == align.current
    assert revert_edits(align.current, align.applied) == original
    # an edit that does not touch earlier output is lifted as it is
    align = Alignment(original)
    align.apply([first])
    lifted, taken = align.lift_over(Edit(6, 8, "ef", "EF", "second", "", 0.9)) or (None, [])
    assert lifted is not None and (lifted.start, lifted.original) == (6, "ef") and taken == []
