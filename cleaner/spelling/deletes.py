"""Words up to two edits from a token, through a compact delete index.

This is SymSpell's idea (Wolf Garbe): two strings within two edits of each other share a string
that at most two deletions make from each, and for a long word it is enough to look at the
first :data:`PREFIX_LENGTH` letters. symspellpy keeps that index as ~680,000 Python lists, which
take 0.7-1.4 s to unpickle and ~175 MB in every process. Here the same information is three
flat integer arrays (~16 MB) that load in milliseconds:

* the sorted CRC-32s of every deletion variant of every word's prefix;
* where each one's word numbers start;
* the word numbers.

A query's own variants are looked up by bisection (a CRC collision only adds candidates); every
word found is then checked with the optimal-string-alignment distance, as symspellpy checks it,
so the answer is symspellpy's (``tests/test_spelling.py`` compares the two).
"""

from __future__ import annotations

import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable

from cleaner.edits import common_ends
from cleaner.spelling.candidates import within_one

#: letters of a word whose deletion variants are indexed (symspellpy's default)
PREFIX_LENGTH = 7
#: the furthest edit distance the index answers for
MAX_DISTANCE = 2
_MAGIC = b"cleaner-deletes-2\n"


def variants(word: str, distance: int = MAX_DISTANCE) -> set[str]:
    """``word`` and every string up to ``distance`` deletions make from it.

    >>> sorted(variants("abc", 1))
    ['ab', 'abc', 'ac', 'bc']
    """
    found = {word}
    layer = {word}
    for _ in range(distance):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        found |= layer
    return found


def osa_distance(first: str, second: str, limit: int) -> int:
    """The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
    neighbours, no substring edited twice), or ``limit + 1`` once it must exceed ``limit``.

    >>> osa_distance("recieve", "receive", 2), osa_distance("ca", "abc", 2)
    (1, 3)
    >>> osa_distance("kitten", "sitting", 2), osa_distance("kitten", "sitting", 3)
    (3, 3)
    """
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    # a shared start and end cost nothing: only the differing middles are compared
    head, tail = common_ends(first, second)
    first = first[head : len(first) - tail]
    second = second[head : len(second) - tail]
    if not first or not second:
        return min(max(len(first), len(second)), limit + 1)
    # Hyyrö's bit-vector form of the table (2003): bit i of ``vp``/``vn`` says the column
    # goes up/down by one at row i, so a whole column is a few integer operations instead of
    # a Python loop over its cells; ``swapped`` marks the rows where two neighbours traded
    # places. Python integers are unbounded and the operations only carry upwards, so bits
    # above the word's length hold junk that never reaches the bits read
    big = limit + 1
    rows: dict[str, int] = {}
    bit = 1
    for ch in first:
        rows[ch] = rows.get(ch, 0) | bit
        bit <<= 1
    last_row = bit >> 1
    vp, vn, d0, matched_before = bit - 1, 0, 0, 0
    dist = len(first)
    remaining = len(second)
    for ch in second:
        matched = rows.get(ch, 0)
        swapped = ((~d0 & matched) << 1) & matched_before
        d0 = (((matched & vp) + vp) ^ vp) | matched | vn | swapped
        hp = vn | ~(d0 | vp)
        hn = d0 & vp
        if hp & last_row:
            dist += 1
        elif hn & last_row:
            dist -= 1
        hp = (hp << 1) | 1
        vp = (hn << 1) | ~(d0 | hp)
        vn = hp & d0
        matched_before = matched
        remaining -= 1
        if dist - remaining > limit:
            return big  # each character left can lower the distance by one at most
    return min(dist, big)


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


