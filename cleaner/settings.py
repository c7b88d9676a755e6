"""Configuration files: finding them and reading them into a :class:`CleanerConfig`.

cleaner reads ``cleaner.toml`` (settings in its top-level table) or the ``[tool.cleaner]`` table
of ``pyproject.toml``. It looks in the directory of each input and then in every parent; the first
directory holding either file wins, and there ``cleaner.toml`` beats ``pyproject.toml``. A
``pyproject.toml`` without a ``[tool.cleaner]`` table does not count. Paths in a configuration
(``packs``, ``allow-file``) and its globs (``exclude``, ``per-file``) are relative to the file's
directory. Command-line options win over the file.

>>> s = parse_settings({"threshold": 0.9, "ignore": ["flags"]}, Path("cleaner.toml"))
>>> cfg = s.config_for(Path("notes.txt"))
>>> (cfg.fix_threshold, sorted(cfg.ignore))
(0.9, ['flags'])
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cleaner.config import DEFAULT_FIX_THRESHOLD, CleanerConfig

#: the files looked for in each directory, in order of precedence
CONFIG_NAMES = ("cleaner.toml", "pyproject.toml")
#: the allow-list file used when neither ``--allow-file`` nor a config's ``allow-file`` names
#: one: its words are kept everywhere, and a rejected finding marked ``allow`` appends to it
DEFAULT_ALLOW_FILE = ".cleaner-allow.txt"
KEYS = (
    "select",
    "ignore",
    "threshold",
    "packs",
    "allow",
    "allow-file",
    "exclude",
    "per-file",
    "dateline-to-meta",
)
PER_FILE_KEYS = ("select", "ignore", "threshold")
PACK_KEYS = ("path", "kind")


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class PerFile:
    """Overrides for the files a glob matches: ``select`` replaces, ``ignore`` adds."""

    pattern: str
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    threshold: float | None = None


@dataclass(frozen=True)
class Settings:
    """One configuration file, read and checked (``path`` is ``None`` for no file)."""

    path: Path | None = None
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    threshold: float | None = None
    packs: tuple[tuple[Path, str], ...] = ()
    allow: frozenset[str] = frozenset()
    allow_file: Path | None = None
    exclude: tuple[str, ...] = ()
    per_file: tuple[PerFile, ...] = ()
    #: the ``dateline`` rule moves a dateline into the report's meta (off: it stays as text)
    dateline_to_meta: bool = False

    @property
    def root(self) -> Path:
        """The directory paths and globs are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    @property
    def label(self) -> str:
        return str(self.path) if self.path is not None else "<no config>"

    def names(self) -> Iterable[tuple[str, str]]:
        """Every rule or stage name the file mentions, with the key it is under."""
        for name in sorted(self.select):
            yield "select", name
        for name in sorted(self.ignore):
            yield "ignore", name
        for pf in self.per_file:
            for name in sorted(pf.select or ()):
                yield f"per-file.{pf.pattern!r}.select", name
            for name in sorted(pf.ignore):
                yield f"per-file.{pf.pattern!r}.ignore", name

    def is_excluded(self, path: Path) -> bool:
        """True when ``path`` (or a directory above it, up to the root) matches ``exclude``."""
        return any(
            _matches(pattern, self._relative(path), parents=True) for pattern in self.exclude
        )

    def _relative(self, path: Path) -> str:
        absolute = _absolute(path)
        try:
            return absolute.relative_to(_absolute(self.root)).as_posix()
        except ValueError:
            return absolute.as_posix()

    def config_for(
        self,
        path: Path | None,
        *,
        threshold: float | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        allow_words: Iterable[str] = (),
        use_cache: bool = True,
    ) -> CleanerConfig:
        """The configuration for one input; the keyword arguments are command-line options,
        which win: each replaces the setting it names, and names selected on the command line
        are not ignored by the file."""
        cfg_select: frozenset[str] = self.select
        cfg_ignore = set(self.ignore)
        cfg_threshold = self.threshold
        if path is not None:
            relative = self._relative(path)
            for pf in self.per_file:
                if _matches(pf.pattern, relative, parents=True):
                    if pf.select is not None:
                        cfg_select = pf.select
                    cfg_ignore |= pf.ignore
                    if pf.threshold is not None:
                        cfg_threshold = pf.threshold
        if select:
            cfg_select = frozenset(select)
            cfg_ignore -= cfg_select
        if ignore is not None:
            cfg_ignore = set(ignore)
        if threshold is not None:
            cfg_threshold = threshold
        return CleanerConfig(
            fix_threshold=DEFAULT_FIX_THRESHOLD if cfg_threshold is None else cfg_threshold,
            select=cfg_select,
            ignore=frozenset(cfg_ignore),
            allow_words=self.allow | frozenset(allow_words),
            extra_packs=self.packs,
            dateline_to_meta=self.dateline_to_meta,
            use_cache=use_cache,
        )


