"""Start-up time: ``cleaner check`` on one small clean file against ``codespell`` on the same file.

``cleaner clean FILE -o OUT``, which goes through typer, is timed too (row ``clean``).

    python -m bench.startup [--runs N] [--breakdown]

Both run under this interpreter (``python -m cleaner`` / ``python -m codespell_lib``), so neither
pays for a wrapper script (a pyenv shim alone adds ~50 ms). Caches are warmed by one untimed run
of each; the figure is the median wall time of ``--runs`` runs (hyperfine when it is installed,
else timed subprocesses). The goal: cleaner <= 1.5 x codespell. ``--breakdown`` shows where
cleaner's time goes: the interpreter, imports, building the cleaner, the first clean, and the
slowest imports from ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL = 1.5
#: a small clean text: nothing to fix, no unknown word (so no spelling index is needed)
SAMPLE = (
    "The army said on Monday that it would stay in the region until the end of the year.\n"
    "Officials in both capitals declined to comment on the talks.\n"
)


def commands(path: Path) -> dict[str, list[str]]:
    cleaner = [sys.executable, "-m", "cleaner", "check", "-q", str(path)]
    # the typer path (``check`` and ``fix`` skip typer): a pipeline cleaning one file at a time
    clean = [sys.executable, "-m", "cleaner", "clean", "-q", str(path), "-o", str(path) + ".out"]
    if importlib.util.find_spec("codespell_lib") is not None:
        codespell = [sys.executable, "-m", "codespell_lib", str(path)]
    else:
        found = shutil.which("codespell")
        codespell = [found, str(path)] if found else []
    return {"cleaner": cleaner, "codespell": codespell, "clean": clean}


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def time_subprocess(argv: Sequence[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(argv, env=env, capture_output=True, check=False)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}: {proc.stderr[-300:]!r}")
    return times


def time_hyperfine(argv: Sequence[str], runs: int, env: dict[str, str]) -> list[float]:
    import shlex

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.json"
        subprocess.run(
            [
                "hyperfine", "--warmup", "1", "--runs", str(runs), "-N", "-i",
                "--export-json", str(out), shlex.join(argv),
            ],
            env=env,
            capture_output=True,
            check=True,
        )  # fmt: skip
        return list(json.loads(out.read_text())["results"][0]["times"])


PHASES = """
import time, sys
t0 = time.perf_counter()
import cleaner.cli
t1 = time.perf_counter()
from cleaner.registry import all_rules
all_rules()
t2 = time.perf_counter()
from cleaner.pipeline import Cleaner
c = Cleaner()
t3 = time.perf_counter()
c.clean(open(__PATH__, encoding="utf-8").read())
t4 = time.perf_counter()
heavy = [m for m in ("typer", "pydantic", "ftfy", "symspellpy", "wordfreq") if m in sys.modules]
print(f"  import cleaner.cli      {(t1 - t0) * 1000:6.0f} ms")
print(f"  import the rules        {(t2 - t1) * 1000:6.0f} ms")
print(f"  Cleaner()               {(t3 - t2) * 1000:6.0f} ms")
print(f"  first clean (resources) {(t4 - t3) * 1000:6.0f} ms")
print(f"  heavy modules loaded:   {', '.join(heavy) or 'none'}")
"""


def breakdown(path: Path, env: dict[str, str]) -> str:
    """Phases of one cold ``cleaner check`` measured inside a fresh interpreter."""
    code = PHASES.replace("__PATH__", repr(str(path)))
    bare = statistics.median(time_subprocess([sys.executable, "-c", "pass"], 5, env))
    phases = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cleaner", "check", "-q", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    top = sorted(rows, reverse=True)[:12]
    lines = [f"  python -c pass          {bare * 1000:6.0f} ms", phases.rstrip()]
    lines.append("  slowest imports (cumulative, -X importtime):")
    lines += [f"    {us / 1000:6.1f} ms {name}" for us, name in top]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--breakdown", action="store_true", help="show where cleaner's time goes")
    args = parser.parse_args(argv)
    env = environment()
    use_hyperfine = shutil.which("hyperfine") is not None
    timer = time_hyperfine if use_hyperfine else time_subprocess
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        path = Path(tmp) / "small.txt"
        path.write_text(SAMPLE, encoding="utf-8")
        medians: dict[str, float] = {}
        for tool, command in commands(path).items():
            if not command:
                print(f"{tool:10} not installed")
                continue
            times = timer(command, args.runs, env)
            medians[tool] = statistics.median(times)
            print(
                f"{tool:10} median {medians[tool] * 1000:6.0f} ms  "
                f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, "
                f"{len(times)} runs, {'hyperfine' if use_hyperfine else 'subprocess'})"
            )
        if "cleaner" in medians and "codespell" in medians:
            ratio = medians["cleaner"] / medians["codespell"]
            verdict = "within" if ratio <= GOAL else "over"
            print(f"ratio      {ratio:.2f} x codespell ({verdict} the {GOAL} x goal)")
        if args.breakdown:
            print("cleaner, one cold run:")
            print(breakdown(path, env))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
