"""Review decisions: accept or reject single findings, and replay them on a later run.

A reviewer accepts or rejects findings on the HTML review page (see ``docs/review.md``) and
exports a decisions file; ``cleaner clean … --decisions FILE`` replays it. A rejected edit is not
applied again (it becomes a suggestion); an accepted suggestion is applied.

A decision is keyed by what it is about, not by raw offsets, so it survives unrelated edits
elsewhere in the document: the document name, the rule id, the original text, the replacement, a
short window of the original text on each side, and the occurrence index among findings with that
same key (in document order).

>>> from cleaner.edits import Edit
>>> from cleaner.pipeline import CleanResult
>>> fix = Edit(3, 5, " .", ".", "spaced-punctuation", "space before a stop", 1.0)
>>> result = CleanResult("End .", "End.", [fix])
>>> key = finding_key(result.original, fix, 0)
>>> apply_decisions(result, [Decision("doc.txt", key, "reject")]).text
'End .'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from cleaner.edits import Edit, apply_edits, overlaps
from cleaner.pipeline import CleanResult

#: version of the decisions file format; bump when a field changes meaning
DECISIONS_SCHEMA = "cleaner-decisions/1"
#: characters of the original kept on each side of a finding in its key
CONTEXT_CHARS = 16

ACCEPT = "accept"
REJECT = "reject"


class DecisionsError(ValueError):
    """A decisions file that cannot be used; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class FindingKey:
    """What identifies a finding across runs (offsets are deliberately left out)."""

    rule: str
    original: str
    replacement: str
    before: str
    after: str
    occurrence: int = 0

    def base(self) -> tuple[str, str, str, str, str]:
        """The key without its occurrence index."""
        return (self.rule, self.original, self.replacement, self.before, self.after)


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's verdict on one finding of one document."""

    document: str
    key: FindingKey
    decision: str
    #: on a rejection: add ``key.original`` to the project's allow list
    allow: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "rule": self.key.rule,
            "original": self.key.original,
            "replacement": self.key.replacement,
            "before": self.key.before,
            "after": self.key.after,
            "occurrence": self.key.occurrence,
            "decision": self.decision,
            "allow": self.allow,
        }


