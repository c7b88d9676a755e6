"""Deciding, token by token, whether a word is a typo, and what it should have been.

The evidence, cheapest first:

1. the token's shape: plain letters only (no digits, hyphens, apostrophes, glued ``_``/``/``),
   and a case pattern we can carry over (``teh``, ``Teh``, ``TEH``; ``McKay`` is left alone);
2. known words: symspellpy's list (a word there is never touched), the protect packs and the
   user's allow list, regular inflections of known words (``patrollers``);
3. the document's own vocabulary: ``Msocow`` one swap away from ``Moscow`` used elsewhere in the
   same text is fixed with high confidence, even for a name;
4. the case: a capitalised unknown word in mid-sentence is probably a name and is left alone
   unless the document itself holds its correct spelling;
5. a noisy channel over symspellpy's candidates: the candidate's frequency (wordfreq) minus the
   cost of the edit that would have produced the token (see :mod:`cleaner.spelling.candidates`),
   plus the neighbouring words (symspellpy's bigrams) and the document's vocabulary, against the
   token's own frequency (``recieve`` is in wordfreq, but far below ``receive``). The margin of
   the best candidate over the runner-up and over the token itself sets the confidence. A word
   with nothing within two edits is offered the commonest word with its consonant sounds
   (``countrevercy``: ``controversy``), a guess that is mostly a suggestion.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import regex

from cleaner.context import (
    LONG_TEXT,
    WORD_RE,
    DocContext,
    ascii_words_in,
    cased_letters,
    find_all,
    first_form,
    folded_letters,
    line_bounds,
    lowered,
    quoted_alone,
    run_starts,
    run_starts_in,
    uses_form,
)
from cleaner.spelling.candidates import (
    INFLECTIONS,
    cognate_spelling,
    edit_cost,
    foreign_double,
    interior_slip,
    moved_letter,
    optional_letter,
    regular_forms,
    slip_repairs,
    stems,
    variant_side,
    within_one,
)
from cleaner.spelling.lexicon import (
    MONTHS_AND_DAYS,
    SKELETON_MIN_LENGTH,
    SOUND_MIN_LENGTH,
    Lexicon,
    skeleton,
    sound_key,
)
from cleaner.titles import (
    ADDRESSED_OFFICES,
    HONORIFICS,
    MISSPELLED_TITLE_MIN,
    NAME_HEADS,
    TITLES,
    WRITTEN_TITLES,
    capital_before,
    title_before,
)

#: shortest word we try to correct without document evidence
MIN_LENGTH = 3
#: longest token looked at: the longest words of the spelling lists are about 30 letters
#: (a longer run of letters is a DNA sequence, an identifier or a run of debris, never a slip
#: of the keyboard), and the work of finding candidates grows with the square of the length
#: (a 30,000-letter token took over 20 GB)
MAX_LENGTH = 45
#: shortest word corrected from document evidence alone
MIN_DOC_LENGTH = 5
#: ALL-CAPS words shorter than this are taken for acronyms
MIN_UPPER_LENGTH = 5
#: a token this frequent in wordfreq is a word, whatever symspellpy's list says
KNOWN_ZIPF = 4.0
#: shortest part of a closed compound (``grassroot``, ``taximetre``)
COMPOUND_PART = 4
#: a token this close to its British/American counterpart is that spelling, not a typo
VARIANT_COST = 2.2
#: a token that differs from a known word only in an optional letter (doubled or not, a silent
#: e before a suffix) is that word's other accepted spelling when wordfreq has it at most this
#: much rarer (Zipf): ``combatting`` 0.7, ``benefitted`` 0.7, ``knowledgable`` 1.0 below their
#: twins; misspellings lie further (``harrass`` 1.4, ``accomodate`` 1.6, ``noticable`` 1.8)
OPTIONAL_LETTER_MARGIN = 1.2
#: ... and is itself at least this common: rarer forms near a rare twin are slips of a third
#: word (``carrer``, 2.0 beside ``carer`` 2.9, is ``career``; ``acces`` is ``access``)
OPTIONAL_LETTER_ZIPF = 2.5
#: an American-looking form is that spelling only when at most this much rarer (Zipf) than the
#: British-looking known word (``glamor`` 2.3 beside ``glamour`` 3.8; ``surprized`` 1.6 beside
#: ``surprised`` 4.6 is a misspelling)
AMERICAN_MARGIN = 2.0
#: ...unless a known word is this cheap an edit away (``carefull``, ``powerfull``)
COMPOUND_MAX_COST = 1.2
#: ...or one ordinary slip of a common word (``legitmate``, ``breakthough``; not ``grassroot``)
COMPOUND_MAX_COST_COMMON = 1.3
COMPOUND_COMMON = 3.75
#: a capitalised word in mid-sentence that wordfreq has (almost) never seen may be fixed from the
#: lexicon only by a swap or a doubled letter (not a long vowel written double, ``Federaal``:
#: see :func:`~cleaner.spelling.candidates.foreign_double`), to a common word, and with this
#: penalty
NAME_MAX_COST = 1.0
#: ...or by one ordinary slip when the words on both sides make known pairs with the correction
NAME_MAX_COST_FRAMED = 1.3
#: ...or, in a word this long, by one ordinary slip that no other language's spelling explains
#: (``Febuary``, ``Seperation``; not ``Respekt``, ``Locomotiv``)
NAME_LONG = 7
NAME_MAX_COST_LONG = 1.3
#: ...or, in a word this long, by any one slip inside it (the first and last two letters kept)
#: of a word this common (Zipf): ``Toghether``, ``Violentce``, ``Mathemathics``. Names this
#: long lie that close to a common word far less often than shorter ones do (``Chonging``,
#: eight letters, is one such slip from ``changing``)
NAME_VERY_LONG = 9
NAME_VERY_LONG_PRIOR = 4.0
NAME_MAX_COST_VERY_LONG = 2.1
NAME_MAX_ZIPF = 2.0
#: the longest lowercase word taken for the particle of a name (``unter``, ``della``, ``delle``)
PARTICLE_MAX_LENGTH = 5
NAME_MIN_PRIOR = 3.5
NAME_PENALTY = 0.1
#: a regular-looking inflection or derivation (``comming``, ``generaly``) is still a typo when a
#: word this common (Zipf), and this much commoner than the token, is this cheap a slip away
MORPH_SLIP_COST = 1.3
MORPH_SLIP_PRIOR = 3.5
MORPH_SLIP_MARGIN = 1.5
#: a capitalised word before "of" and another capital heads an institution's name; it may be
#: fixed to a common noun, one that often comes after "the" and before "of" (symspellpy bigram
#: counts; "made of" is common, "the made" is not)
HEAD_MAX_COST = 1.6
HEAD_MIN_PRIOR = 4.0
HEAD_MIN_BIGRAM = 1_000_000
#: a stem this frequent makes its regular inflections known
STEM_ZIPF = 3.0
#: how much more likely than the prior a correctly typed token is (log10)
SELF_BONUS = 0.25
#: the score of a token nobody has seen (wordfreq Zipf 0)
UNSEEN_SELF = 0.5
#: bonus for a candidate the document itself uses, when the candidate is rare (per Zipf below 6)
DOC_BONUS = 0.35
#: a neighbouring word fits a candidate when the bigram list holds the pair and its
#: association (:meth:`~cleaner.spelling.lexicon.Lexicon.association_at_most`) is at least
#: this: ``went with`` 2.2 fits, ``the was`` -0.6 does not, though symspellpy's bigram list
#: holds both: the bare presence of a pair would make every function word fit everywhere
FIT_ASSOCIATION = 1.0
#: bonus per neighbouring word that fits the candidate
BIGRAM_BONUS = 0.8
#: graded context (see ``Speller._graded_fit``): each neighbouring pair the bigram list holds
#: for the candidate and for the front-runner adds how far its association lies above
#: :data:`FIT_ASSOCIATION`, capped, times this. It ranks candidates and widens the gap to the
#: runner-up, not to the token itself, and a token a spelling dictionary lists gets none
#: (``blent with``, an archaic participle, is not ``blend with``). Chosen on a second sample of
#: the misspelling lists (seed 7, not the bench's): 0.4 gained 13 Wikipedia fixes with no
#: more wrong ones, 0.6 one more; counting the association from 0 instead of from the fit
#: threshold gained as many but put Wikipedia precision below 0.99 on the bench's sample. The
#: chosen values change nothing on the linguist's 20 MB corpus, and on the clean news only
#: ``watr`` (a real typo)
CONTEXT_WEIGHT = 0.4
CONTEXT_CAP = 3.0
#: a neighbouring word misfits a candidate when the pair is at most this associated (see
#: :meth:`~cleaner.spelling.lexicon.Lexicon.association_at_most`): rarer than chance, as ``the
#: the`` (-0.5) for ``thne the``
MISFIT_ASSOCIATION = 0.0
#: penalty per neighbouring word that misfits the candidate
MISFIT_PENALTY = 0.8
#: candidates costlier than this are not worth proposing
MAX_COST = 4.5
#: candidates scored per edit distance (the most frequent ones)
SHORTLIST = 12
#: distance-2 lookups (slow) only for tokens at least this long
MIN_LENGTH_DISTANCE_2 = 5
#: confidence = BASE + SLOPE * margin, capped
BASE_CONFIDENCE = 0.5
SLOPE = 0.25
MAX_CONFIDENCE = 0.97
#: confidence of a fix backed by the document's own spelling
DOC_CONFIDENCE = 0.95
#: below this a proposal is not even worth suggesting
MIN_SUGGESTION = 0.55
SENTENCE_START_PENALTY = 0.08
#: three-letter words are corrected by a swap or a doubled letter (``teh``) ...
SHORT_MAX_COST = 1.0
#: ... or by one letter added or changed when the fix is one of the commonest words (Zipf 6+:
#: ``amd``/and, ``fot``/for, ``wih``/with); such a fix is applied only when the words on both
#: sides fit it (FIT_ASSOCIATION), else suggested. On the bench's clean news no short token
#: that is not a typo (``hoc``, ``tln``, ``jin``, ``ehf``) is one such edit from a word that
#: common.
SHORT_COMMON_PRIOR = 6.0
#: each Zipf point above 2 makes a word that much more likely to be meant (``ruble``)
SELF_SLOPE = 1.0
#: how much less a lower-case word's own web frequency counts against a correction when SCOWL
#: does not list it (:attr:`~cleaner.spelling.lexicon.Lexicon.spelled_lower`). On the bench,
#: 1.5 or a full discount (to ``UNSEEN_SELF``) also changed correct words of the clean news
#: (``dpa``, ``sallah``); 0.5 fixed 10 fewer Wikipedia-list misspellings than 1.0
UNLISTED_DISCOUNT = 1.0
#: a token wordfreq knows this well is only corrected by a cheap edit (``teh``, ``untill``)
COMMON_TYPO_ZIPF = 2.5
COMMON_TYPO_MAX_COST = 1.3
#: a neighbour that is not English (``Ústí nad Labem``, ``Lietuvos rytas``)
FOREIGN_PENALTY = 0.25
#: doc evidence for edits costlier than this needs a known target word
DOC_MAX_COST = 1.0
DOC_MAX_COST_KNOWN = 1.3
#: doc evidence only for tokens rarer than this in wordfreq (ALL-CAPS: the second value)
DOC_MAX_ZIPF = 1.0
DOC_MAX_ZIPF_UPPER = 2.0
#: a spelling the document uses as often as the token wins the tie when web text knows it at
#: least this well (``Zelensky`` 1.8, ``Peskov`` 1.9) and the token not at all; only as a
#: suggestion, as a surname's variant is as unseen (``Samons`` beside ``Sammons``)
DOC_TIE_ZIPF = 1.5
DOC_TIE_NOTE = (
    "; only suggested: the document uses both spellings as often, and names have variants the "
    "web knows less (Samons, Sammons)"
)
#: a fix from the lexicon needs an edit no costlier than this (else: suggestion)
FIX_MAX_COST = 2.6
CAPPED_CONFIDENCE = 0.75
#: a word this long whose differences from the fix all lie inside it (see
#: :func:`~cleaner.spelling.candidates.interior_slip`) may rest on an edit this much dearer
#: than :data:`FIX_MAX_COST` and :func:`affordable_cost` allow: ``traditition``,
#: ``oppositition`` and ``angsious`` have no other reading, while the out-of-lexicon words
#: that sit as far from an English one (``twitteru``, ``kaamera``) differ at an end
INTERIOR_MIN_LENGTH = 8
INTERIOR_ALLOWANCE = 1.0
#: a lower-case word that the web uses (it has a frequency) but no spelling dictionary lists is
#: a misspelling repeated by many writers, and such repeated misspellings are of common words:
#: its fix may rest on an edit this much dearer than :func:`affordable_cost` allows, when it is
#: this long. A six-letter word one letter short of its fix (``aginst``, ``missle``,
#: ``circut``) is then fixed, not suggested; a spelling the web has never seen (``voucer``)
#: gets no allowance. On the bench: Wikipedia list +10 fixed, none wrong; Birkbeck +1 fixed,
#: +2 wrong (``theifs`` -> theirs, ``pictur`` -> picture); clean news unchanged. 0.3 also
#: fixed ``serch`` as ``search`` where ``searched`` was meant; length 4 made ``lact`` ``last``
REPEATED_MISSPELLING_ALLOWANCE = 0.2
REPEATED_MISSPELLING_MIN_LENGTH = 5
#: added when a lowercase word of 5+ letters is a cheap edit (<= 2.0) from a candidate that
#: forms known bigrams with the words on both sides: context on both sides is evidence the
#: edit model and the margin cannot see. Far edits are left out: a learner's ``munny`` fits
#: ``funny`` between its neighbours as well as ``money`` would.
BOTH_SIDES_BONUS = 0.1
BOTH_SIDES_MAX_COST = 2.0
BOTH_SIDES_MIN_LENGTH = 5
#: the most a candidate with the token's letters, doubled differently, may cost
SKELETON_COST = 1.2
#: ...and the token's own web frequency does not count when the candidate is this much commoner
SKELETON_GAP = 1.5
#: the cost of a word that only sounds like the token (see :meth:`Speller._by_sound`): dearer
#: than a fix may rest on (:data:`FIX_MAX_COST`), so it is a suggestion, but for a long word
#: whose differences all lie inside it (:data:`INTERIOR_ALLOWANCE`: ``exterordenary``). On the
#: bench's Birkbeck list, 3.0 applies 16 such guesses (15 right); 2.6 applies more at 0.86
#: precision, 3.4 fewer
SOUND_COST = 3.0
#: the edit a fix may cost grows with the word's length (see :func:`affordable_cost`)
DENSITY_FLOOR = 1.0
DENSITY_SLOPE = 0.3
DENSITY_OFFSET = 2
SUPPORT_ALLOWANCE = 0.5

_GLUE_BEFORE = frozenset("_/\\@#&=%$.{")
_GLUE_AFTER = frozenset("_/\\@&=%}")
#: what a call's parentheses hold and prose's seldom do (``sizeof(G.buf)``, ``f(x=1)``)
_ARGUMENT_MARKS = frozenset("_=.*&[<>")
#: how far a call's closing parenthesis is looked for
_ARGUMENTS_REACH = 200


@dataclass(frozen=True, slots=True)
class Proposal:
    """A correction for ``word`` at ``start:end`` (not yet an :class:`~cleaner.edits.Edit`)."""

    start: int
    end: int
    word: str
    replacement: str
    confidence: float
    reason: str
    candidates: tuple[str, ...]
    #: the rule that reports it: a misspelled word, or two words joined by a lost space
    rule: str = "non-word-typo"


#: rule id of two common words joined by a lost space (``ofthe``, ``alot``)
JOINED_RULE = "joined-words"
#: each part of a joined token must be at least this common (Zipf; ``any``, ``lot``, ``fact``)
JOINED_PART_ZIPF = 5.0
#: ... and the pair at least this frequent in symspellpy's bigram list (``of the``: 1.8e11,
#: ``any other``: 2.6e9, ``in fact``: 9.6e8). Below it, joined pairs compete with typos too
#: often: on the dev lists ``storeis`` (5.7e8) is ``stories``, ``forma`` (3.4e8) ``from``
JOINED_MIN_BIGRAM = 900_000_000
#: ... or at least this frequent when no typo competes with the pair (no known word lies one
#: edit from the token), it opens with a function word or ends with one that is no particle
#: (:data:`_FUNCTION_WORDS`, :data:`_PARTICLES`) and no spelling dictionary lists the token:
#: ``everytime``, ``eventhough``, ``receivedfrom``. Two content words, or a word and a particle,
#: are often a compound of their own (``dataset``, ``wishlist``, ``signup``, ``builtin``)
JOINED_MIN_BIGRAM_ALONE = 100_000_000
JOINED_CONFIDENCE = 0.9
#: what a split is told when a word beside it makes a rarer-than-chance pair with it
JOINED_MISFIT_NOTE = (
    "; only suggested: split, it makes a rarer-than-chance pair with a neighbouring word "
    "(a loanword may look like two words: a tobe, geta)"
)
#: a capitalised sentence opener that splits into two words is only suggested: a sentence opens
#: with a name far more often than with a lost space, and names split too (``Hasan said`` is no
#: ``Has an said``, ``Aman``, ``Asif``, ``Isa`` and ``Goto`` are names)
JOINED_OPENER_CONFIDENCE = 0.6
#: rule id of a contraction written without its apostrophe (``dont``, ``theyre``)
CONTRACTION_RULE = "missing-apostrophe"
CONTRACTION_CONFIDENCE = 0.95
#: one-letter words a joined token may hold
_ONE_LETTER_WORDS = frozenset("ai")


def shape_of(word: str) -> str:
    """``lower``, ``title``, ``upper`` or ``mixed`` (``McKay``, ``iPhone``)."""
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper"
    if word[0].isupper() and word[1:].islower():
        return "title"
    return "mixed"


def with_shape(word: str, shape: str) -> str:
    """``word`` (lowercase) written in the case pattern ``shape``."""
    if shape == "upper":
        return word.upper()
    if shape == "title":
        return word[:1].upper() + word[1:]
    return word


def glued(text: str, start: int, end: int) -> bool:
    """True when the word is part of a code-like or numeric token (``45bn``, ``a_b``, ``x.com``,
    ``${bindir}``, ``ts=8:noet:``), follows an option's dash (``less -ppattern``), is cut by a
    hyphen at a line's end (``documenta-`` before ``tion``) or names a function called
    (``sizeof(x.y)``).

    >>> glued("vim:tw=78:noet:", 10, 14), glued("use -ppattern", 5, 13)
    (True, True)
    >>> glued("see documenta-\\ntion", 4, 13), glued("the well-known", 4, 8)
    (True, False)
    """
    if start > 0:
        before = text[start - 1]
        if before.isdigit() or before in _GLUE_BEFORE:
            return True
        if before == "(" and start > 1 and text[start - 2].isalnum():
            return True  # notation, not a remark: ``l(ist)``, ``f(oo)``
        if before == ":" and start > 1 and not text[start - 2].isspace():
            return True  # ``vim:tw=78:noet:``; prose has a blank after its colon
        if before == "-" and (start == 1 or text[start - 2].isspace()):
            return True  # ``-ppattern``, ``--verbose``: an option, not a word
    if end < len(text):
        after = text[end]
        if after.isdigit() or after in _GLUE_AFTER:
            return True
        if after in ".:" and end + 1 < len(text) and text[end + 1].isalnum():
            return True
        if after == "(":
            return _called(text, end)
        if after == "-" and text[end + 1 : end + 2] == "\n":
            return True  # the first part of a word hyphenated across lines
    return False


def elided(text: str, start: int, end: int) -> bool:
    """True when an apostrophe marks letters left out at the word's start or end (``'tis``,
    ``standin'``, ``thro'``): a spelling written on purpose, never a slip. An apostrophe that
    opens or closes a quotation on the same line is no elision.

    >>> elided("'tis so", 1, 4), elided("just standin' there", 5, 12)
    (True, True)
    >>> elided("the farmer's", 4, 10), elided("said 'recieve it' twice", 6, 13)
    (False, False)
    >>> elided("the grils' school", 4, 9)
    False
    """
    if start > 0 and text[start - 1] in "'’" and (start == 1 or not text[start - 2].isalnum()):
        closing = _CLOSING_QUOTE.search(text, end, line_bounds(text, end)[1])
        return closing is None
    if (
        end < len(text)
        and text[end] in "'’"
        and not text[end + 1 : end + 2].isalnum()
        and text[end - 1] not in "sS"  # ``the Grils' school``: a plural's possessive
    ):
        return _OPENING_QUOTE.search(text, line_bounds(text, start)[0], start) is None
    return False


#: a single quote that closes a quotation (no letter follows it) and one that opens it (no
#: letter before it)
_CLOSING_QUOTE = re.compile(r"(?<=\w)['’](?!\w)")
_OPENING_QUOTE = re.compile(r"(?<!\w)['‘](?=\w)")


def _called(text: str, end: int) -> bool:
    """True when the ``(`` at ``end`` opens a function call's arguments: empty, or holding a
    mark of code (``sizeof()``, ``sswap(total=2)``), not a remark (``Moscow(Reuters)``).

    >>> _called("sizeof(G.buf)", 6), _called("f()", 1), _called("Moscow(Reuters) said", 6)
    (True, True, False)
    """
    close = text.find(")", end + 1, end + 1 + _ARGUMENTS_REACH)
    if close < 0:
        return False
    return close == end + 1 or any(c in _ARGUMENT_MARKS for c in text[end + 1 : close])


def abbreviation(text: str, end: int) -> bool:
    """True when the word ends in a full stop that does not end a sentence (``pozn. p``)."""
    return (
        end + 2 < len(text)
        and text[end] == "."
        and text[end + 1] == " "
        and (text[end + 2].islower() or text[end + 2].isdigit())
    )


#: quotation marks; the backtick opens a quote in GNU and TeX style (```asan'``); asterisks
#: mark a word as emphasised or named in Markdown and reStructuredText (``*alist*``)
_QUOTES = "\"'“”‘’«»`*"


def _quoted(text: str, start: int, end: int) -> bool:
    return quoted_alone(text, start, end, _QUOTES)


class DocView:
    """What the spelling decisions need to know about one document, computed cheaply.

    Plain ASCII letter runs of the lowercased text are counted with one C-level ``findall``; set
    arithmetic against the lexicon leaves the few unknown words, and only those are located and
    looked at closely. Nothing here walks every token in Python.
    """

    def __init__(self, text: str, doc: DocContext, unknown: set[str]) -> None:
        self.text = text
        self.doc = doc
        self.lowered = lowered(text)
        #: shared with the other stages' rules (read-only)
        self.lower_counts: Counter[str] = doc.ascii_words
        #: the words of ``lower_counts`` the lexicon does not know that are worth a look
        #: (:meth:`Speller.propose`; on a focused rerun, only those it looks at again)
        self.unknown = unknown
        #: with a focus (:attr:`DocContext.focus`), the words :meth:`occurrences` finds in the
        #: whole text; it finds the others in the focus windows only
        self.everywhere: set[str] = set()
        #: :func:`_capital_inside_sentence`'s answers for this document
        self.capitals_inside: dict[str, bool] = {}
        self._own_spelling: bool | None = None

    def own_spelling(self, lexicon: Lexicon) -> bool:
        """:func:`spells_its_own_way` of the text, worked out once."""
        if self._own_spelling is None:
            self._own_spelling = spells_its_own_way(self.text, lexicon)
        return self._own_spelling

    @cached_property
    def _folded(self) -> bytes:
        return folded_letters(self.text)

    @cached_property
    def _cased(self) -> bytes:
        return cased_letters(self.text)

    def uses_form(self, form: str) -> bool:
        """Whether the text writes ``form`` (ASCII letters) exactly so as a whole word
        (``Moscow`` but not ``moscow`` in ``Moscow's MOSCOW``). One search per question: listing
        every form of a common word scanned all its occurrences (1,203 such lists took ~30 ms
        on a 1 MB document)."""
        return uses_form(self._cased, form)

    def first_form(self, lower: str) -> str | None:
        """How the text first writes ``lower`` as a whole word, ``None`` if it does not."""
        return first_form(self.text, self._folded, lower)

    @cached_property
    def _run_starts(self) -> dict[str, list[int]]:
        """Where the words the lexicon does not know start (long texts: see
        :data:`~cleaner.context.LONG_TEXT`; with a focus, only the words of
        :attr:`everywhere`); every word :meth:`occurrences` asks it about is one of them,
        plain lower-case ASCII letters."""
        words = self.unknown if self.doc.focus is None else self.everywhere
        return run_starts(self.lowered, words)

    @cached_property
    def _focus_starts(self) -> dict[str, list[int]]:
        """Where the words looked for in the focus windows only (the unknown ones not in
        :attr:`everywhere`) start there, in one pass per window."""
        focus = self.doc.focus or []
        return run_starts_in(self.lowered, self.unknown - self.everywhere, focus)

    @cached_property
    def _sorted_words(self) -> list[str]:
        return sorted(self.lower_counts)

    def variety(self, lexicon: Lexicon) -> int:
        """> 0 if the document's words lean British (``colour``, ``organised``), < 0 if
        American, 0 when they do not say."""
        british, american = lexicon.varieties
        words = self.lower_counts.keys()
        return len(british.keys() & words) - len(american.keys() & words)

    @cached_property
    def _by_ends(self) -> dict[str, list[str]]:
        """The document's words by their first and last letter (``mw``: ``moscow``), each
        list in :attr:`_sorted_words` order."""
        return by_ends(self._sorted_words)

    def near(self, lower: str) -> list[str]:
        """Words of this document one edit from ``lower`` that keep its first and last letter.

        The document's words are sorted once (in C); the ones starting with the same letter are
        a slice of that list found by bisection, and only those are looked at in Python. A
        document of many words (a long one) groups them by first and last letter once instead:
        a slice by first letter alone grows with the document, and so would the time per word.
        """
        first, last, size = lower[0], lower[-1], len(lower)
        if len(self.lower_counts) >= NEAR_INDEX_MIN_WORDS and self.doc.focus is None:
            return [
                other
                for other in self._by_ends.get(first + last, ())
                if abs(len(other) - size) <= 1 and within_one(lower, other)
            ]
        words = self._sorted_words
        return [
            other
            for other in words[bisect_left(words, first) : bisect_left(words, chr(ord(first) + 1))]
            if other[-1] == last and abs(len(other) - size) <= 1 and within_one(lower, other)
        ]

    def _spans(self, lower: str) -> list[tuple[int, int]]:
        """Where ``lower`` may occur, in any case: every place :meth:`occurrences` and
        :meth:`compound_parts` look at (in the focus windows only, on a focused rerun)."""
        text, lowered = self.text, self.lowered
        focus = self.doc.focus
        if len(lowered) != len(text):  # lowercasing changed lengths (rare non-ASCII letters)
            pattern = regex.compile(_OCCURRENCE, regex.IGNORECASE, forms=[lower])
            return [m.span() for m in pattern.finditer(text)]
        if focus is not None and lower not in self.everywhere:  # (see DocContext.focus)
            return [(start, start + len(lower)) for start in self._focus_starts.get(lower, ())]
        if len(text) >= LONG_TEXT and (focus is None or len(self.everywhere) > FEW_WORDS):
            return [(start, start + len(lower)) for start in self._run_starts.get(lower, ())]
        return [(start, start + len(lower)) for start in find_all(lowered, lower)]

    def occurrences(self, lower: str) -> Iterator[tuple[int, int, str]]:
        """Where ``lower`` occurs as a whole plain word (not in hyphenated words or possessives)."""
        text = self.text
        for start, end in self._spans(lower):
            if start > 0 and _word_char(text[start - 1]):
                continue
            if end < len(text) and _word_char(text[end]):
                continue
            if start > 1 and text[start - 1] in _JOINERS and text[start - 2].isalpha():
                continue
            if end + 1 < len(text) and text[end] in _JOINERS and text[end + 1].isalpha():
                continue
            yield start, end, text[start:end]

    def compound_parts(self, lower: str) -> Iterator[tuple[int, int, str]]:
        """Where ``lower`` occurs in lower case as a part of a hyphenated word whose other
        parts are lower-case words or numbers (``medium-lenght``, ``16th-centruy``), not of a
        name (``al-Assad``, ``pro-Kremlin``) nor a possessive or contraction."""
        text = self.text
        if len(lower) < COMPOUND_MIN_LENGTH:
            return
        for start, end in self._spans(lower):
            if text[start:end] != lower:
                continue  # (lower case only)
            if (start > 0 and _word_char(text[start - 1])) or (
                end < len(text) and _word_char(text[end])
            ):
                continue
            # the run of ASCII letters, digits and hyphens around it; _PLAIN_COMPOUND below
            # rejects one that opens or closes with a hyphen (--lenght--, lenght- at the end)
            first, last = start, end
            while first > 0 and _in_compound(text[first - 1]):
                first -= 1
            while last < len(text) and _in_compound(text[last]):
                last += 1
            if (first, last) == (start, end):
                continue  # a word of its own (see :meth:`occurrences`)
            if lower.endswith("o") and text[end : end + 1] in _HYPHENS:
                continue  # a combining form (dramatico-musical, politico-military)
            if not _compound_bounds(text, first, last):
                continue  # (more than letters and hyphens: self-made's, jk/tighten-alloc)
            if not _PLAIN_COMPOUND.fullmatch(text, first, last):
                continue
            yield start, end, text[start:end]

    def neighbours(self, start: int, end: int) -> tuple[str, str]:
        """:func:`neighbours` of ``start:end`` in the document."""
        return neighbours(self.text, start, end)


def by_ends(words: Iterable[str]) -> dict[str, list[str]]:
    """``words`` grouped by their first and last letter, in the order given (the relation
    :meth:`DocView.near` keeps: ``Ivanov`` and ``Ivanova`` are different names).

    >>> by_ends(["moscow", "mw", "msocow"])
    {'mw': ['moscow', 'mw', 'msocow']}
    """
    grouped: dict[str, list[str]] = {}
    for word in words:
        grouped.setdefault(word[0] + word[-1], []).append(word)
    return grouped


def neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The words just before and after ``text[start:end]`` in its clause (``""`` where a line,
    a sentence or a clause ends: a word across a full stop or colon is no context, for the
    bigram evidence nor for taking the word as part of a name).

    >>> neighbours("the U.S. government’s disatrous response", 22, 31)
    ('government’s', 'response')
    >>> neighbours("(Corrispondant: Wang Jinyue)", 1, 14)
    ('', '')
    """
    window = text[max(0, start - 40) : start]
    cut = max(window.rfind(mark) for mark in _CLAUSE_ENDS)
    before_words = WORD_RE.findall(window[cut + 1 :])
    m = _NEXT_WORD_RE.match(text, end)
    return (before_words[-1] if before_words else ""), (m.group(1) if m else "")


def _compound_bounds(text: str, first: int, last: int) -> bool:
    """True when the hyphenated word ``text[first:last]`` stands on its own: a blank, an
    opening mark or the text's ends before it, and a blank, a mark or the end after it, never
    an apostrophe, a slash or the like (``self-made's``, ``jk/tighten-alloc``, ``--no-edit``)."""
    if first > 0 and not (text[first - 1].isspace() or text[first - 1] in _COMPOUND_OPENERS):
        return False
    if last < len(text):
        after = text[last]
        if not (after.isspace() or after in _COMPOUND_ENDS):
            return False
        if after in ".'’" and text[last + 1 : last + 2].isalnum():
            return False  # (a file or host name, ui-tweaks.js; a possessive, self-made's)
    return True


def _in_compound(ch: str) -> bool:
    """True when ``ch`` may stand in a plain hyphenated word: an ASCII letter or digit, or a
    hyphen (see :data:`_PLAIN_COMPOUND`)."""
    return (ch.isascii() and ch.isalnum()) or ch in _HYPHENS


def _inflected_name(lower: str, used: Counter[str], counts: Mapping[str, int]) -> bool:
    """True when ``lower`` is a plural in -s of a word the document uses that no word list
    holds, a name (``saylors`` beside ``Saylor``): the family, not a slip of ``sailors``.

    >>> _inflected_name("saylors", Counter({"saylor": 1}), {"sailors": 1})
    True
    >>> cats = Counter({"cat": 2})
    >>> _inflected_name("saylors", Counter(), {}), _inflected_name("cats", cats, {"cat": 9})
    (False, False)
    """
    if not lower.endswith("s") or len(lower) < 4:
        return False
    stem = lower[:-1]
    return used[stem] > 0 and stem not in counts


def _capital_inside_sentence(view: DocView, word: str) -> bool:
    """True when the document writes ``word`` (capitalised) somewhere inside a sentence, as a
    name is written: ``The Saylor family`` (not ``Goverment said no.``, which opens one).
    Asked once per word and document (a long text repeats its names)."""
    known = view.capitals_inside.get(word)
    if known is None:
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])")
        known = any(not view.doc.is_sentence_start(m.start()) for m in pattern.finditer(view.text))
        view.capitals_inside[word] = known
    return known


