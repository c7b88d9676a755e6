"""The flags stage and detect-only pack entries: cases as data (tests/cases/flags.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, CleanerConfig

CASES = Path(__file__).parent / "cases" / "flags.tsv"


def _cases() -> list[tuple[str, list[tuple[str, str]], str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, flagged, comment = line.split("\t")
        items = [tuple(x.split(":", 1)) for x in flagged.split("|") if x]
        rows.append((source.replace("\\n", "\n"), [(r, o) for r, o in items], comment))
    return rows


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(CleanerConfig(select=frozenset({"flags", "news-spins"})))


@pytest.mark.parametrize(("source", "flagged", "comment"), _cases(), ids=lambda v: str(v)[:40])
def test_case(cleaner: Cleaner, source: str, flagged: list[tuple[str, str]], comment: str) -> None:
    result = cleaner.clean(source)
    assert result.text == source, "flags never change the text"
    assert sorted((f.rule, f.original) for f in result.flags) == sorted(flagged), comment
    for flag in result.flags:
        assert source[flag.start : flag.end] == flag.original
        assert flag.reason


def test_cases_cover_every_flag_rule() -> None:
    rows = _cases()
    rules = {rule for _, flagged, _ in rows for rule, _ in flagged}
    assert {
        "isolated-quoted-heading",
        "pronoun-after-institution",
        "demonym-after-plural",
        "news-spins",
    } <= rules
    assert any(not flagged for _, flagged, _ in rows), "no negative case"
