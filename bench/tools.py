"""The tools under test behind one interface: documents in, output text and changes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bench.diff import Change, apply_changes


@dataclass(slots=True)
class Output:
    """What a tool made of one document."""

    text: str
    changes: list[Change]
    #: proposals the tool did not apply (cleaner's suggestions); ``after`` = first candidate
    suggestions: list[Change] = field(default_factory=list)
    error: str | None = None


class Tool(Protocol):
    name: str

    def run(self, docs: Sequence[str]) -> list[Output]: ...


class CleanerTool:
    """The whole cleaner pipeline with its default configuration."""

    name = "cleaner"

    def __init__(self) -> None:
        from cleaner import Cleaner

        self.cleaner = Cleaner()

    def run(self, docs: Sequence[str]) -> list[Output]:
        return [self.one(doc) for doc in docs]

    def one(self, doc: str) -> Output:
        try:
            result = self.cleaner.clean(doc)
        except Exception as exc:  # another helper's rule may be mid-way; keep measuring
            return Output(doc, [], error=f"{type(exc).__name__}: {exc}")
        changes = [Change(e.start, e.end, e.original, e.replacement, e.rule) for e in result.edits]
        suggestions = [
            Change(s.start, s.end, s.original, s.replacement, s.rule) for s in result.suggestions
        ]
        error = None
        try:
            if apply_changes(doc, changes) != result.text:
                error = "edits do not reproduce the output text"
        except ValueError as exc:
            error = f"edits overlap: {exc}"
        return Output(result.text, changes, suggestions, error)
