"""Corpus runs: JSONL/Parquet records, text directories, worker pools, resume, interrupts.

The reference for every parallel run is the plain single-process library call
(``Cleaner().clean``, ``report.to_json``): a corpus run must give exactly the same bytes, in the
same order, whatever ``--jobs`` is.
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner, corpus, exitcodes
from cleaner.cli import app
from cleaner.config import CleanerConfig
from cleaner.report import revert_from_report, to_json

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def seed_documents() -> list[str]:
    """Paragraphs of the reference inputs plus a few damaged lines: varied, some changed."""
    docs: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        docs.extend(p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    docs += [
        "Russia accused Turkey in the region. .",
        "Tom &amp; Jerry.The army said so .",
        "",
        "Msocow said so. Moscow said so, again.\r\nAnd again.",
    ]
    return docs


DOCS = seed_documents()


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small batches, so that several workers really interleave."""
    monkeypatch.setattr(corpus, "BATCH_DOCS", 3)


def write_jsonl(path: Path, docs: list[str]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = [
        {"id": i, "text": doc, "tags": ["a", i % 3], "nested": {"k": "ü"}}
        for i, doc in enumerate(docs)
    ]
    records.insert(2, {"id": "no-text", "other": 1})
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.write("\n")  # a blank line is dropped
    return records


def expected_jsonl(path: Path, records: list[dict[str, Any]]) -> str:
    cleaner = Cleaner()
    lines = []
    for number, record in enumerate(records, 1):
        out = dict(record)
        if "text" in record:
            result = cleaner.clean(record["text"])
            out["text"] = result.text
            out["cleaner"] = to_json(result, f"{path}:{number}")
        else:
            out["cleaner"] = None
        lines.append(json.dumps(out, ensure_ascii=False) + "\n")
    return "".join(lines)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_records_match_the_single_process_library(
    tmp_path: Path, jobs: str, small_batches: None
) -> None:
    src = tmp_path / "docs.jsonl"
    records = write_jsonl(src, DOCS)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["clean", str(src), "--field", "text", "--out", str(out), "--jobs", jobs]
    )
    assert result.exit_code == exitcodes.EX_OK, result.output
    written = (out / "docs.jsonl").read_text(encoding="utf-8")
    assert written == expected_jsonl(src, records)
    assert any(json.loads(line)["cleaner"]["changed"] for line in written.splitlines())
    assert f"{len(DOCS):,} documents" in result.stderr
    assert "1 record(s) without the text field" in result.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_jsonl_with_a_byte_order_mark_is_read_and_written_without_it(tmp_path: Path) -> None:
    """Some editors start a UTF-8 file with a BOM; JSON has none (before: exit 2, "not JSON")."""
    src = tmp_path / "docs.jsonl"
    records = write_jsonl(src, DOCS[:3])
    src.write_bytes(codecs.BOM_UTF8 + src.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "--field", "text", "--out", str(out), "-q"])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert (out / "docs.jsonl").read_text(encoding="utf-8") == expected_jsonl(src, records)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_text_with_an_unpaired_surrogate_escape_is_cleaned(tmp_path: Path, jobs: str) -> None:
    """``"\\ud800"`` (half of an emoji's pair, common in scraped JSON) is valid JSON and cleans
    fine; counting its bytes for the summary stopped the run with an internal error (exit 70)
    and the inputs after it were never written."""
    (tmp_path / "a.jsonl").write_text('{"text": "teh \\ud800 cat"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "teh cat"}\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--field", "text"]
    result = runner.invoke(app, [*args, "--out", str(out), "--jobs", jobs])
    assert result.exit_code == exitcodes.EX_OK, result.output
    [record] = [
        json.loads(line)
        for line in (out / "a.jsonl").read_text(encoding="utf-8").split("\n")
        if line
    ]
    assert record["text"] == "the \ud800 cat"
    assert json.loads((out / "b.jsonl").read_text(encoding="utf-8"))["text"] == "the cat"


def test_a_field_of_the_users_named_as_the_report_field_is_not_written_over(
    tmp_path: Path,
) -> None:
    """``"cleaner": "precious"`` was replaced by the report without a word. The record's file
    is refused (exit 2), the other inputs are written, and cleaner's own output, whose field
    holds its reports, can be cleaned again."""
    (tmp_path / "mine.jsonl").write_text(
        '{"id": 1, "cleaner": "precious", "text": "teh cat"}\n', encoding="utf-8"
    )
    (tmp_path / "ok.jsonl").write_text('{"text": "teh cat"}\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "mine.jsonl"), str(tmp_path / "ok.jsonl"), "--field", "text"]
    result = runner.invoke(app, [*args, "--out", str(out), "-q"])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "mine.jsonl:1: the record already has a field 'cleaner'" in result.stderr
    assert not (out / "mine.jsonl").exists()
    again = ["clean", str(out / "ok.jsonl"), "--field", "text", "--out", str(tmp_path / "o2")]
    assert runner.invoke(app, [*again, "-q"]).exit_code == exitcodes.EX_OK


def test_a_parquet_column_of_the_users_named_as_the_report_column_is_kept(
    tmp_path: Path,
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"text": ["teh cat"], "cleaner": ["precious"]}), tmp_path / "a.parquet")
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "a.parquet"), "--field", "text", "--out", str(out), "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "column 'cleaner' exists and holds no cleaner reports" in result.stderr
    pq.write_table(pa.table({"text": ["teh cat"]}), tmp_path / "b.parquet")
    args[1], args[5] = str(tmp_path / "b.parquet"), str(tmp_path / "o1")
    assert runner.invoke(app, args).exit_code == exitcodes.EX_OK
    args[1], args[5] = str(tmp_path / "o1" / "b.parquet"), str(tmp_path / "o2")
    assert runner.invoke(app, args).exit_code == exitcodes.EX_OK  # its own output, again
    assert pq.read_table(tmp_path / "o2" / "b.parquet").column("text").to_pylist() == ["the cat"]


