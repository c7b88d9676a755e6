"""One very long line: the whole command on a single line of many MB, no line ends at all.

    python -m bench.longline            # 100 MB
    python -m bench.longline --mb 10    # quicker
    python -m bench.longline --mb 5 --tokenized   # 'word , word .': a finding every few words

The line is the clean eval text (/work/shared/eval/clean) with its line ends turned into spaces,
repeated until the size is reached, written to a temporary directory. It prints the exit code,
wall time, MB/s, the peak RSS of the cleaner process, the edits made and whether ``cleaner
revert`` rebuilds the input byte for byte. ``docs/reliability.md`` quotes it for its "a 100 MB
single line" row; the suite runs the same with 2 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import documents

ROOT = Path(__file__).resolve().parents[1]


def build(path: Path, mb: float, tokenized: bool = False) -> int:
    """Write one line of about ``mb`` MB (UTF-8) to ``path``; return its size in bytes. With
    ``tokenized``, the punctuation stands apart as a tokenizer leaves it (``word , word .``),
    which gives the spacing rules a finding every few words."""
    text = " ".join(doc.replace("\n", " ") for doc in documents())
    if tokenized:
        text = text.replace(", ", " , ").replace(". ", " . ")
    block = text.encode("utf-8") + b" "
    target = int(mb * 1e6)
    with path.open("wb") as handle:
        written = 0
        while written < target:
            handle.write(block)
            written += len(block)
        handle.write(b"\n")
    return written + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the line (default 100)")
    parser.add_argument(
        "--tokenized", action="store_true", help="punctuation set apart: 'word , word .'"
    )
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "line.txt"
        size = build(source, args.mb, args.tokenized)
        out = Path(tmp) / "out"
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "cleaner", "clean", str(source), "--out", str(out), "-q"],
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"line: {size / 1e6:.1f} MB, one line")
        print(
            f"exit {run.returncode}, {seconds:.1f} s, {size / 1e6 / seconds:.2f} MB/s, "
            f"peak RSS {peak_mb:.0f} MB"
        )
        if run.returncode not in (0, 1):
            print(run.stderr.strip())
            sys.exit(1)
        report = json.loads((out / "line.txt.json").read_text(encoding="utf-8"))
        print(f"edits {len(report['edits'])}, suggestions {len(report['suggestions'])}")
        back = Path(tmp) / "back.txt"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cleaner",
                "revert",
                str(out / "line.txt"),
                str(out / "line.txt.json"),
                "--out",
                str(back),
            ],
            env=env,
            check=True,
        )
        same = back.read_bytes() == source.read_bytes()
        print(f"revert rebuilds the input byte for byte: {'yes' if same else 'NO'}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
