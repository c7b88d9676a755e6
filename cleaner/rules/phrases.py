"""Rules of the ``phrases`` stage: dictionary packs of MT/spinner artifacts, stranded words.

Phrase packs (``kind = "phrase"`` in ``dictionaries/index.toml``)
    ``match`` is a phrase, matched word-bounded and case-insensitively, with any run of
    whitespace (line breaks too) between its words. ``replace`` is the reviewed form; an empty
    ``replace`` makes the entry detect-only (a :class:`~cleaner.edits.Flag`, never an edit).
    Inflections are declared with aligned slash alternatives: ``blaze/blazed/blazes/blazing a
    deal`` ↔ ``flout/flouted/flouts/flouting a deal`` expands to four entries, the i-th
    alternative of every slash group going together (a literal ``/`` cannot appear in a match).

One pass
    Every enabled phrase pack is compiled into ONE character-trie alternation (built once per
    :class:`~cleaner.resources.Resources`) and the text is scanned once per stage; the per-pack
    rules share the hits. The rule id of a pack's edits is the pack id when a rule of that id
    exists (``news-spins``, ``tortured-science``), so ``ignore = ["tortured-science"]`` switches
    that pack off; other phrase packs (a user's extra packs) report as ``phrase-pack``.

Case
    ALL CAPS found → ALL CAPS replacement; a capitalised match that starts a sentence → the
    replacement capitalised; anything else (a Title-Case match mid-sentence, lower case) → the
    pack's own casing, because the pack holds the reviewed form.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cleaner.context import DocContext
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
_WORD = re.compile(r"\w+")
_WORD_OR_HYPHEN = re.compile(r"[\w\-]")
#: extra characters searched around an anchor (whitespace runs longer than one space)
_SLACK = 16
#: characters searched anchor by anchor before the whole trie is compiled: searching by anchor
#: costs nothing up front but runs at ~4 MB/s, the whole trie at ~12 MB/s after a ~1 s compile
_FULL_TRIE_AFTER = 2_000_000
#: ...or at once when one text is long and holds many anchors (``str.find`` per anchor)
_FIND_BUDGET = 50_000_000
#: ...or once this many anchors' tries were compiled (~0.7 ms each; the whole trie ~0.7 s):
#: fresh news text meets a new anchor every ~800 characters, so a corpus run gets there
#: within its first MB and a small file never does
_FULL_TRIE_AFTER_PATTERNS = 400


class PhraseEntry(NamedTuple):
    """One expanded entry of a phrase pack."""

    rule: str
    pack: str
    match: str
    replace: str
    confidence: float
    reason: str


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


def _trie_pattern(phrases: Iterable[str]) -> str:
    """One regex alternation for many phrases, factored as a character trie.

    A space in a phrase matches any run of whitespace; the end of a phrase must be a word end.
    Longer continuations are tried before a phrase ends, so the longest entry wins.
    """
    trie: dict[str, object] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})  # type: ignore[assignment]
        node[""] = {}

    def emit(node: dict[str, object]) -> str:
        branches: list[str] = []
        for ch in sorted(k for k in node if k):
            atom = r"\s+" if ch == " " else re.escape(ch)
            branches.append(atom + emit(node[ch]))  # type: ignore[arg-type]
        if "" in node:
            branches.append(r"(?![\w\-])")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    # ``\b`` rather than a look-behind: stdlib ``re`` scans ~20x faster; a hyphen before the
    # match is rejected afterwards
    return r"\b" + emit(trie)


#: what a matcher is built from, in plain containers (marshal-able): entries by lower-case
#: phrase, phrases by anchor word, each anchor's reach, phrases without a word
_State = tuple[
    dict[str, tuple[str, str, str, str, float, str]],
    dict[str, list[str]],
    dict[str, tuple[int, int]],
    list[str],
]


def _index(packs: Sequence[Pack], enabled: Iterable[str]) -> _State:
    """Expand the enabled packs' entries and group the phrases by anchor (longest word)."""
    on = set(enabled)
    entries: dict[str, tuple[str, str, str, str, float, str]] = {}
    for pack in packs:
        rule = rule_for(pack)
        if rule not in on:
            continue
        for raw in pack.entries:
            for match, replace in expand(raw.match, raw.replace):
                key = match.lower()
                if key not in entries:
                    entries[key] = (rule, pack.id, match, replace, raw.confidence, raw.reason)
    groups: dict[str, list[str]] = {}
    reach: dict[str, tuple[int, int]] = {}
    loose: list[str] = []
    for key in entries:
        words = list(_WORD.finditer(key))
        if not words:
            loose.append(key)
            continue
        anchor = max(words, key=lambda m: len(m.group()))
        word = anchor.group()
        groups.setdefault(word, []).append(key)
        before, after = reach.get(word, (0, 0))
        reach[word] = (max(before, anchor.start()), max(after, len(key) - anchor.end()))
    return entries, groups, reach, loose