def test_jsonl_from_stdin_to_stdout_with_a_custom_report_field() -> None:
    record = {"body": "Russia accused Turkey in the region. .", "n": 1}
    result = runner.invoke(
        app,
        ["clean", "-", "--field", "body", "--report-field", "rep", "-q"],
        input=json.dumps(record) + "\n",
    )
    assert result.exit_code == exitcodes.EX_OK, result.output
    out = json.loads(result.stdout)
    assert out["body"] == "Russia accused Turkey in the region."
    assert out["n"] == 1
    assert out["rep"]["edits"][0]["rule"] == "spaced-punctuation"


#: every other field as the user wrote it: numbers Python's float would change (1e400 became
#: ``Infinity``, not JSON; the long decimal lost digits), a key written twice (one value was
#: lost), an escape and compact separators (rewritten)
KEPT_FIELDS = '{"n":1e400,"x": 0.1000000000000000055511, "d": 1, "d": 2,"s":"caf\\u00e9"'


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_keeps_every_other_byte_of_a_record(tmp_path: Path, jobs: str) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text(
        KEPT_FIELDS + ', "text": "teh cat"}\n' + KEPT_FIELDS + ', "text": "caf\\u00e9 au lait"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["clean", str(src), "--field", "text", "--out", str(out), "--jobs", jobs, "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_OK, result.output
    changed, unchanged = (out / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert changed.startswith(KEPT_FIELDS + ', "text": "the cat", "cleaner": {')
    assert json.loads(changed)["cleaner"]["edits"][0]["replacement"] == "the"
    # a text left as it was keeps its own escapes too
    assert unchanged.startswith(KEPT_FIELDS + ', "text": "caf\\u00e9 au lait", "cleaner": {')
    assert json.loads(unchanged)["cleaner"]["changed"] is False


def test_jsonl_record_naming_its_text_field_twice_is_refused(tmp_path: Path) -> None:
    """Which of the two values to clean would be a guess (before, the first was dropped)."""
    src = tmp_path / "docs.jsonl"
    src.write_text('{"text": "teh cat", "text": "teh dog"}\n', encoding="utf-8")
    args = ["clean", str(src), "--field", "text", "--out", str(tmp_path / "out"), "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "docs.jsonl:1: field 'text' occurs 2 times" in result.stderr
    assert not (tmp_path / "out" / "docs.jsonl").exists()


@pytest.mark.parametrize("to_stdout", [False, True], ids=["file", "stdout"])
def test_jsonl_under_surrogateescape_writes_bad_bytes_back(tmp_path: Path, to_stdout: bool) -> None:
    """A byte that is not UTF-8 comes back as that byte in the record, in the text and in any
    other field (the report stays valid UTF-8); before, the text got a ``\\udcXX`` escape
    instead of its byte."""
    data = b'{"id": "\xff", "text": "teh cat \xe9"}\n'
    args = ["clean", "--field", "text", "--encoding-errors", "surrogateescape", "-q"]
    if to_stdout:
        result = runner.invoke(app, [*args, "-"], input=data)
        written = result.stdout_bytes
    else:
        (tmp_path / "docs.jsonl").write_bytes(data)
        out = tmp_path / "out"
        result = runner.invoke(app, [*args, str(tmp_path / "docs.jsonl"), "--out", str(out)])
        written = (out / "docs.jsonl").read_bytes()
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert written.startswith(b'{"id": "\xff", "text": "the cat \xe9", "cleaner": {')
    report = json.loads(written[written.index(b'"cleaner": ') + 11 : -2].decode("utf-8"))
    assert report["edits"][0]["replacement"] == "the"


def test_jsonl_escaped_surrogate_stays_an_escape_under_surrogateescape(tmp_path: Path) -> None:
    """A ``\\udce9`` escape decodes to the character a bad byte is read as; written raw, a valid
    record became bad UTF-8 (found by a review of the in-place writing)."""
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "teh cat \\udce9"}\n')
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "a.jsonl"), "--field", "text", "--out", str(out), "-q"]
    result = runner.invoke(app, [*args, "--encoding-errors", "surrogateescape"])
    assert result.exit_code == exitcodes.EX_OK, result.output
    line = (out / "a.jsonl").read_bytes().decode("utf-8")  # valid UTF-8
    assert line.startswith('{"text": "the cat \\udce9", "cleaner": ')