#: a genus written out: a capitalised word of 5+ letters in -us or -um (``Haemophilus``,
#: ``Ursus``, ``Plasmodium``); -a would take in names and places (``Odesa``, ``Kowalska``)
_GENUS_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][a-z]{2,}(?:us|um)[ \t\u00a0]+\Z")
#: the endings of a species' epithet that an English word's slip does not have (-us and -um
#: would take in ``dangerus``, ``stadum``)
_EPITHET_ENDINGS = ("ae", "ii", "os", "orum", "arum")
#: what a fix of such an epithet is told
EPITHET_NOTE = (
    "; only suggested: a word in a Latin ending after a genus is a species' epithet "
    "(Haemophilus influenzae)"
)


def _latin_epithet(text: str, start: int, lower: str, counts: Mapping[str, int]) -> bool:
    """True when the unknown lower-case word at ``start`` ends as a Latin epithet and follows a
    capitalised word in a Latin ending that no word list holds, a genus (``Haemophilus
    influenzae``, ``Ursus arctos``): a species' name, never a slip of ``influenza``.

    >>> t = "with Haemophilus influenzae type b"
    >>> _latin_epithet(t, t.index("influenzae"), "influenzae", {})
    True
    >>> t = "the Campus influenzae"
    >>> _latin_epithet(t, t.index("influenzae"), "influenzae", {"campus": 1})
    False
    """
    if not lower.endswith(_EPITHET_ENDINGS):
        return False
    m = _GENUS_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and m.group().split()[0].lower() not in counts


