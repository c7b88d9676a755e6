"""Rules of the ``phrases`` stage: dictionary packs of MT/spinner artifacts, stranded words.

Phrase packs (``kind = "phrase"`` in ``dictionaries/index.toml``)
    ``match`` is a phrase, matched word-bounded and case-insensitively, with any run of
    whitespace (line breaks too) between its words. ``replace`` is the reviewed form; an empty
    ``replace`` makes the entry detect-only (a :class:`~cleaner.edits.Flag`, never an edit).
    Inflections are declared with aligned slash alternatives: ``blaze/blazed/blazes/blazing a
    deal`` ↔ ``flout/flouted/flouts/flouting a deal`` expands to four entries, the i-th
    alternative of every slash group going together (a literal ``/`` cannot appear in a match).

One pass
    Every enabled phrase pack goes into ONE index of phrases by anchor word (built once per
    :class:`~cleaner.resources.Resources`, cached on disk) and the text is searched once per
    stage; the per-pack rules share the hits. The rule id of a pack's edits is the pack id when
    a rule of that id exists (``news-spins``, ``tortured-science``), so
    ``ignore = ["tortured-science"]`` switches that pack off; other phrase packs (a user's
    extra packs) report as ``phrase-pack``.

Corroboration
    A built-in pack's phrase (``news-spins``, ``tortured-science``) is applied only when the
    document holds at least :data:`SPIN_EVIDENCE_MIN` of their entries: a spinner leaves many,
    and one alone may be ordinary English. Alone, it is a suggestion.

Case
    ALL CAPS found → ALL CAPS replacement; a capitalised match that starts a sentence → the
    replacement capitalised; anything else (a Title-Case match mid-sentence, lower case) → the
    pack's own casing, because the pack holds the reviewed form.
"""

from __future__ import annotations

import itertools
import marshal
import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cleaner.context import (
    LONG_TEXT,
    DocContext,
    ascii_word_counts,
    ascii_words_in,
    find_all,
    is_word_char,
    lower_same_length,
    merged,
    run_starts_in,
    stands_alone,
    stretches,
)
from cleaner.edits import Edit, Flag
from cleaner.packs import Pack, PackError
from cleaner.registry import Rule, register
from cleaner.spelling import cache

if TYPE_CHECKING:
    from cleaner.resources import Resources

#: rule id for phrase packs without a rule of their own
GENERIC_RULE = "phrase-pack"
#: phrase packs that have a rule of their own (rule id == pack id)
PACK_RULES: tuple[str, ...] = ("news-spins", "tortured-science")
MATCHER = "phrases.matcher"
#: the disk cache entry of the phrase index
INDEX_CACHE = "phrases"

_WS = re.compile(r"\s+")
#: a phrase search over at least this many windows (a focused rerun of a long text) finds the
#: anchors' places in one pass per window rather than with a scan per anchor and window: the
#: eval documents as one text had 118 windows and ~200 anchors present, 23,560 scans
RUNS_MIN_WINDOWS = 8
#: a long text is matched in pieces of about this many characters (see PhraseMatcher._spans):
#: the size of a short news story, where pruning phrases by the words present works well
PIECE = 4_000
#: a phrase's tokens: word runs and single other characters (as ``\w`` and ``\s`` mean them)
_TOKEN = re.compile(r"\w+|[^\w\s]")


class PhraseEntry(NamedTuple):
    """One expanded entry of a phrase pack."""

    rule: str
    pack: str
    match: str
    replace: str
    confidence: float
    reason: str
    #: the pack line's match cell, slash alternatives and all: one per line of the pack
    source: str


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: PhraseEntry


def expand(match: str, replace: str) -> list[tuple[str, str]]:
    """Expand aligned slash alternatives into plain ``(match, replace)`` pairs.

    >>> expand("blaze/blazed a deal", "flout/flouted a deal")
    [('blaze a deal', 'flout a deal'), ('blazed a deal', 'flouted a deal')]
    """
    m_tokens = match.split()
    r_tokens = replace.split()
    m_sizes = {t.count("/") + 1 for t in m_tokens if "/" in t}
    r_sizes = {t.count("/") + 1 for t in r_tokens if "/" in t}
    if not m_sizes:
        if r_sizes:
            raise PackError(f"{match!r}: slash alternatives in replace but not in match")
        return [(" ".join(m_tokens), " ".join(r_tokens))]
    if len(m_sizes) > 1 or (r_sizes and r_sizes != m_sizes):
        raise PackError(f"{match!r} → {replace!r}: slash groups must have the same size")
    size = m_sizes.pop()

    def pick(tokens: list[str], i: int) -> str:
        return " ".join(t.split("/")[i] if "/" in t else t for t in tokens)

    return [(pick(m_tokens, i), pick(r_tokens, i)) for i in range(size)]