def test_jsonl_keeps_each_lines_own_blanks_and_line_break(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(b'  {"text": "teh cat"} \r\n{"text": "fine"}')
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "a.jsonl"), "--field", "text", "--out", str(out), "-q"]
    assert runner.invoke(app, args).exit_code == exitcodes.EX_OK
    first, second = (out / "a.jsonl").read_bytes().split(b"\n", 1)
    assert first.startswith(b'  {"text": "the cat", "cleaner": {') and first.endswith(b"}} \r")
    assert second.startswith(b'{"text": "fine", "cleaner": {') and second.endswith(b"}}\n")


BAD_RECORDS = [
    pytest.param('{"text": "fine"}\n{"text": \n', "docs.jsonl:2: not JSON", id="broken-json"),
    pytest.param('["text"]\n', "docs.jsonl:1: not a JSON object", id="not-an-object"),
    pytest.param('{"text": 3}\n', "field 'text' is int, not a string", id="not-a-string"),
]


@pytest.mark.parametrize(("content", "message"), BAD_RECORDS)
def test_a_bad_record_fails_that_input_only(tmp_path: Path, content: str, message: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "docs.jsonl").write_text(content, encoding="utf-8")
    (src / "good.jsonl").write_text('{"text": "Turkey.The army"}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "--field", "text", "--out", str(out)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert message in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["good.jsonl"]
    assert json.loads((out / "good.jsonl").read_text(encoding="utf-8"))["text"] == (
        "Turkey. The army"
    )


@pytest.mark.parametrize("text_type", ["string", "dictionary", "string_view"])
def test_parquet_output_keeps_what_the_file_says_about_itself(
    tmp_path: Path, small_batches: None, text_type: str
) -> None:
    """Before: the schema's metadata (pandas' index among it) and the compression were
    dropped, the row groups were re-cut to the batch size, and a dictionary or string_view
    text column was refused."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"text": ["Turkey.The army", "fine", None] * 4, "n": range(12)},
        index=pd.Index([f"doc{i}" for i in range(12)], name="key"),
    )
    table = pa.Table.from_pandas(frame)
    if text_type == "dictionary":
        table = table.set_column(0, "text", table.column("text").dictionary_encode())
    elif text_type == "string_view":
        table = table.set_column(0, "text", table.column("text").cast(pa.string_view()))
    table = table.replace_schema_metadata({**table.schema.metadata, b"mine": b"kept"})
    src = tmp_path / "docs.parquet"
    pq.write_table(table, src, row_group_size=5, compression="zstd")
    out = tmp_path / "out"
    args = ["clean", str(src), "--field", "text", "--out", str(out), "--jobs", "1", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_OK, result.output

    written = pq.ParquetFile(out / "docs.parquet")
    assert written.schema_arrow.metadata[b"mine"] == b"kept"
    text_field = pq.ParquetFile(src).schema_arrow.field("text")  # (as Parquet gives it back)
    assert written.schema_arrow.field("text").type == text_field.type
    groups = [written.metadata.row_group(i) for i in range(written.metadata.num_row_groups)]
    assert [g.num_rows for g in groups] == [5, 5, 2]  # 3-row batches, gathered back
    assert {g.column(i).compression for g in groups for i in range(g.num_columns)} == {"ZSTD"}
    back = written.read().to_pandas()  # pandas' metadata: the index is the index again
    assert list(back.index) == list(frame.index)
    assert back["text"].tolist()[:2] == ["Turkey. The army", "fine"]
    assert pd.isna(back["text"].tolist()[2])
    assert back["n"].tolist() == list(range(12))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_parquet_column_is_cleaned_and_other_columns_kept(
    tmp_path: Path, jobs: str, small_batches: None
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts: list[str | None] = [*DOCS]
    texts.insert(1, None)
    table = pa.table({"id": list(range(len(texts))), "text": texts})
    src = tmp_path / "docs.parquet"
    pq.write_table(table, src, row_group_size=7)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["clean", str(src), "--field", "text", "--out", str(out), "--jobs", jobs]
    )
    assert result.exit_code == exitcodes.EX_OK, result.output
    written = pq.read_table(out / "docs.parquet")
    assert written.column_names == ["id", "text", "cleaner"]
    assert written.column("id").to_pylist() == list(range(len(texts)))
    cleaner = Cleaner()
    for row, (text, clean, report) in enumerate(
        zip(
            texts,
            written.column("text").to_pylist(),
            written.column("cleaner").to_pylist(),
            strict=True,
        )
    ):
        if text is None:
            assert (clean, report) == (None, None)
            continue
        expected = cleaner.clean(text)
        assert clean == expected.text
        assert json.loads(report) == to_json(expected, f"{src}#{row}")


def test_text_directory_with_glob_is_the_same_with_two_jobs(
    tmp_path: Path, small_batches: None
) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    for i, doc in enumerate(DOCS):
        (src / ("sub" if i % 2 else ".") / f"doc{i:02}.md").write_text(doc, encoding="utf-8")
    (src / "skip.txt").write_text("Turkey.The army", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(
            app, ["clean", str(src), "--glob", "*.md", "--out", str(out), "--jobs", jobs]
        )
        assert result.exit_code == exitcodes.EX_OK, result.output
        outputs[jobs] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }
    assert outputs["1"] == outputs["2"]
    assert "skip.txt" not in outputs["1"]
    assert outputs["1"]["doc00.md"] == Cleaner().clean(DOCS[0]).text.encode("utf-8")


def test_resume_skips_complete_text_outputs_and_redoes_newer_inputs(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Turkey.The army", encoding="utf-8")
    (src / "b.txt").write_text("The region. .", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(src), "--out", str(out)]).exit_code == 0
    (out / "a.txt").write_text("marker", encoding="utf-8")  # a rerun would overwrite it
    later = time.time() + 5
    os.utime(src / "b.txt", (later, later))
    (out / "b.txt").write_text("marker", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(src), "--out", str(out), "--resume"])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert (out / "a.txt").read_text(encoding="utf-8") == "marker"
    assert (out / "b.txt").read_text(encoding="utf-8") == "The region."
    assert "1 input(s) already complete skipped" in result.stderr


def test_resume_keeps_the_skipped_documents_in_the_review_page(tmp_path: Path) -> None:
    """report.html after --resume is the page a full run writes, whether all inputs or some
    were skipped (before, it listed only the documents cleaned in the resumed run)."""
    src = tmp_path / "src"
    src.mkdir()
    for i, doc in enumerate(DOCS[:6]):
        (src / f"d{i}.txt").write_text(doc, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(src), "--out", str(out), "-q"]).exit_code == 0
    full = (out / "report.html").read_bytes()
    assert runner.invoke(app, ["clean", str(src), "--out", str(out), "--resume"]).exit_code == 0
    assert (out / "report.html").read_bytes() == full
    later = time.time() + 5
    os.utime(src / "d2.txt", (later, later))
    result = runner.invoke(app, ["clean", str(src), "--out", str(out), "--resume"])
    assert "5 input(s) already complete skipped" in result.stderr
    assert (out / "report.html").read_bytes() == full
    (out / "d4.txt.json").write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(src), "--out", str(out), "--resume"])
    assert "d4.txt: left out of report.html" in result.stderr
    assert (out / "report.html").read_bytes() != full


def test_progress_draws_only_on_a_terminal() -> None:
    class Stream:
        def __init__(self, tty: bool) -> None:
            self.tty, self.text = tty, ""

        def isatty(self) -> bool:
            return self.tty

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    for tty in (True, False):
        stream = Stream(tty)
        progress = corpus.Progress(2_000_000, stream=stream)  # type: ignore[arg-type]
        progress._last = -1.0
        progress.update(3, 1_000_000)
        progress.close()
        if tty:
            assert "3 docs  1.0/2.0 MB" in stream.text and "ETA" in stream.text
            assert stream.text.endswith("\r\x1b[K")
        else:
            assert stream.text == ""
    quiet = Stream(True)
    silent = corpus.Progress(None, enabled=False, stream=quiet)  # type: ignore[arg-type]
    silent.update(1, 1)
    assert quiet.text == ""


def test_summary_counts_documents_edits_and_bytes() -> None:
    stats = corpus.Stats()
    cleaner = Cleaner()
    for doc in ["Russia accused Turkey in the region. .", "The army said so."]:
        stats.add(cleaner.clean(doc))
    text = stats.summary(2.0)
    assert "2 documents (1 changed)" in text
    assert "edits 1: spaced-punctuation 1" in text
    assert "removed 2 bytes (net)" in text
    stats.add(cleaner.clean("Turkey.The army said so."))  # a space added: the text grew by 1
    assert "removed 1 bytes (net)" in stats.summary(2.0)
    stats.add(cleaner.clean("Turkey.The army.The navy.And the air force."))
    assert "added 2 bytes (net)" in stats.summary(2.0)  # before: "removed -2 bytes (net)"


def test_batches_keep_order_and_split_on_settings() -> None:
    items = [("a", 1), ("a", 2), ("b", 3), ("b", 4), ("b", 5)]
    batches = list(corpus.batched(items, lambda _: 100_000, key=lambda item: item[0]))
    assert batches == [[("a", 1), ("a", 2)], [("b", 3), ("b", 4), ("b", 5)]]
    big = list(corpus.batched(range(5), lambda _: corpus.BATCH_BYTES))
    assert big == [[0], [1], [2], [3], [4]]


def _sleep(config: object, seconds: float) -> float:
    """Worker task: stay busy."""
    time.sleep(seconds)
    return seconds


def _die(config: object) -> None:
    """Worker task: be killed, as the out-of-memory killer would."""
    os.kill(os.getpid(), signal.SIGKILL)


# (sizes of the tasks, whether the default --jobs starts workers): small inputs and a lone task,
# however big, stay in this process; more than one task past the threshold goes to workers
AUTO_POOL_CASES = [
    ([10, 20], False),
    ([corpus.AUTO_MIN_BYTES], False),
    ([10, corpus.AUTO_MIN_BYTES], False),
    ([corpus.AUTO_MIN_BYTES, 1], True),
    ([corpus.AUTO_MIN_BYTES // 2, corpus.AUTO_MIN_BYTES // 2, 1], True),
]


@pytest.mark.parametrize(("sizes", "pooled"), AUTO_POOL_CASES)
def test_the_default_jobs_starts_workers_only_when_work_can_be_shared(
    sizes: list[int], pooled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(corpus.Engine, "_start", lambda self, warm: started.append(warm))
    tasks = [corpus.Task(i, size, _sleep, CleanerConfig(), (0.0,)) for i, size in enumerate(sizes)]
    with corpus.Engine() as engine:
        tags = [task.tag for task, _ in engine.map(tasks)]
    assert tags == list(range(len(sizes)))
    assert bool(started) is pooled


def test_a_worker_killed_by_a_signal_stops_the_run_as_worker_died() -> None:
    tasks = [
        corpus.Task(0, 1, _sleep, CleanerConfig(), (0.0,)),
        corpus.Task(1, 1, _die, CleanerConfig(), ()),
        corpus.Task(2, 1, _sleep, CleanerConfig(), (0.0,)),
    ]
    with pytest.raises(corpus.WorkerDied, match="--resume"), corpus.Engine(jobs=2) as engine:
        for _ in engine.map(tasks):
            pass


def test_ctrl_c_stops_busy_workers_at_once() -> None:
    """Leaving the engine on an error does not wait for the batches workers are busy with (a
    long document can keep one for minutes); before, this test waited for the 300 s tasks."""
    tasks = [corpus.Task(i, 1, _sleep, CleanerConfig(), (300.0,)) for i in range(2)]
    started = time.monotonic()
    timer = threading.Timer(5.0, os.kill, (os.getpid(), signal.SIGINT))
    try:
        with pytest.raises(KeyboardInterrupt), corpus.Engine(jobs=2) as engine:
            timer.start()
            for _ in engine.map(tasks):
                pass
    finally:
        timer.cancel()
    assert time.monotonic() - started < 120


def test_a_dead_worker_is_exit_71_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "a.jsonl"
    write_jsonl(source, DOCS[:3])

    def dies(self: corpus.Engine, tasks: object) -> object:
        raise corpus.WorkerDied()

    monkeypatch.setattr(corpus.Engine, "map", dies)
    out = str(tmp_path / "out")
    result = runner.invoke(app, ["clean", str(source), "--field", "text", "--out", out])
    assert result.exit_code == exitcodes.EX_OSERR == 71
    assert "a worker process died" in result.stderr
    assert "--resume" in result.stderr and "Traceback" not in result.output


def _processes_with(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (children inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


STOPS = [
    pytest.param(signal.SIGINT, 130, "cleaner: interrupted", id="ctrl-c"),
    # SIGTERM (timeout, docker stop, a batch scheduler) killed the main process outright: the
    # temporary file stayed and the workers went on
    pytest.param(signal.SIGTERM, 143, "cleaner: terminated", id="sigterm"),
    # kill -9: no cleanup can run; the workers end with the main process, and --resume
    # removes the temporary file (before, both stayed)
    pytest.param(signal.SIGKILL, -9, "", id="sigkill"),
]


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(("stop", "code", "message"), STOPS)
def test_interrupt_leaves_no_partial_output_and_resume_finishes(
    tmp_path: Path, stop: signal.Signals, code: int, message: str
) -> None:
    """A stop while the second input is being written: the first output stays, the second
    leaves nothing (not even its temporary file, but after kill -9 until --resume), no worker
    survives, and --resume skips the first and completes the second. The second input is a FIFO
    the test keeps open, so the run cannot finish before the signal."""
    src = tmp_path / "src"
    src.mkdir()
    write_jsonl(src / "a.jsonl", DOCS[:5])
    fifo = src / "b.jsonl"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    marker = f"CLEANER_TEST_{uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), marker: "1"}
    inputs = [str(src / "a.jsonl"), str(fifo)]  # named: a directory walk skips FIFOs
    command = [sys.executable, "-m", "cleaner", "clean", *inputs, "--field", "text"]
    proc = subprocess.Popen(
        [*command, "--out", str(out), "--jobs", "2"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with fifo.open("w", encoding="utf-8") as writer:  # blocks until cleaner opens it
            writer.write(json.dumps({"text": "Turkey.The army"}) + "\n")
            writer.flush()
            deadline = time.monotonic() + 60
            while not list(out.glob(".b.jsonl.*.tmp")) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert list(out.glob(".b.jsonl.*.tmp")), "the second output never started"
            proc.send_signal(stop)
            _, stderr = proc.communicate(timeout=60)
    except BrokenPipeError:
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, stderr
    assert message in stderr
    left = 1 if stop == signal.SIGKILL else 0
    assert len(list(out.glob(".b.jsonl.*.tmp"))) == left
    assert [p.name for p in out.iterdir() if not p.name.endswith(".tmp")] == ["a.jsonl"]
    first = (out / "a.jsonl").stat()
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []

    fifo.unlink()
    write_jsonl(fifo, DOCS[5:9])
    old = time.time() - 100  # older than a.jsonl's output: it is complete
    os.utime(src / "a.jsonl", (old, old))
    done = subprocess.run(
        [*command, "--out", str(out), "--resume", "--jobs", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 input(s) already complete skipped" in done.stderr
    assert ("--resume removed 1 temporary file(s)" in done.stderr) == bool(left)
    assert (out / "a.jsonl").stat().st_mtime_ns == first.st_mtime_ns
    assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "b.jsonl"]
    assert len((out / "b.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    assert _processes_with(marker) == []


def test_records_walk_the_inputs_once_when_no_progress_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress line's total needs a walk of its own; with no terminal (a pipeline, a
    batch job) there is no progress line, and a second walk of millions of files was waste."""
    from cleaner import io

    write_jsonl(tmp_path / "a.jsonl", DOCS[:2])
    walks = []
    real = io.iter_sources

    def counted(*args: Any, **kwargs: Any) -> Any:
        walks.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(io, "iter_sources", counted)
    args = ["clean", str(tmp_path / "a.jsonl"), "--field", "text", "--out", str(tmp_path / "o")]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert len(walks) == 1


def test_resume_removes_only_temporaries_no_live_run_is_writing(tmp_path: Path) -> None:
    """Shards of one job sharing --out, each with --resume: a shard starting removed the
    temporary file another was still writing, which then failed with exit 74 (found by a
    review). A writer holds a lock on its temporary file; a killed one's lock is gone."""
    from cleaner.io import create_exclusive

    write_jsonl(tmp_path / "a.jsonl", DOCS[:2])
    out = tmp_path / "out"
    out.mkdir()
    left = out / ".b.jsonl.0123456789ab.tmp"  # a killed run's
    left.write_text("half", encoding="utf-8")
    live = out / ".c.jsonl.ba9876543210.tmp"  # another run, still writing
    fd = create_exclusive(live)
    try:
        args = ["clean", str(tmp_path / "a.jsonl"), "--field", "text", "--out", str(out)]
        result = runner.invoke(app, [*args, "--resume"])
        assert result.exit_code == exitcodes.EX_OK, result.output
        assert "--resume removed 1 temporary file(s)" in result.stderr
        assert not left.exists() and live.exists()
    finally:
        os.close(fd)


def test_parquet_report_column_takes_the_text_columns_codec_when_codecs_differ(
    tmp_path: Path,
) -> None:
    """pyarrow leaves a column a codec dict does not name uncompressed: the report column, the
    largest, was written so (found by a review)."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "a.parquet"
    table = pa.table({"id": [1, 2], "text": ["teh cat", "fine"]})
    pq.write_table(table, src, compression={"id": "gzip", "text": "zstd"})
    out = tmp_path / "out"
    args = ["clean", str(src), "--field", "text", "--out", str(out), "-q"]
    assert runner.invoke(app, args).exit_code == exitcodes.EX_OK
    group = pq.ParquetFile(out / "a.parquet").metadata.row_group(0)
    codecs = {group.column(i).path_in_schema: group.column(i).compression for i in range(3)}
    assert codecs == {"id": "GZIP", "text": "ZSTD", "cleaner": "ZSTD"}


def test_parquet_earlier_report_column_declared_not_null_takes_a_null_report(
    tmp_path: Path,
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    earlier = json.dumps(to_json(Cleaner().clean("fine"), "x"))
    schema = pa.schema([("text", pa.string()), pa.field("cleaner", pa.string(), nullable=False)])
    src = tmp_path / "a.parquet"
    pq.write_table(pa.table({"text": [None, "teh cat"], "cleaner": [earlier] * 2}, schema), src)
    out = tmp_path / "out"
    args = ["clean", str(src), "--field", "text", "--out", str(out), "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_OK, result.output  # before: internal error, 70
    reports = pq.read_table(out / "a.parquet").column("cleaner").to_pylist()
    assert reports[0] is None and json.loads(reports[1])["changed"] is True


def test_text_column_types_without_string_view_in_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow before 16 has no string_view: asking for it was an internal error (exit 70)."""
    pa = pytest.importorskip("pyarrow")
    monkeypatch.delattr(pa.types, "is_string_view")
    assert corpus._is_text_type(pa.string()) and corpus._is_text_type(pa.large_string())
    assert not corpus._is_text_type(pa.int64())


def test_sigterm_ignored_by_the_caller_stays_ignored() -> None:
    """``trap '' TERM`` before starting cleaner: the run must not stop on SIGTERM (as Python
    leaves an ignored SIGINT ignored); a default SIGTERM becomes a clean stop."""
    saved = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        exitcodes.on_sigterm_stop()
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        exitcodes.on_sigterm_stop()
        assert callable(signal.getsignal(signal.SIGTERM))
    finally:
        signal.signal(signal.SIGTERM, saved)


def test_a_result_never_sent_by_a_dead_worker_is_exit_71_not_a_hang() -> None:
    """A worker killed halfway through writing its result (the out-of-memory killer, SIGTERM
    to the whole process group) left the pool's reader waiting for the rest of the message,
    and the run waited for the result forever (found by a fresh-eyes review). The wait now
    looks at the workers."""
    from concurrent.futures import Future

    class DeadWorker:
        exitcode = -9

    class Pool:
        def __init__(self) -> None:
            self._processes = {1: DeadWorker()}

    never: Future[int] = Future()
    with pytest.raises(corpus.WorkerDied):
        corpus._result(never, Pool())


RECORDS_KEPT_OR_NAMED = [
    # a valid record whose integer Python will not read by default (over 4,300 digits): the
    # whole file was refused as "not JSON"
    pytest.param('{"id": ' + "9" * 5000 + ', "text": "teh cat"}\n', None, id="long-integer"),
    # nested deeper than Python's recursion limit: an internal error stopped the whole run
    pytest.param(
        '{"a": ' + "[" * 3000 + "]" * 3000 + ', "text": "x"}\n',
        "docs.jsonl:1: nested too deeply to read",
        id="deep-nesting",
    ),
]


@pytest.mark.parametrize(("line", "message"), RECORDS_KEPT_OR_NAMED)
def test_jsonl_records_python_finds_hard_to_read(
    tmp_path: Path, line: str, message: str | None
) -> None:
    (tmp_path / "docs.jsonl").write_text(line, encoding="utf-8")
    (tmp_path / "ok.jsonl").write_text('{"text": "teh cat"}\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "docs.jsonl"), str(tmp_path / "ok.jsonl"), "--field", "text"]
    result = runner.invoke(app, [*args, "--out", str(out), "-q"])
    assert (out / "ok.jsonl").exists()  # the other input is written either way
    if message is None:
        assert result.exit_code == exitcodes.EX_OK, result.output
        written = (out / "docs.jsonl").read_text(encoding="utf-8")
        assert written.startswith(line[: line.index(', "text"')] + ', "text": "the cat", ')
    else:
        assert result.exit_code == exitcodes.EX_USAGE, result.output
        assert message in result.stderr


def test_parquet_odd_columns(tmp_path: Path) -> None:
    """Found by a fresh-eyes review: two columns named as the text (an internal error that
    stopped the run), an earlier run's report column that pandas wrote back as large_string
    (refused as "no cleaner reports"), and a text column with no value at all (pandas'
    all-None column, type null: refused as "not text")."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    twice = pa.Table.from_arrays([pa.array(["a"]), pa.array(["b"])], names=["text", "text"])
    pq.write_table(twice, tmp_path / "twice.parquet")
    report = json.dumps(to_json(Cleaner().clean("fine"), "x"))
    large = pa.table({"text": ["teh cat"], "cleaner": pa.array([report], pa.large_string())})
    pq.write_table(large, tmp_path / "large.parquet")
    pq.write_table(pa.table({"text": pa.nulls(2)}), tmp_path / "empty.parquet")
    out = tmp_path / "out"
    files = [str(tmp_path / n) for n in ("twice.parquet", "large.parquet", "empty.parquet")]
    result = runner.invoke(app, ["clean", *files, "--field", "text", "--out", str(out), "-q"])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "twice.parquet: 2 columns are named 'text'" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["empty.parquet", "large.parquet"]
    assert pq.read_table(out / "large.parquet").column("text").to_pylist() == ["the cat"]
    assert pq.read_table(out / "empty.parquet").column("text").to_pylist() == [None, None]


def test_parquet_without_rows_keeps_no_row_group(tmp_path: Path) -> None:
    """Before: an input with no row group came out with one empty row group (and a reader
    counting groups saw a different file); its schema metadata must survive as well."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    schema = pa.schema([("text", pa.string()), ("n", pa.int64())], metadata={b"mine": b"kept"})
    src = tmp_path / "none.parquet"
    pq.ParquetWriter(src, schema, compression="zstd").close()
    assert pq.ParquetFile(src).num_row_groups == 0
    out = tmp_path / "out"
    args = ["clean", str(src), "--field", "text", "--out", str(out), "--jobs", "1", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == exitcodes.EX_OK, result.output
    written = pq.ParquetFile(out / "none.parquet")
    assert written.num_row_groups == 0
    assert written.metadata.num_rows == 0
    assert written.schema_arrow.metadata[b"mine"] == b"kept"
    assert written.schema_arrow.names == ["text", "n", "cleaner"]


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_cleaning_cleaners_own_output_again_keeps_the_way_back_to_the_first_original(
    tmp_path: Path, kind: str
) -> None:
    """Before: a second run replaced the record's report with its own, so the first run's
    edits (the only way back to the input) were lost, and a second run with nothing left to
    change wrote an empty report. Now each report keeps the one before it under ``earlier``,
    and reverting goes back through both runs; a report of a text changed since is dropped."""
    first = "Russia and Turkey.The army said teh talks went on."
    other = "Turkey.The army left."
    if kind == "parquet":
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        pq.write_table(pa.table({"text": [first, other]}), tmp_path / "a.parquet")
    else:
        rows = [json.dumps({"text": t}) for t in (first, other)]
        (tmp_path / "a.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    name = f"a.{kind}"

    def run(src: Path, out: Path, *more: str) -> list[tuple[str, dict[str, Any]]]:
        args = ["clean", str(src), "--field", "text", "--out", str(out), "--jobs", "1", "-q"]
        result = runner.invoke(app, [*args, *more])
        assert result.exit_code == exitcodes.EX_OK, result.output
        if kind == "parquet":
            table = pq.read_table(out / name).to_pydict()
            pairs = zip(table["text"], table["cleaner"], strict=True)
            return [(t, json.loads(r)) for t, r in pairs]
        records = [json.loads(line) for line in (out / name).read_text("utf-8").splitlines()]
        return [(r["text"], r["cleaner"]) for r in records]

    once = run(tmp_path / name, tmp_path / "o1", "--select", "spacing")
    assert once[0][0] == "Russia and Turkey. The army said teh talks went on."
    if kind == "parquet":  # the second row's text changed by hand since: its report is stale
        table = pq.read_table(tmp_path / "o1" / name)
        texts = [once[0][0], "Turkey. The army left teh base."]
        pq.write_table(table.set_column(0, "text", pa.array(texts)), tmp_path / "o1" / name)
    else:
        lines = (tmp_path / "o1" / name).read_text("utf-8").splitlines()
        lines[1] = lines[1].replace("army left.", "army left teh base.")
        (tmp_path / "o1" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    twice = run(tmp_path / "o1" / name, tmp_path / "o2")
    text, report = twice[0]
    assert text == "Russia and Turkey. The army said the talks went on."
    assert [e["rule"] for e in report["edits"]] == ["non-word-typo"]
    assert [e["rule"] for e in report["earlier"]["edits"]] == ["missing-space-after-punctuation"]
    assert revert_from_report(text, report) == first
    assert "earlier" not in twice[1][1]  # written for "army left.", not for this text
    thrice = run(tmp_path / "o2" / name, tmp_path / "o3")  # nothing left to change
    text, report = thrice[0]
    assert report["edits"] == [] and report["earlier"]["earlier"]["edits"]
    assert revert_from_report(text, report) == first
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parents[1] / "docs" / "report-schema.json").read_text())
    jsonschema.validate(report, schema)
    report["earlier"]["earlier"]["bogus"] = 1  # (the nested reports are checked as well)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema)