def connective(word: str) -> bool:
    """True when ``word`` (lower case) can open a sentence set off by a comma as a connective
    or an adverb of time: an adverb in -ly, or one of :data:`_CONNECTIVES`.

    >>> connective("additionally"), connective("however"), connective("holiday")
    (True, True, False)
    """
    return word.endswith("ly") or word in _CONNECTIVES


def lone_capital(text: str, start: int, end: int) -> bool:
    """True when the capitalised word ``text[start:end]`` stands alone in mid-sentence: no
    capitalised word, number or determiner stands right beside it, nor beyond the small words
    that join a name's parts (``of``, ``and``, ``on``...), up to a comma or other mark. A common
    noun is capitalised mid-sentence in a name or a title (``Naval Acadamy``, ``the Comittee``,
    ``Year of Remmberance and Glory``, ``Artcile 5``); alone, a capital marks a name.

    Alone (the name ``Holaday``, ``Foor``; after ``But`` opening a sentence, after ``said that``,
    after a closing quotation, with a long run of blanks beside it):

    >>> texts = ["the talks, Holaday said", "On Monday, Foor said", "But Holaday said",
    ...          "said that Holaday had", "‘We won in November,’ Holaday said",
    ...          "Holaday" + " " * 45 + "said"]
    >>> [lone_capital(t, t.index(w), t.index(w) + len(w))
    ...  for t, w in zip(texts, ["Holaday", "Foor", "Holaday", "Holaday", "Holaday", "Holaday"])]
    [True, True, True, True, True, True]

    Not alone (inside a name or title, after a determiner, before a number, among names, in
    a quotation after a possessive):

    >>> texts = ["the Naval Acadamy said", "the Comittee said", "under Artcile 5 of",
    ...          "the Year of Remmberance", "to Algeria, Morroco and Libya",
    ...          "Directer of the China", 'form of "Japan’s Stregth" that']
    >>> words = ["Acadamy", "Comittee", "Artcile", "Remmberance", "Morroco", "Directer", "Stregth"]
    >>> [lone_capital(t, t.index(w), t.index(w) + len(w)) for t, w in zip(texts, words)]
    [False, False, False, False, False, False, False]
    """
    if text[end : end + 1].isspace():
        following = text[end : end + _NAME_REACH].split()
        if following and end + _NAME_REACH < len(text):
            following.pop()  # (it may be cut)
        joined = False
        for token in following:
            if joined and token.rstrip(_CLOSING_MARKS).lower() in MONTHS_AND_DAYS:
                break  # a date is no part of a name: Holaday on Monday, Loewer in May
            if token[0].isupper() or token[0].isdigit():
                return False
            if token not in _NAME_JOINERS:
                break
            joined = True
    if start > 0 and text[start - 1].isspace():
        preceding = text[max(0, start - _NAME_REACH) : start].split()
        if preceding and start > _NAME_REACH:
            preceding.pop(0)  # (it may be cut)
        for token in reversed(preceding):
            bare = token.lstrip(_OPENING_MARKS)
            # (a mark ends a stretch, On Monday, Loewer; an apostrophe after an s is a plural's
            # possessive, Boys' and Grils', but after a comma it closes a quotation)
            if not bare or not (bare[-1].isalpha() or bare[-2:] in _PLURAL_POSSESSIVES):
                break
            if bare[0].isupper() and bare.lower() not in _FUNCTION_WORDS:
                return False  # (a function word is capitalised only to open a sentence: But)
            if bare.lower() in _DETERMINERS:
                return False
            if bare is not token or bare.lower() not in _NAME_JOINERS:
                break  # (a quotation mark or bracket opens one)
    return True


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


