"""``python -m bench [--quick] [--only quality|speed]``: measure cleaner against baselines."""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench import report
from bench.data import (
    CHUNK_LINES,
    Chunk,
    is_real_word,
    load_birkbeck,
    load_chunks,
    load_python_reference,
    load_wikipedia,
    load_wordlist,
)
from bench.inject import InjectionStats, SentenceIndex, build_injections
from bench.judged import JUDGED_FILE, load_verdicts, wrong_changes
from bench.names import FRAMES, NamesInFrames, census_surnames, names_in_frames, repeated_names
from bench.quality import FalsePositives, Injected, false_positives, injected, same_fixes
from bench.speed import (
    Speed,
    Startup,
    cleaner_first_pass_speed,
    cleaner_one_document_speed,
    cleaner_speed,
    cli_startup,
    codespell_speed,
    ftfy_speed,
    one_core,
    repeat_to,
    symspell_speed,
    take_bytes,
)
from bench.tools import Tool

RESULTS = Path(__file__).parent / "results"
TOOLS = ("cleaner", "symspellpy", "codespell")


@dataclass(frozen=True, slots=True)
class Settings:
    mode: str
    fp_fraction: float  # share of clean chunks used for false positives (seeded sample)
    inject_cap: int  # injected sentences per misspelling list
    cleaner_bytes: int  # cleaner's speed corpus: eval/clean repeated to at least this
    baseline_bytes: int  # baselines' speed corpus: the first chunks, up to this


FULL = Settings("full", 1.0, 2000, 5_000_000, 2_000_000)
QUICK = Settings("quick", 0.25, 300, 500_000, 300_000)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def make_tool(name: str) -> Tool:
    from bench.baselines import CodespellTool, SymSpellTool
    from bench.tools import CleanerTool

    if name == "cleaner":
        return CleanerTool()
    if name == "symspellpy":
        return SymSpellTool()
    if name == "codespell":
        return CodespellTool()
    raise ValueError(f"unknown tool {name!r}")


def sample_chunks(chunks: list[Chunk], fraction: float, seed: int) -> list[Chunk]:
    if fraction >= 1.0:
        return chunks
    k = max(1, round(len(chunks) * fraction))
    picked = sorted(random.Random(seed).sample(range(len(chunks)), k))
    return [chunks[i] for i in picked]


def _stats_json(stats: InjectionStats) -> dict[str, int]:
    return {k: getattr(stats, k) for k in stats.__slots__}