class PhraseMatcher:
    """Every enabled phrase pack, matched in one logical pass; hits cached for the last text.

    Phrases are grouped by an anchor, their longest word. A text is searched only around the
    anchors it contains (one C-level ``findall`` and a set intersection find them), with a small
    trie pattern per anchor that is compiled the first time the anchor is seen. Compiling one
    trie of all 7,000 phrases took about a second at every start; a short clean file now
    compiles a handful of tiny patterns or none. Overlapping hits are resolved leftmost-longest,
    as one scan with the whole trie would.
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
        key = cache.content_key([p.path for p in packs] + [Path(__file__)], *on)
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
        entries, groups, reach, loose = state
        self.entries: dict[str, PhraseEntry] = {
            key: PhraseEntry._make(value) for key, value in entries.items()
        }
        self._groups = groups
        #: per anchor: the most characters a phrase has before and after its anchor
        self._reach = {word: (before, after) for word, (before, after) in reach.items()}
        self._patterns: dict[str, re.Pattern[str]] = {}
        # stdlib ``re`` on case-folded text: the ``regex`` module is two orders of magnitude
        # slower on large tries (0.06 vs 11 MB/s measured)
        self._loose = re.compile(_trie_pattern(loose)) if loose else None
        #: the trie of all phrases, compiled (about a second) once a corpus is under way
        self._full: re.Pattern[str] | None = None
        self._seen = 0
        self._last: tuple[str, list[Hit]] | None = None

    def _pattern(self, anchor: str) -> re.Pattern[str]:
        pattern = self._patterns.get(anchor)
        if pattern is None:
            pattern = self._patterns[anchor] = re.compile(_trie_pattern(self._groups[anchor]))
        return pattern

    def _spans(self, low: str) -> set[tuple[int, int]]:
        """Every match of every group whose anchor occurs in ``low`` (may overlap)."""
        self._seen += len(low)
        present = self._groups.keys() & set(_WORD.findall(low)) if self._full is None else ()
        if self._full is None and (
            self._seen > _FULL_TRIE_AFTER
            or len(present) * len(low) > _FIND_BUDGET
            or len(self._patterns) > _FULL_TRIE_AFTER_PATTERNS
        ):
            self._full = re.compile(_trie_pattern(self.entries))  # worth a second now
        if self._full is not None:
            return {m.span() for m in self._full.finditer(low)}
        spans: set[tuple[int, int]] = set()
        size = len(low)
        for word in present:
            before, after = self._reach[word]
            windows: list[tuple[int, int]] = []
            pos = low.find(word)
            while pos != -1:
                lo = max(0, pos - 2 * before - _SLACK)
                hi = min(size, pos + len(word) + 2 * after + _SLACK)
                if windows and lo <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], hi)  # overlapping windows are merged
                else:
                    windows.append((lo, hi))
                pos = low.find(word, pos + 1)
            pattern = self._pattern(word)
            for lo, hi in windows:
                spans.update(m.span() for m in pattern.finditer(low, lo, hi))
        if self._loose is not None:
            spans.update(m.span() for m in self._loose.finditer(low))
        return spans

    def hits(self, text: str) -> list[Hit]:
        last = self._last
        if last is not None and (last[0] is text or last[0] == text):
            return last[1]
        low = _lower_same_length(text)
        found: list[Hit] = []
        end = 0
        for start, stop in sorted(self._spans(low), key=lambda s: (s[0], -s[1])):
            if start < end:
                continue  # overlaps the hit before: leftmost-longest wins
            if start and low[start - 1] == "-":
                continue
            if _WORD_OR_HYPHEN.match(low, stop):
                continue  # a window's end cut a longer word short
            entry = self.entries.get(_WS.sub(" ", low[start:stop]))
            if entry is not None:
                found.append(Hit(start, stop, entry))
                end = stop
        self._last = (text, found)
        return found


def _lower_same_length(text: str) -> str:
    """``text.lower()``, keeping every offset.

    Only ``İ`` (U+0130) grows when lower-cased (to ``i̇``); it is folded to ``i`` first. Any
    other such character keeps its case.
    """
    low = text.replace("\u0130", "I").lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


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
        packs = resources.packs_of_kind("phrase")
        rules = {rule_for(p) for p in packs}
        enabled = [r for r in rules if resources.config.enabled(r, "phrases")]
        return PhraseMatcher.cached(packs, enabled, cache.cache_dir(resources.config))

    return resources.get(MATCHER, build)


class PhrasePackRule(Rule):
    """Base of the phrase-pack rules: report this rule's share of the one-pass hits."""

    stage = "phrases"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit | Flag]:
        for hit in _matcher(self.resources).hits(text):
            entry = hit.entry
            if entry.rule != self.id:
                continue
            found = text[hit.start : hit.end]
            reason = f"{entry.pack}: {entry.reason}"
            if not entry.replace:
                yield Flag(hit.start, hit.end, found, self.id, reason, entry.confidence)
                continue
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
                entry.confidence,
                candidates=(replacement,),
            )


@register
class NewsSpins(PhrasePackRule):
    """Artifacts of spun or round-trip-translated news, from the ``news-spins`` pack.

    ``in the Idlib Decal Zone`` → ``in the Idlib de-escalation zone``;
    ``accused Turkey of blazing a deal`` → ``accused Turkey of flouting a deal``.
    """

    id = "news-spins"


@register
class TorturedScience(PhrasePackRule):
    """Tortured phrases of paraphrasing tools, from the ``tortured-science`` pack (PPS list).

    ``counterfeit consciousness`` → ``artificial intelligence``; entries that can be ordinary
    English (``degree of displacement``) are only suggestions.
    """

    id = "tortured-science"


@register
class PhrasePack(PhrasePackRule):
    """Entries of phrase packs without a rule of their own (e.g. a user's extra packs).

    With a user pack holding ``Joined Together States → United States``:
    ``the Joined Together States`` → ``the United States``.
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
