"""Run configuration: which rules run, how sure a fix must be, what is never touched."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: edits at or above this confidence are applied; the rest become suggestions
DEFAULT_FIX_THRESHOLD = 0.8


@dataclass(frozen=True)
class CleanerConfig:
    """Settings of one :class:`cleaner.Cleaner`.

    ``select`` and ``ignore`` take rule ids or stage names. An empty ``select`` means all.
    """

    fix_threshold: float = DEFAULT_FIX_THRESHOLD
    select: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    #: words no rule may change (case-sensitive exact forms)
    allow_words: frozenset[str] = field(default_factory=frozenset)
    #: extra TSV packs: (path, kind)
    extra_packs: tuple[tuple[Path, str], ...] = ()
    #: move a dateline (``MOSCOW (Reuters) –``) into meta instead of keeping it in the text
    dateline_to_meta: bool = False
    #: where costly indexes are cached; ``None`` means the user cache dir
    cache_dir: Path | None = None
    use_cache: bool = True

    def enabled(self, rule_id: str, stage: str) -> bool:
        """Whether a rule runs under this configuration."""
        if rule_id in self.ignore or stage in self.ignore:
            return False
        return not self.select or rule_id in self.select or stage in self.select
