"""Boilerplate stage: cases as data (tests/cases/boilerplate.json), pack checks, the seeds."""

from __future__ import annotations

import json
import os
import pickle
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex

from cleaner import Cleaner
from cleaner.config import CleanerConfig
from cleaner.edits import apply_edits, revert_edits
from cleaner.packs import PackError, builtin_packs
from cleaner.rules import boilerplate
from cleaner.rules.boilerplate import (
    FAMILIES,
    PATTERNS_CACHE,
    BoilerplateEngine,
    Entry,
    compile_entry,
    entry_source,
    iso_date,
    pack_entries,
    read_patterns,
    split_names,
)

ROOT = Path(__file__).resolve().parent.parent
CASES: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "cases" / "boilerplate.json").read_text(encoding="utf-8")
)
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@cache
def cleaner_for(dateline_to_meta: bool) -> Cleaner:
    """Only the boilerplate stage, so other stages cannot hide or cause a difference."""
    return Cleaner(
        CleanerConfig(select=frozenset({"boilerplate"}), dateline_to_meta=dateline_to_meta)
    )


def run(case: dict[str, Any]) -> Any:
    return cleaner_for(bool(case.get("config", {}).get("dateline_to_meta"))).clean(case["input"])


def params() -> list[Any]:
    """Cases as pytest params; a case with ``xfail`` is a known failure (strict)."""
    return [
        pytest.param(
            c,
            id=c["id"],
            marks=[pytest.mark.xfail(reason=c["xfail"], strict=True)] if "xfail" in c else [],
        )
        for c in CASES
    ]


@pytest.mark.parametrize("case", params())
def test_case(case: dict[str, Any]) -> None:
    result = run(case)
    assert result.text == case["expected"], case["comment"]
    assert [e.rule for e in result.edits] == case["rules"], case["comment"]
    for key, values in case["meta"].items():
        assert result.meta.get(key) == values, key
    if not case["rules"]:
        assert result.meta == {}
        assert result.suggestions == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_replays_and_is_stable(case: dict[str, Any]) -> None:
    result = run(case)
    assert apply_edits(case["input"], result.edits) == result.text
    assert revert_edits(result.text, result.edits) == case["input"]
    again = run({**case, "input": result.text})
    assert again.text == result.text
    assert again.edits == []


#: case-id prefix of each family's cases
PREFIX = {
    "photo-credit": "credit-",
    "agency-byline": "byline-",
    "file-name-line": "file-",
    "metadata-prefix": "meta-",
    "page-furniture": "furniture-",
    "dateline": "dateline-",
}


def test_every_family_has_three_positive_and_a_negative_case() -> None:
    assert set(PREFIX) == set(FAMILIES)
    for family in FAMILIES:
        positive = [c for c in CASES if family in c["rules"]]
        negative = [c for c in CASES if not c["rules"] and c["id"].startswith(PREFIX[family])]
        assert len(positive) >= 3, family
        assert len(negative) >= 1, family
    assert sum(1 for c in CASES if not c["rules"]) >= 15


def test_reasons_say_what_was_removed() -> None:
    result = run(CASES[0])
    edit = result.edits[0]
    assert "Image Credit: AFP" in edit.reason
    assert edit.confidence >= 0.95


def test_crlf_text_keeps_crlf() -> None:
    text = "Share this article\r\nThe vote was delayed.\r\n\r\nIMG_2041.jpg\r\n"
    result = cleaner_for(False).clean(text)
    assert result.text == "The vote was delayed.\r\n"


# -- the pack --------------------------------------------------------------------------------


def boilerplate_packs() -> tuple[list[Entry], list[Entry], list[Entry]]:
    return pack_entries([p for p in builtin_packs() if p.stage == "boilerplate"])


