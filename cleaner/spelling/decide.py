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
   the best candidate over the runner-up and over the token itself sets the confidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.context import DocContext
from cleaner.spelling.candidates import (
    edit_cost,
    first_difference,
    last_difference,
    slip_repairs,
    stems,
    within_one,
)
from cleaner.spelling.lexicon import Lexicon

#: shortest word we try to correct without document evidence
MIN_LENGTH = 3
#: shortest word corrected from document evidence alone
MIN_DOC_LENGTH = 5
#: ALL-CAPS words shorter than this are taken for acronyms
MIN_UPPER_LENGTH = 5
#: a token this frequent in wordfreq is a word, whatever symspellpy's list says
KNOWN_ZIPF = 4.0
#: shortest part of a closed compound (``grassroot``, ``taximetre``)
COMPOUND_PART = 4
#: a stem this frequent makes its regular inflections known
STEM_ZIPF = 3.0
#: how much more likely than the prior a correctly typed token is (log10)
SELF_BONUS = 0.25
#: the score of a token nobody has seen (wordfreq Zipf 0)
UNSEEN_SELF = 0.5
#: bonus for a candidate the document itself uses, when the candidate is rare (per Zipf below 6)
DOC_BONUS = 0.35
#: bonus per neighbouring word that forms a known bigram with the candidate
BIGRAM_BONUS = 0.4
#: candidates costlier than this are not worth proposing
MAX_COST = 4.5
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
SENTENCE_START_PENALTY = 0.15
#: a capitalised word in mid-sentence that wordfreq has never seen is at most a suggestion
NAME_CONFIDENCE = 0.6
#: three-letter words are corrected only by a swap or a doubled letter (``teh``)
SHORT_MAX_COST = 1.0
#: each Zipf point above 2 makes a word that much more likely to be meant (``ruble``)
SELF_SLOPE = 0.5
#: a neighbour that is not English (``Ústí nad Labem``, ``Lietuvos rytas``)
FOREIGN_PENALTY = 0.25
#: doc evidence for edits costlier than this needs a known target word
DOC_MAX_COST = 1.0
DOC_MAX_COST_KNOWN = 1.3
#: doc evidence only for tokens rarer than this in wordfreq (ALL-CAPS: the second value)
DOC_MAX_ZIPF = 1.0
DOC_MAX_ZIPF_UPPER = 2.0
#: a fix from the lexicon needs an edit no costlier than this (else: suggestion)
FIX_MAX_COST = 2.6
CAPPED_CONFIDENCE = 0.75

_GLUE_BEFORE = frozenset("_/\\@#&=%$.")
_GLUE_AFTER = frozenset("_/\\@&=%")


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
    """True when the word is part of a code-like or numeric token (``45bn``, ``a_b``, ``x.com``)."""
    if start > 0:
        before = text[start - 1]
        if before.isdigit() or before in _GLUE_BEFORE:
            return True
    if end < len(text):
        after = text[end]
        if after.isdigit() or after in _GLUE_AFTER:
            return True
        if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
            return True
    return False


def abbreviation(text: str, end: int) -> bool:
    """True when the word ends in a full stop that does not end a sentence (``pozn. p``)."""
    return (
        end + 2 < len(text)
        and text[end] == "."
        and text[end + 1] == " "
        and (text[end + 2].islower() or text[end + 2].isdigit())
    )


def _shouting(
    text: str, words: list[tuple[int, int, str]], index: int, counts: dict[str, int]
) -> bool:
    """True when an ALL-CAPS word sits in a caps headline or starts a dateline (``MOSKOW –``)."""
    for other in (index - 1, index + 1):
        if 0 <= other < len(words):
            word = words[other][2]
            if len(word) >= 3 and word.isupper() and word.lower() in counts:
                return True
    start, end = words[index][0], words[index][1]
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start:start].strip()
    after = text[end : end + 3]
    opens_line = not head or head[-1].isdigit()
    return opens_line and (after.startswith((" –", " —", " -", ",", " (")))


def _inside_name(words: list[tuple[int, int, str]], index: int) -> bool:
    """True when both neighbours are capitalised: a lowercase word inside a place name."""
    if index == 0 or index + 1 >= len(words):
        return False
    return words[index - 1][2].istitle() and words[index + 1][2].istitle()


_QUOTES = "\"'“”‘’«»"


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES


