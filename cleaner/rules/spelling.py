"""Rules of the ``spelling`` stage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cleaner.context import DocContext
from cleaner.edits import Edit
from cleaner.registry import Rule, register
from cleaner.spelling import Lexicon, Speller
from cleaner.spelling.cache import cache_dir

if TYPE_CHECKING:
    from cleaner.resources import Resources

#: the name under which the lexicon is shared through :class:`cleaner.resources.Resources`
LEXICON = "spelling-lexicon"
SPELLER = "spelling-speller"


def lexicon(resources: Resources) -> Lexicon:
    """The word tables (lazy, cached on disk), shared by every rule through ``resources``."""
    return resources.get(LEXICON, lambda: Lexicon(cache_dir(resources.config)))


def speller(resources: Resources) -> Speller:
    """The spelling stage's decision procedure, shared by its rules through ``resources``."""

    def build() -> Speller:
        return Speller(lexicon(resources), resources.protect_words_lower)

    return resources.get(SPELLER, build)


def _edits(rule: Rule, text: str, doc: DocContext) -> Iterator[Edit]:
    """The speller's proposals for ``text`` that belong to ``rule``, as edits (the speller
    decides every spelling rule in one pass over the document's unknown words)."""
    for p in speller(rule.resources).proposals(text, doc):
        if p.rule == rule.id:
            confidence = round(p.confidence, 3)
            yield Edit(
                p.start, p.end, p.word, p.replacement, rule.id, p.reason, confidence, p.candidates
            )


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
    focused = True
    stage = "spelling"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        return _edits(self, text, doc)


@register
class JoinedWords(Rule):
    """Two of English's commonest words written as one, their space lost (in scraping, OCR
    or typing): the token is unknown, both parts are very common words and together they are
    one of the commonest pairs in symspellpy's English bigram list.

    Example: ``one ofthe best`` → ``one of the best``; ``alot of money`` → ``a lot of money``;
    ``Infact, it was`` → ``In fact, it was``; ``anyother option`` → ``any other option``.
    ``grassroot`` (rarer parts), ``bodyguard`` (a known word) and mid-sentence ``Ofthe`` (a
    capitalised token may be a name) are unchanged.
    """

    id = "joined-words"
    focused = True
    stage = "spelling"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        return _edits(self, text, doc)


@register
class MissingApostrophe(Rule):
    """A contraction written without its apostrophe: the bare form is no English word, and
    symspellpy's list holds the contraction. Every use is fixed (a writer who drops it once
    drops it throughout), in the apostrophe style the document uses.

    Example: ``They dont know what theyre doing`` → ``They don't know what they're doing``;
    ``at five oclock`` → ``at five o'clock``. ``cant``, ``wont`` and ``well`` (words of their
    own), ``Ive`` (too short to tell from a name) and mid-sentence ``Arent`` (a name) are
    unchanged.
    """

    id = "missing-apostrophe"
    focused = True
    stage = "spelling"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        return _edits(self, text, doc)