def test_pack_entries_are_valid() -> None:
    defines, triggers, entries = boilerplate_packs()
    problems: list[str] = []
    for entry in entries:
        where = f"{entry.pack}:{entry.line}"
        if not entry.reason.strip():
            problems.append(f"{where}: no reason")
        try:
            pattern = compile_entry(defines, entry)
        except regex.error as exc:
            problems.append(f"{where}: {exc}")
            continue
        if regex.search(r"(?<!\\)\\s", entry.pattern):
            problems.append(f"{where}: use [ \\t], not \\s (a match may not cross a line)")
        if pattern.search("") is not None:
            problems.append(f"{where}: matches the empty text")
    for trigger in triggers:
        if trigger.pattern != trigger.pattern.lower():
            problems.append(f"{trigger.pack}:{trigger.line}: trigger must be lower case")
    assert not problems, "\n".join(problems)
    assert {e.family for e in entries} == set(FAMILIES)


def test_pack_is_listed_with_source_and_license() -> None:
    packs = [p for p in builtin_packs() if p.stage == "boilerplate"]
    assert packs
    for pack in packs:
        assert pack.kind == "regex"
        assert pack.source and pack.license and pack.language


# -- metadata helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-12", "2020-02-12"),
        ("August 8, 2020 - 16:33", "2020-08-08T16:33"),
        ("12 February 2020", "2020-02-12"),
        ("Feb. 12, 2020 10:31 GMT", "2020-02-12T10:31"),
        ("10:31 GMT, Feb. 12, 2020", "2020-02-12T10:31"),
        ("2020/02/30", "2020/02/30"),
        ("12.02.2020", "12.02.2020"),
    ],
)
def test_iso_date(value: str, expected: str) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Tom Balmforth, Vladimir Soldatkin and Andrey Kuzmin",
            ["Tom Balmforth", "Vladimir Soldatkin", "Andrey Kuzmin"],
        ),
        ("Orhan Coskun in Ankara", ["Orhan Coskun"]),
        ("Jane Doe & Li Wei", ["Jane Doe", "Li Wei"]),
        ("Maria Tsvetkova, and Polina Devitt", ["Maria Tsvetkova", "Polina Devitt"]),
    ],
)
def test_split_names(value: str, expected: list[str]) -> None:
    assert split_names(value) == expected


# -- the seeds through the whole pipeline ----------------------------------------------------


def seed(prefix: str) -> str:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8")


def test_seed_000_date_prefix_and_byline() -> None:
    from cleaner import clean

    result = clean(seed("000"))
    assert result.text.startswith("MOSCOW –") or result.text.startswith("MOSKOW –")
    assert result.text.endswith("“This is unacceptable.”")
    assert result.meta["date"] == ["2020-02-12"]
    assert result.meta["additional_reporting"] == [
        "Tom Balmforth",
        "Vladimir Soldatkin",
        "Andrey Kuzmin",
    ]
    assert result.meta["editing"] == ["Nick Macfie"]


def test_seed_003_file_name_and_credit() -> None:
    from cleaner import clean

    result = clean(seed("003"))
    assert result.text.startswith("A child ")
    first_line = result.text.split("\n", 1)[0]
    assert first_line.endswith("on February 12.")
    assert result.meta["photo_credit"] == ["AFP"]
    assert result.meta["source_file"] == ["458747-01-08-1581590675397"]


# -- compiled patterns cached on disk ---------------------------------------------------------


def _engine(config: CleanerConfig) -> BoilerplateEngine:
    return BoilerplateEngine(Cleaner(config).resources)


def _all_patterns(engine: BoilerplateEngine) -> list[regex.Pattern[str]]:
    found = [p for family in engine.anchored.values() for _, p in family]
    found += [p for family in engine.floating.values() for _, p in family]
    return [p.compiled() for p in found + [p for _, p in engine.start]]


def _outputs(config: CleanerConfig) -> list[tuple[str, list[Any]]]:
    cleaner = Cleaner(config)
    found = []
    for text in [c["input"] for c in CASES] + [p.read_text(encoding="utf-8") for p in SEEDS]:
        result = cleaner.clean(text)
        found.append((result.text, [(e.start, e.end, e.rule, e.meta) for e in result.edits]))
    return found


