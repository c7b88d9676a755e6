"""The review page in a real headless Chromium: every edit shown, decisions clicked, exported and
honoured by a re-run with ``--decisions``.

Needs Debian's ``chromium`` (CI installs it); skipped, with the reason, only when it is missing.
Set ``CLEANER_SCREENSHOT_DIR`` to keep the screenshots.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp import Chromium, find_chromium

from cleaner.config import CleanerConfig
from cleaner.edits import Edit, apply_edits
from cleaner.pipeline import Cleaner

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium); the browser test needs it",
)

#: documents of the crafted run: damage of several kinds (so rules of different confidence fire,
#: and one run with a threshold between them has both fixes and suggestions), and hostile text
#: that must show as text
FIXTURE_DOCS = {
    "damaged.txt": (
        "Tom &amp; Jerry met in the Caf\u00c3\u00a9 on Monday. They talked for hours. .\n"
        "The report\x07 was sent to Msocow \x1b[31mon Tuesday\x1b[0m and Ankara "
        "&quot;agreed&quot;.\n"
        "Donâ€™t worry, the ministry said. .\n"
    ),
    "hostile.txt": (
        'A page quoting <script>alert(1)</script> and "><img src=x onerror=alert(1)> '
        "and a link javascript:alert(1) in the region. .\n"
    ),
    '"><img src=x onerror=alert(2)>.txt': "Name test &amp; more text here. .\n",
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def load_reports(out: Path) -> dict[str, dict[str, Any]]:
    """JSON reports of a run, by document name (the path under --out, without .json)."""
    return {
        p.relative_to(out).as_posix()[: -len(".json")]: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.json"))
    }


def edit_of(record: dict[str, Any]) -> Edit:
    return Edit(
        record["start"],
        record["end"],
        record["original"],
        record["replacement"],
        record["rule"],
        record["reason"],
        record["confidence"],
    )


def span_key(record: dict[str, Any]) -> tuple[int, int, str, str, str]:
    return (
        record["start"],
        record["end"],
        record["original"],
        record["replacement"],
        record["rule"],
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    assert CHROMIUM is not None
    base = tmp_path_factory.mktemp("chromium")
    (base / "downloads").mkdir()
    chromium = Chromium(CHROMIUM, base / "profile", base / "downloads")
    try:
        yield chromium
    finally:
        chromium.close()


def save_screenshot(browser: Chromium, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    browser.screenshot(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    target_dir = os.environ.get("CLEANER_SCREENSHOT_DIR")
    if target_dir:
        Path(target_dir).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target_dir) / name)
    return path


def open_fresh(browser: Chromium, url: str) -> None:
    """Open ``url`` with no decisions kept from an earlier test of the same findings."""
    browser.open(url)
    browser.evaluate("window.localStorage.clear()")
    browser.open(url)


PAGE_FINDINGS = """(() => {
  const data = JSON.parse(document.getElementById('cleaner-data').textContent).findings;
  return Array.from(document.querySelectorAll('.row')).map(row => {
    const fid = row.dataset.fid, mark = document.getElementById(fid), f = data[fid];
    const del = mark && mark.querySelector('del'), ins = mark && mark.querySelector('ins');
    const box = mark && mark.getBoundingClientRect();
    return {fid: fid, tier: row.dataset.tier, document: f.document, rule: f.rule,
            start: f.start, end: f.end, original: f.original, replacement: f.replacement,
            inline: !!mark, visible: !!mark && box.width > 0 && box.height > 0,
            del: del ? del.textContent : '', ins: ins ? ins.textContent : '',
            decision: row.dataset.decision || null};
  });
})()"""


def review(
    browser: Chromium, tmp_path: Path, inputs: Path, extra: list[str], shot: str
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Clean ``inputs``, review the page in Chromium, re-run with the exported decisions.

    Returns (chosen findings, reports before, reports after).
    """
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("clean", str(inputs), "--out", str(first), *extra)
    before = load_reports(first)
    page = first / "report.html"
    assert page.is_file()
    browser.events.clear()
    open_fresh(browser, page.as_uri())

    # every finding of every JSON report is on the page; every applied edit is drawn in the text
    shown = browser.evaluate(PAGE_FINDINGS)
    for tier, field in (("fix", "edits"), ("suggestion", "suggestions"), ("flag", "flags")):
        on_page = sorted(
            (f["document"], f["start"], f["end"], f["rule"]) for f in shown if f["tier"] == tier
        )
        in_json = sorted(
            (doc, r["start"], r["end"], r["rule"])
            for doc, rep in before.items()
            for r in rep[field]
        )
        assert on_page == in_json, tier
    fixes = [f for f in shown if f["tier"] == "fix"]
    assert fixes, "the run has no applied edit to review"
    for f in fixes:
        assert f["inline"] and f["visible"], f
        assert (f["del"], f["ins"]) == (f["original"], f["replacement"]), f
        assert f["decision"] == "accept"
    for f in shown:
        if f["tier"] == "suggestion":
            assert f["decision"] == "reject"

    # reject the first fix, accept the first suggestion that overlaps no fix (if there is one)
    fix = fixes[0]
    suggestion = next(
        (
            s
            for s in shown
            if s["tier"] == "suggestion"
            and not any(
                f["document"] == s["document"] and f["start"] < s["end"] and s["start"] < f["end"]
                for f in fixes
            )
        ),
        None,
    )
    browser.click(f"#row-{fix['fid']} button.reject")
    chosen = [dict(fix, verdict="reject")]
    if suggestion is not None:
        browser.click(f"#row-{suggestion['fid']} button.accept")
        chosen.append(dict(suggestion, verdict="accept"))
    # the decisions survive a reload of the page (kept in the browser's storage)
    browser.open(page.as_uri())
    for c in chosen:
        state = browser.evaluate(f"document.getElementById('row-{c['fid']}').dataset.decision")
        assert state == c["verdict"]
        mark = browser.evaluate(f"document.getElementById('{c['fid']}').dataset.decision")
        assert mark == c["verdict"]
    assert browser.evaluate("document.getElementById('decision-count').textContent") == (
        f"{len(chosen)} decision" + ("s" if len(chosen) != 1 else "")
    )

    # export (a real click); the page shows the file and downloads it
    browser.click("#export")
    browser.wait_for("document.getElementById('decisions-json').value.length > 0")
    exported = json.loads(browser.evaluate("document.getElementById('decisions-json').value"))
    assert exported == browser.evaluate("window.cleanerDecisions()")
    assert sorted((d["document"], d["original"], d["decision"]) for d in exported["decisions"]) == (
        sorted((c["document"], c["original"], c["verdict"]) for c in chosen)
    )
    decisions_file = tmp_path / "decisions.json"
    decisions_file.write_text(json.dumps(exported), encoding="utf-8")

    # screenshot with the rejected fix current (its details showing)
    browser.evaluate(f"document.getElementById('{fix['fid']}').scrollIntoView({{block: 'center'}})")
    browser.click(f"#{fix['fid']} del, #{fix['fid']} ins")
    save_screenshot(browser, tmp_path, shot)
    assert not [e for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]

    allow = tmp_path / "allow.txt"
    run_cli(
        "clean",
        str(inputs),
        "--out",
        str(second),
        "--decisions",
        str(decisions_file),
        "--allow-file",
        str(allow),
        *extra,
    )
    after = load_reports(second)
    return chosen, before, after


