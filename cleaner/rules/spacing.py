"""Rules of the ``spacing`` stage: punctuation and word-boundary repairs."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.context import DocContext
from cleaner.edits import Edit
from cleaner.registry import Rule, register


@register
class SpacedPunctuation(Rule):
    """A sentence mark repeated after a space, or a space before a comma or stop.

    ``in the region. .`` → ``in the region.``; ``Ankara , which`` → ``Ankara, which``.
    """

    id = "spaced-punctuation"
    stage = "spacing"
    _doubled = regex.compile(r"(?<=\w[.!?])(?:[ \t]+[.])+(?=\s|$)")
    _space_before = regex.compile(r"(?<=\w)[ \t]+(?=[,;](?:\s|$))")

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        for m in self._doubled.finditer(text):
            yield Edit(m.start(), m.end(), m.group(), "", self.id,
                       "a full stop repeated after the sentence already ended", 0.95)
        for m in self._space_before.finditer(text):
            yield Edit(m.start(), m.end(), m.group(), "", self.id,
                       "no space belongs before a comma or semicolon", 0.9)
