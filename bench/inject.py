"""Inject one real misspelling into one clean sentence, keeping the case pattern.

>>> transfer_case("Receive", "recieve", "receive")
'Recieve'
>>> find_occurrences("The cat concatenates.", "cat")
[(4, 7)]
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bench.data import Chunk, Pair

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def word_pattern(word: str) -> re.Pattern[str]:
    """``word`` as a whole word, case-insensitive: not inside a longer word, not before ``'x``.

    Hyphens count as boundaries (``well-known`` holds ``known``); ``don't`` does not hold ``don``.
    """
    return re.compile(r"(?<![\w'’])" + re.escape(word) + r"(?![\w]|['’]\w)", re.IGNORECASE)


def find_occurrences(text: str, word: str) -> list[tuple[int, int]]:
    return [m.span() for m in word_pattern(word).finditer(text)]


def transfer_case(occurrence: str, wrong: str, right: str) -> str:
    """Spell ``wrong`` with the case pattern ``occurrence`` (a form of ``right``) has in the text.

    >>> transfer_case("RECEIVE", "recieve", "receive")
    'RECIEVE'
    >>> transfer_case("Cape Town", "Capetown", "Cape Town")
    'Capetown'
    >>> transfer_case("cape town", "Capetown", "Cape Town")
    'capetown'
    """
    if occurrence == right:
        titled = wrong[:1].upper() + wrong[1:]
        if right[:1].isupper() and wrong[:1].islower() and titled != right:
            return titled  # lists write "spainish" for "Spanish" (but "i" for "I" is the error)
        return wrong
    letters = [c for c in occurrence if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        return wrong.lower()
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return wrong.upper()
    if occurrence[:1].isupper():
        return wrong[:1].upper() + wrong[1:]
    return wrong


@dataclass(frozen=True, slots=True)
class Injection:
    """A chunk with one misspelling injected into one of its lines."""

    pair: Pair
    right: str  # the alternative that was found in the sentence
    chunk: Chunk
    line_index: int  # index of the sentence inside the chunk
    start: int  # offset of the misspelling in the injected line
    misspelling: str  # as injected (case carried over)
    occurrence: str  # the replaced text of the clean line

    @property
    def clean_line(self) -> str:
        return self.chunk.lines[self.line_index]

    @property
    def injected_line(self) -> str:
        line = self.clean_line
        return line[: self.start] + self.misspelling + line[self.start + len(self.occurrence) :]

    @property
    def end(self) -> int:
        """End offset of the misspelling in the injected line."""
        return self.start + len(self.misspelling)

    @property
    def text(self) -> str:
        """The injected chunk."""
        lines = list(self.chunk.lines)
        lines[self.line_index] = self.injected_line
        return "\n".join(lines)

    @property
    def line_offset(self) -> int:
        """Offset of the injected line in :attr:`text`."""
        return sum(len(line) + 1 for line in self.chunk.lines[: self.line_index])

    @property
    def line_number(self) -> int:
        return self.chunk.first + self.line_index


class SentenceIndex:
    """Which chunk lines contain which (lowercase) words."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = chunks
        self._index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for ci, chunk in enumerate(chunks):
            for li, line in enumerate(chunk.lines):
                for word in set(_WORD.findall(line.lower())):
                    self._index[word].append((ci, li))

    def lines_with(self, word: str) -> list[tuple[int, int]]:
        """(chunk, line) positions where ``word`` occurs as a whole word, in corpus order."""
        parts = _WORD.findall(word.lower())
        if not parts:
            return []
        key = max(parts, key=len)
        pattern = word_pattern(word)
        return [
            (ci, li)
            for ci, li in self._index.get(key, [])
            if pattern.search(self.chunks[ci].lines[li])
        ]


@dataclass(slots=True)
class InjectionStats:
    pairs: int = 0
    duplicates: int = 0
    same_word: int = 0  # misspelling equals the correction apart from case
    excluded: int = 0  # rejected by the caller's filter (e.g. real-word errors)
    no_sentence: int = 0
    eligible: int = 0
    sampled: int = 0


def build_injections(
    pairs: Sequence[Pair],
    index: SentenceIndex,
    cap: int,
    seed: int,
    keep: Callable[[Pair], bool] | None = None,
) -> tuple[list[Injection], InjectionStats]:
    """Pick up to ``cap`` pairs (seeded shuffle) and inject each into one clean sentence."""
    stats = InjectionStats(pairs=len(pairs))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    eligible: list[tuple[Pair, str, list[tuple[int, int]]]] = []
    for pair in pairs:
        key = (pair.wrong, pair.rights)
        if key in seen:
            stats.duplicates += 1
            continue
        seen.add(key)
        if any(pair.wrong.lower() == r.lower() for r in pair.rights):
            stats.same_word += 1
            continue
        if keep is not None and not keep(pair):
            stats.excluded += 1
            continue
        found = next(((r, hits) for r in pair.rights if (hits := index.lines_with(r))), None)
        if found is None:
            stats.no_sentence += 1
            continue
        eligible.append((pair, found[0], found[1]))
    stats.eligible = len(eligible)
    random.Random(seed).shuffle(eligible)
    out: list[Injection] = []
    for pair, right, hits in eligible[:cap]:
        rng = random.Random(f"{seed}|{pair.wrong}|{right}")
        ci, li = rng.choice(hits)
        chunk = index.chunks[ci]
        line = chunk.lines[li]
        start, end = rng.choice(find_occurrences(line, right))
        occurrence = line[start:end]
        wrong = transfer_case(occurrence, pair.wrong, right)
        out.append(Injection(pair, right, chunk, li, start, wrong, occurrence))
    stats.sampled = len(out)
    return out, stats
