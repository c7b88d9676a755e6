"""Throughput (MB/s of UTF-8 input, one core) and CLI start-up time."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.baselines import SymSpellTool, codespell_command

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Speed:
    tool: str
    bytes: int
    seconds: float
    note: str = ""

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0


@contextmanager
def one_core() -> Iterator[None]:
    """Pin this process (and children started meanwhile) to one CPU where the OS allows it."""
    if not hasattr(os, "sched_getaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def repeat_to(docs: Sequence[str], min_bytes: int) -> list[str]:
    """At least ``min_bytes`` of UTF-8: the first documents, or whole passes over all of them."""
    size = sum(len(d.encode("utf-8")) for d in docs)
    if not docs or size == 0:
        return list(docs)
    if min_bytes < size:
        out, taken = [], 0
        for doc in docs:
            out.append(doc)
            taken += len(doc.encode("utf-8"))
            if taken >= min_bytes:
                return out
    passes = max(1, -(-min_bytes // size))
    return list(docs) * passes


def take_bytes(docs: Sequence[str], max_bytes: int) -> list[str]:
    """The first documents, up to about ``max_bytes``."""
    out, size = [], 0
    for doc in docs:
        if size >= max_bytes:
            break
        out.append(doc)
        size += len(doc.encode("utf-8"))
    return out


def _size(docs: Sequence[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


def time_loop(name: str, fn: Callable[[str], object], docs: Sequence[str], note: str = "") -> Speed:
    t0 = time.perf_counter()
    for doc in docs:
        fn(doc)
    return Speed(name, _size(docs), time.perf_counter() - t0, note)


def cleaner_speed(docs: Sequence[str]) -> tuple[Speed, float]:
    """Whole pipeline, default config; returns the speed and the ``Cleaner()`` set-up seconds."""
    from cleaner import Cleaner

    t0 = time.perf_counter()
    cleaner = Cleaner()
    cleaner.clean((docs[0] if docs else "") + "\nWarm up lazy resources: a typo, recieve.")
    setup = time.perf_counter() - t0
    return time_loop("cleaner", cleaner.clean, docs, "Cleaner().clean per chunk"), setup


def cleaner_first_pass_speed(docs: Sequence[str]) -> Speed:
    """Each chunk once, on a fresh ``Cleaner``: every per-word memo starts empty, so every
    unknown word pays for its candidates. The per-chunk row passes over the chunks several
    times and its later passes find their words memoised; a corpus run, whose vocabulary keeps
    growing but slower and slower, lies between the two."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    cleaner.clean("Warm up lazy resources: a typo, recieve.")
    return time_loop("cleaner, first pass", cleaner.clean, docs, "each chunk once, words unseen")


def cleaner_one_document_speed(docs: Sequence[str]) -> Speed:
    """The same chunks joined into ONE document: a cost that grows faster than the text shows
    here first (a 1 MB file is a normal input; the per-chunk figure would not see it)."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    cleaner.clean((docs[0] if docs else "") + "\nWarm up lazy resources: a typo, recieve.")
    text = "\n".join(docs)
    note = f"the chunks as one document of {len(text.encode('utf-8')) / 1e6:.2f} MB"
    return time_loop("cleaner, one document", cleaner.clean, [text], note)


def symspell_speed(docs: Sequence[str]) -> Speed:
    tool = SymSpellTool(memo=False)
    return time_loop("symspellpy", tool.one, docs, "plain loop, no lookup cache")


def ftfy_speed(docs: Sequence[str]) -> Speed:
    import ftfy

    return time_loop("ftfy", ftfy.fix_text, docs, "ftfy.fix_text per chunk")


def _run_codespell(root: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        codespell_command("--write-changes", "--quiet-level", "63", "."),
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - t0


def codespell_speed(docs: Sequence[str]) -> Speed:
    """One ``codespell -w`` process over one file per chunk, minus its start-up on one file."""
    with tempfile.TemporaryDirectory(prefix="bench-codespell-speed-") as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        (empty / "x.txt").write_text("x\n", encoding="utf-8")
        startup = min(_run_codespell(empty) for _ in range(2))
        root = Path(tmp) / "docs"
        root.mkdir()
        for i, doc in enumerate(docs):
            (root / f"{i:06d}.txt").write_text(doc, encoding="utf-8")
        total = _run_codespell(root)
    note = f"one process, start-up {startup:.2f}s subtracted (total {total:.2f}s)"
    return Speed("codespell", _size(docs), max(total - startup, 1e-9), note)


@dataclass(frozen=True, slots=True)
class Startup:
    command: str
    seconds: float | None  # median wall time; None when the command is missing or failed
    note: str = ""


def cli_startup(sample: str, runs: int = 3) -> Startup:
    """Wall time of ``python -m cleaner check FILE`` on a small file (exit 0 or 1 is success)."""
    command = [sys.executable, "-m", "cleaner", "check"]
    shown = "python -m cleaner check <small file>"
    try:
        import importlib.util

        if importlib.util.find_spec("cleaner.__main__") is None:
            return Startup(shown, None, "no cleaner CLI (cleaner/__main__.py) yet")
    except ImportError as exc:
        return Startup(shown, None, f"cannot import cleaner: {exc}")
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        path = Path(tmp) / "small.txt"
        path.write_text(sample, encoding="utf-8")
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.run(
                [*command, str(path)], cwd=REPO, capture_output=True, text=True, check=False
            )
            times.append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1):
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
                return Startup(shown, None, f"exit {proc.returncode}: {tail[0][:200]}")
    note = f"median of {runs}, {len(sample.encode('utf-8'))} bytes"
    return Startup(shown, statistics.median(times), note)