def assert_exactly_those_changes(
    chosen: list[dict[str, Any]],
    before: dict[str, dict[str, Any]],
    after: dict[str, dict[str, Any]],
    inputs: Path,
    second: Path,
) -> None:
    assert set(before) == set(after)
    rejected = {(c["document"], c["start"], c["end"]) for c in chosen if c["verdict"] == "reject"}
    accepted = {(c["document"], c["start"], c["end"]) for c in chosen if c["verdict"] == "accept"}
    changed_docs = set()
    for doc, rep in before.items():
        edits_before = {span_key(r) for r in rep["edits"]}
        edits_after = {span_key(r) for r in after[doc]["edits"]}
        gone = {k for k in edits_before - edits_after}
        new = {k for k in edits_after - edits_before}
        assert {(doc, k[0], k[1]) for k in gone} == {r for r in rejected if r[0] == doc}
        assert {(doc, k[0], k[1]) for k in new} == {a for a in accepted if a[0] == doc}
        if gone or new:
            changed_docs.add(doc)
        # the new clean text is exactly the original with the new edit list applied
        original = (inputs / doc).read_text(encoding="utf-8") if inputs.is_dir() else None
        if original is not None:
            expected = apply_edits(original, [edit_of(r) for r in after[doc]["edits"]])
            assert (second / doc).read_text(encoding="utf-8") == expected
    assert changed_docs == {c["document"] for c in chosen}


