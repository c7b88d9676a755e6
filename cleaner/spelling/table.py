"""A read-only word -> number table in two flat arrays, for the big word lists.

wordfreq's list (~290,000 words) and symspellpy's bigram list (~240,000 pairs) as dicts take
~150 ms each to unmarshal and ~30 MB each in every process, though a run looks up a few thousand
of their keys. Here a table is the sorted 64-bit BLAKE2b hashes of its keys beside their values:
it loads in a millisecond, holds ~16 bytes an entry, and a lookup is a bisection. What a lookup
answered is remembered, so a corpus pays the bisection once per distinct word.

Keys whose hashes collide (none in the shipped lists; one in 10⁸ tables of this size) are kept
whole beside the arrays, so every answer is exact for the table's own keys. A word not in the
table is taken for one only if its hash equals a key's (~10⁻¹⁴ per lookup).
"""

from __future__ import annotations

import marshal
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from hashlib import blake2b
from typing import Any, Generic, TypeVar, cast, overload

V = TypeVar("V", int, float)

_MAGIC = b"cleaner-table-1\n"
#: remembered answers per table before the memory is cleared (a corpus of new names)
MEMO_LIMIT = 300_000
_MISSING = object()


def word_hash(word: str) -> int:
    """A stable 64-bit hash of ``word`` (Python's own ``hash`` changes from run to run)."""
    return int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class PackedTable(Generic[V]):
    """``word -> value`` for a fixed set of words; ``get`` as a dict's.

    >>> table = PackedTable.build([("colour", 4.2), ("color", 4.9)], "d")
    >>> table.get("colour"), table.get("colr", 0.0), "color" in table, len(table)
    (4.2, 0.0, True, 2)
    >>> PackedTable.from_bytes(table.to_bytes()).get("color")
    4.9
    >>> sorted(table.values())
    [4.2, 4.9]
    """

    __slots__ = ("_exact", "_keys", "_memo", "_values")

    def __init__(self, keys: array[int], values: array[Any], exact: dict[str, V]) -> None:
        self._keys = keys
        self._values = values
        #: keys whose hash another key shares, with their values
        self._exact: dict[str, V] = exact
        self._memo: dict[str, Any] = {}

    @classmethod
    def build(cls, items: Iterable[tuple[str, V]], typecode: str) -> PackedTable[V]:
        """A table of ``items``; ``typecode`` is the :mod:`array` type of the values (``"d"``
        for floats, ``"q"`` for counts)."""
        by_hash: dict[int, list[tuple[str, V]]] = {}
        for word, value in items:
            by_hash.setdefault(word_hash(word), []).append((word, value))
        keys: array[int] = array("Q")
        values: array[Any] = array(typecode)
        exact: dict[str, V] = {}
        for key in sorted(by_hash):
            entries = by_hash[key]
            keys.append(key)
            values.append(entries[0][1])
            if len(entries) > 1:
                exact.update(entries)
        return cls(keys, values, exact)

    def values(self) -> Iterator[V]:
        """Every value (for words that share a hash, the first one's value comes twice)."""
        yield from self._values
        yield from self._exact.values()

    def __len__(self) -> int:
        return len(self._keys) + len(self._exact) - len(set(map(word_hash, self._exact)))

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    @overload
    def get(self, word: str) -> V | None: ...

    @overload
    def get(self, word: str, default: V) -> V: ...

    def get(self, word: str, default: V | None = None) -> V | None:
        """The value of ``word``, else ``default``."""
        value = self._memo.get(word, _MISSING)
        if value is _MISSING:
            value = self._find(word)
            memo = self._memo
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[word] = value
        return default if value is None else cast(V, value)

    def _find(self, word: str) -> V | None:
        key = word_hash(word)
        keys = self._keys
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return None
        if self._exact and word in self._exact:
            return self._exact[word]
        return cast(V, self._values[i])

    def to_bytes(self) -> bytes:
        """The table as bytes for the disk cache: format, byte order, value type, sizes and a
        CRC-32 of the rest, then the arrays and the colliding keys."""
        exact = marshal.dumps(self._exact)
        body = b"".join([self._keys.tobytes(), self._values.tobytes(), exact])
        sizes = array("Q", [len(self._keys), len(exact), zlib.crc32(body)])
        head = _MAGIC + f"{sys.byteorder} {self._values.typecode}\n".encode()
        return b"".join([head, sizes.tobytes(), body])

    @classmethod
    def from_bytes(cls, data: bytes) -> PackedTable[Any]:
        """Read back :meth:`to_bytes`; ``ValueError`` for anything else or a damaged table.

        >>> data = bytearray(PackedTable.build([("a", 1), ("b", 2)], "q").to_bytes())
        >>> data[-10] ^= 1
        >>> PackedTable.from_bytes(bytes(data))
        Traceback (most recent call last):
        ...
        ValueError: damaged word table (checksum)
        """
        if not data.startswith(_MAGIC):
            raise ValueError("not a word table")
        end = data.find(b"\n", len(_MAGIC))
        order, _, typecode = data[len(_MAGIC) : end].decode("ascii", "replace").partition(" ")
        if order != sys.byteorder or typecode not in ("d", "q"):
            raise ValueError("not a word table written on this machine")
        view = memoryview(data)[end + 1 :]
        sizes: array[int] = array("Q")
        if len(view) < 3 * sizes.itemsize:
            raise ValueError("truncated word table")
        sizes.frombytes(view[: 3 * sizes.itemsize])
        count, exact_size, checksum = sizes
        body = view[3 * sizes.itemsize :]
        if zlib.crc32(body) != checksum:
            raise ValueError("damaged word table (checksum)")
        keys: array[int] = array("Q")
        values: array[Any] = array(typecode)
        split = count * keys.itemsize
        if split + count * values.itemsize + exact_size != len(body):
            raise ValueError("truncated word table")
        keys.frombytes(body[:split])
        values.frombytes(body[split : split + count * values.itemsize])
        exact = marshal.loads(body[split + count * values.itemsize :])
        return cls(keys, values, exact)