#: a document with at least this many distinct words finds a word's neighbours in a table of
#: its words by first and last letter (:meth:`DocView.near`); below it, building the table
#: costs more than it saves. A focused rerun (:attr:`DocContext.focus`) asks about few words
#: and never builds it
NEAR_INDEX_MIN_WORDS = 3_000
#: a focused rerun finds up to this many words anywhere in a long text with one ``str.find``
#: scan each; more, and one :func:`~cleaner.context.run_starts` pass is cheaper
FEW_WORDS = 30
_OCCURRENCE = r"\L<forms>"
#: what joins the parts of a word: hyphens (ASCII, U+2010, the no-break U+2011), apostrophes
_JOINERS = "-\u2010\u2011'’"
#: the shortest part of a hyphenated word looked at: shorter ones are as often abbreviations
#: or names of programs and packages (util-linux, alsa-ucm-conf)
COMPOUND_MIN_LENGTH = 5
#: the parts of a hyphenated word in plain lower case or digits (``16th-century``,
#: ``medium-length``, ``year-on-year``), the only compounds whose parts are looked at
_PLAIN_COMPOUND = re.compile(r"[a-z0-9]+(?:[-\u2010\u2011][a-z0-9]+)+")
#: the hyphens that join a hyphenated word's parts
_HYPHENS = "-\u2010\u2011"
#: what may follow a hyphenated word in prose
_COMPOUND_ENDS = ".,;:!?)]\"”'’…–—"
#: the agent suffixes (see :func:`~cleaner.spelling.candidates.stems`)
_AGENT_KINDS = frozenset({"-er", "-ers", "-or", "-ors"})
#: closed-class words (pronouns, articles, determiners, conjunctions, question words): as a
#: sentence's first word they are capitalised for the sentence, never as a name's first part
_NO_NAME_OPENERS = frozenset(
    "i you he she it we they everybody everyone everything nobody nothing somebody someone "  # noqa: SIM905
    "something anybody anyone anything the a an this that these those there here what when "
    "where which who whom whose why how if but and or so yet because although though while "
    "my your his her its our their some many most all each every no both".split()
)
#: function words: the closed classes (pronouns, articles, determiners, conjunctions,
#: prepositions and particles, auxiliaries) and the commonest adverbs of degree and focus
_FUNCTION_WORDS = _NO_NAME_OPENERS | frozenset(
    "about above across after against along among around as at before behind below beside "  # noqa: SIM905
    "between beyond by down during for from in inside into like near of off on onto out "
    "outside over past since than through throughout till to toward towards under until up "
    "upon with within without is am are was were be been being have has had do does did "
    "will would shall should can could may might must not even ever never only just too "
    "also very more less much such other another same".split()
)
#: ... of which these are verbs, never a sentence's subject
_AUXILIARIES = frozenset(
    "is am are was were be been being have has had do does did will would shall should can "  # noqa: SIM905
    "could may might must".split()
)
#: ... of which these, after a verb or noun, make compound nouns (``signup``, ``builtin``)
_PARTICLES = frozenset(["up", "down", "out", "off", "over", "in", "on", "by", "around"])
_HEAD_OF_NAME = re.compile(r" of (?:the )?[A-Z]")
#: the words that make a common noun a particular one (``the Committee``, ``its Chairman``)
_DETERMINERS = frozenset(
    "the a an this these those my your his its our their "  # noqa: SIM905
    "each every any no".split()
)
#: the small words that join the capitalised parts of a name or a title (``Year of Remembrance
#: and Glory``, ``Treaty on Violence against Women``), and how far around a word they are read
_NAME_JOINERS = frozenset(
    "of the and for on in at to against "  # noqa: SIM905
    "de du la von van der &".split()
)
#: how far around a word its name's other parts, a title or a given name are looked for
_NAME_REACH = 40
_CLOSING_MARKS = "\"'”’)].,;:!?"
_OPENING_MARKS = "\"'“‘(["
#: what may come before a hyphenated word besides a blank: an opening mark or an invisible space
_COMPOUND_OPENERS = _OPENING_MARKS + "\u200b\u2060"
_PLURAL_POSSESSIVES = ("s'", "s’")
#: a sentence opener is in a subject's slot when the word after it pairs firmly with this one
SUBJECT_PRONOUN = "he"
#: ... or when it is a word in -ed at least this long and common (``tweeted`` 4.1; ``need`` is
#: too short)
PAST_MIN_LENGTH = 5
PAST_MIN_ZIPF = 3.0
#: ... and a fix is a subject itself when it pairs firmly with this verb (news's commonest) ...
SUBJECT_VERB = "said"
#: ... or is a plural when that word follows this one firmly
PLURAL_PRONOUN = "they"
#: what a fix there is told
SUBJECT_SLOT_NOTE = (
    "; only suggested: the sentence opens with a subject (the next word follows 'he'), and a "
    "name fills that slot as well as the fix, which makes no firm pair with the next word"
)
#: the connectives and adverbs of time that open a sentence set off by a comma (those in -ly
#: aside: ``Additionally``, ``Similarly``), see :func:`connective`
_CONNECTIVES = frozenset(
    "however nevertheless nonetheless meanwhile moreover furthermore therefore thus hence "  # noqa: SIM905
    "instead otherwise indeed besides still yet also again then now today tomorrow yesterday "
    "tonight later earlier afterwards overall first second third next finally well yes no so "
    "anyway likewise regardless altogether accordingly consequently".split()
)
#: a comma, an apposition (an age, or ``a``/``an`` and a few words) and a second comma before
#: the next word: ``Holaday, 45, said``, ``Holaday, a teacher, told``; with ``the`` a phrase
#: as often opens the sentence after a connective (``Additionally, the company, based in
#: Ohio, said``)
_APPOSITION = re.compile(r",[ \t]+(?:\d{1,3}|an?[ \t][^,.;:!?\n]{1,40}?),[ \t]+([A-Za-z]+)")
#: what a fix of such an opener is told when it is no connective
CONNECTIVE_NOTE = (
    "; only suggested: a word set off by a comma at the start of a sentence is a connective "
    "(However, Additionally) or a name before its apposition (Holaday, a teacher, said)"
)
#: what a fix of a part of a hyphenated word is told
COMPOUND_NOTE = (
    "; only suggested: the word is part of a hyphenated word, which is left as written "
    "(a prefix or a coinage may look like a slip)"
)
#: what a fix of a lone capital is told
LONE_CAPITAL_NOTE = (
    "; only suggested: a capital alone in mid-sentence marks a name, and the fix is a word "
    "written in lower case"
)
#: ... or when a given name stands before it
GIVEN_NAME_NOTE = (
    "; only suggested: a capital after a given name (John, Karen, Recep) is a surname, "
    "whatever word it is one letter from"
)
#: a word (capitalised, as the code checks: ``José``, ``Jörg``), then initials if any (``John
#: F.``), then one blank before the word
_GIVEN_NAME_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_]+)(?:[ \u00a0][A-Z]\.)*[ \u00a0]\Z")
#: ... or when what follows it marks a surname
NAME_AFTER_NOTE = (
    "; only suggested: what follows marks a surname (et al., an initial, v, family), whatever "
    "word it is one letter from"
)
#: after a surname in a citation: ``et al.``, or its initials and the next author's name and
#: initials (``Loewer J, Holaday K.``)
_CITED_AFTER = re.compile(
    r"[ \t\u00a0]+(?:et[ \t]+al\b|[A-Z]{1,2}\.?,[ \t]+[A-Z][a-z]+[ \t]+[A-Z]{1,2}\b)"
)
#: ... or after the author before it and that author's initials
_CITED_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][a-z]+[ \t]+[A-Z]{1,2}\.?,[ \t]+\Z")
#: the parties to a case (``Holaday v Loewer``)
_CASE_AFTER = re.compile(r"[ \t\u00a0]+vs?\.?[ \t]+[A-Z]")
#: a family's name (``the Shipps family``)
_FAMILY_AFTER = re.compile(r"[ \t\u00a0]+(famil(?:y|ies))\b")
#: ... or when it stands where a name stands: before the head of a place's name, after a
#: speech verb, after a capitalised owner
NAME_SLOT_NOTE = (
    "; only suggested: the capital stands where a name does (before Park, County, Street..., "
    "after said or told, after a team's or country's 's), whatever word it is one letter from"
)
#: the capitalised head of a place's or institution's name after the word (``Holaday Park``)
_HEAD_AFTER = re.compile(r"[ \t\u00a0]+([A-Z][a-z]+)\b")
#: a speech verb before the word: the speaker follows it (``said Holaday of Ohio``)
_SPEAKER_BEFORE = re.compile(
    r"(?<![\w'’-])(?:said|says|added|asked|wrote|told|according[ \t]+to)[ \t\u00a0]+\Z"
)
#: a capitalised owner before the word (``Arsenal's Holaday``)
_OWNER_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z]+['’]s[ \t\u00a0]+\Z")
#: a capitalised word next: the word opens a name or a title (``China's Foriegn Ministry``)
_CAPITAL_AFTER = re.compile(r"[ \t\u00a0]+[A-Z]")
#: ... or when it is joined to a probable name by ``and``
COORDINATED_NOTE = (
    "; only suggested: the capital is joined by 'and' to a word no list holds, a probable "
    "name, and the fix is a word written in lower case"
)
#: a capitalised word joined by ``and``, ``or`` or ``&`` after or before a word
_COORDINATED_AFTER = re.compile(r"[ \t\u00a0]+(?:and|or|&)[ \t\u00a0]+([A-Z][a-z]{2,})\b")
_COORDINATED_BEFORE = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,})[ \t\u00a0]+(?:and|or|&)[ \t\u00a0]+\Z"
)
#: a capitalised word and one blank right before a word
_CAPITAL_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z]*[ \t\u00a0]\Z")
#: a company's legal form after its name (``Braught Ltd``, ``Loewer Inc.``)
_COMPANY_AFTER = re.compile(
    r"[ \t\u00a0]+(?:Ltd|Inc|Incorporated|Corp|Corporation|LLC|LLP|PLC|plc|GmbH)\b"
)
#: what a fix of a company's first word is told
COMPANY_NOTE = (
    "; only suggested: the first word of a company's name before its legal form (Ltd, Inc) is "
    "a name, and the fix is a word written in lower case"
)
#: what a fix of a capital after a title is told
TITLE_NOTE = (
    "; only suggested: a capital after a title (Mr, President, Dr.) is a personal name, "
    "whatever word it is one letter from"
)
#: marks that end the stretch a neighbouring word is looked for in
_CLAUSE_ENDS = "\n.!?;:"
_NEXT_WORD_RE = regex.compile(
    rf"[^\p{{L}}{regex.escape(_CLAUSE_ENDS)}]{{0,6}}"
    r"(\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*)"
)