NO_SETTINGS = Settings()


def read_allow_words(path: Path) -> frozenset[str]:
    """The words of an allow-list file: one a line, ``#`` comments; a missing file is empty."""
    from cleaner.decisions import read_allow_file

    try:
        return frozenset(read_allow_file(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the allow list ({exc})") from None


def read_settings(path: Path) -> Settings:
    """Read a configuration file: ``pyproject.toml`` uses ``[tool.cleaner]``, any other name
    its top-level table."""
    table = _read_table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.cleaner] table")
    return parse_settings(table, path)


def _read_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("cleaner") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleaner] must be a table")
    return table


def _absolute(path: Path) -> Path:
    """``path`` made absolute with ``..`` taken away as written: ``docs/../articles/x.txt`` is
    under ``articles``, and ``Path.absolute().parents`` would walk through ``docs``.

    >>> _absolute(Path("/r/docs/../articles/x.txt")).as_posix()
    '/r/articles/x.txt'
    """
    return Path(os.path.abspath(path))


def find_config(directory: Path) -> Path | None:
    """The configuration file that applies in ``directory``: the nearest one walking up."""
    absolute = _absolute(directory)
    for folder in (absolute, *absolute.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return _read_table(path) is not None
    except ConfigError:
        # a broken pyproject.toml is reported when it is read for its [tool.cleaner] table
        return b"[tool.cleaner" in path.read_bytes()


class SettingsFinder:
    """Settings per input, each configuration file read once.

    ``explicit`` (``--config``) applies to every input; ``enabled=False`` (``--no-config``)
    means no file is read.
    """

    def __init__(self, explicit: Path | None = None, *, enabled: bool = True) -> None:
        self.explicit = read_settings(explicit) if explicit is not None else None
        self.enabled = enabled
        self._by_file: dict[Path, Settings] = {}
        self._by_dir: dict[Path, Path | None] = {}

    def for_directory(self, directory: Path) -> Settings:
        if self.explicit is not None:
            return self.explicit
        if not self.enabled:
            return NO_SETTINGS
        if directory not in self._by_dir:
            self._by_dir[directory] = find_config(directory)
        found = self._by_dir[directory]
        if found is None:
            return NO_SETTINGS
        if found not in self._by_file:
            self._by_file[found] = read_settings(found)
        return self._by_file[found]

    def for_path(self, path: Path | None) -> Settings:
        """Settings for an input file (``None``: standard input, found from the working dir)."""
        return self.for_directory(Path.cwd() if path is None else _absolute(path).parent)


def parse_settings(table: Mapping[str, Any], path: Path) -> Settings:
    """Check a configuration table and turn it into :class:`Settings`."""
    where = f"{path}: " + ("[tool.cleaner]" if path.name == "pyproject.toml" else "")
    where = where.rstrip()
    _check_keys(table, KEYS, where)
    root = path.parent
    allow_file = table.get("allow-file")
    return Settings(
        path=path,
        select=_names(table, "select", where),
        ignore=_names(table, "ignore", where),
        threshold=_threshold(table, "threshold", where),
        packs=_packs(table.get("packs", []), root, where),
        allow=_names(table, "allow", where),
        allow_file=root / _string(allow_file, "allow-file", where) if allow_file else None,
        exclude=tuple(sorted(_names(table, "exclude", where))),
        per_file=_per_file(table.get("per-file", {}), where),
        dateline_to_meta=_flag(table, "dateline-to-meta", where),
    )


def _flag(table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where} {key!r} must be true or false, not {value!r}")
    return value


def _check_keys(table: Mapping[str, Any], known: Iterable[str], where: str) -> None:
    known = tuple(known)
    for key in table:
        if key not in known:
            raise ConfigError(f"{where} unknown key {key!r} (known: {', '.join(known)})")


def _string(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where} {key!r} must be a non-empty string")
    return value


def _names(table: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where} {key!r} must be a list of strings")
    return frozenset(value)


def _threshold(table: Mapping[str, Any], key: str, where: str) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where} {key!r} must be a number from 0 to 1, not {value!r}")
    return float(value)


