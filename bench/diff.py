"""Changes between two texts, as token-level replacements with offsets into the first.

>>> [(c.before, c.after) for c in diff_changes("I recieve it.\\nOk", "I receive it.\\nOk")]
[('recieve', 'receive')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Change:
    """``before`` (at ``start:end`` of the input) became ``after``; ``rule`` says who did it."""

    start: int
    end: int
    before: str
    after: str
    rule: str


def apply_changes(text: str, changes: Sequence[Change]) -> str:
    """Apply non-overlapping changes (any order) to ``text``."""
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start < pos:
            raise ValueError(f"overlapping change at {c.start}: {c.before!r}")
        out.append(text[pos : c.start])
        out.append(c.after)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def _diff_segment(a: str, b: str, offset: int, rule: str) -> list[Change]:
    ta = [(m.start(), m.group()) for m in _TOKEN.finditer(a)]
    tb = [m.group() for m in _TOKEN.finditer(b)]
    matcher = SequenceMatcher(None, [t for _, t in ta], tb, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        start = ta[i1][0] if i1 < len(ta) else len(a)
        end = ta[i2 - 1][0] + len(ta[i2 - 1][1]) if i2 > i1 else start
        changes.append(Change(offset + start, offset + end, a[start:end], "".join(tb[j1:j2]), rule))
    return changes


def diff_changes(before: str, after: str, rule: str = "diff") -> list[Change]:
    """Token-level changes turning ``before`` into ``after`` (line by line when lines match up)."""
    if before == after:
        return []
    la, lb = before.split("\n"), after.split("\n")
    if len(la) != len(lb):
        return _diff_segment(before, after, 0, rule)
    changes: list[Change] = []
    offset = 0
    for a, b in zip(la, lb, strict=True):
        if a != b:
            changes.extend(_diff_segment(a, b, offset, rule))
        offset += len(a) + 1
    return changes
