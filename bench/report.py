"""Tables for the terminal, JSON and per-change TSV files for people to judge."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bench.diff import Change
from bench.judged import Key, wrong_changes
from bench.names import NamesInFrames
from bench.quality import FIXED, LEFT, WRONG, FalsePositives, Injected
from bench.speed import Speed, Startup


def _cell(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def summary_table(
    tools: Sequence[str],
    fps: dict[str, FalsePositives],
    inj: dict[tuple[str, str], Injected],
    speeds: dict[str, Speed],
    verdicts: dict[Key, str] | None = None,
) -> str:
    rows = []
    for name in tools:
        fp = fps.get(name)
        wrong = None
        if fp is not None and verdicts is not None and fp.words:
            wrong = 100_000 * wrong_changes(fp, verdicts)[0] / fp.words
        wiki, birk = inj.get(("wikipedia", name)), inj.get(("birkbeck", name))
        speed = speeds.get(name)
        rows.append(
            [
                name,
                _cell(fp.per_100k if fp else None, ".1f"),
                _cell(wrong, ".1f"),
                _cell(wiki.recall if wiki else None, ".3f"),
                _cell(wiki.precision if wiki else None, ".3f"),
                _cell(birk.recall if birk else None, ".3f"),
                _cell(birk.precision if birk else None, ".3f"),
                _cell(speed.mb_per_s if speed else None, ".2f"),
            ]
        )
    for name, speed in speeds.items():
        if name not in tools:
            rows.append([name, "-", "-", "-", "-", "-", "-", _cell(speed.mb_per_s, ".2f")])
    header = ["tool", "FP/100k", "wrong/100k", "wiki R", "wiki P", "birk R", "birk P", "MB/s"]
    return table(rows, header)


def injection_table(results: Iterable[Injected]) -> str:
    rows = [
        [
            f"{r.corpus}/{r.tool}",
            str(len(r.cases)),
            str(r.count(FIXED)),
            str(r.count(WRONG)),
            str(r.count(LEFT)),
            str(r.correct_changes),
            str(r.wrong_changes),
            str(sum(1 for c in r.cases if c.suggested)),
        ]
        for r in results
    ]
    header = ["list/tool", "n", "fixed", "wrong", "left", "right chg", "wrong chg", "suggested"]
    return table(rows, header)


def rule_table(counts: dict[str, int], words: int) -> str:
    rows = [
        [rule, str(n), f"{100_000 * n / words:.1f}" if words else "-"] for rule, n in counts.items()
    ]
    return table(rows or [["(none)", "0", "0.0"]], ["rule", "changes", "per 100k words"])


def speed_table(speeds: Iterable[Speed]) -> str:
    rows = [
        [s.tool, f"{s.bytes / 1e6:.2f}", f"{s.seconds:.2f}", f"{s.mb_per_s:.2f}", s.note]
        for s in speeds
    ]
    return table(rows, ["tool", "MB", "seconds", "MB/s", "note"])


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _changes(changes: Iterable[Change]) -> str:
    return "; ".join(f"{c.before!r} -> {c.after!r} [{c.rule}]" for c in changes)


def write_fp_tsv(path: Path, fp: FalsePositives) -> None:
    lines = ["file\tline\tbefore\tafter\trule\tsentence"]
    lines += [
        "\t".join(
            [
                x.file,
                str(x.line),
                _esc(x.change.before),
                _esc(x.change.after),
                x.change.rule,
                _esc(x.context),
            ]
        )
        for x in fp.changes
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_names_tsv(path: Path, result: NamesInFrames) -> None:
    """Each sentence frame in which the tool changed the name, with what it made of it."""
    lines = ["name\tframe\toutput"]
    lines += [f"{_esc(n)}\t{_esc(f)}\t{_esc(o)}" for n, f, o in result.changed]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_injection_tsv(path: Path, result: Injected) -> None:
    head = "status\tmisspelling\tcorrect\tfile\tline\tword_fixed\twrong_changes\toutput\tclean"
    lines = [head]
    for case in result.cases:
        inj = case.injection
        lines.append(
            "\t".join(
                [
                    case.status + ("+suggested" if case.suggested else ""),
                    _esc(inj.misspelling),
                    _esc(inj.occurrence),
                    inj.chunk.file,
                    str(inj.line_number),
                    "yes" if case.correct_fix else "no",
                    _esc(_changes(case.wrong_changes)),
                    _esc(
                        case.output_line
                        if case.output_line is not None
                        else "(line structure changed)"
                    ),
                    _esc(inj.clean_line),
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fp_json(fp: FalsePositives) -> dict[str, Any]:
    return {
        "words": fp.words,
        "lines": fp.lines,
        "changes": len(fp.changes),
        "per_100k_words": round(fp.per_100k, 2),
        "by_rule": fp.by_rule(),
        "errors": len(fp.errors),
        "first_errors": fp.errors[:5],
        "seconds": round(fp.seconds, 2),
    }


def injected_json(r: Injected) -> dict[str, Any]:
    return {
        "injected": len(r.cases),
        "fixed": r.count(FIXED),
        "wrong": r.count(WRONG),
        "left": r.count(LEFT),
        "recall": round(r.recall, 4),
        "correct_changes": r.correct_changes,
        "wrong_changes": r.wrong_changes,
        "precision": None if r.precision is None else round(r.precision, 4),
        "suggested_not_applied": sum(1 for c in r.cases if c.suggested),
        "wrong_changes_by_rule": r.wrong_by_rule(),
        "errors": r.errors,
        "seconds": round(r.seconds, 2),
    }


def speed_json(s: Speed) -> dict[str, Any]:
    return {
        "bytes": s.bytes,
        "seconds": round(s.seconds, 3),
        "mb_per_s": round(s.mb_per_s, 3),
        "note": s.note,
    }


def startup_json(s: Startup) -> dict[str, Any]:
    seconds = None if s.seconds is None else round(s.seconds, 3)
    return {"command": s.command, "seconds": seconds, "note": s.note}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