class Speller:
    """The decision procedure, with per-process memory of context-free work."""

    def __init__(self, lexicon: Lexicon, protect_lower: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.protect_lower = protect_lower
        self._memo: dict[str, list[tuple[str, float, float]] | None] = {}
        #: probable names with nothing one edit away (see ``_candidates(far=False)``)
        self._near_memo: dict[str, list[tuple[str, float, float]] | None] = {}
        #: words regular morphology allows (``Minning``: a name in title case, never a slip)
        self._regular: set[str] = set()
        self._last: tuple[str, DocContext, list[Proposal]] | None = None

    # -- the per-document pass ------------------------------------------------------------

    def proposals(self, text: str, doc: DocContext) -> list[Proposal]:
        """:meth:`propose` for ``text``, remembered for the next call with the same text (the
        spelling stage's two rules each ask for their share)."""
        last = self._last
        if last is not None and last[0] is text and last[1] is doc:
            return last[2]
        found = list(self.propose(text, doc))
        self._last = (text, doc, found)
        return found

    def propose(self, text: str, doc: DocContext) -> Iterator[Proposal]:
        """Every correction or suggestion for ``text``."""
        lower_counts = doc.ascii_words
        # set.difference(dict) walks the small side only (dict views would walk the lexicon)
        unknown = set(lower_counts).difference(self.lexicon.counts)
        if not unknown:
            return
        zipf = self.lexicon.zipf
        contractions = self.lexicon.contractions
        british_listed = self.lexicon.british_listed
        protect_lower = self.protect_lower
        # the unknown words worth a look; only these are ever located in the text (most unknown
        # words of a long text are names, used again and again)
        asked = {
            lower
            for lower in unknown
            if (lower in contractions and lower not in protect_lower)
            or not (
                len(lower) < MIN_LENGTH  # too short to tell a slip from a word
                or len(lower) > MAX_LENGTH
                or lower_counts[lower] > 1  # used more than once: the writer means it
                or zipf.get(lower, 0.0) >= KNOWN_ZIPF
                or lower in protect_lower
                or lower in british_listed  # a rare word in correct British spelling (economises)
            )
        }
        if not asked:
            return
        view = DocView(text, doc, asked)
        if doc.focus is not None:
            # looked at again: the words in the focus windows, and anywhere in the text the
            # words whose document evidence the changes touched (DocContext.changed_words):
            # a changed word itself, and the words it is :meth:`DocView.near` to (a relation
            # both ways), found among the asked words by their first and last letters
            view.everywhere = asked.intersection(doc.changed_words)
            asked_by_ends = by_ends(asked)
            for changed in doc.changed_words:
                for word in asked_by_ends.get(changed[0] + changed[-1], ()):
                    if within_one(changed, word):
                        view.everywhere.add(word)
            # and the words a changed word is a candidate for, which the document's use of it
            # favours (``determinde`` once ``determiend`` became ``determined``): as found for
            # them before, so the rerun reaches what a second run would (one pass, idempotent)
            for word in asked:
                found = self._memo.get(word) or self._near_memo.get(word)
                if found and any(candidate in doc.changed_words for candidate, _, _ in found):
                    view.everywhere.add(word)
            asked = view.everywhere | asked.intersection(ascii_words_in(text, doc.focus))
            view.unknown = asked
        for lower in sorted(asked):
            if lower in contractions and lower not in protect_lower:
                for fixed in self._contraction(view, contractions[lower]):
                    yield self._in_register(fixed, view, contraction=True)
                continue
            alone = False
            for start, end, word in view.occurrences(lower):
                alone = True
                proposal = self._decide(view, start, end, word)
                if proposal is not None:
                    yield self._in_register(proposal, view)
            if alone or doc.technical:
                # (an asked word occurs once: not also inside a hyphenated word; in writing
                # about code a hyphenated word is as often a name: check-attr, new-workdir)
                continue
            for start, end, word in view.compound_parts(lower):
                proposal = self._decide(view, start, end, word)
                if proposal is not None:
                    yield _suggested(proposal, COMPOUND_NOTE)

    def _decide(self, view: DocView, start: int, end: int, word: str) -> Proposal | None:
        text = view.text
        lower = word.lower()
        shape = shape_of(word)
        if shape == "mixed" or (shape == "upper" and len(word) < MIN_UPPER_LENGTH):
            return None
        if glued(text, start, end) or elided(text, start, end) or abbreviation(text, end):
            return None
        if _quoted(text, start, end):
            return None  # a word quoted on its own is mentioned, not used
        found = self._from_document(word, lower, shape, view)
        if found is not None:
            replacement, reason, tie = found
            confidence = CAPPED_CONFIDENCE if tie else DOC_CONFIDENCE
            return Proposal(start, end, word, replacement, confidence, reason, (replacement,))
        sentence_start = shape == "title" and view.doc.is_sentence_start(start)
        mid_title = shape == "title" and not sentence_start
        if mid_title and self.lexicon.zipf.get(lower, 0.0) >= NAME_MAX_ZIPF:
            return None  # probably a name: only the document's own spelling may correct it
        if shape == "title" and lower in self.lexicon.names:
            return None  # a name a dictionary lists, wherever it stands (Gatting, Canarians)
        if not word.isascii() or not word.isalpha():
            return None
        if (
            shape == "title"
            and _inflected_name(lower, view.lower_counts, self.lexicon.counts)
            and _capital_inside_sentence(view, word[:-1])
        ):
            return None  # a name the document uses, with -s (The Saylor family; the Saylors)
        # "Ministery of Emergency Situations": the head noun of an institution's name
        head = mid_title and _HEAD_OF_NAME.match(text, end) is not None
        if mid_title and not self._candidates(lower, self.lexicon.zipf.get(lower, 0.0), far=head):
            return None  # a probable name with no spelling near it (memoised): context is moot
        before, after = view.neighbours(start, end)
        if shape == "upper" and not self._shouting(text, start, end, before, after):
            return None  # an acronym, unless in a caps headline or a dateline
        if shape == "lower" and self._inside_name(view, start, end, before, after):
            return None  # inside a place name: Kirchheim unter Teck, Ústí nad Labem
        if shape == "lower" or sentence_start:
            joined = self._joined(lower)
            if joined is not None:
                first, second, pairs = joined
                if sentence_start:
                    first = first.capitalize()
                replacement = f"{first} {second}"
                reason = (
                    f"two common words joined by a lost space: '{first.lower()} {second}' is a "
                    f"frequent pair in English ({pairs:,} times in symspellpy's bigram list)"
                )
                confidence = JOINED_CONFIDENCE
                if -1 in (
                    self._fit(before.lower(), first.lower()),
                    self._fit(second, after.lower()),
                ):
                    # the split must read where it stands: 'wore a tobe, a' is no 'a to be',
                    # 'geta with' no 'get a with' (a garment, a sandal)
                    confidence = min(confidence, CAPPED_CONFIDENCE)
                    reason += JOINED_MISFIT_NOTE
                if sentence_start:
                    confidence = JOINED_OPENER_CONFIDENCE
                    reason += (
                        "; only suggested: a sentence may open with a name that splits too (Hasan)"
                    )
                return Proposal(
                    start,
                    end,
                    word,
                    replacement,
                    confidence,
                    reason,
                    (replacement,) if sentence_start else (),
                    JOINED_RULE,
                )
        # a capitalised sentence opener followed by another capital opens a name (Jimei University)
        in_name = mid_title or (sentence_start and after[:1].isupper())
        decided = self._from_lexicon(
            lower, shape, view, before.lower(), after.lower(), strict=in_name, head=head
        )
        if decided is None:
            return None
        replacement, confidence, reason, candidates = decided
        if mid_title:
            confidence -= NAME_PENALTY
            if replacement.lower() not in self.lexicon.capitalised_only and lone_capital(
                text, start, end
            ):
                # a capital alone in mid-sentence marks a name (The talks, Holaday said; On
                # Monday, Loewer said); a common word there is capitalised in no name or title
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += LONE_CAPITAL_NOTE
        if shape == "lower" and _latin_epithet(text, start, lower, self.lexicon.counts):
            # a species' epithet after its genus (Haemophilus influenzae, Ursus arctos)
            confidence = min(confidence, CAPPED_CONFIDENCE)
            reason += EPITHET_NOTE
        if shape == "title" and replacement.lower() not in self.lexicon.capitalised_only:
            if self._name_after(text, start, end, replacement.lower()):
                # a citation (Loewer et al., Loewer J, Holaday K.), a case (Holaday v Loewer),
                # a family (the Shipps family)
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += NAME_AFTER_NOTE
            elif self._name_slot(text, start, end, replacement.lower(), after, sentence_start):
                # a place named after someone (Holaday Park, Loewer County), a speaker (said
                # Holaday of Ohio), a team's or country's player (Arsenal's Holaday)
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += NAME_SLOT_NOTE
            elif replacement.lower() not in NAME_HEADS and self._given_name_before(text, start):
                # a capital after a given name is a surname (John Loewer, Karen Holaday)
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += GIVEN_NAME_NOTE
            elif self._coordinated_with_name(text, start, end):
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += COORDINATED_NOTE
        title = title_before(text, start) if shape != "lower" else None
        if title is None and shape != "lower":
            title = self._misspelled_title(text, start)
        if title is not None and not self._after_title(title, replacement.lower()):
            # the capital after a title is a personal name (Mr Loewer, President Holaday)
            confidence = min(confidence, CAPPED_CONFIDENCE)
            reason += TITLE_NOTE
        if (
            shape == "title"
            and _COMPANY_AFTER.match(text, end)
            and not (before[:1].isupper() and before.lower() not in _FUNCTION_WORDS)
            and replacement.lower() not in self.lexicon.capitalised_only
        ):
            # the first word of a company's name before its legal form is a name (Braught Ltd),
            # as a descriptor after another is not (Acme Enginering Ltd: fixed)
            confidence = min(confidence, CAPPED_CONFIDENCE)
            reason += COMPANY_NOTE
        if sentence_start:
            confidence -= SENTENCE_START_PENALTY
            next_word = after.lower() if text[end : end + 1] == " " else ""  # (not across a comma)
            fits_next = self._fit(replacement.lower(), next_word) == 1
            if fits_next and replacement.lower() in _AUXILIARIES and self._subject_slot(next_word):
                # a verb before a subject's verb pairs as a passive (was said) but is no subject:
                # the opener is a name (Waas said)
                fits_next = False
            if self.lexicon.zipf.get(lower, 0.0) >= NAME_MAX_ZIPF and not fits_next:
                # as common on the web as a name, which mid-sentence is left alone; a sentence
                # opens with a name as often (Doan said, Gott said), so only the word after it
                # can tell a typo (Teh talks, Tere is)
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += "; only suggested: a sentence may open with a name this common"
            elif (
                not fits_next
                and text.startswith(after, end + 1)
                and self._subject_slot(next_word)
                and not self._subject(replacement.lower(), next_word)
            ):
                # the next word follows a subject (Holaday said, Loewer told): a name fills
                # that slot as well as the fix, which makes no firm pair with it
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += SUBJECT_SLOT_NOTE
            elif text[end : end + 1] == "," and (
                not connective(replacement.lower()) or self._apposition_after(text, end)
            ):
                # a word set off by a comma at a sentence's start is a connective (However,
                # Additionally,) or a name with its apposition (Holaday, a teacher, said), which
                # no connective takes, in -ly or not (Safley, 45, said)
                confidence = min(confidence, CAPPED_CONFIDENCE)
                reason += CONNECTIVE_NOTE
        if self._foreign(before) or self._foreign(after):
            confidence -= FOREIGN_PENALTY
        if confidence < MIN_SUGGESTION:
            return None
        return Proposal(start, end, word, replacement, confidence, reason, candidates)

    def _in_register(
        self, proposal: Proposal, view: DocView, contraction: bool = False
    ) -> Proposal:
        """``proposal``, only a suggestion when its document is written in a register where
        the speller's guesses are often wrong, whatever their confidence (they go to the
        report):

        * writing about code (:attr:`DocContext.technical`): on the linguist's 2.3 M words of
          technical English (man and info pages, changelogs, READMEs, docstrings, release
          notes, vim help) half the fixes were wrong (``struct`` -> strict, ``manpages`` ->
          manages, ``bool`` -> book, ``logcdf`` -> logccdf beside both in a list);
        * verse (:attr:`DocContext.verse`), which keeps old and dialect spellings on purpose:
          the linguist judged 329 of 333 spelling fixes in poetry wrong (``tameless`` ->
          timeless, ``hies`` -> his);
        * a text that spells many words its own way (:func:`spells_its_own_way`): dialect
          and old spelling, where most unknown words are meant.

        A ``contraction`` (``dont``) has no other reading in today's English and is still
        fixed in technical text; in verse or a text of its own spelling it may be a word of
        another time (Middle English ``youre`` for *your*, ``whos`` for *whose*) or a
        writer's choice (apostrophes left out throughout), so it is only suggested there."""
        if proposal.confidence <= CAPPED_CONFIDENCE:
            return proposal
        if view.doc.technical and not contraction:
            note = TECHNICAL_NOTE
        elif view.doc.verse:
            note = VERSE_NOTE
        elif view.own_spelling(self.lexicon):
            note = NONSTANDARD_NOTE
        else:
            return proposal
        return replace(
            proposal,
            confidence=CAPPED_CONFIDENCE,
            reason=proposal.reason + note,
            candidates=proposal.candidates or (proposal.replacement,),
        )

    def _contraction(self, view: DocView, contraction: str) -> Iterator[Proposal]:
        """``dont`` -> ``don't`` at each occurrence (see :attr:`Lexicon.contractions`): the
        only reading of the token, so every use is fixed, in the document's apostrophe style.
        A capitalised one in mid-sentence may be a name (``Arent``) and is left alone."""
        text = view.text
        apostrophe = "’" if text.count("’") > text.count("'") else "'"
        fixed = contraction.replace("'", apostrophe)
        bare = contraction.replace("'", "")
        for start, end, word in view.occurrences(bare):
            shape = shape_of(word)
            if shape == "mixed" or (shape == "title" and not view.doc.is_sentence_start(start)):
                continue
            if glued(text, start, end) or _quoted(text, start, end):
                continue
            replacement = with_shape(fixed, shape)
            reason = f"the contraction {replacement!r} written without its apostrophe"
            yield Proposal(
                start,
                end,
                word,
                replacement,
                CONTRACTION_CONFIDENCE,
                reason,
                (),
                CONTRACTION_RULE,
            )

    @staticmethod
    def _name_max_cost(lower: str, best: str, prior: float) -> float:
        """The dearest edit a lexicon fix of a probable name may rest on without framing: more
        for a long word, unless it differs from the fix as a foreign cognate would, and more
        again for a very long one that keeps the ends of a common word (``Toghether``)."""
        if len(lower) < NAME_LONG or cognate_spelling(lower, best):
            return NAME_MAX_COST
        if (
            len(lower) >= NAME_VERY_LONG
            and prior >= NAME_VERY_LONG_PRIOR
            and interior_slip(lower, best)
        ):
            return NAME_MAX_COST_VERY_LONG
        return NAME_MAX_COST_LONG

    def _in_document_variety(self, best: str, view: DocView) -> str:
        """``best`` in the British or American spelling the document itself uses, when it has
        both and the document leans one way (``critisized``: ``criticised`` in a text that
        writes ``organised`` and ``colour``, ``criticized`` in one that writes ``organized``)."""
        british, american = self.lexicon.varieties
        if best not in british and best not in american:
            return best
        lean = view.variety(self.lexicon)
        if lean > 0 and best in american:
            return american[best]
        if lean < 0 and best in british:
            return british[best]
        return best

    def _joined(self, lower: str) -> tuple[str, str, int] | None:
        """``(first, second, pair count)`` when ``lower`` is two common words whose space was
        lost (``ofthe``, ``alot``, ``anyother``), the most frequent such pair; else ``None``.

        An unknown token whose parts are both among English's commonest words and form one of
        its commonest pairs is far likelier that pair than a misspelling of a third word
        (``anyother`` is ``any other``, not ``another``). Rarer parts (``grass`` + ``root``)
        are left to the typo rule: compounds of content words are often new words.
        """
        zipf = self.lexicon.zipf
        best: tuple[str, str, int] | None = None
        alone: bool | None = None  # no known word one edit away (asked only when it matters)
        for i in range(1, len(lower)):
            first, second = lower[:i], lower[i:]
            if (len(first) == 1 and first not in _ONE_LETTER_WORDS) or (
                len(second) == 1 and second not in _ONE_LETTER_WORDS
            ):
                continue
            if zipf.get(first, 0.0) < JOINED_PART_ZIPF or zipf.get(second, 0.0) < JOINED_PART_ZIPF:
                continue
            pairs = self.lexicon.bigram(first, second)
            if pairs < JOINED_MIN_BIGRAM_ALONE or (best is not None and pairs <= best[2]):
                continue
            if pairs < JOINED_MIN_BIGRAM:
                if first not in _FUNCTION_WORDS and (
                    second not in _FUNCTION_WORDS or second in _PARTICLES
                ):
                    continue
                if alone is None:
                    alone = lower not in self.lexicon.spelled_lower and not self.lexicon.lookup(
                        lower, 1
                    )
                if not alone:
                    continue
            best = (first, second, pairs)
        return best

    def _shouting(self, text: str, start: int, end: int, before: str, after: str) -> bool:
        """True when an ALL-CAPS word sits in a caps headline or opens a dateline (``MOSKOW –``)."""
        counts = self.lexicon.counts
        for word in (before, after):
            if len(word) >= 3 and word.isupper() and word.lower() in counts:
                return True
        head = text[line_bounds(text, start)[0] : start].strip()
        opens_line = not head or head[-1].isdigit()
        return opens_line and text[end : end + 3].startswith((" –", " —", " -", ",", " ("))

    def _inside_name(self, view: DocView, start: int, end: int, before: str, after: str) -> bool:
        """True when a lowercase word sits between two capitalised words with one space on
        each side: the particle of a name (``Kirchheim unter Teck``, ``Ústí nad Labem``).
        Punctuation breaks the frame: ``Mexico, amking Mexico``, ``Our represantative, Aminu``.
        A capitalised sentence opener still counts: names open sentences too. Particles are
        short (``nad``, ``unter``, ``della``): ``Bachelorette contendor Wells`` is no name.

        A capital that says nothing of a name does not frame one: the pronoun ``I``, and a
        pronoun, article or conjunction that opens the sentence (``Everybody knwos I``,
        ``Nobody knwos Turkey``: :data:`_NO_NAME_OPENERS`). Frequency cannot tell these from
        a name's first word: wordfreq folds case, and ``San``, ``Los`` and ``Frankfurt`` are
        as common as ``everybody``.
        """
        if end - start > PARTICLE_MAX_LENGTH or not (before.istitle() and after.istitle()):
            return False
        if "I" in (before, after):
            return False
        text = view.text
        first = start - 1 - len(before)
        framed_before = first >= 0 and text[first:start] == before + " "
        if not (framed_before and text[end : end + 1 + len(after)] == " " + after):
            return False
        return not (before.lower() in _NO_NAME_OPENERS and view.doc.is_sentence_start(first))

    def _foreign(self, word: str) -> bool:
        """True when a neighbouring word is not English (another language's phrase): a
        lower-case word with a letter outside ASCII, or one that neither symspellpy's list nor
        a spelling dictionary holds (``nad`` in ``Ústí nad Labem``; not ``telecom`` nor
        ``economises``).

        A capitalised word is a name whatever its letters (``by Gísli Halldórsson``), and a
        typographic apostrophe is English punctuation (``people’s``), not a foreign letter.
        """
        if not word.islower():
            return False
        word = word.replace("’", "'")
        if not word.isascii():
            return True
        return (
            len(word) >= 3
            and word not in self.lexicon.counts
            and word not in self.lexicon.spelled_lower
            and word not in self.lexicon.british_listed
            and not any(ch in word for ch in _JOINERS)
        )

    # -- evidence from the document -------------------------------------------------------

    def _from_document(
        self,
        word: str,
        lower: str,
        shape: str,
        view: DocView,
    ) -> tuple[str, str, bool] | None:
        """A spelling one edit away that the document uses more firmly than ``word``, and
        whether it only won a tie on the web's word (see :data:`DOC_TIE_ZIPF`)."""
        if len(lower) < MIN_DOC_LENGTH:
            return None
        limit = DOC_MAX_ZIPF_UPPER if shape == "upper" else DOC_MAX_ZIPF
        if self.lexicon.zipf.get(lower, 0.0) >= limit:
            return None  # a word in its own right (Henan/Hunan, Zheng/Zhang)
        lower_counts = view.lower_counts
        own = lower_counts[lower]
        matches: list[str] = []
        tie = False
        # first and last letters must agree: Ivanov/Ivanova, Andrei/Andrey are different names
        zipf = self.lexicon.zipf
        for other in view.near(lower):
            theirs = lower_counts[other]
            known = other in self.lexicon.counts
            # (a tie is won by the spelling a word list or the web knows: Zelesnky, Zelensky)
            if not (
                theirs > own or (theirs == own and (known or zipf.get(other, 0.0) >= DOC_TIE_ZIPF))
            ):
                continue
            cost = edit_cost(lower, other)
            if cost > (DOC_MAX_COST_KNOWN if known else DOC_MAX_COST):
                continue
            if shape == "title" and not view.uses_form(with_shape(other, "title")):
                continue
            matches.append(other)
            tie = theirs == own and not known
        if len(matches) != 1:
            return None
        other = matches[0]
        if shape == "upper":
            replacement = other.upper()
        else:
            preferred = with_shape(other, shape)
            if view.uses_form(preferred):
                replacement = preferred
            elif shape == "lower":
                return None  # the document only writes it capitalised: a name, not this word
            else:
                first = view.first_form(other)
                if first is None:  # (counted from a letter only its lower case makes ASCII)
                    return None
                replacement = first
        reason = f"{word!r} is one edit from {replacement!r}, which this document uses"
        if tie:
            reason += DOC_TIE_NOTE
        return replacement, reason, tie

    # -- evidence from the lexicon --------------------------------------------------------

    def _known_stems(self, lower: str) -> list[str]:
        """The known words ``lower`` is a regular inflection or derivation of (``patrollers``:
        ``patroller``, ``patrol``), leaving out stems whose regular spelling is another known
        word (``controled``: ``controlled``). Empty when there are none."""
        counts = self.lexicon.counts
        zipf = self.lexicon.zipf
        return [
            stem
            for stem, kind in stems(lower)
            if (zipf.get(stem, 0.0) >= STEM_ZIPF or (kind in INFLECTIONS and stem in counts))
            and not any(f != lower and f in counts for f in regular_forms(stem, kind))
        ]

    def _compound(self, lower: str) -> bool:
        """Two known words run together (``grassroot``, ``taximetre``)."""
        zipf = self.lexicon.zipf
        return any(
            zipf.get(lower[:i], 0.0) >= STEM_ZIPF and zipf.get(lower[i:], 0.0) >= STEM_ZIPF
            for i in range(COMPOUND_PART, len(lower) - COMPOUND_PART + 1)
        )

    def _candidates(
        self, lower: str, own: float, far: bool = True
    ) -> list[tuple[str, float, float]] | None:
        """``(candidate, edit cost, prior)`` sorted by prior minus cost; memoised.

        ``None`` when the word is known after all (frequent, or an inflection or compound).
        ``far=False`` (a probable name): when nothing is one edit away, the search two edits away
        is skipped and nothing is returned. Two edits cost at least 1.6 (two doubled letters,
        which the skeleton lookup finds anyway), more than a name may be corrected by, so the
        decision is the same; it saves most of symspellpy's time on news text, whose unknown
        words are mostly names. Nor are the nearby candidates scored when none is common enough
        to correct a name to (:data:`NAME_MIN_PRIOR`).
        """
        if lower in self._memo:
            return self._memo[lower]
        if not far and lower in self._near_memo:
            return self._near_memo[lower]
        if len(self._memo) > 200_000 or len(self._near_memo) > 200_000:
            self._memo.clear()
            self._near_memo.clear()
            self._regular.clear()
        if own >= KNOWN_ZIPF:
            self._memo[lower] = None
            return None
        known_stems = self._known_stems(lower)
        if known_stems:
            self._regular.add(lower)
            slips = self._slip_of_common_word(lower, own, known_stems)
            self._memo[lower] = slips
            return slips
        compound = self._compound(lower)
        lexicon = self.lexicon
        found = lexicon.lookup(lower, 1)
        found += [(w, 2) for w in slip_repairs(lower) if w in lexicon.counts]
        found += [(w, 2) for w in moved_letter(lower) if w in lexicon.counts]
        by_skeleton = self._by_skeleton(lower)
        if not far and all(lexicon.prior(w) < NAME_MIN_PRIOR for w, _ in found + by_skeleton):
            # a probable name is only ever corrected to a common word: with none near, the
            # decision is made without scoring the rare ones (most of a name's time, unseen)
            self._near_memo[lower] = []
            return []
        scored = _score(lower, found + by_skeleton, lexicon)
        if by_skeleton:  # doubling errors go together: one misjudged rule, not several slips
            word = by_skeleton[0][0]
            scored = sorted(
                ((w, min(c, SKELETON_COST) if w == word else c, p) for w, c, p in scored),
                key=lambda s: s[1] - s[2],
            )
        if len(lower) >= MIN_LENGTH_DISTANCE_2:
            if not found and not by_skeleton and not far:
                self._near_memo[lower] = []
                return []
            if not found and not by_skeleton:  # nothing one edit away: the nearest two away
                scored = _score(lower, lexicon.lookup(lower, 2, closest=True), lexicon)
                if not scored and len(lower) >= SOUND_MIN_LENGTH:
                    scored = self._by_sound(lower)
        if len(lower) <= 3:
            scored = [
                s
                for s in scored
                if (s[1] <= SHORT_MAX_COST and sorted(s[0]) == sorted(lower))
                or (len(s[0]) >= len(lower) and s[2] >= SHORT_COMMON_PRIOR)
            ]
        if compound and not (
            scored
            and (
                scored[0][1] <= COMPOUND_MAX_COST
                or (scored[0][1] <= COMPOUND_MAX_COST_COMMON and scored[0][2] >= COMPOUND_COMMON)
            )
        ):
            self._memo[lower] = None  # a compound, unless a slip of a known word (carefull)
            return None
        self._memo[lower] = scored
        return scored

    def _given_name_before(self, text: str, start: int) -> bool:
        """True when a given name (:attr:`~cleaner.spelling.lexicon.Lexicon.given_names`)
        stands just before ``start``, alone or with initials after it: the capital there is a
        surname (``John Loewer``, ``Recep Tayyip Erdgoan``, ``John F. Loewer``)."""
        m = _GIVEN_NAME_BEFORE.search(text, max(0, start - _NAME_REACH), start)
        if m is None:
            return False
        name = m.group(1)
        return name.istitle() and name.lower() in self.lexicon.given_names

    def _coordinated_with_name(self, text: str, start: int, end: int) -> bool:
        """True when the capitalised word ``text[start:end]`` is joined by ``and``, ``or`` or
        ``&`` to a probable name (:meth:`_probable_name`): like goes with like, so the word is
        a name too (``met Peskov and Holaday``, ``Zakharova and Loewer``). A known partner says
        nothing: a place (``Algeria, Morroco and Libya``: Morocco fixed) or a common noun in a
        title (``Boys' and Grils' Club``); nor does a partner that is a slip itself (``Reserch
        and Developmnet``: both fixed); nor any when a capitalised word stands right before the
        word, which then ends a longer name (``Yuwaku Elimentary and Shibahara Middle
        Schools``: fixed)."""
        if _CAPITAL_BEFORE.search(text, max(0, start - _NAME_REACH), start):
            return False
        before = _COORDINATED_BEFORE.search(text, max(0, start - _NAME_REACH), start)
        partners = (_COORDINATED_AFTER.match(text, end), before)
        return any(m is not None and self._probable_name(m.group(1).lower()) for m in partners)

    def _probable_name(self, lower: str) -> bool:
        """True when the capitalised word ``lower`` (lower-cased) is a probable name: a given
        name or a name a dictionary lists, or a word no list holds that lies no cheap slip
        (:data:`COMMON_TYPO_MAX_COST`) from a word (``peskov``, ``zakharova``; not
        ``developmnet``, nor ``loewer``, a letter from ``lower``)."""
        lexicon = self.lexicon
        if lower in lexicon.given_names or lower in lexicon.names:
            return True
        if lower in lexicon.counts or lower in TITLES:
            return False
        near = self._candidates(lower, lexicon.zipf.get(lower, 0.0))
        return not (near and near[0][1] <= COMMON_TYPO_MAX_COST)

    def _name_after(self, text: str, start: int, end: int, fix: str) -> bool:
        """True when what stands around the capital ``text[start:end]`` marks it a surname: a
        citation (``Loewer et al.``, ``Loewer J, Holaday K.``), a case with no determiner before
        it (``Holaday v Loewer``; not ``The Peopel v. Smith``), or ``family`` after it when the
        fix makes no firm pair with it (``the Shipps family``; not ``the Royl family``)."""
        if _CITED_AFTER.match(text, end) or _CITED_BEFORE.search(
            text, max(0, start - _NAME_REACH), start
        ):
            return True
        if _CASE_AFTER.match(text, end):
            words = text[max(0, start - _NAME_REACH) : start].split()
            return not (words and words[-1].lower() in _DETERMINERS)
        family = _FAMILY_AFTER.match(text, end)
        return family is not None and self._fit(fix, family.group(1).lower()) != 1

    def _name_slot(
        self, text: str, start: int, end: int, fix: str, after: str, sentence_start: bool
    ) -> bool:
        """True when the capital ``text[start:end]`` stands where a name stands (``after``: the
        next word, as :func:`neighbours` finds it):

        - before a capitalised :data:`~cleaner.titles.NAME_HEADS` word, as a name's first word
          in mid-sentence (``to Holaday Park``, ``in Loewer County``), unless the fix, no
          small word (``Aney County``), makes a firm pair with that head (``Secondry School``,
          ``Natinal Park``) or is a long word (:data:`NAME_VERY_LONG` letters: ``Engeneering
          Group``), which a surname one letter from seldom is. A sentence opener's capital
          says nothing (``Teh State Department``), nor does one after another capital, inside
          a longer name (``Soviet Unoin Bank``);
        - after a speech verb, with no capital after it (``said Holaday of Ohio``, ``told
          Loewer``; not ``said Presdient Loewer``);
        - after a capitalised owner's 's, before a verb that follows a subject, when the fix
          makes no firm pair with that verb as one (``Arsenal's Holaday scored``; not
          ``Russia's Miltary said``, ``Britain's Foriegn secretary``).

        >>> speller = Speller.__new__(Speller)
        >>> speller._fit = lambda a, b: 1 if (a, b) in {("secondary", "school"),
        ...     ("he", "scored"), ("he", "said"), ("military", "said")} else 0
        >>> speller._past = lambda word: False
        >>> speller.lexicon = type("L", (), {"zipf": {}, "counts": {}})()
        >>> def slot(text, word, fix, opener=False):
        ...     start = text.index(word)
        ...     after = neighbours(text, start, start + len(word))[1]
        ...     return speller._name_slot(text, start, start + len(word), fix, after, opener)
        >>> [slot("to Holaday Park in", "Holaday", "holiday"),
        ...  slot("said Holaday of Ohio", "Holaday", "holiday"),
        ...  slot("Arsenal's Holaday scored", "Holaday", "holiday")]
        [True, True, True]
        >>> [slot("a Secondry School", "Secondry", "secondary"),
        ...  slot("Teh State Department", "Teh", "the", opener=True),
        ...  slot("the Soviet Unoin Bank", "Unoin", "union"),
        ...  slot("said Presdient Loewer", "Presdient", "president"),
        ...  slot("Russia's Miltary said", "Miltary", "military")]
        [False, False, False, False, False]
        """
        reach = max(0, start - _NAME_REACH)
        head = _HEAD_AFTER.match(text, end)
        if (
            head is not None
            and head.group(1).lower() in NAME_HEADS
            and not sentence_start
            and not _CAPITAL_BEFORE.search(text, reach, start)
            and len(fix) < NAME_VERY_LONG
            and (
                fix in _FUNCTION_WORDS
                or fix in _DETERMINERS
                or self._fit(fix, head.group(1).lower()) != 1
            )
        ):
            return True
        if _CAPITAL_AFTER.match(text, end):
            return False  # a title or a name's first part: said Presdient Loewer
        if _SPEAKER_BEFORE.search(text, reach, start):
            return True
        if not _OWNER_BEFORE.search(text, reach, start):
            return False
        one_blank = text[end : end + 1] in " \t\u00a0" and text.startswith(after, end + 1)
        verb = after if one_blank and after.islower() else ""
        return bool(verb) and self._subject_slot(verb) and self._fit(fix, verb) != 1

    def _apposition_after(self, text: str, end: int) -> bool:
        """True when the comma at ``text[end]`` opens an apposition that a verb in a subject's
        slot follows, one that pairs firmly with ``he``: an age or a short phrase with ``a`` or
        ``an``, set off by a second comma (``, 45, said``, ``, a teacher, told``). It follows a
        name, as a connective opening a sentence takes none (``Sadly, a teacher said``: no
        second comma; ``Luckily, the driver, a man of 30, survived``: no subject's verb after
        it; a participle, ``, a firm, based in``, is none either)."""
        m = _APPOSITION.match(text, end)
        return m is not None and self._fit(SUBJECT_PRONOUN, m.group(1).lower()) == 1

    def _misspelled_title(self, text: str, start: int) -> str | None:
        """The title that the capitalised word just before ``start`` misspells by one letter,
        or None. The title is fixed on its own, and the word after it is a name as much as
        after the title spelled right (``Prime Minsiter Holaday``, ``Presdient Loewer``). A
        word the word lists hold is no misspelling, whatever title it is a letter from (``York
        Minster``, ``Mayer``, ``Judges``)."""
        word = capital_before(text, start)
        if word is None or len(word) < MISSPELLED_TITLE_MIN or word in TITLES:
            return None
        if word in self.lexicon.counts or word in self.lexicon.names:
            return None
        return next((t for t in WRITTEN_TITLES if within_one(word, t)), None)

    def _after_title(self, title: str, fix: str) -> bool:
        """True when ``fix`` may follow ``title`` as part of a title, not a name: another title
        (``Lieutenant Colonel``; after an honorific only an office it addresses, ``Mr
        President``, not ``Mr Bishop``) or a word the title pairs with firmly (``Secretary
        General``), a function word aside (``Minister for``)."""
        if fix in (ADDRESSED_OFFICES if title in HONORIFICS else TITLES - HONORIFICS):
            return True
        return fix not in _FUNCTION_WORDS and self._fit(title, fix) == 1

    def _subject_slot(self, next_word: str) -> bool:
        """True when ``next_word`` follows a subject: it pairs firmly with ``he`` (``said``,
        ``told``), or it is a common word in -ed, a verb's past (``tweeted``, which the bigram
        list is too old to pair with ``he``)."""
        return self._fit(SUBJECT_PRONOUN, next_word) == 1 or self._past(next_word)

    def _past(self, word: str) -> bool:
        """True when ``word`` reads as a verb's past: a common word in -ed of 5+ letters made
        from a known stem (``tweeted``, ``used``, ``stopped``, ``carried``; not ``hundred``,
        ``sacred``, ``naked``)."""
        if not (
            len(word) >= PAST_MIN_LENGTH
            and word.endswith("ed")
            and self.lexicon.zipf.get(word, 0.0) >= PAST_MIN_ZIPF
        ):
            return False
        counts = self.lexicon.counts
        stem = word[:-2]
        return (
            stem in counts
            or word[:-1] in counts
            or (stem[-1] == stem[-2] and stem[:-1] in counts)
            or (stem.endswith("i") and stem[:-1] + "y" in counts)
        )

    def _subject(self, word: str, verb: str) -> bool:
        """True when ``word`` reads as a subject no name could be: a pronoun (``Somebody was``),
        a word that news makes a subject, pairing firmly with ``said`` (``Police confirmed``,
        ``Government confirmed``; ``holiday said`` is no pair), or a plural before a word that
        follows ``they`` firmly or a verb's past (``Residents said``, ``Officials confirmed``;
        not ``Bogus scored``)."""
        if word in _NO_NAME_OPENERS:
            return True
        if word in _FUNCTION_WORDS:
            return False  # (was said pairs too, as a passive; was ends in s)
        if self._fit(word, SUBJECT_VERB) == 1:
            return True
        return self._plural_noun(word) and (
            self._fit(PLURAL_PRONOUN, verb) == 1 or self._past(verb)
        )

    @staticmethod
    def _plural_noun(word: str) -> bool:
        """True when ``word`` may be a plural: it ends in -s, not -ss, -us or -is (``officials``,
        ``economists``; not ``bogus``). The bigram list is too sparse to tell a noun from a
        verb (``the economists`` is no listed pair), so ``varies`` passes too."""
        return word.endswith("s") and not word.endswith(("ss", "us", "is"))

    def _fit(self, first: str, second: str) -> int:
        """1 when the pair ``first second`` is a firm one (see :data:`FIT_ASSOCIATION`), -1
        when it is rarer than chance (:data:`MISFIT_ASSOCIATION`), else 0; 0 when either side
        is missing (the token starts or ends its clause). One bound answers both: for a pair
        the bigram list holds, it is the pair's association."""
        if not (first and second):
            return 0
        lexicon = self.lexicon
        bound = lexicon.association_at_most(first, second)
        if bound <= MISFIT_ASSOCIATION:
            return -1
        listed = FIT_ASSOCIATION <= bound < math.inf and lexicon.bigram(first, second) > 0
        return 1 if listed else 0

    def _graded_fit(self, before: str, candidate: str, after: str) -> float:
        """How firmly ``candidate`` belongs between its neighbours: for each pair the bigram
        list holds, how far its association lies above :data:`FIT_ASSOCIATION` (at most
        :data:`CONTEXT_CAP`), times :data:`CONTEXT_WEIGHT`. :meth:`_fit` says whether a pair
        is firm; this tells a firm pair from a firmer one (``do not wnat to``: ``not want`` and
        ``want to`` over ``not what`` and ``what to``)."""
        lexicon = self.lexicon
        total = 0.0
        for first, second in ((before, candidate), (candidate, after)):
            if first and second and lexicon.bigram(first, second):
                association = lexicon.association_at_most(first, second)
                total += CONTEXT_WEIGHT * min(max(association - FIT_ASSOCIATION, 0.0), CONTEXT_CAP)
        return total

    def _by_skeleton(self, lower: str) -> list[tuple[str, int]]:
        """The known word with the same letters once doubling is ignored (``uneccesary``)."""
        if len(lower) < SKELETON_MIN_LENGTH:
            return []
        word = self.lexicon.skeletons.get(skeleton(lower))
        if word is None or word == lower:
            return []
        return [(word, 2)]

    def _by_sound(self, lower: str) -> list[tuple[str, float, float]]:
        """The commonest word that sounds like ``lower`` (see
        :func:`~cleaner.spelling.lexicon.sound_key`), at :data:`SOUND_COST`: a guess for a word
        spelled by ear, too far from every spelling for two edits to reach (``countrevercy``:
        ``controversy``)."""
        word = self.lexicon.sounds.get(sound_key(lower))
        if word is None or word == lower:
            return []
        return [(word, SOUND_COST, self.lexicon.prior(word))]

    def _slip_of_common_word(
        self, lower: str, own: float, known_stems: list[str]
    ) -> list[tuple[str, float, float]] | None:
        """Candidates for a word that regular morphology would allow (``comming`` is ``comm`` +
        ``ing``, ``generaly`` is ``general`` + ``y``) but that is one cheap slip (a doubled or
        undoubled letter, a swap) from a much more common word: that word, else ``None``.

        Another form of one of ``known_stems`` is no candidate: ``establisher`` and
        ``established`` are two words built on ``establish``, not one word and its slip. But
        ``-er`` and ``-or`` make one agent noun two ways, so an agent noun's other spelling is
        one (``directer``: ``director``)."""
        lexicon = self.lexicon
        agent = all(kind in _AGENT_KINDS for s, kind in stems(lower) if s in known_stems)
        found = [
            (word, distance)
            for word, distance in lexicon.lookup(lower, 1)
            if word not in known_stems
            and not any(
                s in known_stems and not (agent and kind in _AGENT_KINDS) for s, kind in stems(word)
            )
        ]
        scored = [
            s
            for s in _score(lower, found, lexicon)
            if s[1] <= MORPH_SLIP_COST and s[2] >= max(MORPH_SLIP_PRIOR, own + MORPH_SLIP_MARGIN)
        ]
        return scored or None

    def _from_lexicon(
        self,
        lower: str,
        shape: str,
        view: DocView,
        before: str,
        after: str,
        strict: bool,
        head: bool = False,
    ) -> tuple[str, float, str, tuple[str, ...]] | None:
        lexicon = self.lexicon
        own = lexicon.zipf.get(lower, 0.0)
        scored = self._candidates(lower, own, far=not strict or head)
        if scored and shape == "lower":
            # a name or acronym is no correction of a lower-case word (natto is no nato)
            capitalised = lexicon.capitalised_only
            scored = [s for s in scored if s[0] not in capitalised]
        if not scored:
            return None
        if (
            head
            and scored[0][1] <= HEAD_MAX_COST
            and scored[0][2] >= HEAD_MIN_PRIOR
            and lexicon.bigram(scored[0][0], "of") >= HEAD_MIN_BIGRAM
            and lexicon.bigram("the", scored[0][0]) >= HEAD_MIN_BIGRAM
        ):
            strict = False  # a common noun heading a name (Ministry of ..., Academy of ...)
        if strict:
            nearest, cost, prior = scored[0]
            limit = self._name_max_cost(lower, nearest, prior)
            if (
                cost > max(NAME_MAX_COST_FRAMED, limit)
                or prior < NAME_MIN_PRIOR
                or lower in self._regular
                or foreign_double(lower, nearest)
                or (  # above the limit, the words on both sides must make known pairs with it
                    cost > limit
                    and not (
                        before
                        and after
                        and lexicon.bigram(before, nearest)
                        and lexicon.bigram(nearest, after)
                    )
                )
            ):
                return None
        if own >= COMMON_TYPO_ZIPF:
            scored = [s for s in scored if s[1] <= COMMON_TYPO_MAX_COST]
            if not scored:
                return None
        # (score, candidate, notes, how many neighbouring words fit it)
        ranked: list[tuple[float, str, list[str], int]] = []
        graded: dict[str, float] = {}
        # graded context compares pairs the bigram list measured: a side counts only when the
        # list holds the front-runner's pair too (``child walkes past``: ``walked past`` is
        # listed, the rarer ``walks past`` is not, which says nothing against ``walks``); and a
        # word a spelling dictionary lists is not outweighed by its rival's company
        front = scored[0][0]
        graded_before = before if before and lexicon.bigram(before, front) else ""
        graded_after = after if after and lexicon.bigram(front, after) else ""
        graded_context = bool(graded_before or graded_after) and lower not in lexicon.spelled_lower
        for candidate, cost, prior in scored[:8]:
            score = prior - cost
            notes: list[str] = []
            if view.lower_counts[candidate] and prior < 6.0:
                score += DOC_BONUS * (6.0 - prior)
                notes.append("used elsewhere in this document")
            sides = (self._fit(before, candidate), self._fit(candidate, after))
            if graded_context:
                graded[candidate] = self._graded_fit(graded_before, candidate, graded_after)
                score += graded[candidate]
            fitting = sides.count(1)
            if fitting:
                score += BIGRAM_BONUS * fitting
                notes.append("fits the neighbouring words")
            misfitting = sides.count(-1)
            if misfitting:
                score -= MISFIT_PENALTY * misfitting
                notes.append("makes a rarer-than-chance pair with a neighbouring word")
            ranked.append((score, candidate, notes, fitting))
        ranked.sort(key=lambda r: -r[0])
        best_score, best, notes, support = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else float("-inf")
        itself = own + SELF_BONUS + SELF_SLOPE * max(0.0, own - 2.0) if own > 0 else UNSEEN_SELF
        unlisted = bool(own) and shape == "lower" and lower not in lexicon.spelled_lower
        if unlisted:
            # web text repeats common misspellings (seperate): what no spelling dictionary
            # lists vouches for less. Names are missing from it too, so only lower case counts
            itself = max(UNSEEN_SELF, itself - UNLISTED_DISCOUNT)
        if (
            own
            and not strict
            and len(lower) >= SKELETON_MIN_LENGTH
            and skeleton(best) == skeleton(lower)
            and lexicon.prior(best) >= own + SKELETON_GAP
        ):
            # the web's copies of a word that only doubles letters differently from a far
            # commoner one are that word misspelled (accomodate): they vouch for nothing
            itself = UNSEEN_SELF
        # the graded context counts against the runner-up, never against the token itself:
        # its own pairs are too rare for the bigram list, so it would always lose there
        margin = min(best_score - runner_up, best_score - graded.get(best, 0.0) - itself)
        confidence = min(MAX_CONFIDENCE, BASE_CONFIDENCE + SLOPE * margin)
        best_cost = next(s[1] for s in scored if s[0] == best)
        interior = len(lower) >= INTERIOR_MIN_LENGTH and interior_slip(lower, best)
        extra = INTERIOR_ALLOWANCE if interior else 0.0
        if max(scored[0][1], best_cost) > FIX_MAX_COST + extra:
            confidence = min(confidence, CAPPED_CONFIDENCE)
        repeated = unlisted and len(lower) >= REPEATED_MISSPELLING_MIN_LENGTH
        affordable = affordable_cost(len(lower), support) + extra
        if best_cost > affordable + (REPEATED_MISSPELLING_ALLOWANCE if repeated else 0.0):
            confidence = min(confidence, CAPPED_CONFIDENCE)
        if len(lower) <= 3 and sorted(best) != sorted(lower) and support < 2:
            # a short slip of a common word: three letters leave many readings, so the
            # neighbours on both sides must agree (``she wnt there``: went or want?)
            confidence = min(confidence, CAPPED_CONFIDENCE)
        if (
            support == 2
            and shape == "lower"
            and not strict
            and best_cost <= BOTH_SIDES_MAX_COST
            and len(lower) >= BOTH_SIDES_MIN_LENGTH
        ):
            confidence = min(MAX_CONFIDENCE, confidence + BOTH_SIDES_BONUS)
        preferred = self._in_document_variety(best, view)
        if preferred != best:
            best = preferred
            notes = [*notes, "spelled as the document spells its other words"]
        replacement = with_shape(best, shape)
        why = "not a known word" if own == 0 else "a rare spelling"
        if unlisted:
            why += " that no spelling dictionary lists"
        reason = f"{why}; {best!r} is a likely intended word"
        if notes:
            reason += " (" + ", ".join(notes) + ")"
        ranked_forms = (with_shape(r[1], shape) for r in ranked[:3])
        candidates = tuple(dict.fromkeys([replacement, *ranked_forms]))[:3]
        if lower in lexicon.spelled_lower and not head and variant_side(lower, best) is None:
            # a word a spelling dictionary lists is a word (rotis, granita, clacked, stoep),
            # unless it heads a name (Directer of the China ...: a title) or spells the fix
            # the other way (surprized: the same word, normalised)
            confidence = min(confidence, CAPPED_CONFIDENCE)
            reason += LISTED_NOTE
        return replacement, confidence, reason, candidates


#: what a fix of a word a spelling dictionary lists is told
LISTED_NOTE = "; only suggested: a spelling dictionary (SCOWL) lists the word"
#: what a spelling fix is told when its document reads as technical writing
TECHNICAL_NOTE = (
    "; only suggested: the document reads as writing about code (braces, backticks, "
    "snake_case, calls), where a word no dictionary lists is more often jargon or an "
    "identifier (struct, mmap, manpages) than a typo"
)
#: ... or when it spells too many words its own way
NONSTANDARD_NOTE = (
    "; only suggested: the document spells many words its own way (dialect, old spelling), "
    "so an unknown word there is more likely meant than a slip"
)
#: ... or when it reads as verse
VERSE_NOTE = (
    "; only suggested: the document reads as verse, which keeps old and dialect spellings "
    "on purpose (strown, madest, leanin)"
)
#: a document spells words its own way when at least this share of its lower-case words (3+
#: letters) are unknown words it uses once, and at least :data:`NONSTANDARD_MIN` of them. On
#: the bench's clean news no 20-line document exceeds 0.034 (real typos included; an injected
#: one adds about 0.004); Burns' Scots and Middle English verse hold 0.05-0.45, where 165 of
#: the linguist's 289 poetry "fixes" lay (``dinna`` -> donna, ``gae`` -> age, ``thilke``)
NONSTANDARD_SHARE = 0.05
NONSTANDARD_MIN = 10
#: judged on the document's first characters, so a long document costs no more than a short
NONSTANDARD_SAMPLE = 50_000
#: a word written in lower case, whole (not part of a hyphenated word or a contraction)
_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z'’-])[a-z]{3,}(?![A-Za-z'’-])")


