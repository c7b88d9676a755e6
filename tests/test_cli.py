"""The CLI's commands and exit codes (pinned: scripts depend on them)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import exitcodes, io
from cleaner.cli import app

runner = CliRunner()

DIRTY = "Russia accused Turkey in the region. .\n"
CLEAN = "Russia accused Turkey in the region.\n"


def test_exit_code_values_are_pinned() -> None:
    assert (exitcodes.EX_OK, exitcodes.EX_CHANGES, exitcodes.EX_USAGE) == (0, 1, 2)
    assert exitcodes.EX_SOFTWARE == 70


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    dirty = tmp_path / "dirty.txt"
    clean = tmp_path / "clean.txt"
    dirty.write_text(DIRTY, encoding="utf-8")
    clean.write_text(CLEAN, encoding="utf-8")
    return dirty, clean


def test_check_reports_and_exits_1_without_touching_the_file(files: tuple[Path, Path]) -> None:
    dirty, _ = files
    result = runner.invoke(app, ["check", str(dirty)])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    assert f"{dirty}:1:37 spaced-punctuation ' .' -> ''" in result.stdout
    assert dirty.read_text(encoding="utf-8") == DIRTY


def test_check_exits_0_on_clean_text(files: tuple[Path, Path]) -> None:
    _, clean = files
    result = runner.invoke(app, ["check", str(clean)])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert result.stdout == ""


def test_diff_prints_a_unified_diff(files: tuple[Path, Path]) -> None:
    dirty, clean = files
    result = runner.invoke(app, ["diff", str(dirty)])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    assert result.stdout.splitlines()[:2] == [f"--- a/{dirty}", f"+++ b/{dirty}"]
    assert "-Russia accused Turkey in the region. ." in result.stdout
    assert "+Russia accused Turkey in the region." in result.stdout
    assert runner.invoke(app, ["diff", str(clean)]).exit_code == exitcodes.EX_OK


def test_fix_rewrites_in_place_and_keeps_permissions(files: tuple[Path, Path]) -> None:
    dirty, _ = files
    dirty.chmod(0o640)
    result = runner.invoke(app, ["fix", str(dirty)])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert dirty.stat().st_mode & 0o777 == 0o640
    assert not [p for p in dirty.parent.iterdir() if p.name.endswith(".tmp")]
    again = runner.invoke(app, ["fix", str(dirty)])
    assert again.exit_code == exitcodes.EX_OK, again.output


def test_clean_writes_text_diff_and_report(files: tuple[Path, Path], tmp_path: Path) -> None:
    dirty, _ = files
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(dirty), "--out", str(out)])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert (out / "dirty.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "dirty.txt.diff").read_text(encoding="utf-8").startswith("--- a/dirty.txt")
    report = json.loads((out / "dirty.txt.json").read_text(encoding="utf-8"))
    assert report["schema"] == "cleaner-report/1"
    [edit] = report["edits"]
    assert (edit["start"], edit["end"], edit["original"]) == (36, 38, " .")
    assert DIRTY[edit["start"] : edit["end"]] == edit["original"]


# (file name, bytes): the written .diff must turn the input into the clean text under
# git apply and GNU patch. str.splitlines also cut lines at a form feed, a lone CR, a vertical
# tab, U+0085 and U+2028, and each cut got a false "No newline at end of file" marker; GNU patch
# reads a name up to a tab, so one with a space needs a tab after it
DIFF_APPLY_CASES = [
    ("ff.txt", b"Moscow said so.\fMsocow agreed .\nEnd.\n"),
    ("cr.txt", b"Moscow said so.\rMsocow agreed .\r"),
    ("seps.txt", "Moscow said.\u2028Msocow agreed .\u0085x\vy\nEnd".encode()),
    ("crlf.txt", "\ufeffMoscow said so.\r\nMsocow agreed .\r\n".encode()),
    ("my file.txt", DIRTY.encode()),
]


@pytest.mark.parametrize(("name", "data"), DIFF_APPLY_CASES)
@pytest.mark.parametrize("tool", ["git", "patch"])
def test_the_written_diff_applies_with_git_and_patch(
    name: str, data: bytes, tool: str, tmp_path: Path
) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(source), "--out", str(out), "-q"])
    assert result.exit_code == exitcodes.EX_OK, result.output
    clean = (out / name).read_bytes()
    assert clean != data
    diff = out / f"{name}.diff"
    command = (
        ["git", "apply", "-p1", str(diff)] if tool == "git" else ["patch", "-p1", "-i", str(diff)]
    )
    applied = subprocess.run(command, cwd=source.parent, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert source.read_bytes() == clean


def test_clean_walks_directories_for_txt(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (src / "b.md").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "--out", str(out)])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert (out / "sub" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert not (out / "b.md").exists()


def test_a_walk_does_not_enter_its_own_output_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``clean . --out out`` run twice cleans the inputs, not the outputs of the first run."""
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        result = runner.invoke(app, ["clean", ".", "--out", "out"])
        assert result.exit_code == exitcodes.EX_OK, result.output
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert not (tmp_path / "out" / "out").exists()
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "r.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n", "utf-8")
    for _ in range(2):
        args = ["clean", "j", "--out", "j/out", "--glob", "*.jsonl", "--field", "text"]
        result = runner.invoke(app, args)
        assert result.exit_code == exitcodes.EX_OK, result.output
    assert not (tmp_path / "j" / "out" / "out").exists()