def _packs(value: Any, root: Path, where: str) -> tuple[tuple[Path, str], ...]:
    from cleaner.packs import PACK_KINDS

    if not isinstance(value, list):
        raise ConfigError(f"{where} 'packs' must be a list of {{path, kind}} tables")
    packs = []
    for i, item in enumerate(value):
        label = f"{where} packs[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{label} must be a table with path and kind")
        _check_keys(item, PACK_KEYS, label)
        pack_path = root / _string(item.get("path"), "path", label)
        kind = _string(item.get("kind"), "kind", label)
        if kind not in PACK_KINDS:
            raise ConfigError(f"{label} kind {kind!r} is not one of {', '.join(PACK_KINDS)}")
        if not pack_path.is_file():
            raise ConfigError(f"{label} no such file {str(pack_path)!r}")
        packs.append((pack_path, kind))
    return tuple(packs)


def _per_file(value: Any, where: str) -> tuple[PerFile, ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} 'per-file' must be a table of glob = {{select, ignore, ...}}")
    out = []
    for pattern, overrides in value.items():
        label = f"{where} per-file {pattern!r}"
        if not isinstance(overrides, dict):
            raise ConfigError(f"{label} must be a table")
        _check_keys(overrides, PER_FILE_KEYS, label)
        out.append(
            PerFile(
                pattern=pattern,
                select=_names(overrides, "select", label) if "select" in overrides else None,
                ignore=_names(overrides, "ignore", label),
                threshold=_threshold(overrides, "threshold", label),
            )
        )
    return tuple(out)


def _matches(pattern: str, relative: str, *, parents: bool = False) -> bool:
    """Glob match against a ``/``-separated path relative to the config's directory.

    ``*`` and ``?`` stay inside one path segment, ``**`` crosses segments. A pattern without a
    ``/`` matches a name at any depth (``*.md``, ``drafts``); with ``parents``, a pattern that
    matches a directory above the file matches the file too.
    """
    rx = _glob_re(pattern)
    parts = relative.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))] if parents else [relative]
    return any(rx.fullmatch(c) for c in candidates)


@cache
def _glob_re(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    body = pattern.strip("/") if anchored else pattern.rstrip("/")
    if body.startswith("./"):
        body = body[2:]
    out = [] if anchored else ["(?:.*/)?"]
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "[" and (close := body.find("]", i + 2)) != -1:
            inner = body[i + 1 : close]
            negate = inner.startswith("!")
            inner = re.escape(inner[1:] if negate else inner).replace(r"\-", "-")
            out.append(f"[{'^' if negate else ''}{inner}]")
            i = close + 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    return re.compile("".join(out))
