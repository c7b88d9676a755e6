"""The pipeline: run the stages, resolve overlaps, apply fixes, map everything to the original.

>>> from cleaner import clean
>>> clean("the region. .").text
'the region.'
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cleaner.alignment import Alignment
from cleaner.config import CleanerConfig
from cleaner.context import (
    DocContext,
    blank_separated_words,
    changes_escaped_bytes,
    focus_windows,
    forget_texts,
    in_windows,
    letter_runs,
)
from cleaner.edits import AdjacentRemovals, Edit, Flag, apply_edits, resolve_overlaps
from cleaner.registry import STAGES, Rule, all_rules
from cleaner.resources import Resources

BOM = "\ufeff"
#: how many times the stages run over a document at most. A stage runs again when the text
#: changed after it last ran (a typo fixed inside a debris line lets the boilerplate stage
#: remove it), so cleaning the clean text changes nothing; one round is the common case.
#: Rounds stop as soon as one changes nothing, so the bound only guards against edits that
#: undo each other. It is generous because debris can uncover debris a layer at a time: a
#: ``date …`` prefix is only the document's start once the file-name line above it is gone,
#: and the next file-name line only a whole line once that prefix is gone (3 rounds left a
#: stack of four such layers half cleaned, found by the property tests)
MAX_ROUNDS = 10
#: a stage that runs again looks only near the changes (DocContext.focus) when the windows
#: around them hold at most this share of the text; otherwise it looks at all of it again
FOCUS_MAX_SHARE = 0.5


@dataclass(slots=True)
class CleanResult:
    """The outcome of cleaning one text.

    ``edits`` were applied; ``suggestions`` were not (too unsure); ``flags`` are findings with no
    safe fix. All offsets refer to ``original``.
    """

    original: str
    text: str
    edits: list[Edit] = field(default_factory=list)
    suggestions: list[Edit] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    #: :meth:`word_count`, once asked (a report asks for it and for :meth:`density`)
    _words: int = field(default=-1, init=False, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def word_count(self) -> int:
        """Blank-separated words in the original."""
        if self._words < 0:
            self._words = blank_separated_words(self.original)
        return self._words

    def density(self) -> float:
        """Findings (edits, suggestions and flags) per 1,000 words of the original."""
        words = self.word_count()
        findings = len(self.edits) + len(self.suggestions) + len(self.flags)
        return 1000.0 * findings / words if words else 0.0


class Cleaner:
    """Loads rules and resources once; call :meth:`clean` on as many documents as you like.

    >>> Cleaner().clean("Turkey.The army").text
    'Turkey. The army'
    """

    def __init__(self, config: CleanerConfig | None = None) -> None:
        self.config = config or CleanerConfig()
        self.resources = Resources(self.config)
        registry = all_rules()
        self.rules: list[Rule] = [
            cls(self.resources)
            for stage in STAGES
            for cls in registry.values()
            if cls.stage == stage and self.config.enabled(cls.id, cls.stage)
        ]
        #: each stage with its rules and their place in the run order (for overlaps)
        self._stages: list[tuple[str, list[tuple[int, Rule]]]] = [
            (stage, rules)
            for stage in STAGES
            if (rules := [(i, r) for i, r in enumerate(self.rules) if r.stage == stage])
        ]
        #: stages whose rules only flag: they change nothing, and only their findings on the
        #: final text are reported, so they wait for a round that changes nothing before them
        self._report_only = frozenset(
            stage for stage, rules in self._stages if all(r.tier == "flag" for _, r in rules)
        )

    def clean(self, text: str) -> CleanResult:
        """Clean one document. BOM and CRLF line ends are kept exactly as they were."""
        prefix = BOM if text.startswith(BOM) else ""
        body = text[len(prefix) :]
        try:
            if "\r\n" in body:
                result = self._clean_lf(body.replace("\r\n", "\n"))
                result = _back_to_crlf(body, result)
            else:
                result = self._clean_lf(body)
        finally:
            forget_texts()
        if prefix:
            result = _shift(result, text, prefix)
        return result

    def _clean_lf(self, text: str) -> CleanResult:
        align = Alignment(text)
        threshold = self.config.fix_threshold
        #: the text each stage last ran on, and what it found then that was not applied
        seen: dict[str, str] = {}
        #: the edits that were applied when each stage last ran: it runs again only near the
        #: ones applied since (see DocContext.focus)
        applied_then: dict[str, list[Edit]] = {}
        found: dict[str, tuple[list[Edit], list[Flag]]] = {}
        #: the context of the original text (the first stage runs on it): what it protects
        #: stays protected in every later round (see _blocked_in_original)
        first: DocContext | None = None
        for round_number in range(MAX_ROUNDS):
            changed = False
            for stage, rules in self._stages:
                current = align.current
                if seen.get(stage) == current:
                    continue
                if changed and stage in self._report_only and round_number < MAX_ROUNDS - 1:
                    continue  # another round follows, on another text: flagged there, once
                focus = None
                changed_words: frozenset[str] = frozenset()
                if stage in seen:
                    before = {id(e) for e in applied_then[stage]}
                    newer = [e for e in align.applied if id(e) not in before]
                    focus = focus_windows(current, align.current_spans(newer))
                    if sum(end - start for start, end in focus) > FOCUS_MAX_SHARE * len(current):
                        focus = None  # most of a short text: looking again at all is cheaper
                    else:
                        changed_words = frozenset(
                            word
                            for e in newer
                            for word in letter_runs(f"{e.original} {e.replacement}".lower())
                        )
                seen[stage] = current
                applied_then[stage] = list(align.applied)
                doc = DocContext(current, self.resources, focus, changed_words)
                if first is None:
                    first = doc
                proposals: list[tuple[int, Edit]] = []
                unsure: list[Edit] = []
                flags: list[Flag] = []
                removals: list[AdjacentRemovals] = []  # (built at the first need, per stage)
                for order, rule in rules:
                    for item in rule.find(current, doc):
                        replacement = item.replacement if isinstance(item, Edit) else "x"
                        if doc.blocks(item.start, item.end, replacement):
                            continue
                        if current is not text and _blocked_in_original(
                            align, first, item, replacement, removals
                        ):
                            continue
                        if isinstance(item, Flag):
                            lifted_flag = align.lift(item)
                            if lifted_flag is not None:
                                flags.append(lifted_flag)
                        elif item.confidence >= threshold and rule.tier == "fix":
                            proposals.append((order, item))
                        else:
                            unsure.append(item)
                unsure_before: list[Edit] = []
                flags_before: list[Flag] = []
                if focus is not None:
                    # what the focused rules found before, away from the changes, still stands
                    unsure_before, flags_before = _kept_from_before(
                        align,
                        focus,
                        found.get(stage),
                        {r.id for _, r in rules if r.focused},
                        {(x.start, x.end, x.rule) for x in unsure + flags},
                    )
                if not (proposals or unsure or flags):
                    found[stage] = (unsure_before, flags_before)
                    continue
                kept, dropped = resolve_overlaps(proposals)
                if doc.escaped_bytes:
                    kept = _bad_bytes_kept_apart(current, kept)
                lifted: list[Edit] = []
                replaced: list[Edit] = []
                for edit in kept:
                    if (got := align.lift_over(edit)) is not None:
                        if any(t is r for t in got[1] for r in replaced):
                            continue  # another edit took that one over: the next round sees it
                        lifted.append(got[0])
                        replaced.extend(got[1])
                suggestions = _lift_all(align, unsure)
                suggestions += _lift_all(align, [d for d in dropped if d.candidates])
                found[stage] = (unsure_before + suggestions, flags_before + flags)
                if lifted:
                    align.apply(lifted, replaced)
                    changed = True
            if not changed:
                break
        edits = sorted(align.applied, key=lambda e: (e.start, e.end))
        applied_spans = {(e.start, e.end) for e in edits}
        unique = {
            (s.start, s.end, s.replacement, s.rule): s
            for stage_suggestions, _ in found.values()
            for s in stage_suggestions
            if (s.start, s.end) not in applied_spans
        }
        return CleanResult(
            text,
            align.current,
            edits,
            sorted(unique.values(), key=lambda e: (e.start, e.end)),
            sorted(
                (f for _, flags in found.values() for f in flags), key=lambda f: (f.start, f.end)
            ),
            _collect_meta(edits),
        )


def _blocked_in_original(
    align: Alignment,
    first: DocContext,
    item: Edit | Flag,
    replacement: str,
    removals: list[AdjacentRemovals],
) -> bool:
    """True when a finding on an edited text would touch what the original text protects.

    An earlier edit can end a protection: once the mojibake before ``@handle`` is repaired
    (``Ã¢@handLe`` → ``â@handLe``) the ``@`` follows a letter and starts no handle, and a later
    stage would split ``handLe`` inside what the original protected (found by bench/fuzz.py).
    The finding is placed on the original text as it would be applied and judged there too.
    ``removals`` holds the index of ``align``'s applied removals once one is needed (the same
    for every finding of a stage).
    """
    placed: Edit | Flag | None
    if isinstance(item, Flag):
        placed = align.lift(item)
    else:
        taken_over = align.lift_over(item)
        placed = None if taken_over is None else taken_over[0]
        if placed is not None:
            replacement = placed.replacement
    if placed is None:
        return False  # it cannot be placed on the original at all: dropped further on anyway
    start, end = placed.start, placed.end
    if not replacement:  # (a flag is judged as a replacement)
        # what earlier edits removed beside it is gone from the text it was found on: a line
        # that lost a control character at its start is removed whole (found by bench/fuzz.py)
        if not removals:
            removals.append(AdjacentRemovals(align.applied))
        start, end = removals[0].widen(start, end)
    return first.blocks(start, end, replacement)


def _bad_bytes_kept_apart(text: str, edits: list[Edit]) -> list[Edit]:
    r"""``edits`` without those that, applied together, would bring two bytes that were not
    UTF-8 together (:func:`~cleaner.context.changes_escaped_bytes` judges each edit alone; two
    removals side by side, ``\x1b[31m`` and ``\x01`` between ``\xe2\x80`` and ``\x9d``, are
    judged here as one; found by fuzzing ``--encoding-errors surrogateescape``).

    >>> text = "a\udce2\x07\x08\udc9d b"
    >>> edits = [Edit(i, i + 1, text[i], "", "control-chars", "", 1.0) for i in (2, 3)]
    >>> len(_bad_bytes_kept_apart(text, edits)), len(_bad_bytes_kept_apart(text, edits[:1]))
    (0, 1)
    """
    refused: set[int] = set()
    group: list[Edit] = []
    for edit in [*sorted(edits, key=lambda e: (e.start, e.end)), None]:
        if edit is not None and group and edit.start == group[-1].end:
            group.append(edit)
            continue
        if len(group) > 1:
            joined = "".join(e.replacement for e in group)
            if changes_escaped_bytes(text, group[0].start, group[-1].end, joined):
                refused.update(id(e) for e in group)
        group = [] if edit is None else [edit]
    return [e for e in edits if id(e) not in refused] if refused else edits


def _kept_from_before(
    align: Alignment,
    focus: list[tuple[int, int]],
    found: tuple[list[Edit], list[Flag]] | None,
    focused: set[str],
    again: set[tuple[int, int, str]],
) -> tuple[list[Edit], list[Flag]]:
    """The suggestions and flags of ``found`` (a stage's last findings, original offsets) that
    stand when the stage runs again with ``focus`` (current offsets): those of rules that look
    only near the changes (:attr:`Rule.focused`), where no focus window reaches, unless the
    rerun found the same span again (``again``, current offsets)."""
    if not found:
        return [], []
    windows = [align.original_span(start, end) for start, end in focus]
    again_here = {(align.original_span(s, e), rule) for s, e, rule in again}

    def stands(item: Edit | Flag) -> bool:
        return (
            item.rule in focused
            and not in_windows(windows, item.start, item.end)
            and ((item.start, item.end), item.rule) not in again_here
        )

    return [e for e in found[0] if stands(e)], [f for f in found[1] if stands(f)]


def _lift_all(align: Alignment, edits: Iterable[Edit]) -> list[Edit]:
    return [e for e in (align.lift(x) for x in edits) if e is not None]


def _collect_meta(edits: Iterable[Edit]) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for edit in edits:
        for key, value in edit.meta:
            values = meta.setdefault(key, [])
            if value not in values:
                values.append(value)
    return meta


def _back_to_crlf(crlf_text: str, result: CleanResult) -> CleanResult:
    """Re-express a result computed on LF text in terms of the CRLF original."""
    # LF offsets at which a '\r' was dropped (the offset of the '\n' that followed it)
    dropped: list[int] = []
    removed = 0
    start = 0
    while (i := crlf_text.find("\r\n", start)) != -1:
        dropped.append(i - removed)
        removed += 1
        start = i + 2

    def to_crlf(pos: int) -> int:
        return pos + bisect_left(dropped, pos)

    def move_edit(e: Edit) -> Edit:
        s, t = to_crlf(e.start), to_crlf(e.end)
        moved = e.moved(s, t, crlf_text[s:t])
        return Edit(
            moved.start,
            moved.end,
            moved.original,
            e.replacement.replace("\n", "\r\n"),
            e.rule,
            e.reason,
            e.confidence,
            tuple(c.replace("\n", "\r\n") for c in e.candidates),
            e.meta,
        )

    def move_flag(f: Flag) -> Flag:
        s, t = to_crlf(f.start), to_crlf(f.end)
        return f.moved(s, t, crlf_text[s:t])

    edits = [move_edit(e) for e in result.edits]
    # the text is the edits replayed on the original, not the LF result with every '\n' made
    # '\r\n': a document with mixed line ends keeps its lone '\n's (found by bench/fuzz.py)
    return CleanResult(
        crlf_text,
        apply_edits(crlf_text, edits),
        edits,
        [move_edit(e) for e in result.suggestions],
        [move_flag(f) for f in result.flags],
        result.meta,
    )


def _shift(result: CleanResult, original: str, prefix: str) -> CleanResult:
    """Put a preserved prefix (a BOM) back in front and move every offset past it."""
    n = len(prefix)

    def move(item: Any) -> Any:
        return item.moved(item.start + n, item.end + n, item.original)

    return CleanResult(
        original,
        prefix + result.text,
        [move(e) for e in result.edits],
        [move(e) for e in result.suggestions],
        [move(f) for f in result.flags],
        result.meta,
    )


_DEFAULT: Cleaner | None = None


def clean(text: str) -> CleanResult:
    """Clean ``text`` with the default configuration (resources are loaded once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(text)