@dataclass(slots=True)
class DecisionSet:
    """All decisions of a decisions file, looked up per document."""

    decisions: list[Decision] = field(default_factory=list)
    #: the decisions by document, built on first use (a corpus run asks once per input; a scan
    #: of every decision each time grew with inputs times decisions)
    _by_document: dict[str, list[Decision]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _indexed: int = field(default=0, init=False, repr=False, compare=False)

    def _index(self) -> dict[str, list[Decision]]:
        # (built again when decisions were added since: the list is public)
        if self._by_document is None or self._indexed != len(self.decisions):
            self._indexed = len(self.decisions)
            index: dict[str, list[Decision]] = {}
            for d in self.decisions:
                index.setdefault(d.document, []).append(d)
            self._by_document = index
        return self._by_document

    def for_document(self, document: str) -> list[Decision]:
        """Decisions about ``document`` (its name as the run reports it, e.g. ``a/b.txt``)."""
        return list(self._index().get(document, ()))

    def name_for(self, relative: str, path: PurePath | None) -> str:
        """The name the decisions use for the input at ``path``, which this run calls
        ``relative``: that name itself when a decision uses it, else the longest name that
        ends the path (a review of ``corp`` names ``sub/x.txt`` what ``check corp/sub/x.txt``
        calls ``x.txt``), else ``relative``.

        >>> key = FindingKey("spelling", "teh", "the", "", "", 0)
        >>> decisions = DecisionSet([Decision("sub/x.txt", key, ACCEPT)])
        >>> decisions.name_for("x.txt", PurePath("corp/sub/x.txt"))
        'sub/x.txt'
        >>> decisions.name_for("x.txt", PurePath("corp/other/x.txt"))
        'x.txt'
        """
        documents = self._index()
        if relative in documents or path is None:
            return relative
        parts = path.as_posix().split("/")
        for i in range(len(parts)):  # the longest ending first
            name = "/".join(parts[i:])
            if name in documents:
                return name
        return relative

    def allow_words(self) -> list[str]:
        """Words of rejections marked ``allow``, in file order, without repeats."""
        words: dict[str, None] = {}
        for d in self.decisions:
            word = d.key.original.strip()
            if d.allow and d.decision == REJECT and word:
                words.setdefault(word)
        return list(words)

    def to_json(self) -> dict[str, Any]:
        return {"schema": DECISIONS_SCHEMA, "decisions": [d.to_json() for d in self.decisions]}


def context_window(original: str, start: int, end: int) -> tuple[str, str]:
    """Up to :data:`CONTEXT_CHARS` characters of ``original`` before ``start`` and after ``end``.

    >>> context_window("abcdef", 2, 3)
    ('ab', 'def')
    """
    return original[max(0, start - CONTEXT_CHARS) : start], original[end : end + CONTEXT_CHARS]


def finding_key(original: str, edit: Edit, occurrence: int) -> FindingKey:
    """The key of ``edit`` (offsets into ``original``) with a given occurrence index."""
    before, after = context_window(original, edit.start, edit.end)
    return FindingKey(edit.rule, edit.original, edit.replacement, before, after, occurrence)


def keyed_findings(result: CleanResult) -> list[tuple[FindingKey, str, Edit]]:
    """Every edit and suggestion of ``result`` with its key and tier (``fix``/``suggestion``).

    Occurrence indexes count findings with the same key in document order, edits and suggestions
    together, so they do not change when a decision moves a finding from one list to the other.
    """
    tagged = [(e, "fix") for e in result.edits] + [(s, "suggestion") for s in result.suggestions]
    tagged.sort(key=lambda t: (t[0].start, t[0].end, t[1] != "fix"))
    seen: dict[tuple[str, str, str, str, str], int] = {}
    out: list[tuple[FindingKey, str, Edit]] = []
    for edit, tier in tagged:
        key = finding_key(result.original, edit, 0)
        n = seen.get(key.base(), 0)
        seen[key.base()] = n + 1
        out.append((replace(key, occurrence=n), tier, edit))
    return out


def apply_decisions(
    result: CleanResult, decisions: Iterable[Decision], matched: set[FindingKey] | None = None
) -> CleanResult:
    """``result`` with ``decisions`` (about this document) honoured.

    Rejected edits are taken out (they become suggestions); accepted suggestions are applied when
    they overlap no kept edit (nor an earlier accepted suggestion). The text is rebuilt from the
    original, so applying ``.edits`` to ``.original`` still gives ``.text``. The keys of the
    decisions that found their finding are added to ``matched`` (the rest matched nothing: the
    text or the options changed since the review).
    """
    verdicts: dict[FindingKey, str] = {}
    for d in decisions:
        if d.decision not in (ACCEPT, REJECT):
            raise DecisionsError(f"decision must be accept or reject, not {d.decision!r}")
        verdicts[d.key] = d.decision
    if not verdicts:
        return result
    keyed = keyed_findings(result)
    if matched is not None:
        matched.update(key for key, _, _ in keyed if key in verdicts)
    kept: list[Edit] = []
    rejected: list[Edit] = []
    accepted: list[Edit] = []
    left: list[Edit] = []
    for key, tier, edit in keyed:
        verdict = verdicts.get(key)
        if tier == "fix":
            (rejected if verdict == REJECT else kept).append(edit)
        elif verdict == ACCEPT:
            accepted.append(edit)
        else:
            left.append(edit)
    if not rejected and not accepted:
        return result
    for edit in accepted:
        if any(overlaps(edit.start, edit.end, k.start, k.end) for k in kept):
            left.append(edit)
        else:
            kept.append(edit)
    kept.sort(key=lambda e: (e.start, e.end))
    suggestions = sorted(left + rejected, key=lambda e: (e.start, e.end))
    return CleanResult(
        result.original,
        apply_edits(result.original, kept),
        kept,
        suggestions,
        list(result.flags),
        _meta_of(kept),
    )


def _meta_of(edits: Sequence[Edit]) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for edit in edits:
        for key, value in edit.meta:
            values = meta.setdefault(key, [])
            if value not in values:
                values.append(value)
    return meta


def _str(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, str):
        raise DecisionsError(f"{where}: field {name!r} must be a string")
    return value


def decisions_from_json(data: Any, label: str = "decisions") -> DecisionSet:
    """Parse a decisions document (the JSON the review page exports)."""
    if not isinstance(data, dict) or data.get("schema") != DECISIONS_SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise DecisionsError(f"{label}: expected schema {DECISIONS_SCHEMA!r}, found {found!r}")
    items = data.get("decisions")
    if not isinstance(items, list):
        raise DecisionsError(f"{label}: 'decisions' must be a list")
    out: list[Decision] = []
    for i, item in enumerate(items):
        where = f"{label}: decision {i}"
        if not isinstance(item, dict):
            raise DecisionsError(f"{where}: must be an object")
        occurrence = item.get("occurrence", 0)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
            raise DecisionsError(f"{where}: 'occurrence' must be a non-negative integer")
        verdict = _str(item, "decision", where)
        if verdict not in (ACCEPT, REJECT):
            raise DecisionsError(f"{where}: 'decision' must be accept or reject, not {verdict!r}")
        allow = item.get("allow", False)
        if not isinstance(allow, bool):
            raise DecisionsError(f"{where}: 'allow' must be true or false")
        key = FindingKey(
            _str(item, "rule", where),
            _str(item, "original", where),
            _str(item, "replacement", where),
            _str(item, "before", where),
            _str(item, "after", where),
            occurrence,
        )
        out.append(Decision(_str(item, "document", where), key, verdict, allow))
    return DecisionSet(out)


def load_decisions(path: Path) -> DecisionSet:
    """Read a decisions file; any problem raises :class:`DecisionsError` naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DecisionsError(f"{path}: no such decisions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionsError(f"{path}: cannot read decisions ({exc})") from None
    except json.JSONDecodeError as exc:
        raise DecisionsError(f"{path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise DecisionsError(f"{path}: nested too deeply to be a decisions file") from None
    return decisions_from_json(data, str(path))


def read_allow_file(path: Path) -> list[str]:
    """Words of an allow-list file: one per line; blank lines and ``#`` comments are skipped.

    A missing file is an empty list.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    return list(_allow_lines(text))


def _allow_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            yield word


def append_allow_words(path: Path, words: Iterable[str]) -> list[str]:
    """Append the ``words`` not yet in the allow-list file ``path``; return those added.

    Words holding a line break are skipped (the file is one word a line).
    """
    present = set(read_allow_file(path))
    added: list[str] = []
    for word in words:
        word = word.strip()
        if word and "\n" not in word and "\r" not in word and word not in present:
            present.add(word)
            added.append(word)
    if not added:
        return added
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        existing = b""
    prefix = b"\n" if existing and not existing.endswith(b"\n") else b""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    with os.fdopen(fd, "ab") as handle:
        handle.write(prefix + "".join(w + "\n" for w in added).encode("utf-8"))
    return added