class Speller:
    """The decision procedure, with per-process memory of context-free work."""

    def __init__(self, lexicon: Lexicon, protect_lower: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.protect_lower = protect_lower
        self._memo: dict[str, list[tuple[str, float, float]]] = {}

    # -- the per-document pass ------------------------------------------------------------

    def propose(self, text: str, doc: DocContext) -> Iterator[Proposal]:
        """Every correction or suggestion for ``text``."""
        words = doc.words
        if not words:
            return
        counts = self.lexicon.counts
        vocabulary: dict[tuple[str, int], list[str]] | None = None
        for index, (start, end, word) in enumerate(words):
            if len(word) < MIN_LENGTH:
                continue
            lower = word.lower()
            if lower in counts or not (word.isascii() and word.isalpha()):
                continue
            shape = shape_of(word)
            if shape == "mixed" or (shape == "upper" and len(word) < MIN_UPPER_LENGTH):
                continue
            if lower in self.protect_lower or glued(text, start, end) or abbreviation(text, end):
                continue
            if vocabulary is None:
                vocabulary = _vocabulary(doc)
            found = self._from_document(word, lower, shape, doc, vocabulary)
            if found is not None:
                replacement, reason = found
                yield Proposal(
                    start, end, word, replacement, DOC_CONFIDENCE, reason, (replacement,)
                )
                continue
            sentence_start = shape == "title" and doc.is_sentence_start(start)
            mid_title = shape == "title" and not sentence_start
            if mid_title and lower in self.lexicon.zipf:
                continue  # probably a name: only the document's own spelling may correct it
            if shape == "upper" and not _shouting(text, words, index, counts):
                continue  # an acronym, unless in a caps headline or a dateline
            if doc.lower_counts[lower] > 1:
                continue  # used more than once: the writer means it
            if shape == "lower" and _inside_name(words, index):
                continue  # Kirchheim unter Teck, Ústí nad Labem
            if _quoted(text, start, end):
                continue  # a word quoted on its own is mentioned, not used
            proposal = self._from_lexicon(words, index, lower, shape, doc)
            if proposal is None:
                continue
            replacement, confidence, reason, candidates = proposal
            if sentence_start:
                confidence -= SENTENCE_START_PENALTY
            if mid_title:
                confidence = min(confidence, NAME_CONFIDENCE)
            if self._foreign_neighbour(words, index):
                confidence -= FOREIGN_PENALTY
            if confidence >= MIN_SUGGESTION:
                yield Proposal(start, end, word, replacement, confidence, reason, candidates)

    # -- evidence from the document -------------------------------------------------------

    def _from_document(
        self,
        word: str,
        lower: str,
        shape: str,
        doc: DocContext,
        vocabulary: dict[tuple[str, int], list[str]],
    ) -> tuple[str, str] | None:
        """A spelling one edit away that the document uses more firmly than ``word``."""
        if len(lower) < MIN_DOC_LENGTH:
            return None
        own = doc.lower_counts[lower]
        matches: list[str] = []
        for size in (len(lower) - 1, len(lower), len(lower) + 1):
            for other in vocabulary.get((lower[0], size), ()):
                if other == lower or not within_one(lower, other):
                    continue
                if first_difference(lower, other) == 0 or last_difference(lower, other) == 0:
                    continue  # first or last letter differs: Ivanov/Ivanova, Andrei/Andrey
                theirs = doc.lower_counts[other]
                known = other in self.lexicon.counts
                if not (theirs > own or (known and theirs >= own)):
                    continue
                cost = edit_cost(lower, other)
                if cost > (DOC_MAX_COST_KNOWN if known else DOC_MAX_COST):
                    continue
                if shape == "title" and doc.word_counts[with_shape(other, "title")] == 0:
                    continue
                matches.append(other)
        if len(matches) != 1:
            return None
        other = matches[0]
        if own > 1:
            return None  # written the same way twice: the writer means it
        limit = DOC_MAX_ZIPF_UPPER if shape == "upper" else DOC_MAX_ZIPF
        if self.lexicon.zipf.get(lower, 0.0) >= limit:
            return None  # a word in its own right (Henan/Hunan, Zheng/Zhang)
        if shape == "upper":
            replacement = other.upper()
        else:
            forms = [w for w in doc.word_counts if w.lower() == other]
            preferred = with_shape(other, shape)
            replacement = preferred if preferred in forms or shape == "lower" else forms[0]
            if shape == "lower" and preferred not in forms:
                return None  # the document only writes it capitalised: a name, not this word
        reason = f"{word!r} is one edit from {replacement!r}, which this document uses"
        return replacement, reason

    def _foreign_neighbour(self, words: list[tuple[int, int, str]], index: int) -> bool:
        """True when a word next to ``index`` is not English (another language's phrase)."""
        counts = self.lexicon.counts
        for other in (index - 1, index + 1):
            if 0 <= other < len(words):
                word = words[other][2]
                if not word.isascii():
                    return True
                if (
                    word.islower()
                    and len(word) >= 3
                    and word not in counts
                    and not any(ch in word for ch in "-'’")
                ):
                    return True
        return False

    # -- evidence from the lexicon --------------------------------------------------------

    def _known_by_morphology(self, lower: str) -> bool:
        """A regular inflection of a known word, or two known words run together."""
        counts = self.lexicon.counts
        zipf = self.lexicon.zipf
        if any(s in counts or zipf.get(s, 0.0) >= STEM_ZIPF for s in stems(lower)):
            return True
        return any(
            lower[:i] in counts and lower[i:] in counts
            for i in range(COMPOUND_PART, len(lower) - COMPOUND_PART + 1)
        )

    def _candidates(self, lower: str) -> list[tuple[str, float, float]]:
        """``(candidate, edit cost, prior)`` sorted by prior minus cost; memoised."""
        memo = self._memo.get(lower)
        if memo is not None:
            return memo
        lexicon = self.lexicon
        found = lexicon.lookup(lower, 1)
        found += [(w, 2) for w in slip_repairs(lower) if w in lexicon.counts]
        scored = _score(lower, found, lexicon)
        if len(lower) >= MIN_LENGTH_DISTANCE_2 and (
            not scored or scored[0][2] - scored[0][1] < lexicon.zipf.get(lower, 0.0) + SELF_BONUS
        ):
            scored = _score(lower, lexicon.lookup(lower, 2) + found, lexicon)
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[lower] = scored
        return scored

    def _from_lexicon(
        self,
        words: list[tuple[int, int, str]],
        index: int,
        lower: str,
        shape: str,
        doc: DocContext,
    ) -> tuple[str, float, str, tuple[str, ...]] | None:
        lexicon = self.lexicon
        own = lexicon.zipf.get(lower, 0.0)
        if own >= KNOWN_ZIPF or self._known_by_morphology(lower):
            return None
        scored = self._candidates(lower)
        if len(lower) <= 3:
            scored = [s for s in scored if s[1] <= SHORT_MAX_COST and sorted(s[0]) == sorted(lower)]
        if not scored:
            return None
        before = words[index - 1][2].lower() if index > 0 else ""
        after = words[index + 1][2].lower() if index + 1 < len(words) else ""
        ranked: list[tuple[float, str, list[str]]] = []
        for candidate, cost, prior in scored[:8]:
            score = prior - cost
            notes: list[str] = []
            if doc.lower_counts[candidate] and prior < 6.0:
                score += DOC_BONUS * (6.0 - prior)
                notes.append("used elsewhere in this document")
            sides = (before and lexicon.bigram(before, candidate)) or 0
            sides_after = (after and lexicon.bigram(candidate, after)) or 0
            if sides or sides_after:
                score += BIGRAM_BONUS * (bool(sides) + bool(sides_after))
                notes.append("fits the neighbouring words")
            ranked.append((score, candidate, notes))
        ranked.sort(key=lambda r: -r[0])
        best_score, best, notes = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else float("-inf")
        itself = own + SELF_BONUS + SELF_SLOPE * max(0.0, own - 2.0) if own > 0 else UNSEEN_SELF
        margin = best_score - max(runner_up, itself)
        confidence = min(MAX_CONFIDENCE, BASE_CONFIDENCE + SLOPE * margin)
        if scored[0][1] > FIX_MAX_COST or next(s[1] for s in scored if s[0] == best) > FIX_MAX_COST:
            confidence = min(confidence, CAPPED_CONFIDENCE)
        replacement = with_shape(best, shape)
        why = "not a known word" if own == 0 else "a rare spelling"
        reason = f"{why}; {best!r} is a likely intended word"
        if notes:
            reason += " (" + ", ".join(notes) + ")"
        candidates = tuple(with_shape(r[1], shape) for r in ranked[:3])
        return replacement, confidence, reason, candidates


def _score(
    lower: str, found: list[tuple[str, int]], lexicon: Lexicon
) -> list[tuple[str, float, float]]:
    scored = []
    for candidate in dict.fromkeys(w for w, _ in found):
        cost = edit_cost(lower, candidate)
        if cost <= MAX_COST:
            scored.append((candidate, cost, lexicon.prior(candidate)))
    scored.sort(key=lambda s: s[1] - s[2])
    return scored


def _vocabulary(doc: DocContext) -> dict[tuple[str, int], list[str]]:
    """The document's plain words by (first letter, length), lowercase."""
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for lower in doc.lower_counts:
        if lower.isascii() and lower.isalpha() and len(lower) >= MIN_DOC_LENGTH - 1:
            groups[(lower[0], len(lower))].append(lower)
    return groups
