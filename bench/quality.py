"""False positives on clean text, and recall/precision on injected real misspellings."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.data import Chunk, count_words
from bench.diff import Change, apply_changes
from bench.inject import Injection
from bench.tools import Output, Tool


@dataclass(frozen=True, slots=True)
class Located:
    """A change on the clean corpus, with the file and line it is on."""

    file: str
    line: int
    change: Change
    context: str  # the whole line it is on


@dataclass(slots=True)
class FalsePositives:
    tool: str
    words: int
    lines: int
    changes: list[Located]
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: the tool's output per chunk (file, first line), reused by the injection runs
    outputs: dict[tuple[str, int], Output] = field(default_factory=dict)

    @property
    def per_100k(self) -> float:
        return 100_000 * len(self.changes) / self.words if self.words else 0.0

    def by_rule(self) -> dict[str, int]:
        return dict(Counter(c.change.rule for c in self.changes).most_common())


def same_fixes(ours: FalsePositives, reference: FalsePositives) -> int:
    """How many of our changes the reference tool also makes (same line, same before/after)."""
    ref = Counter((x.file, x.line, x.change.before, x.change.after) for x in reference.changes)
    hits = 0
    for x in ours.changes:
        key = (x.file, x.line, x.change.before, x.change.after)
        if ref[key] > 0:
            ref[key] -= 1
            hits += 1
    return hits


def locate(chunk: Chunk, changes: Sequence[Change]) -> list[Located]:
    starts = chunk.line_starts()
    out = []
    for change in changes:
        i = max(bisect_right(starts, change.start) - 1, 0)
        out.append(Located(chunk.file, chunk.first + i, change, chunk.lines[i]))
    return out


def false_positives(tool: Tool, chunks: Sequence[Chunk]) -> FalsePositives:
    """Run ``tool`` on every chunk of clean text; every change it makes is listed."""
    texts = [c.text for c in chunks]
    t0 = time.perf_counter()
    outputs = tool.run(texts)
    seconds = time.perf_counter() - t0
    result = FalsePositives(
        tool.name,
        words=sum(count_words(t) for t in texts),
        lines=sum(len(c.lines) for c in chunks),
        changes=[],
        seconds=seconds,
    )
    for chunk, out in zip(chunks, outputs, strict=True):
        result.outputs[(chunk.file, chunk.first)] = out
        result.changes.extend(locate(chunk, out.changes))
        if out.error:
            result.errors.append(f"{chunk.file}:{chunk.first}: {out.error}")
    return result


FIXED, WRONG, LEFT = "fixed", "wrong", "left"


@dataclass(frozen=True, slots=True)
class Case:
    """How one tool treated one injected misspelling."""

    injection: Injection
    status: str  # FIXED (output line == clean line), WRONG (differs from both), LEFT (untouched)
    output_line: str | None  # None when a change crossed the line's ends
    correct_fix: bool  # the injected word itself was corrected to the clean spelling
    wrong_changes: tuple[Change, ...]  # wrong corrections of the word + any other change in line
    suggested: bool  # an unapplied suggestion would have fixed it


def _overlaps(c: Change, start: int, end: int) -> bool:
    if c.start == c.end:
        return start < c.start < end
    return c.start < end and c.end > start


def _shift(changes: Sequence[Change], by: int) -> list[Change]:
    return [Change(c.start - by, c.end - by, c.before, c.after, c.rule) for c in changes]


def _baseline_keys(inj: Injection, clean: Output | None) -> Counter[tuple[int, str, str]]:
    """The changes the tool makes on the clean line anyway, keyed by position in the injected
    line (shifted past the injected word), original and replacement."""
    keys: Counter[tuple[int, str, str]] = Counter()
    if clean is None:
        return keys
    ls = inj.line_offset
    le = ls + len(inj.clean_line)
    shift = len(inj.misspelling) - len(inj.occurrence)
    word_start, word_end = inj.start, inj.start + len(inj.occurrence)
    for c in clean.changes:
        if not (c.start < le and c.end > ls) and not (ls <= c.start == c.end <= le):
            continue
        start = c.start - ls
        if start < word_end and c.end - ls > word_start:
            continue  # it touched the word the misspelling replaces
        keys[(start + shift if start >= word_end else start, c.before, c.after)] += 1
    return keys


def _line_removed(out: Output, start: int, line: str) -> bool:
    """True when ``out`` deletes the whole line ``line`` that starts at ``start``."""
    return any(
        c.start == start and c.after == "" and c.before in (line, line + "\n") for c in out.changes
    )


def classify(inj: Injection, out: Output, clean: Output | None = None) -> Case:
    """Compare what the tool did on the injected line with the clean line.

    ``clean`` is the tool's output on the clean document: a change the tool makes there as well
    (a real typo elsewhere in the sentence, or a false positive already counted on clean text)
    is not caused by the injection and is neither a wrong change nor a failed fix here.
    """
    line = inj.injected_line
    ls = inj.line_offset
    le = ls + len(line)
    if (
        _line_removed(out, ls, line)
        and clean is not None
        and _line_removed(clean, ls, inj.clean_line)
    ):
        # a debris line (a header, a credit) the tool removes whole with or without the
        # misspelling in it: the injection changed nothing the tool does
        return Case(inj, LEFT, "", False, (), False)
    # changes with a character on the line, or insertions on it; deleting a neighbouring line
    # (with its line end) leaves this one intact and is counted in the clean-text run instead
    in_line = [
        c for c in out.changes if (c.start < le and c.end > ls) or (ls <= c.start == c.end <= le)
    ]
    ws, we = ls + inj.start, ls + inj.end
    touching = [c for c in in_line if _overlaps(c, ws, we)]
    anyway = _baseline_keys(inj, clean)
    others = []
    for c in in_line:
        if _overlaps(c, ws, we):
            continue
        key = (c.start - ls, c.before, c.after)
        if anyway[key] > 0:
            anyway[key] -= 1
        else:
            others.append(c)
    crosses = any(c.start < ls or c.end > le for c in in_line)
    output_line = None if crosses else apply_changes(line, _shift(in_line, ls))
    correct_fix = (
        bool(touching)
        and not any(c.start < ls or c.end > le for c in touching)
        and apply_changes(line, _shift(touching, ls)) == inj.clean_line
    )
    if correct_fix and not others:
        status = FIXED
    elif touching or others:
        status = WRONG
    else:
        status = LEFT
    wrong = tuple(others if correct_fix else touching + others)
    suggested = any(
        _overlaps(s, ws, we)
        and ls <= s.start
        and s.end <= le
        and apply_changes(line, _shift([s], ls)) == inj.clean_line
        for s in out.suggestions
    )
    return Case(inj, status, output_line, correct_fix, wrong, suggested)


@dataclass(slots=True)
class Injected:
    tool: str
    corpus: str
    cases: list[Case]
    errors: int = 0
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for c in self.cases if c.status == status)

    @property
    def recall(self) -> float:
        return self.count(FIXED) / len(self.cases) if self.cases else 0.0

    @property
    def correct_changes(self) -> int:
        return sum(1 for c in self.cases if c.correct_fix)

    @property
    def wrong_changes(self) -> int:
        return sum(len(c.wrong_changes) for c in self.cases)

    @property
    def precision(self) -> float | None:
        made = self.correct_changes + self.wrong_changes
        return self.correct_changes / made if made else None

    def wrong_by_rule(self) -> dict[str, int]:
        return dict(Counter(w.rule for c in self.cases for w in c.wrong_changes).most_common())


def injected(
    tool: Tool,
    corpus: str,
    injections: Sequence[Injection],
    clean_outputs: dict[tuple[str, int], Output] | None = None,
) -> Injected:
    """Run ``tool`` on every injected document; ``clean_outputs`` (by chunk file and first line)
    holds its outputs on the clean documents, and the missing ones are computed here."""
    clean_outputs = {} if clean_outputs is None else clean_outputs
    missing = {
        (inj.chunk.file, inj.chunk.first): inj.chunk
        for inj in injections
        if (inj.chunk.file, inj.chunk.first) not in clean_outputs
    }
    if missing:
        keys = list(missing)
        for key, out in zip(keys, tool.run([missing[k].text for k in keys]), strict=True):
            clean_outputs[key] = out
    t0 = time.perf_counter()
    outputs = tool.run([inj.text for inj in injections])
    seconds = time.perf_counter() - t0
    cases = [
        classify(inj, out, clean_outputs[(inj.chunk.file, inj.chunk.first)])
        for inj, out in zip(injections, outputs, strict=True)
    ]
    errors = sum(1 for out in outputs if out.error)
    return Injected(tool.name, corpus, cases, errors, seconds)
