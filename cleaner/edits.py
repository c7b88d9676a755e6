"""The records every rule produces, and the arithmetic that applies and reverses them.

An :class:`Edit` is a proposal to replace ``text[start:end]`` by ``replacement``. Rules propose
edits against the text their stage sees; the pipeline (see :mod:`cleaner.pipeline`) maps them back
onto the original input, so every offset in a report speaks about the bytes the user gave.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``original`` (at ``start:end``) by ``replacement``.

    >>> Edit(0, 6, "Msocow", "Moscow", "spelling", "typo", 0.95).delta
    0
    """

    start: int
    end: int
    original: str
    replacement: str
    rule: str
    reason: str
    confidence: float
    candidates: tuple[str, ...] = field(default=())
    #: what a removal carried, as ``(key, value)`` pairs (``("date", "2020-02-12")``); it
    #: reaches the report's ``meta`` only when the edit is applied
    meta: tuple[tuple[str, str], ...] = field(default=())

    @property
    def delta(self) -> int:
        """How much longer the text gets when this edit is applied."""
        return len(self.replacement) - (self.end - self.start)

    def moved(self, start: int, end: int, original: str) -> Edit:
        """The same edit re-anchored at another span (used when mapping offsets)."""
        return Edit(
            start,
            end,
            original,
            self.replacement,
            self.rule,
            self.reason,
            self.confidence,
            self.candidates,
            self.meta,
        )


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding with no safe replacement: a reviewer should look at ``original``.

    >>> Flag(0, 9, "“Default”", "isolated-quoted-heading", "one quoted word alone", 0.6).rule
    'isolated-quoted-heading'
    """

    start: int
    end: int
    original: str
    rule: str
    reason: str
    confidence: float

    def moved(self, start: int, end: int, original: str) -> Flag:
        return Flag(start, end, original, self.rule, self.reason, self.confidence)


def shifted(edits: Iterable[Edit], offset: int) -> Iterator[Edit]:
    """``edits`` found in a part of a text that starts at ``offset``, placed on the text.

    >>> [(e.start, e.end) for e in shifted([Edit(1, 2, "a", "", "x", "", 1.0)], 10)]
    [(11, 12)]
    """
    for edit in edits:
        yield edit.moved(edit.start + offset, edit.end + offset, edit.original) if offset else edit


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """True when two spans share a character, or an insertion sits strictly inside the other.

    Two insertions at the same point also collide: their order would be ambiguous.
    """
    if a_start == a_end and b_start == b_end:
        return a_start == b_start
    if a_start == a_end:
        return b_start < a_start < b_end
    if b_start == b_end:
        return a_start < b_start < a_end
    return a_start < b_end and b_start < a_end


class AdjacentRemovals:
    """The removals among ``edits`` (which never overlap), indexed by where each starts and
    ends, to widen many spans over them: a text with 15,000 applied removals (doubled words)
    asked about each new finding sorted them all each time.

    A removal next to another one removes their text together: a control character an earlier
    rule deleted at a line start leaves the rest of the line to a later rule, which removes the
    line whole with it (what a protected link on that line needs, see
    :meth:`~cleaner.context.DocContext.blocks`).
    """

    def __init__(self, edits: Iterable[Edit]) -> None:
        removals = [(e.start, e.end) for e in edits if not e.replacement and e.start < e.end]
        self._start_of = {b: a for a, b in removals}
        self._end_of = {a: b for a, b in removals}

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """``start:end`` widened over the removals that adjoin it, end to end."""
        while start in self._start_of:
            start = self._start_of[start]
        while end in self._end_of:
            end = self._end_of[end]
        return start, end


def with_adjacent_removals(start: int, end: int, edits: Iterable[Edit]) -> tuple[int, int]:
    """``start:end`` widened over the removals among ``edits`` that adjoin it, end to end (see
    :class:`AdjacentRemovals`, which answers many such questions about the same edits).

    >>> cut = Edit(3, 4, "\x05", "", "control-chars", "", 0.99)
    >>> with_adjacent_removals(4, 9, [cut]), with_adjacent_removals(5, 9, [cut])
    ((3, 9), (5, 9))
    """
    return AdjacentRemovals(edits).widen(start, end)


def resolve_overlaps(proposals: Sequence[tuple[int, Edit]]) -> tuple[list[Edit], list[Edit]]:
    """Pick a non-overlapping subset of ``(rule_order, edit)`` proposals.

    Higher confidence wins; on a tie the rule that comes first in the pipeline wins, then the
    edit that starts first. Returns ``(kept, dropped)``; ``kept`` is sorted by position.
    """
    ranked = sorted(proposals, key=lambda p: (-p[1].confidence, p[0], p[1].start, p[1].end))
    #: the kept edits and their spans, both in position order. Kept spans never overlap, so
    #: their ends rise with their starts: only the span just before a proposal's start can
    #: reach into it, and only those starting up to its end can be reached; a document with
    #: thousands of edits is not checked pair by pair
    kept: list[Edit] = []
    spans: list[tuple[int, int]] = []
    dropped: list[Edit] = []
    for _, edit in ranked:
        start, end = edit.start, edit.end
        at = bisect_left(spans, (start, end))
        near = range(max(0, at - 1), len(spans))
        collides = False
        for i in near:
            k_start, k_end = spans[i]
            if k_start > end:
                break
            if overlaps(start, end, k_start, k_end):
                collides = True
                break
        if collides:
            dropped.append(edit)
        else:
            spans.insert(at, (start, end))
            kept.insert(at, edit)
    return kept, dropped


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits whose offsets refer to ``text``.

    >>> apply_edits("in the region. .", [Edit(14, 16, " .", "", "doubled-punctuation", "", 1.0)])
    'in the region.'
    """
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        if text[edit.start : edit.end] != edit.original:
            raise ValueError(
                f"edit {edit.rule} expects {edit.original!r} at {edit.start}, "
                f"found {text[edit.start : edit.end]!r}"
            )
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def revert_edits(clean: str, edits: Iterable[Edit]) -> str:
    """Rebuild the original text from the clean text and the applied edits.

    Offsets of ``edits`` refer to the original; their positions in ``clean`` are derived.

    >>> e = Edit(0, 6, "Msocow", "Moscow", "spelling", "", 1.0)
    >>> revert_edits("Moscow: Russia", [e])
    'Msocow: Russia'
    """
    parts: list[str] = []
    shift = 0
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        clean_start = edit.start + shift
        clean_end = clean_start + len(edit.replacement)
        if clean[clean_start:clean_end] != edit.replacement:
            raise ValueError(
                f"clean text does not hold {edit.replacement!r} at {clean_start} "
                f"(edit {edit.rule}); was it changed after cleaning?"
            )
        parts.append(clean[pos:clean_start])
        parts.append(edit.original)
        pos = clean_end
        shift += edit.delta
    parts.append(clean[pos:])
    return "".join(parts)


def common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common start and (not overlapping it) common end of two strings.

    >>> common_ends("perserverence", "perseverance")
    (5, 3)
    """
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail
