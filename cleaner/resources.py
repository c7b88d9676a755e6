"""Resources shared by the rules of one :class:`cleaner.Cleaner`, loaded lazily and once.

Heavy things (the spelling index, word-frequency lists) are built on first use through
:meth:`Resources.get`, so a document that never needs them never pays for them. The object
pickles without its caches, so worker processes rebuild (or load from disk cache) on their side.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar

import regex

from cleaner.config import CleanerConfig
from cleaner.packs import Pack, builtin_packs, load_user_pack

T = TypeVar("T")


class Resources:
    def __init__(self, config: CleanerConfig) -> None:
        self.config = config
        self._cache: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self._cache = {}

    def get(self, name: str, factory: Callable[[], T]) -> T:
        """The resource called ``name``, built by ``factory`` the first time it is asked for."""
        try:
            return self._cache[name]  # type: ignore[no-any-return]
        except KeyError:
            value = self._cache[name] = factory()
            return value

    @cached_property
    def packs(self) -> tuple[Pack, ...]:
        """Built-in packs plus the user's extra packs, in that order."""
        extra = tuple(load_user_pack(path, kind) for path, kind in self.config.extra_packs)
        return builtin_packs() + extra

    def packs_of_kind(self, kind: str) -> list[Pack]:
        return [p for p in self.packs if p.kind == kind]

    @cached_property
    def protect_words(self) -> frozenset[str]:
        """Exact word forms no rule may change: protect packs plus the user's allow list."""
        words = {e.match for p in self.packs_of_kind("protect") for e in p.entries}
        return frozenset(words) | self.config.allow_words

    @cached_property
    def protect_words_lower(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.protect_words)

    @cached_property
    def _protect_re(self) -> regex.Pattern[str] | None:
        phrases = sorted((w for w in self.protect_words if " " in w), key=len, reverse=True)
        if not phrases:
            return None
        return regex.compile(r"(?<!\w)(?:\L<phrases>)(?!\w)", phrases=phrases)

    def protected_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of multi-word protected entries in ``text`` (single words: per token)."""
        pattern = self._protect_re
        if pattern is None:
            return []
        return [(m.start(), m.end()) for m in pattern.finditer(text)]

    def is_protected_word(self, word: str) -> bool:
        return word in self.protect_words
