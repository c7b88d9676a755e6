"""Reading inputs and writing outputs safely.

Inputs are decoded as UTF-8 with line ends kept as they are. Invalid UTF-8 is refused unless an
error policy says otherwise (:data:`ENCODING_ERRORS`): ``replace`` reads bad bytes as U+FFFD (they
are lost), ``surrogateescape`` reads each bad byte as a lone surrogate U+DC80..U+DCFF that every
writer here turns back into the same byte, so the outputs and ``cleaner revert`` keep them exactly.

Outputs are written atomically (a temporary file in the same directory, then a rename), keeping the
permissions (and, for root, the owner) of the file they replace, so an interrupted run never leaves
a half-written file. No writer follows or replaces a symlink, and :func:`output_path` keeps every
``--out`` name inside its directory. See ``docs/reliability.md``.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

#: how much of a file is sniffed for NUL bytes to call it binary
BINARY_SNIFF_BYTES = 8192
#: what ``--encoding-errors`` accepts: refuse, read bad bytes as U+FFFD, or keep them exactly
ENCODING_ERRORS = ("strict", "replace", "surrogateescape")
#: how text becomes bytes everywhere: lone surrogates from ``surrogateescape`` become their bytes
_ENCODE_ERRORS = "surrogateescape"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: a byte that was not UTF-8, as ``surrogateescape`` reads it (a lone surrogate U+DC80..U+DCFF)
#: and writes it back
ESCAPED_BYTE_RE = re.compile("[\udc80-\udcff]")


class InputError(Exception):
    """An input that cannot be processed; the message says what to do."""


class SkippedInput(InputError):
    """An input passed over on purpose (not an error): a binary file, a symlink met in a walk."""


class BinaryInput(SkippedInput):
    """An input that looks binary (it holds NUL bytes); it is skipped, not cleaned."""


class OutputError(OSError):
    """An output that cannot be written (a symlink, a name outside ``--out``, a full disk)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: ``path`` to read (``None`` for stdin) and ``name`` to report and write under.

    ``skip`` says why a walk passes over it (reading it raises :class:`SkippedInput`);
    ``error`` why a walk could not search it (a directory it may not list: reading it raises
    :class:`InputError`).
    """

    path: Path | None
    name: str
    skip: str = ""
    error: str = ""


def check_errors(errors: str) -> None:
    """Refuse an unknown ``--encoding-errors`` value."""
    if errors not in ENCODING_ERRORS:
        raise InputError(
            f"--encoding-errors must be one of {', '.join(ENCODING_ERRORS)}, not {errors!r}"
        )


def decode(data: bytes, label: str, errors: str = "strict", sniff: bool = True) -> str:
    """Decode UTF-8 bytes, refusing binary data (unless not ``sniff``: a text cleaner wrote,
    whose NUL bytes an input held past the part sniffed) and naming the first bad byte."""
    if sniff and b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise BinaryInput(f"{label}: looks binary (NUL bytes); skipped")
    check_errors(errors)
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{label}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}, "
            f"line {line}); convert it to UTF-8, or pass --encoding-errors surrogateescape "
            "(bad bytes kept as they are) or replace (bad bytes become U+FFFD)"
        ) from None


def read_source(source: Source, errors: str = "strict", sniff: bool = True) -> str:
    """Read and decode one input (``sniff``: see :func:`decode`)."""
    if source.skip:
        raise SkippedInput(f"{source.name}: {source.skip}")
    if source.error:
        raise InputError(f"{source.name}: {source.error}")
    if source.path is None:
        return decode(sys.stdin.buffer.read(), "<stdin>", errors, sniff)
    try:
        mode = source.path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISDIR(mode)):
            raise InputError(f"{source.name}: not a regular file (a device or socket)")
        data = source.path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source.name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source.name}: is a directory") from None
    except PermissionError:
        raise InputError(f"{source.name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{source.name}: cannot read ({exc.strerror or exc})") from None
    return decode(data, source.name, errors, sniff)


#: why a walk passes over a symlink
SYMLINK_SKIPPED = "symlink; skipped (walks follow no links: name its target to clean it)"


def iter_sources(
    paths: list[str], pattern: str = "*.txt", exclude: Path | None = None
) -> Iterator[tuple[Source, str]]:
    """Expand CLI arguments into sources; directories are walked for ``pattern``, sorted.

    Yields ``(source, relative_name)``: the name an output takes under ``--out``. A walk follows
    no symlink: linked directories are not entered and linked files come with ``skip`` set. A
    walk does not enter ``exclude`` (the output directory: ``clean . --out out`` run twice
    would clean its own outputs into ``out/out/``); a file named on its own is always read.
    """
    skipped = _resolved(exclude)
    for arg in paths:
        if arg == "-":
            yield Source(None, "<stdin>"), "stdin.txt"
            continue
        path = Path(arg)
        if path.is_dir():
            for directory, why in _unsearchable(path, skipped):
                yield Source(directory, str(directory), error=why), directory.as_posix()
            walk = (p for p in path.rglob(pattern) if p.is_symlink() or p.is_file())
            if skipped is not None:
                walk = (p for p in walk if not _inside(p, skipped))
            for found in sorted(walk):
                relative = found.relative_to(path).as_posix()
                if found.is_symlink():
                    yield Source(found, str(found), SYMLINK_SKIPPED), relative
                else:
                    yield Source(found, str(found)), relative
        else:
            yield Source(path, arg), path.name


def _unsearchable(top: Path, skipped: Path | None) -> list[tuple[Path, str]]:
    """The directories under ``top`` a walk cannot list (``Path.rglob`` passes over them
    without a word, so a check could pass without reading every file), with why, sorted."""
    failed: list[OSError] = []
    for _ in os.walk(top, onerror=failed.append):
        pass
    found = []
    for exc in failed:
        if exc.filename is None:
            continue
        directory = Path(exc.filename)
        if skipped is not None and _under(directory, skipped):
            continue
        why = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        found.append((directory, f"{why or exc}; not searched"))
    return sorted(found)


def _resolved(directory: Path | None) -> Path | None:
    if directory is None:
        return None
    try:
        return directory.resolve()
    except OSError:
        return None


def _inside(found: Path, directory: Path) -> bool:
    """True when ``found`` lies under ``directory`` (both judged by where they really are)."""
    return _under(found.parent, directory)


def _under(path: Path, directory: Path) -> bool:
    """True when ``path`` is ``directory`` or lies under it (judged by where it really is)."""
    try:
        where = path.resolve()
    except OSError:
        return False
    return where == directory or directory in where.parents


def output_path(out: Path, relative: str, source: Path | None = None) -> Path:
    """``out / relative``, refused unless it stays inside ``out`` and is not the input itself.

    ``relative`` must be a plain relative name (no ``..``, no absolute path, no drive); no
    directory on the way may be a symlink that leads out of ``out``.
    """
    name = PurePosixPath(relative)
    if not relative or name.is_absolute() or ".." in name.parts or "\x00" in relative:
        raise OutputError(f"{relative!r}: not a safe output name under {out}; nothing written")
    target = out.joinpath(*name.parts)
    root = out.resolve()
    parent = target.parent.resolve()
    if parent != root and root not in parent.parents:
        raise OutputError(f"{target}: leads outside {out} through a symlink; nothing written")
    if source is not None:
        try:
            same = target.exists() and os.path.samefile(target, source)
        except OSError:
            same = False
        if same:
            raise OutputError(f"{target}: is the input itself; pick another --out directory")
    return target


def out_over_inputs(paths: list[str], out: Path) -> str | None:
    """Why ``--out`` cannot take the outputs of ``paths``, or ``None`` when it can.

    An output keeps its input's name under ``--out``: with ``--out`` the directory a named
    file is in, the output would replace the file; with ``--out`` a walked directory or one
    above it, the walk would skip every input as part of the output tree (and outputs could
    land on inputs). ``--out`` inside a walked directory is fine: the walk does not enter it.

    >>> print(out_over_inputs(["a/b.txt"], Path("a")))
    --out a is where the input a/b.txt is: its output would replace it; pick another --out directory
    >>> out_over_inputs(["a/b.txt"], Path("a/out")) is None
    True
    """
    where = _resolved(out)
    if where is None:
        return None
    for arg in paths:
        if arg == "-":
            continue
        path = Path(arg)
        if path.is_dir():
            if _under(path, where):
                return (
                    f"--out {out} holds the input directory {arg}: its outputs would land among "
                    "the inputs; pick a directory outside the inputs (or one inside the input "
                    "directory: the walk does not enter it)"
                )
        elif _resolved(path.parent) == where:
            return (
                f"--out {out} is where the input {arg} is: its output would replace it; "
                "pick another --out directory"
            )
    return None


def encode(text: str) -> bytes:
    """UTF-8 bytes of ``text``; bad bytes read with ``surrogateescape`` come back as they were."""
    try:
        return text.encode("utf-8", _ENCODE_ERRORS)
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"cannot write a lone surrogate U+{ord(text[exc.start]):04X} at {exc.start} as UTF-8"
        ) from None


def json_text(text: str, keep: frozenset[str] = frozenset()) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with any lone surrogate written
    as a ``\\udcXX`` escape: valid UTF-8 that parses back to the same string. Surrogates in
    ``keep`` stay raw (bad input bytes to be written back as they were)."""
    try:
        text.encode("utf-8")  # (a lone surrogate cannot be encoded: 6x faster than a search)
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub(
            lambda m: m.group() if m.group() in keep else f"\\u{ord(m.group()):04x}", text
        )
    return text