def test_review_of_the_seeds(browser: Chromium, tmp_path: Path) -> None:
    chosen, before, after = review(browser, tmp_path, SEEDS, [], "review-seeds.png")
    assert_exactly_those_changes(chosen, before, after, SEEDS, tmp_path / "second")


def fixture_threshold(docs: dict[str, str]) -> float:
    """A fix threshold that splits the crafted run into fixes and suggestions (not hard-coded:
    the highest confidence of the default run's edits, so lower-confidence ones are suggested)."""
    cleaner = Cleaner(CleanerConfig())
    confidences = {e.confidence for text in docs.values() for e in cleaner.clean(text).edits}
    assert len(confidences) >= 2, f"the fixture needs edits of two confidences: {confidences}"
    return max(confidences)


def test_review_of_a_crafted_run_with_suggestions(browser: Chromium, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, text in FIXTURE_DOCS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    threshold = fixture_threshold(FIXTURE_DOCS)
    chosen, before, after = review(
        browser, tmp_path, inputs, ["--threshold", str(threshold)], "review-crafted.png"
    )
    assert [c["verdict"] for c in chosen] == ["reject", "accept"], "no suggestion to accept"
    assert_exactly_those_changes(chosen, before, after, inputs, tmp_path / "second")

    # hostile corpus text and file names show as text: no element, no handler, no dialog
    assert browser.evaluate("document.querySelectorAll('.text img, .text script').length") == 0
    assert (
        browser.evaluate("document.querySelectorAll('[onerror], a[href^=javascript]').length") == 0
    )
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    text = browser.evaluate("document.body.innerText")
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert '"><img src=x onerror=alert(2)>.txt' in text
    assert "javascript:alert(1)" in text


def test_keyboard_navigation_and_filters(browser: Chromium, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "damaged.txt").write_text(FIXTURE_DOCS["damaged.txt"], encoding="utf-8")
    out = tmp_path / "out"
    run_cli(
        "clean", str(inputs), "--out", str(out), "--threshold", str(fixture_threshold(FIXTURE_DOCS))
    )
    open_fresh(browser, (out / "report.html").as_uri())
    stops = browser.evaluate(
        "Array.from(document.querySelectorAll('.f, .row.nav')).map(e => e.dataset.fid)"
    )
    assert len(stops) >= 2
    browser.press("j")
    assert browser.evaluate("document.querySelector('.f.current').dataset.fid") == stops[0]
    browser.press("j")
    assert browser.evaluate("document.querySelector('.f.current').dataset.fid") == stops[1]
    browser.press("k")
    current = browser.evaluate("document.querySelector('.f.current').dataset.fid")
    assert current == stops[0]
    # its details show on focus
    assert (
        browser.evaluate("getComputedStyle(document.querySelector('.f.current .tip')).display")
        == "block"
    )
    # 'r' rejects the current finding, 'a' accepts it again
    browser.press("r")
    assert (
        browser.evaluate(f"document.getElementById('row-{current}').dataset.decision") == "reject"
    )
    browser.press("a")
    assert (
        browser.evaluate(f"document.getElementById('row-{current}').dataset.decision") == "accept"
    )
    # unticking a tier hides its rows and takes its marks out of the navigation
    browser.click('input[data-filter="tier"][value="suggestion"]')
    hidden = browser.evaluate(
        "Array.from(document.querySelectorAll('.row.t-suggestion')).every(r => r.hidden)"
    )
    assert hidden
    assert browser.evaluate("document.querySelectorAll('.f.t-suggestion:not(.off)').length") == 0
    assert browser.evaluate("document.querySelectorAll('.f.t-fix.off').length") == 0
