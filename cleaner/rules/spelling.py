"""Rules of the ``spelling`` stage."""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.context import DocContext
from cleaner.edits import Edit
from cleaner.registry import Rule, register
from cleaner.spelling import Lexicon, Speller
from cleaner.spelling.cache import cache_dir

#: the name under which the lexicon is shared through :class:`cleaner.resources.Resources`
LEXICON = "spelling-lexicon"
SPELLER = "spelling-speller"


@register
class NonWordTypo(Rule):
    """Correct words that are not English words, using the document's own vocabulary too.

    Known words, names in mid-sentence, code, numbers, URLs and protected words are left alone;
    a correction is applied only when the evidence is strong (otherwise it is a suggestion).
    The case pattern is carried over.

    Example: ``Msocow said on Monday that Moscow would reply`` →
    ``Moscow said on Monday that Moscow would reply``;
    ``A child walkes past`` → ``A child walks past``; ``MOSKOW –`` → ``MOSCOW –``;
    ``Peskov and Zakharova`` → unchanged.
    """

    id = "non-word-typo"
    stage = "spelling"

    def _speller(self) -> Speller:
        resources = self.resources

        def build() -> Speller:
            lexicon = resources.get(LEXICON, lambda: Lexicon(cache_dir(resources.config)))
            return Speller(lexicon, resources.protect_words_lower)

        return resources.get(SPELLER, build)

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        for p in self._speller().propose(text, doc):
            yield Edit(
                p.start,
                p.end,
                p.word,
                p.replacement,
                self.id,
                p.reason,
                round(p.confidence, 3),
                p.candidates,
            )
