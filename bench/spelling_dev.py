"""Quick measurements of the spelling stage alone: start-up (cold and warm disk cache) and speed.

    python bench/spelling_dev.py            # start-up in fresh processes, then throughput

Start-up runs each case in a fresh interpreter so the per-process caches are empty; "cold" uses
an empty cache directory, "warm" the one the cold run filled. Throughput runs the rule alone on
eval/clean in 20-line documents: the first pass pays for symspellpy lookups, later passes find
them memoised. The machine may be shared: figures vary between runs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path("/work/shared/eval/clean")

_PROBE = """
import time, sys
from pathlib import Path
t0 = time.perf_counter()
from cleaner import Cleaner, CleanerConfig
cfg = CleanerConfig(select=frozenset({"spelling"}), cache_dir=Path(sys.argv[1]))
c = Cleaner(cfg)
t1 = time.perf_counter()
out = c.clean(sys.argv[2]).text
t2 = time.perf_counter()
lex = c.resources.get("spelling-lexicon", lambda: None)
parts = sorted(lex.loaded) if lex is not None else []
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {','.join(parts) or '-'} {out!r}")
"""


def startup() -> None:
    known = "Russia accused Turkey on Wednesday of failing to honour a deal on Syria."
    typo = "Russia accused Turkey on Wednesday of failing to honour teh deal on Syria."
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in (
            ("known words, cold", known),
            ("one typo, cold", typo),
            ("one typo, warm", typo),
            ("known words, warm", known),
        ):
            run = subprocess.run(
                [sys.executable, "-c", _PROBE, tmp, text],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            imp, first, parts, _ = run.stdout.split(" ", 3)
            print(f"{label:20} import+Cleaner {imp}s  first clean {first}s  loaded: {parts}")


def throughput() -> None:
    sys.path.insert(0, str(ROOT))
    from cleaner import Cleaner, CleanerConfig
    from cleaner.context import DocContext

    docs = []
    for path in sorted(EVAL.glob("*.en")):
        lines = path.read_text(encoding="utf-8").splitlines()
        docs += ["\n".join(lines[i : i + 20]) for i in range(0, len(lines), 20)]
    megabytes = sum(len(d.encode()) for d in docs) / 1e6
    cleaner = Cleaner(CleanerConfig(select=frozenset({"spelling"})))
    cleaner.clean("He said teh talks failed.")  # load the lexicon outside the timing
    rule = cleaner.rules[0]
    for run in range(3):
        start = time.perf_counter()
        for doc in docs:
            list(rule.find(doc, DocContext(doc, cleaner.resources)))
        seconds = time.perf_counter() - start
        print(f"rule alone, pass {run + 1}: {megabytes / seconds:.2f} MB/s ({megabytes:.2f} MB)")


if __name__ == "__main__":
    startup()
    throughput()