def spells_its_own_way(text: str, lexicon: Lexicon) -> bool:
    """True when ``text`` spells many words its own way (see :data:`NONSTANDARD_SHARE`)."""
    words = _LOWER_WORD_RE.findall(text, 0, NONSTANDARD_SAMPLE)
    counts = Counter(words)
    zipf = lexicon.zipf
    odd = sum(
        1
        for word, n in counts.items()
        if n == 1 and word not in lexicon.counts and zipf.get(word, 0.0) < KNOWN_ZIPF
    )
    return odd >= NONSTANDARD_MIN and odd >= NONSTANDARD_SHARE * len(words)


def _suggested(proposal: Proposal, note: str) -> Proposal:
    """``proposal`` as a suggestion (:data:`CAPPED_CONFIDENCE` at most) told ``note``."""
    return replace(
        proposal,
        confidence=min(proposal.confidence, CAPPED_CONFIDENCE),
        reason=proposal.reason + note,
        candidates=proposal.candidates or (proposal.replacement,),
    )


def affordable_cost(length: int, support: int) -> float:
    """The dearest edit a fix may rest on for a word of ``length`` letters, with ``support``
    neighbouring words (0-2) that make known pairs with the correction.

    Short words sit among many others: two letters wrong in ``hreb`` could be ``herb``, ``here``
    or ``her``, while ``temperatrue`` can only be ``temperature``. Dearer fixes become
    suggestions.

    >>> affordable_cost(4, 0), affordable_cost(8, 0), affordable_cost(8, 2)
    (1.0, 1.8, 2.8)
    """
    base = max(DENSITY_FLOOR, DENSITY_SLOPE * (length - DENSITY_OFFSET))
    return round(base + SUPPORT_ALLOWANCE * support, 2)