def run_quality(
    tools: list[str], settings: Settings, seed: int, out: Path, data: dict[str, Any]
) -> tuple[dict[str, FalsePositives], dict[tuple[str, str], Injected], str]:
    chunks = load_chunks()
    fp_chunks = sample_chunks(chunks, settings.fp_fraction, seed)
    index = SentenceIndex(chunks)
    words = load_wordlist()
    wiki, wiki_stats = build_injections(load_wikipedia(), index, settings.inject_cap, seed)
    birk, birk_stats = build_injections(
        load_birkbeck(),
        index,
        settings.inject_cap,
        seed,
        keep=lambda p: not is_real_word(p.wrong, words),
    )
    log(f"{len(fp_chunks)} clean chunks; injected {len(wiki)} wikipedia, {len(birk)} birkbeck")
    reference = sample_chunks(load_python_reference(), settings.fp_fraction, seed)
    names = repeated_names(chunks, words)
    surnames = census_surnames(words, seed=seed)
    if not surnames:
        log("census surnames skipped: pip install names (the 1990 US Census surname list)")
    framed: dict[str, NamesInFrames] = {}
    census: dict[str, NamesInFrames] = {}
    fps: dict[str, FalsePositives] = {}
    off_domain: dict[str, FalsePositives] = {}
    inj: dict[tuple[str, str], Injected] = {}
    for name in tools:
        t0 = time.perf_counter()
        tool = make_tool(name)
        log(f"{name}: set-up {time.perf_counter() - t0:.1f}s")
        fps[name] = fp = false_positives(tool, fp_chunks)
        report.write_fp_tsv(out / f"fp_{name}.tsv", fp)
        log(f"{name}: clean text {fp.seconds:.1f}s, {len(fp.changes)} changes")
        off_domain[name] = ref = false_positives(tool, reference)
        report.write_fp_tsv(out / f"fp_pydoc_{name}.tsv", ref)
        log(f"{name}: Python reference {ref.seconds:.1f}s, {len(ref.changes)} changes")
        framed[name] = kept = names_in_frames(tool, names)
        report.write_names_tsv(out / f"names_{name}.tsv", kept)
        log(f"{name}: names in frames, {len(kept.changed)} of {kept.framed} changed")
        if surnames:
            census[name] = kept = names_in_frames(tool, surnames)
            report.write_names_tsv(out / f"names_census_{name}.tsv", kept)
            log(f"{name}: census surnames in frames, {len(kept.changed)} of {kept.framed} changed")
        for corpus, cases in (("wikipedia", wiki), ("birkbeck", birk)):
            inj[(corpus, name)] = r = injected(tool, corpus, cases, fp.outputs)
            report.write_injection_tsv(out / f"inject_{corpus}_{name}.tsv", r)
            log(f"{name}: {corpus} {r.seconds:.1f}s")
    false_pos = {n: report.fp_json(f) for n, f in fps.items()}
    if "codespell" in fps:
        for n, f in fps.items():
            false_pos[n]["same_fix_as_codespell"] = same_fixes(f, fps["codespell"])
    data["quality"] = {
        "false_positives": false_pos,
        "wikipedia": {n: report.injected_json(inj[("wikipedia", n)]) for n in tools},
        "birkbeck": {n: report.injected_json(inj[("birkbeck", n)]) for n in tools},
        "injection": {
            "wikipedia": _stats_json(wiki_stats),
            "birkbeck": _stats_json(birk_stats),
            "birkbeck_filter": "non-word errors only: misspelling not in symspellpy's 82,765-word "
            "list (real-word errors excluded and counted in 'excluded')",
        },
        "chunks": len(fp_chunks),
        "python_reference": {n: report.fp_json(f) for n, f in off_domain.items()},
        "names_in_frames": {
            n: {"names": f.names, "sentences": f.framed, "changed": len(f.changed)}
            for n, f in framed.items()
        },
        "census_surnames_in_frames": {
            n: {"names": f.names, "sentences": f.framed, "changed": len(f.changed)}
            for n, f in census.items()
        },
    }
    parts = [
        "Changes on clean text that codespell makes too (mostly genuine typos in the corpus): "
        + ", ".join(
            f"{n} {v.get('same_fix_as_codespell', '-')}/{v['changes']}"
            for n, v in false_pos.items()
        ),
        "",
        "Per-rule changes of cleaner on clean text:",
        report.rule_table(fps["cleaner"].by_rule(), fps["cleaner"].words)
        if "cleaner" in fps
        else "(cleaner not run)",
        "",
        "Changes on Python's reference documentation (pydoc_data.topics, shipped with CPython; "
        "clean text outside news, every change listed in fp_pydoc_TOOL.tsv):",
        report.table(
            [
                [n, str(f.words), str(len(f.changes)), f"{f.per_100k:.1f}"]
                for n, f in off_domain.items()
            ],
            ["tool", "words", "changes", "per 100k words"],
        ),
        "",
        f"Names in sentence frames ({len(names)} names the clean news spells alike at least "
        f"twice, each in {len(FRAMES)} sentences; every change listed in names_TOOL.tsv):",
        report.table(
            [
                [n, str(f.framed), str(len(f.changed)), f"{100 * f.share:.1f}"]
                for n, f in framed.items()
            ],
            ["tool", "sentences", "name changed", "%"],
        ),
    ]
    if census:
        parts += [
            "",
            f"Census surnames in sentence frames ({len(surnames)} of the 1990 US Census "
            "surnames that symspellpy's list lacks, seeded sample; each in "
            f"{len(FRAMES)} sentences; every change listed in names_census_TOOL.tsv):",
            report.table(
                [
                    [n, str(f.framed), str(len(f.changed)), f"{100 * f.share:.1f}"]
                    for n, f in census.items()
                ],
                ["tool", "sentences", "name changed", "%"],
            ),
        ]
    parts += [
        "",
        "Injected misspellings (one per sentence):",
        report.injection_table(inj.values()),
    ]
    if "cleaner" in tools:
        wrong = {
            **{f"wiki {k}": v for k, v in inj[("wikipedia", "cleaner")].wrong_by_rule().items()},
            **{f"birk {k}": v for k, v in inj[("birkbeck", "cleaner")].wrong_by_rule().items()},
        }
        parts += [
            "",
            "cleaner's wrong changes on injected sentences, by rule:",
            report.table(
                [[k, str(v)] for k, v in wrong.items()] or [["(none)", "0"]],
                ["list rule", "changes"],
            ),
        ]
    errors = sum(len(f.errors) for f in (*fps.values(), *off_domain.values()))
    errors += sum(r.errors for r in inj.values())
    if errors:
        parts += [
            "",
            f"WARNING: {errors} documents raised or gave inconsistent edits (see latest.json)",
        ]
    return fps, inj, "\n".join(parts)


