"""Bad input, safe writes and hostile packs: each case says what the tool must do, and the input
must come out of it untouched (docs/reliability.md lists the same cases)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner import exitcodes
from cleaner.cli import app
from cleaner.io import OutputError, atomic_write, output_path

runner = CliRunner()

#: a line the seeds' spacing rule repairs ('. .' -> '.'), so every case below has an edit
DIRTY = "Russia accused Turkey of flouting a deal in the region. .\n"


def clean_to(tmp_path: Path, source: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(source), "--out", str(out), "-q", *extra])
    return result.exit_code, result.output, out


def revert(out: Path, name: str) -> bytes:
    result = runner.invoke(
        app, ["revert", str(out / name), str(out / f"{name}.json"), "--out", str(out / "back")]
    )
    assert result.exit_code == exitcodes.EX_OK, result.output
    return (out / "back").read_bytes()


# -- bad input --------------------------------------------------------------------------------


def test_invalid_utf8_is_refused_with_its_line_and_the_way_out(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    data = b"first line\ncaf\xe9 in the region. .\n"
    bad.write_bytes(data)
    result = runner.invoke(app, ["fix", str(bad)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "line 2" in result.output and "--encoding-errors" in result.output
    assert bad.read_bytes() == data


def test_surrogateescape_cleans_and_keeps_every_bad_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    data = b"caf\xe9 \xff\xfe in the region. .\n"
    bad.write_bytes(data)
    code, output, out = clean_to(tmp_path, bad, "--encoding-errors", "surrogateescape")
    assert code == exitcodes.EX_OK, output
    assert (out / "bad.txt").read_bytes() == b"caf\xe9 \xff\xfe in the region.\n"
    json.loads((out / "bad.txt.json").read_text(encoding="utf-8"))  # still valid UTF-8 JSON
    assert revert(out, "bad.txt") == data


@pytest.mark.parametrize(
    ("data", "expected", "comment"),
    [
        (
            b"The caf\xc3\x07\xa9 is open today. .\n",
            b"The caf\xc3\x07\xa9 is open today.\n",
            "the control character between two bad bytes stays: without it they were the valid "
            "\xc3\xa9 (\u00e9), and revert refused the clean text",
        ),
        (
            b"The caf\xc3\x83\xc2\xa9 is open \xff today.\n",
            b"The caf\xc3\xa9 is open \xff today.\n",
            "mojibake is repaired, but the bad byte beside it is not made U+FFFD",
        ),
        (
            b"He said \xe2\x80\x1b[31m\x01\x9d it.\nIn the region. .\n",
            b"He said \xe2\x80\x1b[31m\x01\x9d it.\nIn the region.\n",
            "two removals side by side (a terminal escape, a control character) would have "
            "joined the bad bytes into the valid \u201d, though each alone joins nothing",
        ),
    ],
)
def test_surrogateescape_never_changes_or_joins_bad_bytes(
    tmp_path: Path, data: bytes, expected: bytes, comment: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    code, output, out = clean_to(tmp_path, bad, "--encoding-errors", "surrogateescape")
    assert code == exitcodes.EX_OK, output
    assert (out / "bad.txt").read_bytes() == expected, comment
    assert revert(out, "bad.txt") == data, comment


def test_replace_policy_is_stated_lossy(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 in the region. .\n")
    code, output, out = clean_to(tmp_path, bad, "--encoding-errors", "replace")
    assert code == exitcodes.EX_OK, output
    assert (out / "bad.txt").read_text(encoding="utf-8") == "caf\ufffd in the region.\n"


def test_unknown_encoding_policy_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--encoding-errors", "ignore", "-"], input="x\n")
    assert result.exit_code == exitcodes.EX_USAGE
    assert "strict, replace, surrogateescape" in result.output


def test_binary_file_is_skipped_and_named(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    binary = tmp_path / "in" / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "in" / "prose.txt").write_text(DIRTY, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "in")])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output  # prose.txt would change
    assert "image.txt: looks binary (NUL bytes); skipped" in result.output
    assert binary.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("command", ["clean", "fix", "check"])
def test_binary_standard_input_is_refused_not_swallowed(command: str) -> None:
    """A skipped stdin printed nothing with exit 0: ``clean - <a >b && mv b a`` emptied ``a``."""
    result = runner.invoke(app, [command, "-"], input=b"Text\x00 more\n")
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert result.stdout == ""
    assert "looks binary (NUL bytes): standard input is not cleaned" in result.stderr


def test_empty_file_gives_an_empty_clean_text_and_a_report(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, output, out = clean_to(tmp_path, empty)
    assert code == exitcodes.EX_OK, output
    assert (out / "empty.txt").read_bytes() == b""
    report = json.loads((out / "empty.txt.json").read_text(encoding="utf-8"))
    assert report["edits"] == []


def test_bom_and_crlf_are_kept_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "win.txt"
    data = "\ufeffRussia accused Turkey.\r\nIn the region. .\r\nEnd.\r\n".encode()
    source.write_bytes(data)
    code, output, out = clean_to(tmp_path, source)
    assert code == exitcodes.EX_OK, output
    assert (out / "win.txt").read_bytes() == (
        "\ufeffRussia accused Turkey.\r\nIn the region.\r\nEnd.\r\n".encode()
    )
    assert revert(out, "win.txt") == data


def test_a_bom_is_not_counted_as_a_column(tmp_path: Path) -> None:
    """Editors do not show a BOM: positions on the first line count from after it, as they do
    without one; other lines are not affected."""
    plain = "Msocow said so. Moscow said it.\nIn the region. .\n"
    for name, text in (("plain.txt", plain), ("bom.txt", "\ufeff" + plain)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "plain.txt"), str(tmp_path / "bom.txt")])
    findings = [line for line in result.stdout.splitlines() if ".txt:" in line]
    assert len(findings) == 4, result.output
    plain_lines = [line.split(":", 1)[1] for line in findings if "plain.txt" in line]
    bom_lines = [line.split(":", 1)[1] for line in findings if "bom.txt" in line]
    assert plain_lines == bom_lines
    assert plain_lines[0].startswith("1:1 ") and plain_lines[1].startswith("2:15 ")


def test_a_long_single_line_is_cleaned_without_a_line_limit(tmp_path: Path) -> None:
    # python -m bench.longline runs the same with a 100 MB line; 2 MB keeps the suite quick
    sentence = "The minister said the talks in Moscow would go on. "
    source = tmp_path / "long.txt"
    data = (sentence * (2_000_000 // len(sentence)) + "In the region. .").encode()
    source.write_bytes(data)
    code, output, out = clean_to(tmp_path, source, "--jobs", "1")
    assert code == exitcodes.EX_OK, output
    assert (out / "long.txt").read_bytes() == data[:-2]
    assert revert(out, "long.txt") == data


def test_missing_and_unreadable_paths_exit_2_and_the_rest_is_still_done(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DIRTY, encoding="utf-8")
    result = runner.invoke(app, ["fix", str(tmp_path / "missing.txt"), str(good)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "missing.txt: no such file" in result.output
    assert good.read_text(encoding="utf-8") == DIRTY.replace(". .", ".")


def test_a_device_is_refused() -> None:
    # named pipes are read (process substitution: <(zcat a.gz)); devices and sockets are not
    result = runner.invoke(app, ["check", "/dev/null"])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "not a regular file" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; see the next test")
def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(DIRTY, encoding="utf-8")
    locked.chmod(0)
    result = runner.invoke(app, ["check", str(locked)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "permission denied" in result.output


def test_read_errors_are_one_line_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # works as root too: the read itself is made to fail the way an unreadable file does
    source = tmp_path / "x.txt"
    source.write_text(DIRTY, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = runner.invoke(app, ["check", str(source)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert result.output.splitlines()[0] == f"cleaner: {source}: permission denied"


@pytest.mark.parametrize(
    ("command", "field"),
    [(["check"], False), (["clean", "--out", "OUT"], False), (["clean", "--out", "OUT"], True)],
)
def test_a_directory_a_walk_cannot_list_is_named_and_exits_2(
    command: list[str], field: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.rglob passes over a directory it may not list without a word: a check of the tree
    passed (exit 0) without reading the files in it. Works as root too: listing that one
    directory is made to fail the way it does for a user without the permission."""
    name = "r.jsonl" if field else "a.txt"
    tree = tmp_path / "tree"
    (tree / "locked").mkdir(parents=True)
    (tree / name).write_text(json.dumps({"text": DIRTY}) + "\n" if field else DIRTY, "utf-8")
    (tree / "locked" / name).write_text(DIRTY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == tree / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command] + [str(tree)]
    if field:
        args += ["--field", "text", "--glob", "*.jsonl"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert f"cleaner: {tree / 'locked'}: permission denied; not searched" in result.output
    if command == ["check"]:
        assert f"{tree / name}:" in result.output  # the readable file is still checked
    else:
        assert (tmp_path / "out" / name).is_file()


def test_a_directory_of_thousands_of_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for shard in range(10):
        (corpus / f"s{shard}").mkdir(parents=True)
        for n in range(300):
            text = DIRTY if n % 100 == 0 else f"Document {n} reads well.\n"
            (corpus / f"s{shard}" / f"{n:04}.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(corpus), "-q"])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output[-500:]
    assert len(result.output.splitlines()) == 30  # three dirty documents in each of ten shards


# -- safe writes --------------------------------------------------------------------------------


def test_fix_keeps_permissions(tmp_path: Path) -> None:
    source = tmp_path / "mode.txt"
    source.write_text(DIRTY, encoding="utf-8")
    source.chmod(0o640)
    assert runner.invoke(app, ["fix", str(source), "-q"]).exit_code == exitcodes.EX_CHANGES
    assert stat.S_IMODE(source.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(DIRTY, encoding="utf-8")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = runner.invoke(app, ["fix", str(source)])
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert "No space left on device" in result.output
    assert source.read_text(encoding="utf-8") == DIRTY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


def test_a_failed_jsonl_output_exits_74_and_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": DIRTY}) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = runner.invoke(
        app, ["clean", str(source), "--field", "text", "--out", str(out), "--jobs", "1", "-q"]
    )
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert "No space left on device" in result.output
    assert list(out.iterdir()) == []


def test_fix_does_not_replace_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = runner.invoke(app, ["fix", str(link)])
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert "is a symlink; not replaced" in result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8") == DIRTY
    assert "0 files changed, 1 could not be written" in result.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_jsonl_output_names_the_output_and_exits_74(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing fails as on a full disk (the output is /dev/full), so the buffered text fails
    again when the file is closed: that second error must not hide the first, which names the
    output, not the input, and exits 74, not 2."""
    from cleaner import corpus

    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": DIRTY * 20}) for i in range(40)]  # > one buffer
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    def full_device(path: Path, mode: str = "r", **kwargs: object) -> object:
        # the output only: the input is read from its file
        return open("/dev/full" if "w" in mode else path, mode, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(corpus, "open", full_device, raising=False)
    result = runner.invoke(app, ["clean", str(source), "--field", "text", "--out", str(out)])
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert f"{out / 'in.jsonl'}: cannot write (No space left on device)" in result.output
    assert "1 output(s) not written" in result.output
    assert "cleaner: 0 documents" in result.output
    assert list(out.iterdir()) == []


def test_a_text_output_that_cannot_be_written_is_left_out_of_the_summary(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(DIRTY, encoding="utf-8")
    (src / "b.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").symlink_to(tmp_path / "elsewhere.txt")  # refused: never written through
    result = runner.invoke(app, ["clean", str(src), "--out", str(out)])
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert "a.txt: is a symlink; not replaced" in result.output
    assert "cleaner: 1 document (1 changed)" in result.output
    assert "1 output(s) not written" in result.output
    assert (out / "b.txt").read_text(encoding="utf-8") != DIRTY


def test_a_walk_follows_no_symlink_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(DIRTY, encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "own.txt").write_text(DIRTY, encoding="utf-8")
    (tree / "linked.txt").symlink_to(outside / "secret.txt")
    (tree / "linked-dir").symlink_to(outside, target_is_directory=True)
    result = runner.invoke(app, ["fix", str(tree)])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    assert "linked.txt: symlink; skipped" in result.output
    assert (outside / "secret.txt").read_text(encoding="utf-8") == DIRTY
    assert (tree / "own.txt").read_text(encoding="utf-8") == DIRTY.replace(". .", ".")


UNSAFE_NAMES = [
    ("../escape.txt", "a parent step"),
    ("/etc/passwd", "an absolute path"),
    ("a/../../b.txt", "a parent step inside"),
    ("", "an empty name"),
]


@pytest.mark.parametrize(("name", "comment"), UNSAFE_NAMES)
def test_output_names_stay_inside_out(tmp_path: Path, name: str, comment: str) -> None:
    with pytest.raises(OutputError, match="not a safe output name"):
        output_path(tmp_path, name)


def test_output_refuses_a_symlinked_directory_leading_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(OutputError, match="outside"):
        output_path(out, "sub/x.txt")
    assert output_path(out, "deeper/x.txt") == out / "deeper" / "x.txt"


def test_clean_into_a_tree_with_a_planted_symlink_writes_nothing_outside(tmp_path: Path) -> None:
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(app, ["clean", str(tree), "--out", str(out), "-q"])
    assert result.exit_code == exitcodes.EX_IOERR, result.output
    assert "leads outside" in result.output
    assert list(elsewhere.iterdir()) == []


def test_atomic_write_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write(tmp_path, "x")


# -- user packs ---------------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed entry point's behaviour (``main``), which CliRunner does not go through."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_pack(tmp_path: Path, rows: str) -> None:
    (tmp_path / "pack.tsv").write_text(f"match\treplace\tconfidence\treason\n{rows}", "utf-8")
    (tmp_path / "cleaner.toml").write_text(
        'packs = [{path = "pack.tsv", kind = "regex"}]\n', encoding="utf-8"
    )


def test_a_catastrophic_pattern_is_stopped_and_named(tmp_path: Path) -> None:
    write_pack(
        tmp_path,
        "(?#trigger:page-furniture)aaaa\t\t\t\n(?#page-furniture)^(a|aa)+$\t\t\tnested repeat\n",
    )
    doc = tmp_path / "doc.txt"
    doc.write_text("a" * 60 + "!\n", encoding="utf-8")
    result = run_cli("fix", "doc.txt", cwd=tmp_path)
    assert result.returncode == exitcodes.EX_USAGE, result.stderr
    assert "pack.tsv:3: pattern '(?#page-furniture)^(a|aa)+$' ran over" in result.stderr
    assert "Traceback" not in result.stderr
    assert doc.read_text(encoding="utf-8") == "a" * 60 + "!\n"


# -- a reader that stops early ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{path}"],  # the fast path
        ["diff", "{path}"],
        ["check", "--encoding-errors", "strict", "{path}"],  # through typer
        ["clean", "-"],
        ["clean", "-", "--field", "text"],  # before: exit 74, "cannot write (Broken pipe)"
    ],
    ids=["check", "diff", "typer check", "clean stdin", "clean jsonl stdin"],
)
def test_a_closed_standard_output_ends_the_run_quietly(tmp_path: Path, args: list[str]) -> None:
    """``cleaner check … | head``: the reader is gone before cleaner writes; no traceback, no
    'internal error', and the exit code of a run that found changes."""
    doc = tmp_path / "dirty.txt"
    doc.write_text(DIRTY * 3, encoding="utf-8")
    argv = [a.format(path=doc) for a in args]
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to standard output now fails with EPIPE
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cleaner", *argv],
            input=(json.dumps({"text": DIRTY}) + "\n" if "--field" in args else DIRTY).encode(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == exitcodes.EX_CHANGES, proc.stderr
    assert proc.stderr.decode() in ("", "1 file would change\n"), proc.stderr


def test_user_files_saved_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    """Editors on Windows save UTF-8 with a BOM: a config file failed to parse, a decisions file
    was refused, and the first word of an allow list or the header of a pack was not matched."""
    from cleaner.decisions import DECISIONS_SCHEMA, load_decisions, read_allow_file
    from cleaner.packs import HEADER, read_entries
    from cleaner.settings import read_settings

    bom = "\ufeff"
    config = tmp_path / "cleaner.toml"
    config.write_text(bom + "threshold = 0.9\n", encoding="utf-8")
    assert read_settings(config).threshold == 0.9
    decisions = tmp_path / "decisions.json"
    decisions.write_text(bom + json.dumps({"schema": DECISIONS_SCHEMA, "decisions": []}), "utf-8")
    assert load_decisions(decisions).decisions == []
    allow = tmp_path / "allow.txt"
    allow.write_text(bom + "Peskov\n", encoding="utf-8")
    assert read_allow_file(allow) == ["Peskov"]
    pack = tmp_path / "pack.tsv"
    pack.write_text(bom + "\t".join(HEADER) + "\nin 10 days. last\tlast\t0.9\tr\n", "utf-8")
    assert [e.replace for e in read_entries(pack, 0.9)] == ["last"]


@pytest.mark.parametrize("records", [False, True], ids=["text files", "jsonl"])
def test_an_internal_error_names_the_document_it_happened_on(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    records: bool,
) -> None:
    """A bug met in a corpus of thousands of files: exit 70 with one line that says which
    document to report (before, it named none)."""
    from cleaner import cli
    from cleaner.pipeline import Cleaner

    real_clean = Cleaner.clean

    def clean(self: Cleaner, text: str) -> Any:
        if "BOOM" in text:
            raise RuntimeError("a bug")
        return real_clean(self, text)

    monkeypatch.setattr(Cleaner, "clean", clean)
    src = tmp_path / "src"
    src.mkdir()
    if records:
        (src / "a.jsonl").write_text('{"text": "fine"}\n{"text": "BOOM"}\n', encoding="utf-8")
        args, where = ["--field", "text"], f"{src / 'a.jsonl'}:2"
    else:
        (src / "a.txt").write_text("fine\n", encoding="utf-8")
        (src / "b.txt").write_text("BOOM\n", encoding="utf-8")
        args, where = [], str(src / "b.txt")
    argv = ["cleaner", "clean", str(src), *args, "--out", str(tmp_path / "out"), "--jobs", "1"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == exitcodes.EX_SOFTWARE
    err = capsys.readouterr().err
    assert f"cleaner: internal error (while cleaning {where}): RuntimeError: a bug" in err