def _other_spelling(lower: str, candidate: str, lexicon: Lexicon) -> bool:
    """True when ``lower`` is ``candidate`` spelled on the other side of the Atlantic, or
    with an optional letter written the other way (see
    :func:`~cleaner.spelling.candidates.optional_letter`).

    British spellings follow rules of whole word classes, so a British form is one even when no
    list holds it (``taximetre``); its classical digraphs only when a list does (``anaemia``,
    while ``idaes`` is a slip of ``ideas``, not ``ides``). An American-looking form of a
    British-looking word (``surprized``, ``existense``, ``speling``) must be about as common on
    the web as that word, as American spellings of real words are in wordfreq's mostly
    American sources (``specter``, ``epilog``); ``surprized`` is a misspelling there.
    """
    own = lexicon.zipf.get(lower, 0.0)
    if (
        own >= OPTIONAL_LETTER_ZIPF
        and own >= lexicon.zipf.get(candidate, 0.0) - OPTIONAL_LETTER_MARGIN
        and optional_letter(lower, candidate)
    ):
        return True
    side = variant_side(lower, candidate, digraphs=own > 0)
    if side is None:
        return False
    return side == "british" or own >= lexicon.zipf.get(candidate, 0.0) - AMERICAN_MARGIN


def _score(
    lower: str, found: list[tuple[str, int]], lexicon: Lexicon
) -> list[tuple[str, float, float]]:
    """Score the most frequent few candidates at each distance (the rest cannot win)."""
    by_distance: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for word, distance in dict.fromkeys(found):
        by_distance[distance].append((lexicon.prior(word), word))
    shortlist: list[str] = []
    for distance in sorted(by_distance):
        ranked = sorted(by_distance[distance], reverse=True)
        shortlist += [w for _, w in ranked[:SHORTLIST]]
    scored = []
    for candidate in dict.fromkeys(shortlist):
        cost = edit_cost(lower, candidate)
        if _other_spelling(lower, candidate, lexicon):
            if cost <= VARIANT_COST:
                return []  # the other side of the Atlantic's spelling, not a typo
            continue
        if cost <= MAX_COST:
            scored.append((candidate, cost, lexicon.prior(candidate)))
    scored.sort(key=lambda s: s[1] - s[2])
    return scored