# (arguments after "clean", run in a directory holding in/a.txt, in/sub/b.txt and d.jsonl;
# whether --out is refused): an output keeps its input's name under --out, so --out may not be
# a named file's directory, a walked directory or one above it; a directory inside a walked one
# is fine (the walk does not enter it). Before, the first two replaced the input and the others
# cleaned nothing with exit 0
OUT_OVER_INPUT_CASES = [
    (["in/a.txt", "--out", "in"], True),
    (["d.jsonl", "--field", "text", "--out", "."], True),
    (["in", "--out", "in"], True),
    (["in", "--out", "."], True),
    (["in/sub", "--out", "in"], True),
    (["in", "--out", "in/out"], False),
    (["in/a.txt", "--out", "in/sub"], False),
]


@pytest.mark.parametrize(("args", "refused"), OUT_OVER_INPUT_CASES)
def test_out_over_the_inputs_is_refused_before_anything_is_written(
    args: list[str], refused: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n", "utf-8")
    before = sorted(p for p in tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["clean", *args, "-q"])
    if refused:
        assert result.exit_code == exitcodes.EX_USAGE, result.output
        assert "--out" in result.stderr and "pick" in result.stderr
        assert sorted(p for p in tmp_path.rglob("*")) == before
    else:
        assert result.exit_code == exitcodes.EX_OK, result.output
    assert (tmp_path / "in" / "a.txt").read_text(encoding="utf-8") == DIRTY


# (inputs under the run's directory, extra arguments, the output name written twice): an
# input's outputs are NAME, NAME.diff and NAME.json, and the run's review page report.html; before,
# a second input to claim one of them (or an input named report.html) was silently overwritten
TWICE_CASES = [
    (["d1/a.txt", "d2/a.txt"], [], "a.txt"),
    (["t/a.txt", "t/a.txt.json"], ["--glob", "*"], "a.txt.json"),
    (["t/report.html"], ["--glob", "*.html"], "report.html"),
]


@pytest.mark.parametrize(("inputs", "extra", "twice"), TWICE_CASES)
def test_an_output_name_claimed_twice_is_refused(
    inputs: list[str], extra: list[str], twice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in inputs:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["t"] if extra else inputs
    result = runner.invoke(app, ["clean", *args, "--out", "out", *extra, "-q"])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert f"{Path('out') / twice} " in result.stderr
    if twice == "report.html":
        assert "review page" in result.stderr
    else:
        assert "written twice" in result.stderr


def test_an_output_that_is_the_input_through_a_hard_link_is_not_written(tmp_path: Path) -> None:
    """The last guard, for what the names do not show: before, its refusal was swallowed (an
    OutputError is an OSError) and the input was replaced."""
    source = tmp_path / "a.txt"
    source.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").hardlink_to(source)
    result = runner.invoke(app, ["clean", str(source), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert "is the input itself" in result.stderr
    assert source.read_text(encoding="utf-8") == DIRTY


def test_clean_stdin_to_stdout() -> None:
    result = runner.invoke(app, ["clean", "-"], input=DIRTY)
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert result.stdout == CLEAN


def test_revert_rebuilds_the_original(files: tuple[Path, Path], tmp_path: Path) -> None:
    dirty, _ = files
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(dirty), "--out", str(out)])
    result = runner.invoke(app, ["revert", str(out / "dirty.txt"), str(out / "dirty.txt.json")])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert result.stdout == DIRTY


def test_revert_refuses_a_clean_text_changed_after_cleaning(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    """A change away from every edit's position gave a wrong "original" with exit 0."""
    dirty, _ = files
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(dirty), "--out", str(out)])
    clean = out / "dirty.txt"
    text = clean.read_text(encoding="utf-8")
    clean.write_text(text.replace("Russia", "RUSSIA", 1), encoding="utf-8")
    assert clean.read_text(encoding="utf-8") != text
    result = runner.invoke(app, ["revert", str(clean), str(out / "dirty.txt.json")])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "not the one this report was written for" in result.stderr
    assert result.stdout == ""


def test_revert_rebuilds_an_input_whose_nul_byte_cleaning_moved_forward(tmp_path: Path) -> None:
    """A NUL past the part a binary sniff reads (8 KiB) can land inside it once cleaning removed
    text before it: the clean text is cleaner's own output, not sniffed (before: exit 2)."""
    source = tmp_path / "nul.txt"
    data = DIRTY.encode() * 220 + b"tail \x00 byte\n"
    assert data.index(b"\x00") > io.BINARY_SNIFF_BYTES
    source.write_bytes(data)
    out = tmp_path / "out"
    args = ["clean", str(source), "--out", str(out), "--ignore", "control-chars", "-q"]
    assert runner.invoke(app, args).exit_code == exitcodes.EX_OK
    assert (out / "nul.txt").read_bytes().index(b"\x00") < io.BINARY_SNIFF_BYTES
    back = tmp_path / "back.txt"
    args = ["revert", str(out / "nul.txt"), str(out / "nul.txt.json"), "--out", str(back)]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert back.read_bytes() == data


# reports that are JSON but not cleaner's (before, the first two were internal errors, 70)
NOT_A_REPORT = ["[]", '"text"', '{"schema": "cleaner-report/1", "edits": [1]}', "{}"]


@pytest.mark.parametrize("report", NOT_A_REPORT)
def test_revert_with_json_that_is_no_report_is_a_usage_error(
    report: str, files: tuple[Path, Path], tmp_path: Path
) -> None:
    dirty, _ = files
    (tmp_path / "r.json").write_text(report, encoding="utf-8")
    result = runner.invoke(app, ["revert", str(dirty), str(tmp_path / "r.json")])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "cannot revert" in result.stderr and "Traceback" not in result.output


def test_the_top_level_help_names_every_exit_code() -> None:
    codes = [v for k, v in vars(exitcodes).items() if k.startswith("EX_")] + [130]
    text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    missing = [code for code in codes if f" {code} " not in text and f" {code}," not in text]
    assert not missing


def test_fix_on_stdin_counts_the_text_it_changed() -> None:
    """``fix -`` writes the fixed text to stdout and, like fix on files, exits 1 when it changed
    something (before: "0 files changed", exit 0)."""
    result = runner.invoke(app, ["fix", "-"], input=DIRTY)
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    assert result.stdout == CLEAN
    assert "1 file changed" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "DIR"],
        ["diff", "DIR"],
        ["fix", "DIR"],
        ["clean", "DIR", "--out", "OUT"],
        ["clean", "DIR", "--out", "OUT", "--field", "t"],
    ],
)
def test_a_directory_with_no_matching_file_is_said_so(args: list[str], tmp_path: Path) -> None:
    """Exit 0 as before (nothing to change), with one line saying nothing was read."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "notes.md").write_text(DIRTY, encoding="utf-8")
    named = [
        a.replace("DIR", str(tmp_path / "d")).replace("OUT", str(tmp_path / "o")) for a in args
    ]
    result = runner.invoke(app, named)
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert "no file matching" in result.stderr and "--glob" in result.stderr
    result = runner.invoke(app, [*named, "--glob", "*.md"] if "--field" not in args else named)
    assert ("no file matching" in result.stderr) is ("--field" in args)
    if args[0] != "clean":  # the option the message names exists: the file is read
        assert result.exit_code == exitcodes.EX_CHANGES, result.output


USAGE_ERRORS = [
    (["check", "does-not-exist.txt"], "no such file", "missing path"),
    (["clean", "x.txt"], "needs --out", "clean without --out for a file"),
    (["check", "--select", "no-such-rule", "-"], "unknown rule", "unknown rule id"),
    (["explain", "no-such-rule"], "unknown rule", "explain an unknown rule"),
    (["check", "--threshold", "2", "-"], "", "threshold out of range"),
    (["check", "--threshold", "nan", "-"], "nan is not a confidence", "nan applies nothing"),
]


@pytest.mark.parametrize(("args", "message", "comment"), USAGE_ERRORS)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str, comment: str) -> None:
    result = runner.invoke(app, args, input="")
    assert result.exit_code == exitcodes.EX_USAGE, (comment, result.output)
    assert message in result.output, comment
    assert "Traceback" not in result.output


def test_invalid_utf8_exits_2_and_names_the_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "not valid UTF-8 (byte 3" in result.output
    assert bad.read_bytes() == b"caf\xe9 au lait\n"


def test_rules_lists_each_summary_whole() -> None:
    """A summary wrapped over two docstring lines was cut mid-sentence."""
    result = runner.invoke(app, ["rules"])
    lines = result.stdout.splitlines()
    assert len(lines) > 20
    assert all(line.rstrip().endswith((".", ")")) for line in lines), lines


def test_rules_and_explain_list_registered_rules() -> None:
    listed = runner.invoke(app, ["rules"])
    assert listed.exit_code == exitcodes.EX_OK, listed.output
    assert "spaced-punctuation" in listed.stdout
    explained = runner.invoke(app, ["explain", "spaced-punctuation"])
    assert explained.exit_code == exitcodes.EX_OK, explained.output
    assert "in the region. ." in explained.stdout