def lines_writer(lines: Iterable[str]) -> Callable[[BinaryIO], None]:
    """An :func:`atomic_write` payload that writes ``lines`` as UTF-8 one at a time (bad input
    bytes come back as they were, as with :func:`encode`)."""

    def write(handle: BinaryIO) -> None:
        for line in lines:
            handle.write(encode(line))

    return write


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output as UTF-8 bytes (bad input bytes come back as they were)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests, embedding): no bytes to keep
        sys.stdout.write(text.encode("utf-8", _ENCODE_ERRORS).decode("utf-8", "replace"))
    else:
        buffer.write(encode(text))
        buffer.flush()


def temporary_name(path: Path) -> Path:
    """A fresh temporary name in ``path``'s directory (the file is not created).

    Callers record the name first and create the file (``O_EXCL``) inside their ``try``, so an
    interrupt (Ctrl-C) at any moment leaves no temporary file they do not know of; with
    ``tempfile.mkstemp`` one arriving before the ``try`` was entered left it behind.
    """
    directory = path.parent if str(path.parent) else Path(".")
    return directory / f".{path.name}.{os.urandom(6).hex()}.tmp"


#: the names :func:`temporary_name` gives
_TEMPORARY_RE = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")


def remove_leftover_temporaries(out: Path) -> int:
    """Remove from ``out`` (and below) the temporary files of outputs a killed run was writing
    (``kill -9``: no cleanup could run); return how many. Only names :func:`temporary_name`
    gives are touched, and only those no live process is writing: a writer holds a lock on its
    temporary file (:func:`create_exclusive`), so shards of one job sharing ``--out``, each run
    with ``--resume``, leave each other's work alone."""
    removed = 0
    for directory, _, names in os.walk(out):
        for name in names:
            if _TEMPORARY_RE.fullmatch(name) and _remove_unlocked(os.path.join(directory, name)):
                removed += 1
    return removed


