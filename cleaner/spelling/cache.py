"""A small on-disk cache for costly resources (the spelling index and word tables, the phrase
index, the compiled boilerplate patterns).

Entries are keyed by a content hash of their input files plus cleaner's and Python's versions, so
a changed word list or a new release never reads a stale entry. Writes go to a temporary file in
the same directory and are moved into place with :func:`os.replace`, so concurrent runs never see
half a file; each entry ends in a CRC-32 of its bytes, so a damaged, truncated or foreign
entry is told from a good one before it is decoded, and is ignored and rebuilt. An entry unused for
:data:`UNUSED_DAYS` days is removed when a new one is written, so old releases' entries do not
pile up.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

from cleaner.config import CleanerConfig

#: bump when the layout of a cached object changes (2: entries end in their CRC-32)
CACHE_FORMAT = 2
#: the checksum that ends an entry: 4 bytes, big-endian
_CHECK_BYTES = 4
#: an entry neither read nor written for this many days is removed when a new one is written
UNUSED_DAYS = 30
DAY = 86_400.0
#: names of cache entries (``index-<24 hex>.bin``) and of temporary files being written
_ENTRY_NAME = re.compile(r"[a-z_-]+-[0-9a-f]{24}\.bin|\.[a-z_-]+-\w+\.tmp")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``."""
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return root / "cleaner"


def cache_dir(config: CleanerConfig) -> Path | None:
    """Where this configuration caches indexes, or ``None`` when caching is off."""
    if not config.use_cache:
        return None
    return config.cache_dir if config.cache_dir is not None else default_cache_dir()


def content_key(paths: Iterable[Path], *extra: str) -> str:
    """A hex digest of the files' bytes, cleaner's version, Python's version and ``extra``."""
    from cleaner import __version__

    digest = hashlib.sha256()
    for part in (__version__, sys.version, str(CACHE_FORMAT), *extra):
        digest.update(part.encode())
        digest.update(b"\0")
    for path in paths:
        digest.update(path.name.encode())
        digest.update(_file_digest(path))
    return digest.hexdigest()[:24]


#: file digests by (path, size, modification time): several tables hash one word list
_FILE_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def _file_digest(path: Path) -> bytes:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    found = _FILE_DIGESTS.get(key)
    if found is None:
        found = _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return found


def entry_path(directory: Path, name: str, key: str) -> Path:
    return directory / f"{name}-{key}.bin"


def read(directory: Path | None, name: str, key: str) -> bytes | None:
    """The cached bytes of ``name`` under ``key``, or ``None`` (none, or a damaged one)."""
    if directory is None:
        return None
    path = entry_path(directory, name, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body, check = data[:-_CHECK_BYTES], data[-_CHECK_BYTES:]
    if len(data) < _CHECK_BYTES or zlib.crc32(body).to_bytes(_CHECK_BYTES, "big") != check:
        return None  # damaged (random bytes once crashed a decoder): rebuilt by the caller
    _mark_used(path)
    return body


def _mark_used(path: Path) -> None:
    """Move the entry's modification time to now, at most once a day (:func:`prune` removes
    entries unused for :data:`UNUSED_DAYS`)."""
    try:
        now = time.time()
        if now - path.stat().st_mtime > DAY:
            os.utime(path, (now, now))
    except OSError:
        pass


def prune(directory: Path, now: float | None = None) -> list[Path]:
    """Remove cache entries not used for :data:`UNUSED_DAYS` days (those of older releases, of
    word lists since updated, of settings no longer run) and stray temporary files a killed
    run left; return what was removed. Runs whenever a new entry is written."""
    now = time.time() if now is None else now
    removed = []
    for path in directory.glob("*"):
        if not (_ENTRY_NAME.fullmatch(path.name) and path.is_file()):
            continue  # only cleaner's own files, whatever else the directory holds
        try:
            if now - path.stat().st_mtime > UNUSED_DAYS * DAY:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def write(directory: Path | None, name: str, key: str, data: bytes) -> None:
    """Store ``data`` atomically; failures (read-only home, full disk) are ignored."""
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.write(zlib.crc32(data).to_bytes(_CHECK_BYTES, "big"))
            os.replace(tmp, entry_path(directory, name, key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(directory)
    except OSError:
        return
