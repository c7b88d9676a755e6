"""Start-up: a small clean file is checked without loading what it does not need.

A fresh interpreter (subprocess) imports cleaner, cleans a small clean text (or runs
``cleaner check`` on it) and reports which heavy modules got imported. And the CLI's fast path
(plain check/diff/fix without building the typer app) must behave exactly like typer's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import cli

ROOT = Path(__file__).resolve().parents[1]
CLEAN = "The army said on Monday that it would stay in the region until the end of the year.\n"
DIRTY = "Russia accused Turkey in the region. .\nTom &amp; Jerry.\n"

PROBE = """
import json, sys
sys.path.insert(0, {root!r})
{body}
print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))
"""
LIBRARY = "import cleaner\nassert not cleaner.clean({text!r}).changed"
COMMAND = """
sys.argv = ["cleaner", "check", {path!r}]
from cleaner.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code == 0, exc.code
"""


def loaded(body: str, modules: tuple[str, ...], tmp_path: Path) -> list[str]:
    """Modules among ``modules`` imported by ``body`` run in a fresh interpreter."""
    code = PROBE.format(root=str(ROOT), body=body, modules=modules)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout.splitlines()[-1]))


SPELLING_DATA = ["wordfreq", "symspellpy", "ftfy"]


@pytest.mark.parametrize("module", SPELLING_DATA)
def test_cleaning_a_small_clean_text_loads_no_spelling_library(module: str, tmp_path: Path) -> None:
    assert loaded(LIBRARY.format(text=CLEAN), (module,), tmp_path) == []


@pytest.mark.parametrize("module", ["typer", "pydantic", "wordfreq", "symspellpy", "ftfy"])
def test_checking_a_small_clean_file_skips_heavy_imports(module: str, tmp_path: Path) -> None:
    doc = tmp_path / "clean.txt"
    doc.write_text(CLEAN, encoding="utf-8")
    assert loaded(COMMAND.format(path=str(doc)), (module,), tmp_path) == []


CLEAN_COMMAND = """
sys.argv = ["cleaner", "clean", "-q", {path!r}, "-o", {path!r} + ".out"]
from cleaner.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code == 0, exc.code
"""


def test_the_typer_path_does_not_import_pydantic(tmp_path: Path) -> None:
    """typer 0.29 builds a pydantic TypeAdapter for every option it parses, which doubled the
    start-up of ``cleaner clean`` on one small file (~0.20 s -> ~0.40 s); pyproject.toml keeps
    typer below 0.29 for that."""
    doc = tmp_path / "clean.txt"
    doc.write_text(CLEAN, encoding="utf-8")
    body = CLEAN_COMMAND.format(path=str(doc))
    assert loaded(body, ("typer", "pydantic"), tmp_path) == ["typer"]


def test_the_probe_can_see_an_import(tmp_path: Path) -> None:
    assert loaded("import wordfreq", ("wordfreq", "symspellpy"), tmp_path) == ["wordfreq"]


# --- the fast path is typer's twin -------------------------------------------------------------

SAME = [
    ["check", "--", "{dirty}"],
    ["fix", "--quiet", "--", "{dashed}", "{dirty}"],
    ["check", "--", "--help"],
    ["check", "{dirty}"],
    ["check", "-q", "{clean}"],
    ["check", "--suggestions", "{dirty}", "{clean}"],
    ["check", "--threshold", "1.0", "{dirty}"],
    ["check", "--threshold=0.5", "--quiet", "{dirty}"],
    ["check", "--select", "spacing", "--ignore=flags", "{dirty}"],
    ["check", "--ignore", "spacing", "--ignore", "encoding", "{dirty}"],
    ["check", "--select", "no-such-rule", "{dirty}"],
    ["check", "--config", "{config}", "{dirty}"],
    ["check", "--no-config", "--no-cache", "{dirty}"],
    ["check", "{tmp}"],
    ["check", "{tmp}/missing.txt"],
    ["diff", "{dirty}"],
    ["fix", "{dirty}", "{clean}"],
    ["fix", "-q", "--allow-file", "{tmp}/allow.txt", "{dirty}"],
]

TYPER_ONLY = [
    ["check"],
    ["check", "--help"],
    ["check", "--threshold", "2", "{dirty}"],
    ["check", "--threshold", "x", "{dirty}"],
    ["check", "--threshold"],
    ["check", "--config", "{tmp}", "{dirty}"],
    ["check", "--decisions", "d.json", "{dirty}"],
    ["diff", "--no-color", "{dirty}"],
    ["fix", "--suggestions", "{dirty}"],
    ["clean", "-"],
    ["rules"],
    [],
]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "-dashed.txt").write_text(DIRTY, encoding="utf-8")  # pre-commit passes it so
    (tmp_path / "my.toml").write_text('ignore = ["encoding"]\n', encoding="utf-8")
    return {
        "dirty": str(tmp_path / "dirty.txt"),
        "clean": str(tmp_path / "clean.txt"),
        "dashed": "-dashed.txt",
        "config": str(tmp_path / "my.toml"),
        "tmp": str(tmp_path),
    }


def fill(argv: list[str], inputs: dict[str, str]) -> list[str]:
    return [a.format(**inputs) for a in argv]


def snapshot(tmp_path: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))}


@pytest.mark.parametrize("argv", SAME, ids=lambda a: " ".join(a))
def test_fast_path_matches_typer(
    argv: list[str],
    inputs: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # ``-dashed.txt`` is named as pre-commit names files
    args = fill(argv, inputs)
    before = snapshot(tmp_path)
    typer_result = CliRunner().invoke(cli.app, args)
    typer_files = snapshot(tmp_path)
    for name, text in before.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for extra in set(typer_files) - set(before):
        (tmp_path / extra).unlink()
    capsys.readouterr()
    code = cli._fast_path(args)
    out = capsys.readouterr()
    assert code == typer_result.exit_code, typer_result.output
    assert (out.out, out.err) == (typer_result.stdout, typer_result.stderr)
    assert snapshot(tmp_path) == typer_files


@pytest.mark.parametrize("argv", TYPER_ONLY, ids=lambda a: " ".join(a) or "(none)")
def test_other_invocations_go_through_typer(argv: list[str], inputs: dict[str, str]) -> None:
    assert cli._fast_path(fill(argv, inputs)) is None


def test_the_entry_point_checks_files(tmp_path: Path) -> None:
    """``python -m cleaner`` and the ``cleaner`` script both go through ``cli.main``."""
    doc = tmp_path / "dirty.txt"
    doc.write_text(DIRTY, encoding="utf-8")
    command = shutil.which("cleaner")
    argv = [command] if command else [sys.executable, "-m", "cleaner"]
    proc = subprocess.run(
        [*argv, "check", str(doc)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert proc.returncode == 1, proc.stderr
    assert f"{doc}:1:37 spaced-punctuation ' .' -> ''" in proc.stdout
