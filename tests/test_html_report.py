"""The HTML review page: self-contained, everything escaped, every finding present."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.decisions import DECISIONS_SCHEMA
from cleaner.edits import Edit, Flag, apply_edits
from cleaner.html_report import OTHER_STAGE, json_for_script, render_html, stage_of
from cleaner.pipeline import CleanResult
from cleaner.registry import all_rules

HOSTILE = json.loads(
    (Path(__file__).parent / "cases" / "review-hostile.json").read_text(encoding="utf-8")
)
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def hostile_result(text: str) -> CleanResult:
    """A result whose original, edit, suggestion, flag and reason all carry ``text``."""
    original = f"Intro {text} middle {text} end. ."
    start = original.index(text)
    fix = Edit(len(original) - 2, len(original), " .", "", "spaced-punctuation", text, 1.0)
    suggestion = Edit(
        start, start + len(text), text, text + "!", "made-up-rule", text, 0.5, candidates=(text,)
    )
    flag = Flag(0, 5, "Intro", "isolated-quoted-heading", text, 0.6)
    return CleanResult(original, apply_edits(original, [fix]), [fix], [suggestion], [flag])


class Tags(HTMLParser):
    """Every start tag and attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.attrs.extend(attrs)


def data_island(page: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="cleaner-data">(.*?)</script>', page, re.S
    )
    assert match
    parsed: dict[str, Any] = json.loads(match.group(1))
    return parsed


@pytest.mark.parametrize("case", HOSTILE, ids=[c["comment"] for c in HOSTILE])
def test_corpus_text_is_escaped_everywhere(case: dict[str, str]) -> None:
    text = case["text"]
    page = render_html([(text + ".txt", hostile_result(text))])
    # outside the data island the raw text never appears (only escaped)
    markup = re.sub(r'id="cleaner-data">.*?</script>', "", page, flags=re.S)
    if any(c in text for c in "<>\"'&"):
        assert text not in markup
    assert html.escape(text, quote=True) in page
    # the data island holds no <, > or & (so nothing can close it), yet parses back exactly
    island = re.search(r'id="cleaner-data">(.*?)</script>', page, re.S)
    assert island and not re.search(r"[<>&]", island.group(1))
    findings = data_island(page)["findings"]
    assert {f["original"] for f in findings.values() if "original" in f} >= {text}
    assert {f["document"] for f in findings.values()} == {text + ".txt"}
    # parsed as a browser would: only the page's own elements, no handler, no javascript: URL
    tags = Tags()
    tags.feed(page)
    assert tags.names.count("script") == 2
    assert not {"img", "iframe", "object", "embed", "svg"} & set(tags.names)
    assert not [a for a in tags.attrs if a[0].startswith("on")]
    assert not [a for a in tags.attrs if a[0] in ("href", "src") and ":" in (a[1] or "")]


def test_bidi_controls_in_corpus_text_are_labelled_and_isolated() -> None:
    """A right-to-left override in a document, its name or a reason would reorder what the
    reviewer reads after it (the Trojan Source trick): outside the data island each one
    stands alone in a label, and labels isolate what they hold."""
    bidi = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    text = "pay \u202e0001$\u202c to \u2067Bob\u2069 now"
    name = "in\u202evoice.txt"
    page = render_html([(name, hostile_result(text))])
    markup = re.sub(r'id="cleaner-data">.*?</script>', "", page, flags=re.S)
    markup = re.sub(r'data-doc="[^"]*"', "", markup)  # (an attribute is never displayed)
    labels = re.findall(rf'<span class="cc" data-cp="U\+([0-9A-F]{{4}})">({bidi})</span>', markup)
    assert labels and all(int(cp, 16) == ord(char) for cp, char in labels)
    unlabelled = re.sub(rf'<span class="cc" data-cp="U\+[0-9A-F]{{4}}">{bidi}</span>', "", markup)
    assert not re.search(bidi, unlabelled)
    assert re.search(r"\.cc \{[^}]*unicode-bidi: isolate", page)
    # the data island keeps the text exactly, so decisions still match their findings
    assert text in {f.get("original") for f in data_island(page)["findings"].values()}


def test_json_for_script() -> None:
    data = {"x": "</script><!-- & \u2028"}
    out = json_for_script(data)
    assert not re.search(r"[<>&\u2028]", out)
    assert json.loads(out) == data


def test_page_is_self_contained() -> None:
    page = render_html([("a.txt", hostile_result("plain"))])
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # no external resource of any kind
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page
    assert "<link" not in page


def test_every_finding_is_on_the_page() -> None:
    result = hostile_result("Msocow")
    page = render_html([("doc.txt", result)])
    findings = data_island(page)["findings"]
    tiers = sorted(f["tier"] for f in findings.values())
    assert tiers == ["fix", "flag", "suggestion"]
    for fid, f in findings.items():
        assert f'id="row-{fid}"' in page
        if f["tier"] != "flag":
            default = "accept" if f["tier"] == "fix" else "reject"
            assert f["default"] == default
            assert f'data-act="accept" data-fid="{fid}"' in page
    # the applied edit is drawn in the text with both its removed and inserted text
    fix_id = next(fid for fid, f in findings.items() if f["tier"] == "fix")
    mark = re.search(rf'<span class="f [^"]*" id="{fix_id}".*?</span>', page, re.S)
    assert mark and "<del> .</del>" in mark.group(0)


