"""Reading inputs and writing outputs safely.

Inputs are decoded strictly as UTF-8 with line ends kept as they are; outputs are written
atomically (a temporary file in the same directory, then a rename), keeping the permissions of the
file they replace, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: how much of a file is sniffed for NUL bytes to call it binary
BINARY_SNIFF_BYTES = 8192


class InputError(Exception):
    """An input that cannot be processed; the message says what to do."""


class BinaryInput(InputError):
    """An input that looks binary (it holds NUL bytes); it is skipped, not cleaned."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: ``path`` to read (``None`` for stdin) and ``name`` to report and write under."""

    path: Path | None
    name: str


def decode(data: bytes, label: str, errors: str = "strict") -> str:
    """Decode UTF-8 bytes, refusing binary data and naming the first bad byte."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise BinaryInput(f"{label}: looks binary (NUL bytes); skipped")
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{label}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "convert it to UTF-8 or pass --encoding-errors replace"
        ) from None


def read_source(source: Source, errors: str = "strict") -> str:
    """Read and decode one input."""
    if source.path is None:
        import sys

        return decode(sys.stdin.buffer.read(), "<stdin>", errors)
    try:
        data = source.path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source.name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source.name}: is a directory") from None
    except PermissionError:
        raise InputError(f"{source.name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{source.name}: cannot read ({exc.strerror})") from None
    return decode(data, source.name, errors)


def iter_sources(paths: list[str], pattern: str = "*.txt") -> Iterator[tuple[Source, str]]:
    """Expand CLI arguments into sources; directories are walked for ``pattern``, sorted.

    Yields ``(source, relative_name)``: the name an output takes under ``--out``.
    """
    for arg in paths:
        if arg == "-":
            yield Source(None, "<stdin>"), "stdin.txt"
            continue
        path = Path(arg)
        if path.is_dir():
            for found in sorted(p for p in path.rglob(pattern) if p.is_file()):
                yield Source(found, str(found)), found.relative_to(path).as_posix()
        else:
            yield Source(path, arg), path.name


def atomic_write(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permission bits."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
