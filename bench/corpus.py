"""Corpus throughput and memory: cleaner on one core, on all cores, on a local Dask cluster,
next to codespell and ftfy alone on the same text; peak memory for a small and a large JSONL.

    python bench/corpus.py                     # 20 MB corpus, RSS at 20 and 200 MB
    python bench/corpus.py --mb 5 --rss 5,50   # quicker
    python bench/corpus.py --rss-select spacing  # RSS runs with only cheap rules (faster)
    python bench/corpus.py --repeat 3 --skip codespell,ftfy,dask,inproc --rss ""  # scaling only

The corpus is built in a temporary directory (never committed) from /work/shared/eval/clean:
documents of 20 consecutive lines, repeated until the size is reached, written once as JSONL
(``{"id", "text"}``) and once as text files of about 1 MB for codespell. MB/s = input text MB /
wall time of the whole command (start-up and resource loading included; the in-process figure
excludes them). Peak RSS: the largest single process (``ru_maxrss`` of the children) and the
largest sampled sum over the process tree (psutil, every 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path("/work/shared/eval/clean")
CHUNK = 20
sys.path.insert(0, str(ROOT))


def documents() -> list[str]:
    lines: list[str] = []
    for path in sorted(EVAL.glob("*.en")):
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    return ["\n".join(lines[i : i + CHUNK]) for i in range(0, len(lines), CHUNK)]


def build(directory: Path, mb: float, text_files: bool) -> tuple[Path, Path | None, int]:
    """A JSONL of at least ``mb`` MB (and, if asked, the same documents as ~1 MB text files)."""
    docs = documents()
    target = int(mb * 1e6)
    jsonl = directory / f"corpus{mb:g}.jsonl"
    texts = directory / f"texts{mb:g}" if text_files else None
    if texts:
        texts.mkdir()
    size = 0
    n = 0
    chunk: list[str] = []
    chunk_bytes = 0
    with jsonl.open("w", encoding="utf-8") as handle:
        while size < target:
            doc = docs[n % len(docs)]
            handle.write(json.dumps({"id": n, "text": doc}, ensure_ascii=False) + "\n")
            nbytes = len(doc.encode("utf-8"))
            size += nbytes
            n += 1
            if texts:
                chunk.append(doc)
                chunk_bytes += nbytes
                if chunk_bytes >= 1_000_000:
                    (texts / f"{n:08}.txt").write_text("\n\n".join(chunk), encoding="utf-8")
                    chunk, chunk_bytes = [], 0
    if texts and chunk:
        (texts / f"{n:08}.txt").write_text("\n\n".join(chunk), encoding="utf-8")
    return jsonl, texts, size


def measure(
    command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> dict[str, float]:
    """Wall time, peak RSS of the largest process, peak sampled RSS of the whole tree."""
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        psutil = None
    with tempfile.NamedTemporaryFile(suffix=".rss", delete=False) as report:
        pass
    started = time.monotonic()
    # a fresh wrapper per command: ru_maxrss of its children is this command's alone
    proc = subprocess.Popen(
        [sys.executable, "-c", WRAP, report.name, *command], env=env, stdout=subprocess.DEVNULL
    )
    tree_peak = proc_peak = 0
    while proc.poll() is None:
        if psutil is not None:
            try:
                root = psutil.Process(proc.pid)
                sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
                tree_peak = max(tree_peak, sum(sizes))
                proc_peak = max(proc_peak, *sizes)
            except psutil.Error:
                pass
        time.sleep(0.05)
    wall = time.monotonic() - started
    if proc.returncode not in ok:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}")
    maxrss_kb = int(Path(report.name).read_text() or 0)
    os.unlink(report.name)
    # ru_maxrss misses workers forked by the forkserver (not our children): take the larger
    peak = max(maxrss_kb * 1024, proc_peak)
    return {"seconds": wall, "max_process_mb": peak / 1e6, "tree_mb": tree_peak / 1e6}


WRAP = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def cleaner_cmd(jsonl: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "clean", str(jsonl), "--field", "text",
            "--out", str(out), "-q", *extra]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size for MB/s")
    parser.add_argument("--rss", default="20,200", help="JSONL sizes (MB) for peak memory")
    parser.add_argument("--rss-select", default=None, help="--select for the RSS runs")
    parser.add_argument("--skip", default="", help="comma list: codespell,ftfy,dask,inproc")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run --jobs 1 and --jobs 2 this many times, alternately, and report the medians "
        "(a shared machine's speed drifts; alternating runs see the same drift)",
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows: list[tuple[str, float, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="cleaner-corpus-bench-") as tmp:
        work = Path(tmp)
        jsonl, texts, size = build(work, args.mb, text_files=True)
        mb = size / 1e6
        print(
            f"corpus: {mb:.1f} MB of text, {jsonl.stat().st_size / 1e6:.1f} MB JSONL",
            file=sys.stderr,
        )
        if "inproc" not in skip:
            from cleaner import Cleaner

            cleaner = Cleaner()
            cleaner.clean("Warm up. .")
            docs = [json.loads(line)["text"] for line in jsonl.open(encoding="utf-8")]
            t = time.monotonic()
            for doc in docs:
                cleaner.clean(doc)
            rows.append(("cleaner in-process loop (1 core, warm)", mb / (time.monotonic() - t), {}))
        runs: dict[str, list[dict[str, Any]]] = {"cleaner --jobs 1": [], "cleaner --jobs 2": []}
        for _ in range(max(1, args.repeat)):
            for label, got in runs.items():
                out = work / label.replace(" ", "_")
                r = measure(cleaner_cmd(jsonl, out, "--jobs", label[-1]), env)
                got.append(r)
                print(f"{label}: {r}", file=sys.stderr)
        for label, got in runs.items():
            median = sorted(got, key=lambda r: r["seconds"])[len(got) // 2]
            rows.append((label, mb / median["seconds"], median))
        if "dask" not in skip:
            import distributed

            local = distributed.LocalCluster  # untyped
            with local(n_workers=2, processes=True, threads_per_worker=1,  # type: ignore[no-untyped-call]
                       dashboard_address=":0") as cluster:  # fmt: skip
                r = measure(
                    cleaner_cmd(jsonl, work / "dask", "--dask", cluster.scheduler_address), env
                )
                rows.append(("cleaner --dask (LocalCluster, 2 workers)", mb / r["seconds"], r))
        if "codespell" not in skip and texts is not None:
            r = measure([sys.executable, "-m", "codespell_lib", str(texts)], None, ok=(0, 65))
            rows.append(("codespell (report only, 1 core)", mb / r["seconds"], r))
        if "ftfy" not in skip:
            import ftfy

            docs = [json.loads(line)["text"] for line in jsonl.open(encoding="utf-8")]
            t = time.monotonic()
            for doc in docs:
                ftfy.fix_text(doc)
            rows.append(("ftfy.fix_text alone (in-process)", mb / (time.monotonic() - t), {}))
        rss_rows = []
        for size_mb in [float(x) for x in args.rss.split(",") if x]:
            big, _, big_size = build(work, size_mb, text_files=False)
            extra = ["--jobs", "2"] + (["--select", args.rss_select] if args.rss_select else [])
            r = measure(cleaner_cmd(big, work / f"rss{size_mb:g}", *extra), env)
            rss_rows.append((big_size / 1e6, r))
            big.unlink()
    print(f"\n{'tool':44} {'MB/s':>7} {'wall s':>7} {'max proc MB':>12} {'tree MB':>8}")
    for label, rate, r in rows:
        print(f"{label:44} {rate:7.2f} {r.get('seconds', 0):7.1f} "
              f"{r.get('max_process_mb', 0):12.0f} {r.get('tree_mb', 0):8.0f}")  # fmt: skip
    rates = dict((label, rate) for label, rate, _ in rows)
    ratio = rates["cleaner --jobs 2"] / rates["cleaner --jobs 1"]
    print(f"\n2 jobs / 1 job: {ratio:.2f}x (medians of {max(1, args.repeat)} alternating runs)")
    print("\npeak memory, cleaner clean --field text --jobs 2" +
          (f" --select {args.rss_select}" if args.rss_select else ""))  # fmt: skip
    for size_mb, r in rss_rows:
        print(f"  {size_mb:6.1f} MB JSONL text: max process {r['max_process_mb']:.0f} MB, "
              f"process tree {r['tree_mb']:.0f} MB, {r['seconds']:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
