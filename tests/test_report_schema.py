"""The JSON report matches its documented schema (docs/report-schema.json), both ways."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.edits import Edit, Flag, apply_edits
from cleaner.pipeline import CleanResult, clean
from cleaner.report import SCHEMA, to_json

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DOC = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA_DOC)
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def errors(report: dict[str, Any]) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(report)]


def full_report() -> dict[str, Any]:
    """A report that uses every optional field: candidates, meta, suggestions, flags."""
    original = "date 2020-02-12 Msocow said. .\n“Default”\n"
    drop = Edit(
        0,
        16,
        "date 2020-02-12 ",
        "",
        "metadata-prefix",
        "scraped date",
        0.95,
        (),
        (("date", "2020-02-12"),),
    )
    stop = Edit(
        s := original.index(" .\n"), s + 2, " .", "", "spaced-punctuation", "repeated stop", 1.0
    )
    typo = Edit(
        16, 22, "Msocow", "Moscow", "spelling-typo", "transposition", 0.6, ("Moscow", "Mosco")
    )
    flag = Flag(
        f := original.index("“"),
        f + 9,
        "“Default”",
        "isolated-quoted-heading",
        "quoted word alone",
        0.6,
    )
    result = CleanResult(
        original,
        apply_edits(original, [drop, stop]),
        [drop, stop],
        [typo],
        [flag],
        {"date": ["2020-02-12"]},
    )
    # the report of a run that wrote this original (cleaner's own output cleaned again)
    before = original[:5] + "the " + original[5:]
    doubled = Edit(5, 9, "the ", "", "duplicated-word", "twice", 0.9)
    assert apply_edits(before, [doubled]) == original
    earlier = to_json(CleanResult(before, original, [doubled]), "doc.txt")
    report = to_json(result, "doc.txt", earlier)
    assert "earlier" in report
    return report


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA_DOC)
    assert SCHEMA_DOC["$id"] == SCHEMA
    assert SCHEMA_DOC["properties"]["schema"]["const"] == SCHEMA


def test_a_report_with_every_field_validates() -> None:
    report = full_report()
    assert report["edits"][0]["meta"] and report["suggestions"][0]["candidates"]
    assert errors(report) == []


def test_the_schema_documents_every_field_the_report_writes() -> None:
    report = full_report()
    assert set(report) == set(SCHEMA_DOC["properties"])
    assert set(SCHEMA_DOC["required"]) == set(report) - {"earlier"}
    assert set(report["earlier"]) == set(SCHEMA_DOC["required"])  # (no earlier of its own)
    assert set(report["stats"]) == set(SCHEMA_DOC["properties"]["stats"]["properties"])
    edit_fields = set(SCHEMA_DOC["$defs"]["span"]["properties"]) | set(
        SCHEMA_DOC["$defs"]["edit"]["properties"]
    )
    assert set(report["edits"][0]) | set(report["suggestions"][0]) == edit_fields
    assert set(report["flags"][0]) == set(SCHEMA_DOC["$defs"]["span"]["properties"])


BROKEN: list[tuple[str, Any]] = [
    ("schema", "cleaner-report/2"),
    ("edits.0.confidence", 1.5),
    ("edits.0.line", 0),
    ("edits.0.rule", "Not Kebab"),
    ("edits.0.surprise", 1),
    ("flags.0.replacement", "x"),
    ("suggestions.0.candidates", []),
    ("stats.words", -1),
    ("stats.edits_by_rule", {"spaced-punctuation": "1"}),
    ("meta", {"date": "2020"}),
    ("changed", "yes"),
    ("source", None),
    ("clean_sha256", "not-a-digest"),
]


def set_path(report: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node: Any = report
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(("path", "value"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_reports_do_not_validate(path: str, value: Any) -> None:
    report = copy.deepcopy(full_report())
    set_path(report, path, value)
    assert errors(report), f"{path}={value!r} should not validate"


@pytest.mark.parametrize("field", ["edits", "stats", "schema", "source"])
def test_a_missing_required_field_does_not_validate(field: str) -> None:
    report = full_report()
    del report[field]
    assert errors(report)


def test_reports_written_by_the_cli_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(ROOT / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    reports = sorted(out.rglob("*.json"))
    assert len(reports) == len(SEEDS)
    for path in reports:
        assert errors(json.loads(path.read_text(encoding="utf-8"))) == [], path


def test_the_report_counts_blank_separated_words_and_their_density() -> None:
    # "Turkey.The" is one blank-separated word until the fix splits it: 2 words, 1 edit
    result = clean("Turkey.The army")
    stats = to_json(result, "doc")["stats"]
    assert (stats["words"], stats["edits"]) == (2, 1)
    assert stats["density_per_1000_words"] == 500.0
    assert result.word_count() == 2  # asked again: the same count
