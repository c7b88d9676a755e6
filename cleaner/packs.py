"""Dictionary packs: reviewable data files that rules read.

``dictionaries/index.toml`` names every pack::

    [[pack]]
    id = "news-spins"
    file = "news-spins.tsv"
    kind = "phrase"            # word | phrase | regex | protect
    language = "en"
    confidence = 0.9           # default for entries with an empty confidence cell
    source = "..."
    license = "..."

Each pack is a UTF-8 TSV with the header ``match, replace, confidence, reason``. Lines starting
with ``#`` are comments. A malformed line is an error that names its file and line number.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

PACK_KINDS = ("word", "phrase", "regex", "protect")
HEADER = ("match", "replace", "confidence", "reason")


class PackError(ValueError):
    """A pack file or its index entry is malformed."""


@dataclass(frozen=True, slots=True)
class PackEntry:
    match: str
    replace: str
    confidence: float
    reason: str
    line: int


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    kind: str
    path: Path
    language: str = "en"
    confidence: float = 0.9
    source: str = ""
    license: str = ""
    description: str = ""
    #: the stage whose rule reads this pack; empty means the kind's usual stage
    stage: str = ""
    #: entries read (and checked) when the pack was loaded; ``None``: read from ``path`` when
    #: first asked for (the packs shipped with cleaner, so a start-up that needs only the
    #: cached phrase index never parses the 7,000-line tortured-science pack)
    preloaded: tuple[PackEntry, ...] | None = field(default=None, repr=False)
    #: a user's pack (``[tool.cleaner] packs``): its entries replace a built-in pack's for the
    #: same match
    user: bool = False

    @property
    def entries(self) -> tuple[PackEntry, ...]:
        if self.preloaded is not None:
            return self.preloaded
        return _entries_of(self.path, self.confidence)


@cache
def _entries_of(path: Path, default_confidence: float) -> tuple[PackEntry, ...]:
    return read_entries(path, default_confidence)


def dictionaries_dir() -> Path:
    """The packaged ``dictionaries`` folder (inside the wheel, or beside the source tree)."""
    packaged = Path(str(importlib_resources.files("cleaner"))) / "dictionaries"
    if (packaged / "index.toml").is_file():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / "dictionaries"
    if (source_tree / "index.toml").is_file():
        return source_tree
    raise PackError(
        "cleaner's dictionaries are missing (no dictionaries/index.toml in the package); "
        "reinstall cleaner"
    )


def read_entries(path: Path, default_confidence: float) -> tuple[PackEntry, ...]:
    """Parse one TSV pack; raise :class:`PackError` naming the file and line of a bad row."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read pack: {exc}") from exc
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise PackError(f"{path}:1: header must be {' | '.join(HEADER)} separated by tabs")
    entries: list[PackEntry] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(HEADER):
            raise PackError(
                f"{path}:{number}: expected {len(HEADER)} tab-separated cells, found {len(cells)}"
            )
        match, replace, confidence_cell, reason = cells
        if not match:
            raise PackError(f"{path}:{number}: empty match cell")
        try:
            confidence = float(confidence_cell) if confidence_cell else default_confidence
        except ValueError as exc:
            raise PackError(
                f"{path}:{number}: confidence {confidence_cell!r} is not a number"
            ) from exc
        if not 0.0 <= confidence <= 1.0:
            raise PackError(f"{path}:{number}: confidence {confidence} is outside 0..1")
        entries.append(PackEntry(match, replace, confidence, reason, number))
    return tuple(entries)


def load_index(directory: Path, lazy: bool = False) -> list[Pack]:
    """Read ``index.toml`` in ``directory`` and every pack it names (``lazy``: each pack's
    entries are read when first used, not now)."""
    index_path = directory / "index.toml"
    try:
        index = tomllib.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{index_path}: {exc}") from exc
    packs: list[Pack] = []
    seen: set[str] = set()
    for raw in index.get("pack", []):
        pack_id = raw.get("id", "")
        if not pack_id or pack_id in seen:
            raise PackError(f"{index_path}: pack id {pack_id!r} is missing or repeated")
        seen.add(pack_id)
        kind = raw.get("kind", "")
        if kind not in PACK_KINDS:
            raise PackError(
                f"{index_path}: pack {pack_id!r} has kind {kind!r}; "
                f"expected one of {', '.join(PACK_KINDS)}"
            )
        unknown = set(raw) - {
            "id",
            "file",
            "kind",
            "language",
            "confidence",
            "source",
            "license",
            "description",
            "stage",
        }
        if unknown:
            raise PackError(f"{index_path}: pack {pack_id!r} has unknown keys {sorted(unknown)}")
        path = directory / raw["file"]
        confidence = float(raw.get("confidence", 0.9))
        packs.append(
            Pack(
                id=pack_id,
                kind=kind,
                path=path,
                language=raw.get("language", "en"),
                confidence=confidence,
                source=raw.get("source", ""),
                license=raw.get("license", ""),
                description=raw.get("description", ""),
                stage=raw.get("stage", ""),
                preloaded=None if lazy else read_entries(path, confidence),
            )
        )
    return packs


def load_user_pack(path: Path, kind: str, pack_id: str | None = None) -> Pack:
    """A user's extra pack (same TSV format), e.g. from ``[tool.cleaner] packs``."""
    if kind not in PACK_KINDS:
        raise PackError(f"{path}: kind {kind!r} is not one of {', '.join(PACK_KINDS)}")
    return Pack(
        id=pack_id or path.stem,
        kind=kind,
        path=path,
        preloaded=read_entries(path, 0.9),
        source=str(path),
        user=True,
    )


@cache
def builtin_packs() -> tuple[Pack, ...]:
    """The packs shipped with cleaner, their index read once per process and each pack's
    entries when first used (the suite checks that every one of them parses)."""
    return tuple(load_index(dictionaries_dir(), lazy=True))