def test_stage_of_unknown_rules_is_other() -> None:
    assert stage_of("no-such-rule-anywhere") == OTHER_STAGE
    for rule_id, cls in all_rules().items():
        assert stage_of(rule_id) == cls.stage


def test_index_counts_per_stage_and_density() -> None:
    result = hostile_result("word")
    page = render_html([("a.txt", result), ("b.txt", CleanResult("x", "x"))])
    assert page.count('<a href="#doc-') == 2
    assert f"{result.density():.1f}" in page
    assert "2 documents" in page
    # three findings: spacing (fix), other (made-up rule), and the flag's stage
    assert 'class="st-other"' in page or "st-other" in page


def test_export_and_navigation_are_documented_on_the_page() -> None:
    page = render_html([("a.txt", hostile_result("x"))])
    assert data_island(page)["schema"] == DECISIONS_SCHEMA
    for needle in ("Export decisions", "window.cleanerDecisions", "<kbd>j</kbd>", "<kbd>k</kbd>"):
        assert needle in page


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_seed_pages_render(seed: Path) -> None:
    from cleaner import clean

    result = clean(seed.read_text(encoding="utf-8"))
    page = render_html([(seed.name, result)])
    findings = data_island(page)["findings"]
    assert len(findings) == len(result.edits) + len(result.suggestions) + len(result.flags)
    # the page's text is the escaped original, with marks around the findings
    text = re.search(r'<div class="text">(.*?)</div><div class="findings">', page, re.S)
    assert text
    plain = re.sub(r'<span class="tip".*?</span></span>', "</span>", text.group(1), flags=re.S)
    plain = re.sub(r"<ins>.*?</ins>", "", plain, flags=re.S)
    plain = re.sub(r"<[^>]+>", "", plain)
    assert html.unescape(plain) == result.original


def test_data_island_written_piece_by_piece_is_the_json_of_the_whole() -> None:
    """The page writes its data island one finding at a time; the text must be exactly what
    json_for_script makes of the whole data at once (sorted keys, the same escapes)."""
    from cleaner import clean

    documents = [(seed.name, clean(seed.read_text(encoding="utf-8"))) for seed in SEEDS[:4]]
    documents += [(f"{c['text']}.txt", hostile_result(c["text"])) for c in HOSTILE]
    page = render_html(documents)
    island = re.search(
        r'<script type="application/json" id="cleaner-data">(.*?)</script>', page, re.S
    )
    assert island
    data = json.loads(island.group(1))
    assert len(data["findings"]) > 20
    assert island.group(1) == json_for_script(data)


def test_page_spooled_to_a_file_is_the_page_built_in_memory(tmp_path: Path) -> None:
    from cleaner import clean
    from cleaner.html_report import ReviewPage

    documents = [(seed.name, clean(seed.read_text(encoding="utf-8"))) for seed in SEEDS]
    with (tmp_path / "spool").open("w+", encoding="utf-8", newline="") as spool:
        page = ReviewPage(spool)
        for name, result in documents:
            page.add(name, result)
        # the sections are on disk, not in the page object
        assert spool.tell() > sum(len(result.original) for _, result in documents)
        with (tmp_path / "page.html").open("w", encoding="utf-8", newline="") as out:
            page.write(out)
    written = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert written == render_html(documents)
    for i, (name, _) in enumerate(documents):
        assert f'<section class="doc" id="doc-{i}" data-doc="{name}">' in written
    assert written.count('<section class="doc"') == len(documents)


@pytest.mark.parametrize("piece", [1, 7, 64])
def test_text_escaped_a_piece_at_a_time_is_the_text_escaped_whole(
    piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long text is escaped for the page in pieces (a 100 MB line is never escaped whole):
    with tiny pieces, which cut the text between marked findings and inside ``&``/``<``
    runs, the page must be the page built from the whole text."""
    import cleaner.html_report as html_report

    text = 'A <b>&amp; "Msocow" & Moscow</b> teh end.\n' + "x < y & z " * 20
    documents = [("hostile.txt", hostile_result(text))]
    whole = render_html(documents)
    monkeypatch.setattr(html_report, "TEXT_PIECE", piece)
    assert render_html(documents) == whole


def _inline_by_brute_force(findings: list[Any]) -> set[str]:
    """The page's rule, stated plainly: fixes first, then suggestions, then flags, each by
    position, drawn when it overlaps nothing drawn before it."""
    from cleaner.edits import overlaps

    order = {"fix": 0, "suggestion": 1, "flag": 2}
    placed: list[Any] = []
    for f in sorted(findings, key=lambda f: (order[f.tier], f.start, f.end)):
        if not any(overlaps(f.start, f.end, p.start, p.end) for p in placed):
            placed.append(f)
    return {p.fid for p in placed}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["fix", "suggestion", "flag"]),
            st.integers(0, 30),
            st.integers(0, 4),
        ),
        max_size=40,
    )
)
def test_findings_drawn_in_the_text_are_those_that_overlap_nothing_drawn_before(
    spans: list[tuple[str, int, int]],
) -> None:
    """The drawn findings are found with sorted spans instead of a check against every drawn
    one (quadratic: 10,000 findings in one document took 13 s); the choice must not change,
    insertions (empty spans) at the same point and at a span's edge included."""
    from cleaner.html_report import _Finding, _inline

    findings = [
        _Finding(f"f{i}", tier, Edit(start, start + size, "x" * size, "", "r", "", 0.5), "s", {})
        for i, (tier, start, size) in enumerate(spans)
    ]
    assert _inline(findings) == _inline_by_brute_force(findings)
