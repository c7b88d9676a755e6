"""Map offsets in a stage's text back to the original input.

Each stage sees the text the previous stages produced. :class:`Alignment` remembers the edits
already applied (in original coordinates) and where their replacements sit in the current text,
so a later proposal can be re-anchored on the original. A proposal that would rewrite text an
earlier rule produced is refused: the first rule that touched a span owns it, which keeps every
edit's attribution (rule, reason) exact and makes the report replayable.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from dataclasses import replace
from typing import TypeVar

from cleaner.edits import Edit, Flag, overlaps

Span = TypeVar("Span", Edit, Flag)


class Alignment:
    """Applied edits (original offsets) plus the current text they produced."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.current = original
        self.applied: list[Edit] = []
        # start offset of each applied edit's replacement in ``current``; parallel to ``applied``
        self._cur_starts: list[int] = []
        self._orig_starts: list[int] = []

    def _rebuild(self) -> None:
        self.applied.sort(key=lambda e: (e.start, e.end))
        shift = 0
        starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for edit in self.applied:
            starts.append(edit.start + shift)
            parts.append(self.original[pos : edit.start])
            parts.append(edit.replacement)
            pos = edit.end
            shift += edit.delta
        parts.append(self.original[pos:])
        self._cur_starts = starts
        self._orig_starts = [e.start for e in self.applied]
        self.current = "".join(parts)

    def to_original(self, pos: int, *, leftmost: bool = False) -> int:
        """Original offset of a current offset that lies outside any replaced region.

        At a point where earlier edits deleted text, a current offset stands for both sides
        of the deleted span: ``leftmost`` picks the side before it (for the end of a span), the
        default the side after it (for the start of a span), so a new span never swallows
        text an earlier rule removed.
        """
        i = bisect_right(self._cur_starts, pos) - 1
        while i >= 0:
            edit = self.applied[i]
            cur_start = self._cur_starts[i]
            cur_end = cur_start + len(edit.replacement)
            if cur_end < pos or (cur_end == pos and not (leftmost and cur_start == pos)):
                return pos - cur_end + edit.end
            i -= 1
        return pos

    def current_spans(self, edits: Collection[Edit]) -> list[tuple[int, int]]:
        """Where the replacements of those of ``edits`` that are applied stand in
        :attr:`current`."""
        wanted = {id(e) for e in edits}
        return [
            (start, start + len(edit.replacement))
            for edit, start in zip(self.applied, self._cur_starts, strict=True)
            if id(edit) in wanted
        ]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original that the current ``start:end`` came from, widened over
        any replacement that either end cuts into."""
        return self._original_side(start, before=True), self._original_side(end, before=False)

    def _original_side(self, pos: int, *, before: bool) -> int:
        i = bisect_right(self._cur_starts, pos) - 1
        if i >= 0:
            cur_start = self._cur_starts[i]
            if cur_start < pos < cur_start + len(self.applied[i].replacement):
                edit = self.applied[i]
                return edit.start if before else edit.end
        return self.to_original(pos, leftmost=not before)

    def touches_applied(self, start: int, end: int) -> bool:
        """True when the current span ``start:end`` overlaps text an earlier edit produced."""
        i = bisect_right(self._cur_starts, end)
        for j in range(max(0, i - 2), min(len(self.applied), i + 1)):
            cs = self._cur_starts[j]
            ce = cs + len(self.applied[j].replacement)
            if overlaps(start, end, cs, ce):
                return True
        # a long earlier replacement may start well before ``start``
        for j in range(max(0, i - 2) - 1, -1, -1):
            cs = self._cur_starts[j]
            ce = cs + len(self.applied[j].replacement)
            if ce <= start:
                break
            if overlaps(start, end, cs, ce):
                return True
        return False

    def lift(self, item: Span) -> Span | None:
        """Re-anchor a current-text edit or flag on the original, or ``None`` if it collides."""
        if self.touches_applied(item.start, item.end):
            return None
        start = self.to_original(item.start)
        end = self.to_original(item.end, leftmost=True) if item.end != item.start else start
        if end < start or self._collides_in_original(start, end):
            return None
        return item.moved(start, end, self.original[start:end])

    def lift_over(self, edit: Edit) -> tuple[Edit, list[Edit]] | None:
        """Re-anchor an edit to be applied; unlike :meth:`lift`, one that touches text earlier
        edits produced takes them over: it becomes one edit from the original text under it to
        its replacement, and the earlier edits are returned to be dropped.

        Without this a later stage could not finish a repair an earlier one began (a line the
        encoding stage rid of a stray BOM is still boilerplate; an ``&amp;`` that a mojibake
        repair brought to light), and a second run over the clean text would find it. An edit
        that covers only part of an earlier edit's output is first widened over all of it (its
        replacement keeps that output's other characters). The merged edit keeps the later
        rule's id, says what it took over, and carries the earlier edits' metadata.
        """
        if not self.touches_applied(edit.start, edit.end):
            lifted = self.lift(edit)
            return (lifted, []) if lifted is not None else None
        inside: list[int] = []
        low, high = edit.start, edit.end
        for j, applied in enumerate(self.applied):
            cs = self._cur_starts[j]
            ce = cs + len(applied.replacement)
            if overlaps(edit.start, edit.end, cs, ce):
                inside.append(j)
                low, high = min(low, cs), max(high, ce)
        if not inside:
            lifted = self.lift(edit)
            return (lifted, []) if lifted is not None else None
        note = "taking over an earlier {} edit inside it"
        if (low, high) != (edit.start, edit.end):
            current = self.current
            edit = replace(
                edit,
                start=low,
                end=high,
                original=current[low:high],
                replacement=current[low : edit.start] + edit.replacement + current[edit.end : high],
                candidates=(),
            )
            note = "widened over an earlier {} edit it overlapped"
        first, last = self.applied[inside[0]], self.applied[inside[-1]]
        if edit.start == self._cur_starts[inside[0]]:
            start = first.start
        else:
            start = self.to_original(edit.start)
        if edit.end == self._cur_starts[inside[-1]] + len(last.replacement):
            end = last.end
        else:
            end = self.to_original(edit.end, leftmost=True)
        taken = [self.applied[j] for j in inside]
        others = [e for e in self.applied if all(e is not t for t in taken)]
        if end < start or any(overlaps(start, end, e.start, e.end) for e in others):
            return None
        rules = ", ".join(dict.fromkeys(t.rule for t in taken))
        merged = edit.moved(start, end, self.original[start:end])
        merged = replace(
            merged,
            reason=f"{edit.reason} ({note.format(rules)})",
            meta=edit.meta + tuple(item for t in taken for item in t.meta),
        )
        return merged, taken

    def _collides_in_original(self, start: int, end: int) -> bool:
        """Two edits at one original point (e.g. two insertions) would have no defined order."""
        i = bisect_right(self._orig_starts, end)
        return any(
            overlaps(start, end, e.start, e.end) for e in self.applied[max(0, i - 3) : i + 1]
        )

    def apply(self, edits: list[Edit], replaced: list[Edit] | None = None) -> None:
        """Record edits already lifted to original offsets and refresh ``current``;
        ``replaced`` are earlier edits that some of them took over (see :meth:`lift_over`)."""
        if not edits:
            return
        if replaced:
            self.applied = [e for e in self.applied if all(e is not r for r in replaced)]
        self.applied.extend(edits)
        self._rebuild()