def _remove_unlocked(path: str) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return False  # being written
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take an exclusive advisory lock on ``fd`` without waiting; ``False`` if another open file
    holds it. Where there are no such locks (Windows), ``True``."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks
        return True
    return True


def create_exclusive(tmp: Path) -> int:
    """Create ``tmp`` (which must not exist) for writing, readable by its owner only, and lock
    it: the lock lasts as long as the returned descriptor is open, and tells
    :func:`remove_leftover_temporaries` that the file is being written."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    _try_lock(fd)
    return fd


def atomic_write(path: Path, data: str | bytes | Callable[[BinaryIO], None]) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permission bits.

    ``data`` may also be a function that writes the content to the binary file it is given
    (content too big to build as one string). Refuses (:class:`OutputError`) to replace a
    symlink: the link would become a plain file and its target would keep the old text. Any
    failure leaves ``path`` as it was.
    """
    payload = encode(data) if isinstance(data, str) else data
    if path.is_symlink():
        raise OutputError(f"{path}: is a symlink; not replaced (name its target instead)")
    try:
        old: os.stat_result | None = path.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise OutputError(f"{path}: not a regular file; not replaced")
    tmp = temporary_name(path)
    try:
        # the file stays open (and locked) until it has its name
        with os.fdopen(create_exclusive(tmp), "wb") as handle:
            if callable(payload):
                payload(handle)
            else:
                handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            if old is not None:
                os.chmod(tmp, stat.S_IMODE(old.st_mode))
                if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                    with contextlib.suppress(OSError):  # only root may give a file away
                        os.chown(tmp, old.st_uid, old.st_gid)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise
