"""Review decisions: keys, replay on a result (invariants kept), the file format, the allow list
and the ``--decisions`` option of the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner import exitcodes
from cleaner.cli import app
from cleaner.decisions import (
    ACCEPT,
    DECISIONS_SCHEMA,
    REJECT,
    Decision,
    DecisionsError,
    DecisionSet,
    FindingKey,
    append_allow_words,
    apply_decisions,
    decisions_from_json,
    keyed_findings,
    load_decisions,
    read_allow_file,
)
from cleaner.edits import Edit, apply_edits
from cleaner.pipeline import CleanResult

ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads(
    (Path(__file__).parent / "cases" / "review-decisions.json").read_text(encoding="utf-8")
)


def make_edit(original: str, spec: list[Any], confidence: float) -> Edit:
    """``[old, new, rule, n]``: the n-th occurrence of ``old`` (or, when old is empty, offset n)."""
    old, new, rule = spec[0], spec[1], spec[2]
    n = spec[3] if len(spec) > 3 else 0
    if old == "":
        start = n
    else:
        start = -1
        for _ in range(n + 1):
            start = original.index(old, start + 1)
    return Edit(start, start + len(old), old, new, rule, f"test {rule}", confidence)


def make_result(case: dict[str, Any]) -> CleanResult:
    original = case["original"]
    edits = sorted((make_edit(original, e, 0.95) for e in case["edits"]), key=lambda e: e.start)
    suggestions = [make_edit(original, s, 0.5) for s in case["suggestions"]]
    return CleanResult(original, apply_edits(original, edits), edits, suggestions)


def decisions_for(result: CleanResult, decide: list[list[Any]]) -> list[Decision]:
    keyed = keyed_findings(result)
    out = []
    for tier, index, verdict in decide:
        if tier == "other":
            key = keyed[0][0]
            key = type(key)(key.rule, key.original, "something else", key.before, key.after)
        else:
            key = [k for k, t, _ in keyed if t == tier][index]
        out.append(Decision("doc.txt", key, verdict))
    return out


def check_invariants(result: CleanResult) -> None:
    assert apply_edits(result.original, result.edits) == result.text
    starts = [(e.start, e.end) for e in result.edits]
    assert starts == sorted(starts)


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_apply_decisions(case: dict[str, Any]) -> None:
    result = make_result(case)
    decided = apply_decisions(result, decisions_for(result, case["decide"]))
    assert decided.text == case["expected"]
    check_invariants(decided)
    if "expected_suggestions" in case:
        assert len(decided.suggestions) == case["expected_suggestions"]
    # nothing is lost: every finding is still either applied or suggested
    before = {(e.start, e.end, e.replacement) for e in result.edits + result.suggestions}
    after = {(e.start, e.end, e.replacement) for e in decided.edits + decided.suggestions}
    assert before == after


def test_a_decision_survives_unrelated_edits_elsewhere() -> None:
    tail = "Ankara said it was done . And that was that."
    fix = make_edit(tail, [" .", ".", "spaced-punctuation"], 0.95)
    first = CleanResult(tail, apply_edits(tail, [fix]), [fix])
    key = keyed_findings(first)[0][0]
    # the document later gets a new first paragraph (with its own fix): offsets all move
    longer = "A new lead paragraph with a typo &amp; more.\n\n" + tail
    fixes = [
        make_edit(longer, ["&amp;", "&", "html-entities"], 0.95),
        make_edit(longer, [" .", ".", "spaced-punctuation"], 0.95),
    ]
    second = CleanResult(longer, apply_edits(longer, fixes), fixes)
    decided = apply_decisions(second, [Decision("doc.txt", key, REJECT)])
    assert decided.text == "A new lead paragraph with a typo & more.\n\n" + tail
    assert [e.rule for e in decided.suggestions] == ["spaced-punctuation"]


def test_meta_follows_the_applied_edits() -> None:
    original = "date 2020-02-12 Text."
    edit = Edit(0, 16, "date 2020-02-12 ", "", "metadata-prefix", "", 0.95, (), (("date", "x"),))
    result = CleanResult(original, "Text.", [edit], meta={"date": ["x"]})
    key = keyed_findings(result)[0][0]
    decided = apply_decisions(result, [Decision("d", key, REJECT)])
    assert decided.meta == {}
    assert decided.text == original


@given(st.lists(st.sampled_from([ACCEPT, REJECT, None]), min_size=6, max_size=6))
def test_any_mix_of_decisions_keeps_the_invariants(verdicts: list[str | None]) -> None:
    original = "One &amp; two . Three  four. .\nMsocow and Ankra met ."
    edits = [
        make_edit(original, ["&amp;", "&", "html-entities"], 0.95),
        make_edit(original, [" .", ".", "spaced-punctuation"], 0.95),
        make_edit(original, ["  ", " ", "double-space"], 0.95),
    ]
    suggestions = [
        make_edit(original, ["Msocow", "Moscow", "typo"], 0.5),
        make_edit(original, ["Ankra", "Ankara", "typo"], 0.5),
        make_edit(original, [". .", ".", "doubled-punctuation"], 0.5),
    ]
    result = CleanResult(original, apply_edits(original, edits), edits, suggestions)
    keyed = keyed_findings(result)
    decisions = [Decision("d", k, v) for (k, _, _), v in zip(keyed, verdicts, strict=True) if v]
    decided = apply_decisions(result, decisions)
    check_invariants(decided)
    rejected = {
        k for (k, t, _), v in zip(keyed, verdicts, strict=True) if t == "fix" and v == REJECT
    }
    applied_keys = {k for k, t, _ in keyed_findings(decided) if t == "fix"}
    assert not rejected & applied_keys
    # keys do not depend on which list a finding sits in
    assert {k for k, _, _ in keyed_findings(decided)} == {k for k, _, _ in keyed}


def test_file_round_trip(tmp_path: Path) -> None:
    result = make_result(CASES[1])
    decisions = DecisionSet(
        [Decision("a/b.txt", k, REJECT, allow=True) for k, _, _ in keyed_findings(result)]
    )
    path = tmp_path / "d.json"
    path.write_text(json.dumps(decisions.to_json()), encoding="utf-8")
    assert load_decisions(path) == decisions
    assert decisions.for_document("a/b.txt") == decisions.decisions
    assert decisions.for_document("b.txt") == []


BAD_FILES = [
    ({"schema": "cleaner-decisions/0", "decisions": []}, "expected schema"),
    ({"schema": DECISIONS_SCHEMA}, "must be a list"),
    ({"schema": DECISIONS_SCHEMA, "decisions": [1]}, "must be an object"),
    ({"schema": DECISIONS_SCHEMA, "decisions": [{"decision": "maybe"}]}, "accept or reject"),
    ([], "expected schema"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_files_are_refused(data: Any, message: str) -> None:
    good = {
        "document": "d",
        "rule": "r",
        "original": "o",
        "replacement": "",
        "before": "",
        "after": "",
        "occurrence": 0,
        "decision": "reject",
    }
    if isinstance(data, dict) and data.get("decisions") and isinstance(data["decisions"][0], dict):
        data = {**data, "decisions": [{**good, **data["decisions"][0]}]}
    with pytest.raises(DecisionsError, match=message):
        decisions_from_json(data)


@pytest.mark.parametrize(
    ("field", "value"), [("occurrence", -1), ("occurrence", True), ("allow", "yes"), ("rule", 3)]
)
def test_bad_fields_are_refused(field: str, value: Any) -> None:
    item = {
        "document": "d",
        "rule": "r",
        "original": "o",
        "replacement": "",
        "before": "",
        "after": "",
        "occurrence": 0,
        "decision": "reject",
        field: value,
    }
    with pytest.raises(DecisionsError, match=field):
        decisions_from_json({"schema": DECISIONS_SCHEMA, "decisions": [item]})


def test_allow_file(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    assert read_allow_file(path) == []
    path.write_text("# names\nPeskov", encoding="utf-8")  # no final newline
    assert append_allow_words(path, ["Binnish", "Peskov", " Idlib ", "two\nlines", ""]) == [
        "Binnish",
        "Idlib",
    ]
    assert path.read_text(encoding="utf-8") == "# names\nPeskov\nBinnish\nIdlib\n"
    assert read_allow_file(path) == ["Peskov", "Binnish", "Idlib"]
    assert append_allow_words(path, ["Idlib"]) == []


# --- the CLI -------------------------------------------------------------------------------

runner = CliRunner()
DIRTY = "Russia accused Turkey in the region. .\nTom &amp; Jerry.\n"


def first_run(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    src = tmp_path / "in"
    src.mkdir()
    (src / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = runner.invoke(app, ["clean", str(src), "--out", str(tmp_path / "o1")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "o1" / "doc.txt.json").read_text(encoding="utf-8"))
    assert len(report["edits"]) >= 2, report
    return src, report


def reject_first(src: Path, tmp_path: Path, allow: bool) -> Path:
    from cleaner import clean

    result = clean((src / "doc.txt").read_text(encoding="utf-8"))
    key = keyed_findings(result)[0][0]
    path = tmp_path / "decisions.json"
    doc = DecisionSet([Decision("doc.txt", key, REJECT, allow=allow)])
    path.write_text(json.dumps(doc.to_json()), encoding="utf-8")
    return path


def test_clean_honours_decisions_and_writes_the_allow_file(tmp_path: Path) -> None:
    src, report = first_run(tmp_path)
    decisions = reject_first(src, tmp_path, allow=True)
    allow = tmp_path / "allow.txt"
    out = tmp_path / "o2"
    args = ["clean", str(src), "--out", str(out), "--decisions", str(decisions)]
    result = runner.invoke(app, [*args, "--allow-file", str(allow)])
    assert result.exit_code == 0, result.output
    again = json.loads((out / "doc.txt.json").read_text(encoding="utf-8"))
    first = report["edits"][0]
    assert again["edits"] == report["edits"][1:]
    assert first["original"] in [s["original"] for s in again["suggestions"]]
    text = (out / "doc.txt").read_text(encoding="utf-8")
    assert text[first["start"] : first["start"] + len(first["original"])] == first["original"]
    assert read_allow_file(allow) == [first["original"].strip()]
    assert (out / "report.html").is_file()


def _decisions_file(path: Path, decisions: list[Decision]) -> Path:
    path.write_text(json.dumps(DecisionSet(decisions).to_json()), encoding="utf-8")
    return path


def _run_rounds(src: Path, out: Path, *rounds: Path) -> dict[str, Any]:
    """``clean src --out out`` with one ``--decisions`` per round; the report of doc.txt."""
    args = ["clean", str(src), "--out", str(out)]
    result = runner.invoke(app, [*args, *(a for r in rounds for a in ("--decisions", str(r)))])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads((out / "doc.txt.json").read_text(encoding="utf-8"))
    return report


def test_decisions_of_two_review_rounds_are_both_honoured_the_later_winning(
    tmp_path: Path,
) -> None:
    """A second review round exports a second file; ``--decisions`` is given once per round.
    Before, a repeated ``--decisions`` kept only the file given last: the first round's
    rejections were applied again."""
    from cleaner import clean

    src, report = first_run(tmp_path)
    keyed = keyed_findings(clean((src / "doc.txt").read_text(encoding="utf-8")))
    (first, _, _), (second, _, _) = keyed[:2]
    round1 = _decisions_file(tmp_path / "r1.json", [Decision("doc.txt", first, REJECT)])
    round2 = _decisions_file(tmp_path / "r2.json", [Decision("doc.txt", second, REJECT)])
    again = _run_rounds(src, tmp_path / "o2", round1, round2)
    assert again["edits"] == report["edits"][2:]
    assert (
        (tmp_path / "o2" / "doc.txt").read_text(encoding="utf-8").startswith(DIRTY.split("\n")[0])
    )
    # the round given last wins: round 3 accepts what round 1 rejected
    round3 = _decisions_file(tmp_path / "r3.json", [Decision("doc.txt", first, ACCEPT)])
    assert _run_rounds(src, tmp_path / "o3", round1, round3)["edits"] == report["edits"]


def test_a_decision_beside_a_byte_that_is_not_utf8_matches_again(tmp_path: Path) -> None:
    """With --encoding-errors surrogateescape the page is valid UTF-8 (the bad byte shown as
    U+FFFD) and its data keeps the byte as \\udcff, so what the page exports (the way its script
    does: the finding's fields and a verdict) matches the finding on the next run. Before, the
    page held the raw byte, the browser read it as U+FFFD and the decision matched nothing."""
    src = tmp_path / "in" / "x.txt"
    src.parent.mkdir()
    src.write_bytes(b"It said teh \xff thing.\n")
    lenient = ["--encoding-errors", "surrogateescape"]
    first = runner.invoke(app, ["clean", str(src.parent), "--out", str(tmp_path / "o1"), *lenient])
    assert first.exit_code == 0, first.output
    page = (tmp_path / "o1" / "report.html").read_bytes().decode("utf-8")  # strict
    assert "\ufffd" in page
    island = re.search(
        r'<script type="application/json" id="cleaner-data">(.*?)</script>', page, re.S
    )
    assert island
    [finding] = json.loads(island.group(1))["findings"].values()
    keys = ("document", "rule", "original", "replacement", "before", "after", "occurrence")
    verdict = {**{k: finding[k] for k in keys}, "decision": "reject"}
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"schema": DECISIONS_SCHEMA, "decisions": [verdict]}), "utf-8")
    args = ["clean", str(src.parent), "--out", str(tmp_path / "o2"), *lenient]
    again = runner.invoke(app, [*args, "--decisions", str(decisions)])
    assert again.exit_code == 0, again.output
    assert "matched no finding" not in again.output
    assert (tmp_path / "o2" / "x.txt").read_bytes() == src.read_bytes()


@pytest.mark.parametrize("named", ["in/sub/doc.txt", "in/sub"])
def test_decisions_from_a_review_of_the_tree_reach_a_file_named_on_its_own(
    named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review of ``in`` names the document ``sub/doc.txt``; ``fix in/sub/doc.txt`` (a hook)
    or a walk of ``in/sub`` calls it ``doc.txt``. Before, those runs applied the rejected fix
    and said nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "doc.txt").write_text(DIRTY, encoding="utf-8")
    from cleaner import clean

    key = keyed_findings(clean(DIRTY))[0][0]
    decisions = tmp_path / "decisions.json"
    about = DecisionSet([Decision("sub/doc.txt", key, REJECT)])
    decisions.write_text(json.dumps(about.to_json()), encoding="utf-8")
    result = runner.invoke(app, ["check", named, "--decisions", str(decisions)])
    assert f"{key.rule} {key.original!r}" not in result.stdout, result.output
    assert "matched no finding" not in result.stderr


def test_decisions_with_resume_say_what_they_did_not_reach(tmp_path: Path) -> None:
    src, _ = first_run(tmp_path)
    decisions = reject_first(src, tmp_path, allow=False)
    args = ["clean", str(src), "--out", str(tmp_path / "o1"), "--resume"]
    result = runner.invoke(app, [*args, "--decisions", str(decisions)])
    assert result.exit_code == 0, result.output
    assert "--decisions was not applied to them" in result.stderr


def test_check_honours_decisions_but_writes_nothing(tmp_path: Path) -> None:
    src, report = first_run(tmp_path)
    decisions = reject_first(src, tmp_path, allow=True)
    allow = tmp_path / "allow.txt"
    result = runner.invoke(app, ["check", str(src), "--decisions", str(decisions)])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    first = report["edits"][0]
    assert f"{first['rule']} {first['original']!r}" not in result.stdout
    assert report["edits"][1]["rule"] in result.stdout
    assert not allow.exists()


def test_the_documented_decisions_file_applies_to_the_seeds(tmp_path: Path) -> None:
    """The example in docs/review.md is a real file for seeds/: both decisions find their
    finding, and each does what it says."""
    docs = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    example = docs.split("### The decisions file", 1)[1].split("```json\n", 1)[1]
    decisions = tmp_path / "decisions.json"
    decisions.write_text(example.split("```", 1)[0], encoding="utf-8")
    out = tmp_path / "out"
    seeds = str(ROOT / "seeds")
    result = runner.invoke(app, ["clean", seeds, "--out", str(out), "--decisions", str(decisions)])
    assert result.exit_code == 0, result.output
    assert "matched no finding" not in result.output
    name = "000_5debed1c8afd35f7.txt"
    text = (out / name).read_text(encoding="utf-8")
    assert "de-escalation area of Idlib" in text
    assert "in the region. ." in text
    report = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert {"rule": "spaced-punctuation", "original": " ."}.items() <= report["suggestions"][
        -1
    ].items()


def test_decisions_that_match_nothing_are_counted_and_named(tmp_path: Path) -> None:
    src, _ = first_run(tmp_path)
    decisions = reject_first(src, tmp_path, allow=False)
    data = json.loads(decisions.read_text(encoding="utf-8"))
    stale = dict(data["decisions"][0], before="text since edited")
    gone = dict(data["decisions"][0], document="renamed.txt")
    data["decisions"] += [stale, gone]
    decisions.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["check", str(src), "--decisions", str(decisions)])
    # the decision about a document not in the run is not counted
    assert "cleaner: 1 of 2 decision(s) about these documents matched no finding" in result.output
    assert f"first: doc.txt: {stale['rule']} {stale['original']!r}" in result.output
    quiet = runner.invoke(app, ["check", str(src), "--decisions", str(decisions), "-q"])
    assert "matched no finding" not in quiet.output


def test_a_broken_decisions_file_is_a_usage_error(tmp_path: Path) -> None:
    src, _ = first_run(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for command in (["check"], ["diff"], ["fix"], ["clean", "--out", str(tmp_path / "o")]):
        result = runner.invoke(app, [*command, str(src), "--decisions", str(bad)])
        assert result.exit_code == exitcodes.EX_USAGE, result.output
        assert "not valid JSON" in result.output
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # (internal error, 70)
    result = runner.invoke(app, ["check", str(src), "--decisions", str(bad)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    assert "nested too deeply to be a decisions file" in result.output


def test_diff_colour_only_when_asked(tmp_path: Path) -> None:
    src, _ = first_run(tmp_path)
    plain = runner.invoke(app, ["diff", str(src)])
    assert plain.exit_code == exitcodes.EX_CHANGES
    assert "\x1b[" not in plain.stdout  # not a terminal: plain
    coloured = runner.invoke(app, ["diff", "--color", str(src)])
    assert "\x1b[31m-Russia" in coloured.stdout
    assert "\x1b[32m+Russia" in coloured.stdout
    assert "\x1b[1m--- a/" in coloured.stdout
    forced_off = runner.invoke(app, ["diff", "--no-color", str(src)])
    assert forced_off.stdout == plain.stdout


def test_decisions_added_after_a_lookup_are_found() -> None:
    """The per-document index is built on first use; the list is public, so one added later
    must still be seen."""
    key = FindingKey("non-word-typo", "teh", "the", "", "", 0)
    decisions = DecisionSet([Decision("a.txt", key, ACCEPT)])
    assert len(decisions.for_document("b.txt")) == 0
    decisions.decisions.append(Decision("b.txt", key, ACCEPT))
    assert len(decisions.for_document("b.txt")) == 1
    assert decisions.name_for("b.txt", None) == "b.txt"
