"""Dask: bags, dataframes and ``cleaner clean --dask`` on a real local cluster (two worker
processes) give exactly what a single-process run gives, and leave no process behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner, exitcodes
from cleaner.cli import app
from cleaner.report import to_json

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

from cleaner.integrations.dask import clean_bag, clean_dataframe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def documents() -> list[str]:
    docs: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        docs.extend(p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    return [*docs, "Russia accused Turkey in the region. .", "Tom &amp; Jerry.The army"]


DOCS = documents()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        yield client
    left = [
        p
        for p in psutil.Process().children(recursive=True)
        if p.pid not in before
        and p.is_running()
        and p.status() != psutil.STATUS_ZOMBIE
        # multiprocessing's resource tracker serves the whole session, not the cluster
        and "resource_tracker" not in " ".join(p.cmdline())
    ]
    _, alive = psutil.wait_procs(left, timeout=20)
    assert not alive, f"Dask processes left behind: {alive}"


REFERENCE = Cleaner()


def single(text: str) -> tuple[str, dict[str, Any]]:
    result = REFERENCE.clean(text)
    return result.text, to_json(result, "")


def test_bag_of_strings_matches_single_process(cluster: Any) -> None:
    bag = db.from_sequence(DOCS, npartitions=4)
    got = cluster.compute(clean_bag(bag)).result()
    assert [(r["text"], r["cleaner"]) for r in got] == [single(d) for d in DOCS]
    # each of the two worker processes built exactly one cleaner and kept it
    cached = cluster.run(lambda: len(__import__("cleaner.corpus").corpus._CLEANERS))
    assert list(cached.values()) == [1, 1]
    assert any(r["cleaner"]["changed"] for r in got)


def test_bag_of_records_keeps_other_fields(cluster: Any) -> None:
    records = [{"id": i, "body": d} for i, d in enumerate(DOCS)] + [{"id": -1}]
    bag = db.from_sequence(records, npartitions=3)
    got = cluster.compute(clean_bag(bag, field="body", report_field="rep")).result()
    assert [r["id"] for r in got] == [r["id"] for r in records]
    for record, out in zip(records[:-1], got, strict=False):
        assert (out["body"], out["rep"]) == single(record["body"])
    assert got[-1] == {"id": -1, "rep": None}


def test_dataframe_column_matches_single_process(cluster: Any) -> None:
    frame = pd.DataFrame({"n": range(len(DOCS)), "text": DOCS})
    ddf = dd.from_pandas(frame, npartitions=3)
    got = cluster.compute(clean_dataframe(ddf, "text")).result()
    assert list(got.columns) == ["n", "text", "cleaner"]
    assert list(got["n"]) == list(range(len(DOCS)))
    for text, clean, report in zip(DOCS, got["text"], got["cleaner"], strict=True):
        expected_text, expected_report = single(text)
        assert clean == expected_text
        assert json.loads(report) == expected_report


def test_a_categorical_column_is_cleaned_not_turned_into_nan() -> None:
    """The output took the input's categorical dtype: every changed text (no category of it)
    and every report became NaN. Run on Dask's local scheduler (what counts is the frame)."""
    frame = pd.DataFrame({"text": pd.Categorical(["teh cat", "a dog", "teh cat"])})
    got = clean_dataframe(dd.from_pandas(frame, npartitions=2), "text").compute()
    assert list(got["text"]) == ["the cat", "a dog", "the cat"]
    assert [json.loads(r)["changed"] for r in got["cleaner"]] == [True, False, True]


def test_cli_on_a_running_scheduler_matches_one_job(cluster: Any, tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text(
        "".join(json.dumps({"i": i, "text": d}) + "\n" for i, d in enumerate(DOCS)),
        encoding="utf-8",
    )
    address = cluster.scheduler.address
    runner = CliRunner()
    outputs = []
    for extra in (["--dask", address], ["--jobs", "1"]):
        out = tmp_path / extra[0].strip("-")
        result = runner.invoke(
            app, ["clean", str(src), "--field", "text", "--out", str(out), *extra]
        )
        assert result.exit_code == exitcodes.EX_OK, result.output
        outputs.append((out / "docs.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_reports_an_unreachable_scheduler(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["clean", str(src), "--field", "text", "--out", str(tmp_path / "o"), "--dask", "nope://"],
    )
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "cannot use the Dask scheduler at nope://" in result.stderr


def test_cli_reports_an_address_it_cannot_parse_without_a_traceback() -> None:
    """``--dask notanaddress``: the message came at once, but the half-built client's finaliser
    then waited 60 s and printed a traceback at exit."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cleaner",
            "clean",
            "-",
            "--field",
            "text",
            "--dask",
            "notanaddress",
        ],
        input='{"text": "x"}\n',
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == exitcodes.EX_USAGE, proc.stderr
    assert "cannot use the Dask scheduler at notanaddress: missing port number" in proc.stderr
    assert "like tcp://HOST:8786" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        ([{"text": 3}], "text", "field 'text' of a record is int, not a string"),
        ([{"text": "x"}], None, "an item is dict, not a string; for records, name their text"),
    ],
    ids=["not-a-string", "records-without-field"],
)
def test_a_bag_of_the_wrong_items_says_what_is_wrong(
    items: list[Any], field: str | None, message: str
) -> None:
    """Before: AttributeError: 'int' object has no attribute 'replace', from deep inside."""
    bag = db.from_sequence(items, npartitions=1)
    with pytest.raises(TypeError, match=message):
        clean_bag(bag, field=field).compute(scheduler="synchronous")


def test_cleaning_its_own_output_again_keeps_the_earlier_reports() -> None:
    """Before: the report field or column was written over, the earlier run's edits (the way
    back to the input) with it, and a field of the user's by that name as well."""
    from cleaner.config import CleanerConfig
    from cleaner.report import revert_from_report

    first = "Russia and Turkey.The army said teh talks went on."
    spacing = CleanerConfig(select=frozenset({"spacing"}))
    once = clean_bag(db.from_sequence([{"t": first}]), spacing, field="t").compute(
        scheduler="synchronous"
    )
    twice = clean_bag(db.from_sequence(once), field="t").compute(scheduler="synchronous")
    record = twice[0]
    assert record["t"] == "Russia and Turkey. The army said the talks went on."
    assert revert_from_report(record["t"], record["cleaner"]) == first
    assert record["cleaner"]["earlier"] == once[0]["cleaner"]

    frame = pd.DataFrame({"t": [once[0]["t"]], "cleaner": [json.dumps(once[0]["cleaner"])]})
    out = clean_dataframe(dd.from_pandas(frame, npartitions=1), "t").compute(
        scheduler="synchronous"
    )
    report = json.loads(out["cleaner"].iloc[0])
    assert revert_from_report(out["t"].iloc[0], report) == first

    mine = db.from_sequence([{"t": first, "cleaner": "precious"}])
    with pytest.raises(ValueError, match="'cleaner' that is no cleaner report"):
        clean_bag(mine, field="t").compute(scheduler="synchronous")
    frame = pd.DataFrame({"t": [first], "cleaner": ["precious"]})
    with pytest.raises(ValueError, match="'cleaner' holds values that are no cleaner reports"):
        clean_dataframe(dd.from_pandas(frame, npartitions=1), "t").compute(scheduler="synchronous")