def run_speed(
    tools: list[str], settings: Settings, data: dict[str, Any]
) -> tuple[dict[str, Speed], Startup | None, str]:
    docs = [c.text for c in load_chunks()]
    speeds: dict[str, Speed] = {}
    startup: Startup | None = None
    with one_core():
        if "cleaner" in tools:
            speeds["cleaner"], setup = cleaner_speed(repeat_to(docs, settings.cleaner_bytes))
            data.setdefault("speed", {})["cleaner_setup_seconds"] = round(setup, 3)
            log(f"cleaner: {speeds['cleaner'].mb_per_s:.2f} MB/s")
        small = take_bytes(docs, settings.baseline_bytes)
        if "cleaner" in tools:
            speeds["cleaner, first pass"] = cleaner_first_pass_speed(small)
            speeds["cleaner, one document"] = cleaner_one_document_speed(small)
        if "symspellpy" in tools:
            speeds["symspellpy"] = symspell_speed(small)
        if "codespell" in tools:
            speeds["codespell"] = codespell_speed(small)
        speeds["ftfy"] = ftfy_speed(small)
        if "cleaner" in tools:
            startup = cli_startup("\n".join(docs[0].split("\n")[:5]) + "\n")
    speed = data.setdefault("speed", {})
    speed["throughput"] = {n: report.speed_json(s) for n, s in speeds.items()}
    if startup is not None:
        speed["cli_startup"] = report.startup_json(startup)
    text = "Speed (one core):\n" + report.speed_table(speeds.values())
    if startup is not None:
        shown = "skipped" if startup.seconds is None else f"{startup.seconds:.2f}s"
        text += f"\nStart-up, {startup.command}: {shown} ({startup.note})"
    return speeds, startup, text


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _git() -> str:
    try:
        proc = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
            check=False,
        )
        return proc.stdout.strip() or "?"
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="subsample; under a minute")
    parser.add_argument("--only", choices=["quality", "speed"], help="run one part")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma list (default: all)")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--out", type=Path, default=RESULTS, help="results directory")
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t]
    unknown = sorted(set(tools) - set(TOOLS))
    if unknown:
        parser.error(f"unknown tools: {', '.join(unknown)}")
    settings = QUICK if args.quick else FULL
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data: dict[str, Any] = {
        "meta": {
            "mode": settings.mode,
            "seed": args.seed,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "git": _git(),
            "python": sys.version.split()[0],
            "packages": {p: _package(p) for p in ("symspellpy", "codespell", "ftfy", "wordfreq")},
            "chunk_lines": CHUNK_LINES,
            "word_count": "whitespace tokens (str.split())",
            "settings": {k: getattr(settings, k) for k in Settings.__slots__},
        }
    }
    fps: dict[str, FalsePositives] = {}
    inj: dict[tuple[str, str], Injected] = {}
    speeds: dict[str, Speed] = {}
    sections = []
    if args.only in (None, "quality"):
        fps, inj, text = run_quality(tools, settings, args.seed, out, data)
        sections.append(text)
    if args.only in (None, "speed"):
        speeds, _, text = run_speed(tools, settings, data)
        sections.append(text)
    data["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    verdicts = load_verdicts()
    summary = report.summary_table(tools, fps, inj, speeds, verdicts)
    legend = (
        "FP/100k: every change on the clean news text per 100k words. wrong/100k: the changes\n"
        f"a person judged wrong in bench/{JUDGED_FILE.name}, plus every change nobody has judged\n"
        "(the baselines' changes are not judged: their wrong/100k is an upper bound)."
    )
    if "cleaner" in fps:
        w, f = wrong_changes(fps["cleaner"], verdicts)
        legend += f"\ncleaner: {f} changes judged fixes of real errors, {w} wrong or not judged."
        data["quality"]["false_positives"]["cleaner"]["wrong_or_unjudged"] = w
    output = "\n\n".join([f"cleaner benchmark ({settings.mode} mode)", summary, legend, *sections])
    print(output)
    (out / "summary.txt").write_text(output + "\n", encoding="utf-8")
    report.write_json(out / "latest.json", data)
    log(f"done in {data['meta']['seconds']}s; details in {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