def rule_for(pack: Pack) -> str:
    return pack.id if pack.id in PACK_RULES else GENERIC_RULE


#: one phrase as the matcher walks it: its key (the lower-case phrase), its tokens, whether
#: whitespace separates token ``i`` from token ``i + 1``, the index of its anchor token, and
#: its next rarest word (``""`` if it has one word only), which a text must hold too
_Phrase = tuple[str, tuple[str, ...], tuple[bool, ...], int, str]

#: what a matcher is built from, in plain containers (marshal-able): entries by lower-case
#: phrase, phrases by anchor word, phrases without a word
_State = tuple[
    dict[str, tuple[str, str, str, str, float, str, str]],
    dict[str, list[_Phrase]],
    list[str],
]


def _tokens(key: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """``key``'s tokens and, between each two, whether whitespace separates them.

    >>> _tokens("de-escalation zone")
    (('de', '-', 'escalation', 'zone'), (False, False, True))
    """
    found = list(_TOKEN.finditer(key))
    gaps = tuple(a.end() < b.start() for a, b in itertools.pairwise(found))
    return tuple(m.group() for m in found), gaps


def _commonness(token: str, counts: dict[str, int]) -> int:
    """How common ``token`` is; fragments (``s`` of ``'s``, ``19`` of ``covid-19``) and
    numbers count as very common wherever they are listed."""
    if len(token) < 3 or not token.isalpha():
        return 1 << 62
    return counts.get(token, 0)


def _index(packs: Sequence[Pack], enabled: Iterable[str]) -> _State:
    """Expand the enabled packs' entries and group the phrases by anchor.

    A phrase's anchor is its rarest word (symspellpy's counts; a word not in the list counts
    as rarest, a fragment or number as very common; the longer word on a tie): every
    occurrence of an anchor in a text is checked, so ``discourse`` anchors ``discourse
    examination`` rather than ``examination``.
    """
    on = set(enabled)
    entries: dict[str, tuple[str, str, str, str, float, str, str]] = {}
    for pack in packs:
        rule = rule_for(pack)
        if rule not in on:
            continue
        for raw in pack.entries:
            for match, replace in expand(raw.match, raw.replace):
                key = match.lower()
                if key not in entries or pack.user:  # (users' packs come after the built-ins)
                    entries[key] = (
                        rule,
                        pack.id,
                        match,
                        replace,
                        raw.confidence,
                        raw.reason,
                        raw.match,
                    )
    from cleaner.spelling.lexicon import symspell_counts  # (only when the cache is cold)

    counts = symspell_counts() if entries else {}
    groups: dict[str, list[_Phrase]] = {}
    loose: list[str] = []
    for key in entries:
        tokens, gaps = _tokens(key)
        words = [i for i, token in enumerate(tokens) if is_word_char(token[0])]
        if not words:
            loose.append(key)
            continue
        words.sort(key=lambda i: (_commonness(tokens[i], counts), -len(tokens[i])))
        anchor = words[0]
        companion = next((tokens[i] for i in words if tokens[i] != tokens[anchor]), "")
        groups.setdefault(tokens[anchor], []).append((key, tokens, gaps, anchor, companion))
    return entries, groups, loose


def _loose_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Phrases with no word in them (rare), longest first; a space matches any whitespace."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile("|".join(r"\s+".join(map(re.escape, p.split(" "))) for p in ordered))


def _walk(low: str, start: int, end: int, phrase: _Phrase) -> tuple[int, int] | None:
    """Where ``phrase`` lies when its anchor token is ``low[start:end]``, or ``None``.

    Token by token outwards from the anchor, with string comparisons only: each token must be
    whole (a word token not part of a longer word), separated from its neighbour by whitespace
    exactly where the phrase has a space; and the phrase must end at a word end.
    """
    _, tokens, gaps, anchor, _ = phrase
    size = len(low)
    pos = start
    for i in range(anchor - 1, -1, -1):
        if gaps[i]:
            back = pos
            while back and low[back - 1].isspace():
                back -= 1
            if back == pos:
                return None
            pos = back
        token = tokens[i]
        begin = pos - len(token)
        if begin < 0 or not low.startswith(token, begin):
            return None
        if begin and is_word_char(token[0]) and is_word_char(low[begin - 1]):
            return None
        pos = begin
    first = pos
    pos = end
    for i in range(anchor + 1, len(tokens)):
        if gaps[i - 1]:
            ahead = pos
            while ahead < size and low[ahead].isspace():
                ahead += 1
            if ahead == pos:
                return None
            pos = ahead
        token = tokens[i]
        if not low.startswith(token, pos):
            return None
        pos += len(token)
        if pos < size and is_word_char(token[-1]) and is_word_char(low[pos]):
            return None
    # the end of a phrase is a word end, not inside a hyphenated word
    if pos < size and (is_word_char(low[pos]) or low[pos] == "-"):
        return None
    return first, pos


class PhraseMatcher:
    """Every enabled phrase pack, matched in one logical pass; hits cached for the last text.

    Phrases are grouped by an anchor, their rarest word. The anchors a text holds come from
    its ASCII letter runs (:func:`~cleaner.context.ascii_word_counts`) and a set intersection;
    a phrase whose next rarest word is not in the text is dropped there; each occurrence of
    such an anchor is then
    checked against its phrases token by token, outwards (:func:`_walk`), with plain string
    comparisons. Nothing is compiled: an earlier version compiled a trie regex per anchor (or
    one of all 7,000 phrases, a second's work), which made the first megabyte of a run slow.
    Overlapping hits are resolved leftmost-longest.
    """

    def __init__(self, packs: Sequence[Pack], enabled: Iterable[str]) -> None:
        self._load(_index(packs, enabled))

    @classmethod
    def cached(
        cls, packs: Sequence[Pack], enabled: Iterable[str], directory: Path | None
    ) -> PhraseMatcher:
        """The matcher for ``packs``, its index read from the disk cache when the pack files
        (and this module) are unchanged: parsing and grouping 7,000 phrases costs ~60 ms at
        every start, reading the index back ~10 ms."""
        on = sorted(set(enabled))
        from cleaner.spelling.lexicon import WORDS_FILE, symspell_file

        sources = [p.path for p in packs] + [Path(__file__), symspell_file(WORDS_FILE)]
        key = cache.content_key(sources, *on)
        data = cache.read(directory, INDEX_CACHE, key)
        if data is not None:
            try:
                state = marshal.loads(data)
                matcher = cls.__new__(cls)
                matcher._load(state)
            except (EOFError, ValueError, TypeError, KeyError):
                pass  # a corrupt entry: rebuilt below
            else:
                return matcher
        state = _index(packs, on)
        cache.write(directory, INDEX_CACHE, key, marshal.dumps(state))
        matcher = cls.__new__(cls)
        matcher._load(state)
        return matcher

    def _load(self, state: _State) -> None:
        entries, groups, loose = state
        self.entries: dict[str, PhraseEntry] = {
            key: PhraseEntry._make(value) for key, value in entries.items()
        }
        self._groups = groups
        #: anchors that are not plain ASCII letters (``β``, ``covid-19``'s ``19``): not found
        #: among a text's ASCII letter runs, so looked for one by one
        self._other_anchors = [w for w in groups if not (w.isascii() and w.isalpha())]
        #: per anchor, its phrases' companion words when each phrase has one and all are plain
        #: ASCII letters: an anchor none of whose companions the text holds is passed over at
        #: once (most present anchors are common words whose phrases are absent)
        self._companions: dict[str, tuple[str, ...]] = {
            w: tuple({p[4] for p in group})
            for w, group in groups.items()
            if all(p[4] and p[4].isascii() and p[4].isalpha() for p in group)
        }
        self._loose = _loose_pattern(loose) if loose else None
        #: how far around a focus window the phrases are looked for (twice the longest
        #: phrase): a hit that touches the window, and any hit that overlaps that one, lies
        #: within it, so the leftmost-longest choice there is the whole text's
        self._reach = 2 * max((len(key) for key in entries), default=0)
        self._last: tuple[str, list[tuple[int, int]] | None, list[Hit]] | None = None

    def _spans(
        self, low: str, runs: Collection[str], around: list[tuple[int, int]] | None = None
    ) -> dict[tuple[int, int], str]:
        """Every match of every phrase in ``low`` (they may overlap), with its key; with
        ``around``, only those whose anchor lies in one of these stretches.

        ``runs`` are the text's ASCII letter runs (:func:`~cleaner.context.ascii_word_counts`);
        an anchor or companion word that is not plain ASCII letters (``co2``, ``4``) need only
        occur in ``low`` at all: both tests only pass over phrases, and every occurrence of an
        anchor is checked to be a whole word, and every phrase walked token by token, below.
        (Tokenising the text with ``\\w+`` for them cost as much as the rest of the search.)

        A text of :data:`~cleaner.context.LONG_TEXT` or more is looked at a piece of about
        :data:`PIECE` characters at a time (:func:`~cleaner.context.stretches`), each piece's
        phrases passed over unless their words occur in it or within :attr:`_reach` of it. A
        whole long text holds nearly every companion word, so nearly every anchor was walked
        for phrases whose other words stood pages away: the eval documents joined 100 at a
        time took 57 ms to match against 13 ms for them one by one; in pieces, 37 ms.
        """
        spans: dict[tuple[int, int], str] = {}
        size = len(low)
        others = {w for w in self._other_anchors if w in low}
        if around is not None:
            # (a subset of the text's runs)
            self._anchored(low, ascii_words_in(low, around), others, around, spans, (0, size))
        elif size >= LONG_TEXT:
            reach = self._reach
            for start, end in stretches(low, " ", PIECE):
                near = (max(0, start - reach), min(size, end + reach))
                words = ascii_words_in(low, [near])
                self._anchored(low, words, others, [(start, end)], spans, near)
        else:
            self._anchored(low, runs, others, None, spans, (0, size))
        if self._loose is not None:
            for start, end in [(0, size)] if around is None else around:
                for m in self._loose.finditer(low, start, end):
                    spans[m.span()] = _WS.sub(" ", m.group())
        return spans

    def _anchored(
        self,
        low: str,
        runs: Collection[str],
        others: set[str],
        windows: list[tuple[int, int]] | None,
        spans: dict[tuple[int, int], str],
        near: tuple[int, int],
    ) -> None:
        """Add to ``spans`` the phrases anchored in ``windows`` of ``low`` (all of it when
        ``None``) whose words are among ``runs``, or ``others`` (the anchors that are not plain
        letters found in ``low``). A phrase's other words that are not plain letters need only
        occur in ``low[near[0]:near[1]]``, where ``runs`` were taken. See :meth:`_spans`."""

        def holds(word: str) -> bool:
            if word.isascii() and word.isalpha():
                return word in runs
            return low.find(word, *near) != -1

        present = (self._groups.keys() & runs) | others
        companions = self._companions
        # where the plain-letter anchors stand in many windows, one pass per window (a focused
        # rerun of a long text has about as many windows as anchors: a scan of every window
        # per anchor grew with both); a few windows are scanned per anchor in C
        in_windows = None
        if windows is not None and len(windows) >= RUNS_MIN_WINDOWS:
            in_windows = run_starts_in(low, present - others, windows)
        for word in present:
            if word in companions:
                for companion in companions[word]:
                    if companion in runs:
                        break
                else:
                    continue
            group = [p for p in self._groups[word] if not p[4] or holds(p[4])]
            if not group:
                continue
            width = len(word)
            found: Iterable[int]
            if windows is None:
                found = find_all(low, word)  # (an anchor is all word characters: no whole-word
                # occurrence overlaps another, so the overlapping ones found are skipped below)
            elif in_windows is not None and word not in others:
                found = in_windows.get(word, ())  # (a whole word is a whole run of letters)
            else:
                found = [pos for start, end in windows for pos in find_all(low, word, start, end)]
            for pos in found:
                end = pos + width
                if stands_alone(low, pos, end):
                    for phrase in group:
                        span = _walk(low, pos, end, phrase)
                        if span is not None:
                            spans[span] = phrase[0]

    def hits(self, text: str, focus: list[tuple[int, int]] | None = None) -> list[Hit]:
        """The phrases in ``text`` that do not overlap: the most confident, then leftmost-longest.
        With ``focus``
        (:attr:`DocContext.focus`), at least the hits that touch its windows, as the whole text
        has them. The text's word runs (:meth:`_spans`) are the shared
        :func:`~cleaner.context.ascii_word_counts`, counted only for a short text seen whole: a
        focused rerun looks at its windows' words, a long text at its pieces' words."""
        last = self._last
        if last is not None and (last[0] is text or last[0] == text) and last[1] == focus:
            return last[2]
        low = lower_same_length(text)
        found: list[Hit] = []
        around = None
        if focus is not None:
            reach = self._reach
            # (merged: windows close together would otherwise have their anchors walked twice)
            around = merged(
                (max(0, start - reach), min(len(low), end + reach)) for start, end in focus
            )
        runs = ascii_word_counts(text) if around is None and len(low) < LONG_TEXT else frozenset()
        spans = self._spans(low, runs, around)
        candidates = []
        for (start, stop), key in spans.items():
            if start and low[start - 1] == "-":
                continue
            entry = self.entries.get(key)
            if entry is not None:
                candidates.append(Hit(start, stop, entry))
        # of overlapping phrases the most confident wins, as edits do in the pipeline (a user's
        # sure entry is not lost to a longer suggestion); at equal confidence, leftmost-longest
        candidates.sort(key=lambda h: (-h.entry.confidence, h.start, -h.end))
        starts: list[int] = []  # of the hits taken, which never overlap: sorted by start and end
        ends: list[int] = []
        for hit in candidates:
            i = bisect_right(starts, hit.start)
            if (i and ends[i - 1] > hit.start) or (i < len(starts) and starts[i] < hit.end):
                continue
            starts.insert(i, hit.start)
            ends.insert(i, hit.end)
            found.append(hit)
        found.sort(key=lambda h: h.start)
        self._last = (text, focus, found)
        return found


def carry_case(found: str, replacement: str, sentence_start: bool) -> str:
    """The replacement in the case pattern of ``found`` (see the module docstring).

    >>> carry_case("DECAL ZONE", "de-escalation zone", False)
    'DE-ESCALATION ZONE'
    >>> carry_case("Decal zone", "de-escalation zone", True)
    'De-escalation zone'
    >>> carry_case("Decal Zone", "de-escalation zone", False)
    'de-escalation zone'
    """
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if sentence_start and found[:1].isupper() and replacement:
        return replacement[0].upper() + replacement[1:]
    return replacement


def keep_layout(found: str, replacement: str) -> str:
    """Keep the found text's line breaks between words when the word counts agree."""
    seps = _WS.findall(found)
    words = replacement.split(" ")
    if len(seps) != len(words) - 1 or not any("\n" in s for s in seps):
        return replacement
    out = [words[0]]
    for sep, word in zip(seps, words[1:], strict=True):
        out += [sep, word]
    return "".join(out)


def _matcher(resources: Resources) -> PhraseMatcher:
    def build() -> PhraseMatcher:
        # a word pack is phrases of one word each
        packs = resources.packs_of_kind("phrase") + resources.packs_of_kind("word")
        rules = {rule_for(p) for p in packs}
        enabled = [r for r in rules if resources.config.enabled(r, "phrases")]
        return PhraseMatcher.cached(packs, enabled, cache.cache_dir(resources.config))

    return resources.get(MATCHER, build)


#: a spinner or a round trip through another language never changes one phrase alone: a
#: built-in pack's phrase is applied only when the document holds at least this many of the
#: built-in packs' lines that are sure enough to apply (an entry's inflections and repeats
#: count once; see :func:`spin_evidence`); alone, it may be ordinary English (``Clinicians
#: look for motor signs``, ``a direct relapse``, ``the home of lords and dukes``) and is only
#: suggested. A user's own pack is applied as written
SPIN_EVIDENCE_MIN = 2
#: the confidence an uncorroborated phrase is capped at (below the default threshold)
UNCORROBORATED_CONFIDENCE = 0.75
UNCORROBORATED_NOTE = (
    "; only suggested: the document holds no other spun or tortured phrase, and a phrase that "
    "stands alone may be meant (a clinician may look for motor signs)"
)


def spin_evidence(hits: Iterable[Hit], threshold: float) -> int:
    """How many distinct lines of the built-in packs (:data:`PACK_RULES`) ``hits`` holds whose
    confidence reaches ``threshold``, detect-only ones too; an entry's inflections and repeats
    count once, and an entry only ever suggested (``irregular woodland``) corroborates nothing.

    >>> entry = PhraseEntry("news-spins", "news-spins", "decal zone", "de-escalation zone", 0.9,
    ...                     "round trip", "decal zone/zones")
    >>> spin_evidence([Hit(0, 10, entry), Hit(20, 30, entry)], 0.8)
    1
    """
    return len(
        {
            (h.entry.pack, h.entry.source)
            for h in hits
            if h.entry.rule in PACK_RULES and h.entry.confidence >= threshold
        }
    )


class PhrasePackRule(Rule):
    """Base of the phrase-pack rules: report this rule's share of the one-pass hits."""

    stage = "phrases"
    focused = True

    def find(self, text: str, doc: DocContext) -> Iterator[Edit | Flag]:
        matcher = _matcher(self.resources)
        hits = matcher.hits(text, doc.focus)
        evidence: int | None = None
        for hit in hits:
            entry = hit.entry
            if entry.rule != self.id or not doc.in_focus(hit.start, hit.end):
                continue
            found = text[hit.start : hit.end]
            reason = f"{entry.pack}: {entry.reason}"
            if not entry.replace:
                yield Flag(hit.start, hit.end, found, self.id, reason, entry.confidence)
                continue
            confidence = entry.confidence
            if entry.rule in PACK_RULES:
                if evidence is None:  # (a focused rerun's hits are the windows' only)
                    whole = hits if doc.focus is None else matcher.hits(text)
                    evidence = spin_evidence(whole, self.resources.config.fix_threshold)
                if evidence < SPIN_EVIDENCE_MIN:
                    confidence = min(confidence, UNCORROBORATED_CONFIDENCE)
                    reason += UNCORROBORATED_NOTE
            replacement = carry_case(found, entry.replace, doc.is_sentence_start(hit.start))
            replacement = keep_layout(found, replacement)
            if replacement == found:
                continue
            yield Edit(
                hit.start,
                hit.end,
                found,
                replacement,
                self.id,
                reason,
                confidence,
                candidates=(replacement,),
            )


@register
class NewsSpins(PhrasePackRule):
    """Artifacts of spun or round-trip-translated news, from the ``news-spins`` pack.

    ``accused Turkey of blazing a deal in the Idlib Decal Zone`` → ``accused Turkey of flouting
    a deal in the Idlib de-escalation zone``; either phrase alone is only suggested.
    """

    id = "news-spins"


@register
class TorturedScience(PhrasePackRule):
    """Tortured phrases of paraphrasing tools, from the ``tortured-science`` pack (PPS list).

    ``colossal information`` → ``big data`` and ``bosom peril`` → ``breast cancer`` in one
    document (either alone is only suggested); entries that can be ordinary English
    (``irregular woodland``) are only suggestions.
    """

    id = "tortured-science"


@register
class PhrasePack(PhrasePackRule):
    """Entries of phrase and word packs without a rule of their own (a user's extra packs).

    With a user pack holding ``in close proximity to → near``: ``stood in close proximity to
    the gate`` → ``stood near the gate``. A user's entry replaces a built-in one for the same
    phrase.
    """

    id = GENERIC_RULE


#: temporal modifiers that a round trip can strand after the sentence end (``in 10 days. last.``)
STRANDED_MODIFIERS: tuple[str, ...] = ("last", "past", "next", "previous", "coming", "following")
#: prepositions that take a span of time (``in``/``over``/``during`` the last 10 days)
TIME_PREPOSITIONS: tuple[str, ...] = ("in", "over", "during", "for", "within", "throughout")
#: units of a span of time, singular and plural
TIME_UNITS: tuple[str, ...] = (
    "second/seconds",
    "minute/minutes",
    "hour/hours",
    "day/days",
    "week/weeks",
    "month/months",
    "year/years",
    "decade/decades",
)
_NUMBER = r"(?:\d+|a\s+few|several|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_UNITS = "|".join(u for unit in TIME_UNITS for u in unit.split("/"))
#: the rare part first (``. last.``), so the scan is a cheap literal search
_STRANDED_TAIL = re.compile(r"\.\s+(" + "|".join(STRANDED_MODIFIERS) + r")\.")
_STRANDED_HEAD = re.compile(
    r"\b(?:" + "|".join(TIME_PREPOSITIONS) + r")\s+(" + _NUMBER + r"\s+(?:" + _UNITS + r"))\Z",
    re.IGNORECASE,
)


@register
class StrandedModifier(Rule):
    """A time modifier left after the sentence end by a round trip, put back before its span.

    ``killed by shelling in 10 days. last.`` → ``killed by shelling in the last 10 days.``
    """

    id = "stranded-modifier"
    stage = "phrases"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        for m in _STRANDED_TAIL.finditer(text):
            mod = m.group(1)
            head = _STRANDED_HEAD.search(text, max(0, m.start() - 60), m.start())
            if head is None:
                continue
            start = head.start(1)
            replacement = f"the {mod} {head.group(1)}."
            yield Edit(
                start,
                m.end(),
                text[start : m.end()],
                replacement,
                self.id,
                f"'{mod}' stranded after the sentence end belongs before the time span",
                0.9,
            )
