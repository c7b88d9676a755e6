"""Loaders for the evaluation data in /work/shared/eval (measuring only, never dictionaries)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(os.environ.get("CLEANER_EVAL_DIR", "/work/shared/eval"))
#: consecutive lines fed to a tool as one document
CHUNK_LINES = 20


@dataclass(frozen=True, slots=True)
class Chunk:
    """Up to ``CHUNK_LINES`` consecutive lines of one file, joined with ``\\n``."""

    file: str
    first: int  # 1-based number of the first line
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def line_starts(self) -> list[int]:
        """Offset in :attr:`text` where each line starts."""
        starts, pos = [], 0
        for line in self.lines:
            starts.append(pos)
            pos += len(line) + 1
        return starts


@dataclass(frozen=True, slots=True)
class Pair:
    """A real misspelling and the accepted spellings it stands for (first = preferred)."""

    wrong: str
    rights: tuple[str, ...]
    source: str


def clean_files(eval_dir: Path = EVAL_DIR) -> list[Path]:
    return sorted((eval_dir / "clean").glob("*.en"))


def read_lines(path: Path) -> list[str]:
    """The file's lines without line ends (a final empty line is dropped)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def chunk_file(name: str, lines: Sequence[str], size: int = CHUNK_LINES) -> list[Chunk]:
    """Split a file's lines into documents of ``size`` consecutive lines."""
    return [Chunk(name, i + 1, tuple(lines[i : i + size])) for i in range(0, len(lines), size)]


def load_chunks(eval_dir: Path = EVAL_DIR, size: int = CHUNK_LINES) -> list[Chunk]:
    return [c for p in clean_files(eval_dir) for c in chunk_file(p.name, read_lines(p), size)]


def load_python_reference(size: int = CHUNK_LINES) -> list[Chunk]:
    """Python's own reference documentation (``pydoc_data.topics``, shipped with CPython), in
    chunks: clean English that nobody on the team wrote, in another register than news (a
    check that precision carries over to text the rules were never tuned on)."""
    from pydoc_data.topics import topics

    return [
        c
        for name in sorted(topics)
        for c in chunk_file(f"pydoc:{name}", topics[name].split("\n"), size)
    ]


def count_words(text: str) -> int:
    """Words = whitespace-separated tokens (``str.split()``)."""
    return len(text.split())


def parse_wikipedia(lines: Iterable[str], source: str = "wikipedia") -> Iterator[Pair]:
    """``wrong->right`` or ``wrong->right1, right2`` lines."""
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#") or "->" not in line:
            continue
        wrong, _, rights = line.partition("->")
        alts = tuple(r.strip() for r in rights.split(",") if r.strip())
        if wrong.strip() and alts:
            yield Pair(wrong.strip(), alts, source)


def parse_birkbeck(lines: Iterable[str], source: str = "birkbeck") -> Iterator[Pair]:
    """``$correct`` line, then one misspelling a line; ``_`` stands for a space."""
    right: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("$"):
            right = line[1:].replace("_", " ").strip() or None
        elif right is not None:
            yield Pair(line.replace("_", " "), (right,), source)


def load_wikipedia(eval_dir: Path = EVAL_DIR) -> list[Pair]:
    path = eval_dir / "misspellings" / "wikipedia_dev.txt"
    return list(parse_wikipedia(path.read_text(encoding="utf-8").splitlines()))


def load_birkbeck(eval_dir: Path = EVAL_DIR) -> list[Pair]:
    path = eval_dir / "misspellings" / "birkbeck_dev.txt"
    return list(parse_birkbeck(path.read_text(encoding="utf-8").splitlines()))


def symspell_dictionary_path() -> Path:
    """symspellpy's bundled English unigram list (82,765 words)."""
    import symspellpy

    return Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"


def load_wordlist(path: Path | None = None) -> frozenset[str]:
    """The lowercase words of symspellpy's bundled dictionary."""
    path = path or symspell_dictionary_path()
    with path.open(encoding="utf-8") as fh:
        return frozenset(line.split(" ", 1)[0].lower() for line in fh if line.strip())


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def is_real_word(text: str, words: frozenset[str]) -> bool:
    """True when every word of ``text`` is in ``words`` (a trailing ``'s`` is allowed)."""
    for token in _WORD.findall(text.lower().replace("’", "'")):
        if token in words:
            continue
        if token.endswith("'s") and token[:-2] in words:
            continue
        return False
    return True
