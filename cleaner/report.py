"""Reports of a cleaning run: JSON (versioned schema), unified diff, one-line findings.

The JSON report holds everything needed to rebuild the original from the clean text
(:func:`revert_from_report`): each applied edit's original offsets, original text and
replacement.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from cleaner.edits import Edit, Flag, revert_edits
from cleaner.pipeline import CleanResult

#: bump when a field changes meaning or disappears; adding fields keeps the version
SCHEMA = "cleaner-report/1"


def _edit_dict(edit: Edit, lines: LineIndex) -> dict[str, Any]:
    line, col = lines.position(edit.start)
    record: dict[str, Any] = {
        "start": edit.start,
        "end": edit.end,
        "line": line,
        "col": col,
        "original": edit.original,
        "replacement": edit.replacement,
        "rule": edit.rule,
        "reason": edit.reason,
        "confidence": round(edit.confidence, 4),
    }
    if edit.candidates:
        record["candidates"] = list(edit.candidates)
    if edit.meta:
        record["meta"] = [list(pair) for pair in edit.meta]
    return record


def _flag_dict(flag: Flag, lines: LineIndex) -> dict[str, Any]:
    line, col = lines.position(flag.start)
    return {
        "start": flag.start,
        "end": flag.end,
        "line": line,
        "col": col,
        "original": flag.original,
        "rule": flag.rule,
        "reason": flag.reason,
        "confidence": round(flag.confidence, 4),
    }


class LineIndex:
    """1-based line and column of code-point offsets in a text.

    A byte-order mark opening the text is not a column, as editors do not show it: the first
    character after it is column 1, and so is the mark itself.

    >>> LineIndex("ab\\ncd").position(4)
    (2, 2)
    >>> LineIndex("\\ufeffab").position(1)
    (1, 1)
    """

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self._bom = text.startswith("\ufeff")
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        column = offset - self.starts[line - 1] + 1
        if line == 1 and self._bom and offset > 0:
            column -= 1
        return line, column


def to_json(result: CleanResult, source: str, earlier: object = None) -> dict[str, Any]:
    """The JSON report of one document (see ``docs/report-schema.json``). ``earlier`` is the
    report of the run that wrote ``result.original`` (cleaner's own output cleaned again): it
    is kept, whole, under ``"earlier"`` when it was written for exactly this text (its
    ``clean_sha256``), so :func:`revert_from_report` goes back through both runs to the first
    original; a report of some other text is no way back and is left out."""
    report = _report(result, source)
    if is_earlier_report_of(earlier, result.original):
        report["earlier"] = earlier
    return report


def is_earlier_report_of(earlier: object, text: str) -> bool:
    """True when ``earlier`` is a report whose clean text is ``text`` (see :func:`to_json`).

    >>> is_earlier_report_of({"schema": SCHEMA, "clean_sha256": text_digest("A.")}, "A.")
    True
    >>> is_earlier_report_of({"schema": SCHEMA, "clean_sha256": text_digest("A.")}, "B.")
    False
    """
    return (
        isinstance(earlier, dict)
        and earlier.get("schema") == SCHEMA
        and earlier.get("clean_sha256") == text_digest(text)
    )


def is_replaceable(value: object) -> bool:
    """True when a record's report field may be written over: absent or ``null``, or a report
    an earlier run wrote (cleaning cleaner's own output again); never a field of the user's.

    >>> is_replaceable(None), is_replaceable({"schema": SCHEMA}), is_replaceable("mine")
    (True, True, False)
    """
    return value is None or (isinstance(value, dict) and value.get("schema") == SCHEMA)


def _report(result: CleanResult, source: str) -> dict[str, Any]:
    lines = LineIndex(result.original)
    by_rule: dict[str, int] = {}
    for edit in result.edits:
        by_rule[edit.rule] = by_rule.get(edit.rule, 0) + 1
    return {
        "schema": SCHEMA,
        "source": source,
        "changed": result.changed,
        "edits": [_edit_dict(e, lines) for e in result.edits],
        "suggestions": [_edit_dict(e, lines) for e in result.suggestions],
        "flags": [_flag_dict(f, lines) for f in result.flags],
        "meta": result.meta,
        "clean_sha256": text_digest(result.text),
        "stats": {
            "words": result.word_count(),
            "edits": len(result.edits),
            "suggestions": len(result.suggestions),
            "flags": len(result.flags),
            "density_per_1000_words": round(result.density(), 3),
            "edits_by_rule": dict(sorted(by_rule.items())),
            "removed_chars": sum(len(e.original) for e in result.edits),
            "inserted_chars": sum(len(e.replacement) for e in result.edits),
        },
    }


def _edit_from(record: dict[str, Any]) -> Edit:
    if not isinstance(record, dict):
        raise TypeError(f"an edit must be a JSON object, not {type(record).__name__}")
    return Edit(
        int(record["start"]),
        int(record["end"]),
        str(record["original"]),
        str(record["replacement"]),
        str(record["rule"]),
        str(record["reason"]),
        float(record["confidence"]),
        tuple(str(c) for c in record.get("candidates", ())),
        tuple((str(k), str(v)) for k, v in record.get("meta", ())),
    )


def edits_from_json(report: dict[str, Any], key: str = "edits") -> list[Edit]:
    """The applied edits (or, with ``key="suggestions"``, the suggestions) of a JSON report."""
    if not isinstance(report, dict):
        raise TypeError(f"not a cleaner report: a JSON {type(report).__name__}, not an object")
    if report.get("schema") != SCHEMA:
        raise ValueError(f"unsupported report schema {report.get('schema')!r}; expected {SCHEMA}")
    return [_edit_from(e) for e in report[key]]


def text_digest(text: str) -> str:
    """SHA-256 of ``text`` as UTF-8 (a lone surrogate, a bad byte kept by ``surrogateescape``,
    as its own three bytes): written as the report's ``clean_sha256``."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def revert_from_report(clean_text: str, report: dict[str, Any]) -> str:
    """Rebuild the original text from the clean text and its JSON report, and through the
    report's ``earlier`` (:func:`to_json`) back past each earlier run. A clean text that
    is not the one the report was written for is refused (a report without ``clean_sha256``,
    from before it was written, is taken on trust): an edit made anywhere after cleaning
    would be carried into the "original" without a word.

    >>> report = {"schema": SCHEMA, "edits": [], "suggestions": [], "flags": [],
    ...           "clean_sha256": text_digest("Text.")}
    >>> revert_from_report("Text.", report)
    'Text.'
    >>> revert_from_report("Text!", report)
    Traceback (most recent call last):
    ValueError: the clean text is not the one this report was written for (changed after cleaning?)
    """
    text = clean_text
    reports: object = report
    while reports is not None:  # this run's report, then each earlier run's (see to_json)
        if not isinstance(reports, dict):
            raise TypeError("an earlier report must be a JSON object")
        edits = edits_from_json(reports)
        expected = reports.get("clean_sha256")
        if expected is not None and expected != text_digest(text):
            raise ValueError(
                "the clean text is not the one this report was written for (changed after "
                "cleaning?)"
            )
        text = revert_edits(text, edits)
        reports = reports.get("earlier")
    return text


def result_from_report(clean_text: str, report: dict[str, Any]) -> CleanResult:
    """The :class:`CleanResult` an earlier run wrote as ``clean_text`` and its JSON report
    (``--resume`` shows the documents it skips in the review page with it).

    >>> edit = {"start": 11, "end": 13, "original": " .", "replacement": "",
    ...         "rule": "spaced-punctuation", "reason": "r", "confidence": 1.0}
    >>> report = {"schema": SCHEMA, "edits": [edit], "suggestions": [], "flags": []}
    >>> result_from_report("The region.", report).original
    'The region. .'
    """
    edits = edits_from_json(report)
    original = revert_edits(clean_text, edits)
    for edit in edits:
        if original[edit.start : edit.end] != edit.original:
            raise ValueError(
                f"the report's edit at {edit.start}:{edit.end} does not match the text"
            )
    flags = [
        Flag(
            int(f["start"]),
            int(f["end"]),
            str(f["original"]),
            str(f["rule"]),
            str(f["reason"]),
            float(f["confidence"]),
        )
        for f in report["flags"]
    ]
    meta = {str(k): [str(v) for v in vs] for k, vs in report.get("meta", {}).items()}
    return CleanResult(
        original, clean_text, edits, edits_from_json(report, "suggestions"), flags, meta
    )


#: a line as patch and git apply see it: up to and with a line feed (str.splitlines also
#: breaks at a form feed, a lone CR, U+2028 and others: a diff cut there does not apply)
_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def unified_diff(original: str, clean: str, name: str) -> str:
    """A unified diff between original and clean text, ``a/NAME`` → ``b/NAME``."""
    return "".join(unified_diff_lines(original, clean, name))


def unified_diff_lines(original: str, clean: str, name: str) -> Iterator[str]:
    """:func:`unified_diff` a line at a time: a file's diff is written as it comes, not built
    whole (one changed line of 100 MB makes a diff of 200 MB)."""
    if original == clean:
        return
    # GNU patch takes a name up to a tab: one with a space needs the tab after it (as git does)
    end = "\t" if " " in name else ""
    for line in difflib.unified_diff(
        _LINE_RE.findall(original),
        _LINE_RE.findall(clean),
        fromfile=f"a/{name}{end}",
        tofile=f"b/{name}{end}",
    ):
        if line.endswith("\n"):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"


def finding_lines(result: CleanResult, name: str, *, suggestions: bool = False) -> list[str]:
    """``path:line:col rule 'old' -> 'new'`` for each edit (and suggestion, if asked)."""
    lines = LineIndex(result.original)
    out = []
    for edit in result.edits:
        line, col = lines.position(edit.start)
        out.append(f"{name}:{line}:{col} {edit.rule} {edit.original!r} -> {edit.replacement!r}")
    if suggestions:
        for edit in result.suggestions:
            line, col = lines.position(edit.start)
            out.append(
                f"{name}:{line}:{col} {edit.rule} {edit.original!r} -> {edit.replacement!r} "
                f"(suggestion, confidence {edit.confidence:.2f})"
            )
        for flag in result.flags:
            line, col = lines.position(flag.start)
            out.append(f"{name}:{line}:{col} {flag.rule} {flag.original!r} (flag: {flag.reason})")
    return out