class DeleteIndex:
    """Words of a vocabulary by the deletion variants of their prefixes (see the module)."""

    def __init__(self, words: list[str], keys: array[int], starts: array[int], ids: array[int]):
        self.words = words
        self._keys = keys
        self._starts = starts
        self._ids = ids
        self._known = frozenset(words)

    @classmethod
    def build(cls, words: Iterable[str]) -> DeleteIndex:
        """Index ``words`` (a few seconds for ~84,000 words; cache :meth:`to_bytes`)."""
        vocabulary = list(dict.fromkeys(words))
        # words sharing a prefix share its variants: each prefix's keys are computed once
        by_prefix: dict[str, list[int]] = {}
        for word in vocabulary:
            prefix = word[:PREFIX_LENGTH]
            if prefix not in by_prefix:
                by_prefix[prefix] = [_key(v) << 32 for v in variants(prefix)]
        pairs = sorted(
            key | number
            for number, word in enumerate(vocabulary)
            for key in by_prefix[word[:PREFIX_LENGTH]]
        )
        keys, starts, ids = array("I"), array("I"), array("I")
        last = -1
        for pair in pairs:
            key = pair >> 32
            if key != last:
                keys.append(key)
                starts.append(len(ids))
                last = key
            ids.append(pair & 0xFFFFFFFF)
        starts.append(len(ids))
        return cls(vocabulary, keys, starts, ids)

    def to_bytes(self) -> bytes:
        """The index as bytes for the disk cache: a header (format, byte order, sizes and a
        CRC-32 of the rest) and the three arrays and the words."""
        words = "\n".join(self.words).encode("utf-8")
        body = b"".join([self._keys.tobytes(), self._starts.tobytes(), self._ids.tobytes(), words])
        sizes = array("Q", [len(self._keys), len(self._ids), len(words), zlib.crc32(body)])
        return b"".join([_MAGIC, sys.byteorder.encode(), b"\n", sizes.tobytes(), body])

    @classmethod
    def from_bytes(cls, data: bytes) -> DeleteIndex:
        """Read back :meth:`to_bytes`; ``ValueError`` when ``data`` is not such an index, or a
        damaged one (its checksum or its structure is wrong).

        >>> index = DeleteIndex.build(["receive", "relieve"])
        >>> DeleteIndex.from_bytes(index.to_bytes()).lookup("recieve")
        [('receive', 1), ('relieve', 1)]
        >>> damaged = bytearray(index.to_bytes())
        >>> damaged[-3] ^= 1
        >>> DeleteIndex.from_bytes(bytes(damaged))
        Traceback (most recent call last):
        ...
        ValueError: damaged delete index (checksum)
        """
        head = _MAGIC + sys.byteorder.encode() + b"\n"
        if not data.startswith(head):
            raise ValueError("not a delete index written on this machine")
        view = memoryview(data)[len(head) :]
        sizes = array("Q")
        if len(view) < 4 * sizes.itemsize:
            raise ValueError("truncated delete index")
        sizes.frombytes(view[: 4 * sizes.itemsize])
        n_keys, n_ids, n_words, checksum = sizes
        body = view[4 * sizes.itemsize :]
        if zlib.crc32(body) != checksum:
            raise ValueError("damaged delete index (checksum)")
        keys, starts, ids = array("I"), array("I"), array("I")
        width = keys.itemsize
        pos = 0
        for target, count in ((keys, n_keys), (starts, n_keys + 1), (ids, n_ids)):
            end = pos + count * width
            if end > len(body):
                raise ValueError("truncated delete index")
            target.frombytes(body[pos:end])
            pos = end
        if pos + n_words != len(body):
            raise ValueError("truncated delete index")
        words = bytes(body[pos:]).decode("utf-8").split("\n") if n_words else []
        # (the checksum catches damage; these catch an index written wrong)
        if starts[0] != 0 or starts[-1] != n_ids or (n_ids and not words):
            raise ValueError("damaged delete index (structure)")
        return cls(words, keys, starts, ids)

    def lookup(
        self, word: str, distance: int = MAX_DISTANCE, closest: bool = False
    ) -> list[tuple[str, int]]:
        """Vocabulary words within ``distance`` edits of ``word`` (not ``word`` itself), as
        ``(word, distance)`` sorted; ``closest`` keeps the nearest only, and nothing when
        ``word`` is itself in the vocabulary (symspellpy's ``Verbosity.CLOSEST``).

        >>> DeleteIndex.build(["receive", "recipe", "relieve"]).lookup("recieve")
        [('receive', 1), ('relieve', 1), ('recipe', 2)]
        """
        if not 1 <= distance <= MAX_DISTANCE:
            raise ValueError(f"the index answers for 1 to {MAX_DISTANCE} edits")
        if closest and word in self._known:
            return []
        keys, starts, ids = self._keys, self._starts, self._ids
        size = len(keys)
        numbers: set[int] = set()
        for variant in variants(word[:PREFIX_LENGTH], distance):
            key = _key(variant)
            i = bisect_left(keys, key)
            if i < size and keys[i] == key:
                numbers.update(ids[starts[i] : starts[i + 1]])
        length = len(word)
        letters = set(word)
        found: list[tuple[str, int]] = []
        for number in numbers:
            other = self.words[number]
            if other == word or abs(len(other) - length) > distance:
                continue
            if within_one(word, other):
                found.append((other, 1))
            elif distance > 1 and len(letters.symmetric_difference(other)) <= 2 * distance:
                # (an edit changes at most two letters of the set: past that, too far)
                d = osa_distance(word, other, distance)
                if d <= distance:
                    found.append((other, d))
        if closest and found:
            nearest = min(d for _, d in found)
            found = [item for item in found if item[1] == nearest]
        return sorted(found, key=lambda item: (item[1], item[0]))