def test_patterns_read_back_from_the_cache_are_the_compiled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = CleanerConfig(select=frozenset({"boilerplate"}), cache_dir=tmp_path)
    first = _all_patterns(_engine(config))
    assert len(list(tmp_path.glob(f"{PATTERNS_CACHE}-*.bin"))) == 1

    def no_compiling(*args: object) -> None:
        raise AssertionError("a pattern was compiled although the cache holds it")

    monkeypatch.setattr(boilerplate, "compile_entry", no_compiling)
    second = _all_patterns(_engine(config))
    assert [(p.pattern, p.flags, p.groupindex) for p in second] == [
        (p.pattern, p.flags, p.groupindex) for p in first
    ]
    uncached = CleanerConfig(select=frozenset({"boilerplate"}), use_cache=False)
    monkeypatch.undo()
    assert _outputs(config) == _outputs(uncached)


def test_a_damaged_or_foreign_pattern_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    config = CleanerConfig(select=frozenset({"boilerplate"}), cache_dir=tmp_path)
    expected = sorted(p.pattern for p in _all_patterns(_engine(config)))
    (entry,) = tmp_path.glob(f"{PATTERNS_CACHE}-*.bin")
    defines, _, entries = boilerplate_packs()
    sources = [entry_source(defines, e) for e in entries]  # the engine's order
    assert sorted(sources) == expected
    good = entry.read_bytes()
    witness = tmp_path / "made-by-the-cache-file"

    class Planted:
        """Unpickles as a call of os.mkdir: a cache file must not be able to run code."""

        def __reduce__(self) -> tuple[Any, ...]:
            return (os.mkdir, (str(witness),))

    planted = pickle.dumps([Planted()] * len(sources))
    for damaged in (good[: len(good) // 2], b"not a pickle", planted, pickle.dumps([])):
        entry.write_bytes(damaged)
        assert read_patterns(tmp_path, sources) is None
        assert not witness.exists()
        rebuilt = _all_patterns(_engine(config))
        assert sorted(p.pattern for p in rebuilt) == expected
        assert read_patterns(tmp_path, sources) is not None  # written again, whole


def test_patterns_are_compiled_lazily_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = boilerplate.compile_entry

    def counting(defines: Any, entry: Entry) -> regex.Pattern[str]:
        compiled.append(entry.pattern)
        return real(defines, entry)

    monkeypatch.setattr(boilerplate, "compile_entry", counting)
    config = CleanerConfig(select=frozenset({"boilerplate"}), use_cache=False)
    Cleaner(config).clean("A plain sentence with nothing to remove.\n")
    assert compiled == []


def test_credits_closing_a_caption_are_all_found_in_one_scan() -> None:
    # each credit closes the line only once the one after it is gone: the engine matches the
    # line again up to the blanks before each credit it found closing it, so one scan finds
    # them all instead of one per pipeline round (there are only MAX_ROUNDS)
    engine = _engine(CleanerConfig())
    credits = [" Image Credit: AFP.", " Photo: Reuters.", " Image Credit: Getty Images"]
    text = "A child walks past a gun in Binnish." + "".join(credits) + "\nMoscow said."
    edits = engine.edits(text, "photo-credit")
    assert [e.original for e in edits] == credits
    assert [(e.start, e.end) for e in edits] == [
        (text.index(c), text.index(c) + len(c)) for c in credits
    ]


# -- long lines -----------------------------------------------------------------------------


def _boilerplate_edits(text: str) -> list[tuple[str, int, int, str]]:
    result = Cleaner(CleanerConfig(select=frozenset({"boilerplate"}))).clean(text)
    return [(e.rule, e.start, e.end, e.replacement) for e in result.edits]


def test_scanning_near_triggers_finds_what_a_whole_line_scan_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every case and seed, as written and as one long line (line ends lost), gives the same
    edits when every line counts as long (floating patterns tried only near their family's
    triggers) as when none does: the pack's matches all hold a trigger."""
    texts = [c["input"] for c in CASES] + [p.read_text(encoding="utf-8") for p in SEEDS]
    texts += [t.replace("\n", " ") for t in texts]
    whole = [_boilerplate_edits(t) for t in texts]
    monkeypatch.setattr(boilerplate, "LONG_LINE", 0)
    near = [_boilerplate_edits(t) for t in texts]
    differ = [t[:80] for t, a, b in zip(texts, whole, near, strict=True) if a != b]
    assert not differ
    joined = whole[len(whole) // 2 :]
    assert sum(map(len, joined)) >= 10  # the long lines do hold boilerplate


def test_a_credit_inside_a_line_of_many_kilobytes_is_removed() -> None:
    filler = "The council met on Monday and agreed the budget for the coming year. " * 600
    text = filler + "The Kings (photo credit: Getty Images) won. " + filler + "Image Credit: AFP"
    assert len(text) > boilerplate.LONG_LINE
    result = Cleaner(CleanerConfig(select=frozenset({"boilerplate"}))).clean(text)
    # a credit inside a sentence stays (as on a short line); the one closing the line goes
    assert [e.original for e in result.edits] == [" Image Credit: AFP"]
    # the photo-credit patterns look at the line's head (the family has ^literal triggers) and
    # the stretches near its two triggers: about 5 KB of the 84 KB line
    windows = _engine(CleanerConfig())._windows(text, 0, len(text), "photo-credit")
    assert len(windows) == 3
    assert (
        sum(end - start for start, end in windows) < 6 * boilerplate.TRIGGER_REACH < len(text) / 10
    )


LONG_FILLER = "The council met on Monday and agreed the budget for the coming year. " * 400


def _with_user_pack(tmp_path: Path, trigger: str, pattern: str) -> CleanerConfig:
    """The boilerplate stage with a user regex pack of one trigger and one pattern."""
    pack = tmp_path / "pack.tsv"
    rows = f"match\treplace\tconfidence\treason\n{trigger}\t\t\t\n{pattern}\t\t0.99\ttest\n"
    pack.write_text(rows, encoding="utf-8")
    return CleanerConfig(select=frozenset({"boilerplate"}), extra_packs=((pack, "regex"),))


def test_a_match_cut_short_by_a_window_is_not_removed(tmp_path: Path) -> None:
    """A user pattern that runs to the line end (``.+$``) would match up to a window's cut, as
    if the line ended there: such a match is dropped, never half of a line removed."""
    config = _with_user_pack(tmp_path, "(?#trigger:photo-credit)slug:", "(?#photo-credit)Slug: .+$")
    text = LONG_FILLER + "Slug: " + "more words " * 300
    assert len(text) > boilerplate.LONG_LINE
    edits = Cleaner(config).clean(text).edits
    assert all(e.end == len(text) for e in edits), [(e.start, e.end) for e in edits]


def test_a_line_start_trigger_keeps_the_head_of_a_long_line_in_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A family with a ``^literal`` trigger: its pattern may match at the head of the line,
    far from any trigger that may stand anywhere (``.jpg`` here)."""
    config = _with_user_pack(
        tmp_path,
        "(?#trigger:file-name-line)^slug-",
        r"(?#file-name-line)(?<![\p{L}\d-])slug-\d+[ \t]",
    )
    text = "slug-123 " + LONG_FILLER + "See photo.jpg for the map."

    def edits() -> list[tuple[int, int]]:
        return [(e.start, e.end) for e in Cleaner(config).clean(text).edits]

    whole = edits()
    monkeypatch.setattr(boilerplate, "LONG_LINE", 0)
    assert whole and edits() == whole


@pytest.mark.parametrize(
    "row",
    ["Slug: .+$", "(?#page-furnitur)^Slug: .+$", "(unclosed"],
    ids=["no marker", "misspelt family", "no marker, does not compile"],
)
def test_a_user_regex_row_without_a_family_is_an_error_naming_its_line(
    tmp_path: Path, row: str
) -> None:
    """A user's regex row that no family claims was dropped without a word (and a CI gate
    passed): it is an error naming the pack file and line, as for the built-in pack."""
    pack = tmp_path / "pack.tsv"
    pack.write_text(f"match\treplace\tconfidence\treason\n{row}\t\t0.99\tmine\n", encoding="utf-8")
    config = CleanerConfig(select=frozenset({"boilerplate"}), extra_packs=((pack, "regex"),))
    with pytest.raises(PackError, match=rf"{re.escape(str(pack))}:2: .*family marker"):
        Cleaner(config).clean("Slug: text\n")
