"""The phrases stage: phrase packs (cases as data in tests/cases/phrases.tsv), the packs
themselves, the tortured-science builder, one-pass matching and per-pack switches."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
from dictionary_builders import load_builder

from cleaner import Cleaner, CleanerConfig
from cleaner.packs import PackError, builtin_packs
from cleaner.rules.phrases import (
    GENERIC_RULE,
    MATCHER,
    PACK_RULES,
    PhraseMatcher,
    carry_case,
    expand,
)

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases" / "phrases.tsv"
PPS = Path("/work/shared/data/tortured_phrases_pps.tsv")
RULES = frozenset({*PACK_RULES, GENERIC_RULE, "stranded-modifier"})


def _cases() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, expected, suggestion, comment = line.split("\t")
        rows.append(
            (source.replace("\\n", "\n"), expected.replace("\\n", "\n"), suggestion, comment)
        )
    return rows


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(CleanerConfig(select=RULES))


@pytest.mark.parametrize(
    ("source", "expected", "suggestion", "comment"), _cases(), ids=lambda v: v[:40]
)
def test_case(cleaner: Cleaner, source: str, expected: str, suggestion: str, comment: str) -> None:
    result = cleaner.clean(source)
    assert result.text == expected, comment
    if suggestion == "-":
        assert result.suggestions == [], comment
    elif suggestion:
        offered = {s.replacement for s in result.suggestions}
        assert suggestion in offered, comment
        assert all(s.confidence < 0.8 for s in result.suggestions)
    assert cleaner.clean(result.text).text == result.text, "not idempotent"


def test_every_pack_has_positive_and_negative_cases() -> None:
    rows = _cases()
    for pack in ("news-spins", "tortured-science", "stranded-modifier"):
        mine = [r for r in rows if r[3].startswith(pack)]
        assert any(r[0] != r[1] for r in mine), f"no positive case for {pack}"
        assert any(r[0] == r[1] and "negative" in r[3] for r in mine), f"no negative for {pack}"


def test_edit_reports_rule_pack_and_reason(cleaner: Cleaner) -> None:
    edit, _ = cleaner.clean("the Idlib Decal Zone, where Turkey blazed the deal").edits
    assert edit.rule == "news-spins"
    assert edit.reason.startswith("news-spins: ")
    assert "de-escalation" in edit.reason
    assert (edit.start, edit.end, edit.original) == (10, 20, "Decal Zone")


def test_a_spun_phrase_alone_is_a_suggestion_that_says_why(cleaner: Cleaner) -> None:
    """One spun phrase in a document may be meant; a second one, even repeated, is what
    corroborates it, and the same phrase twice is no second one."""
    alone = cleaner.clean("the Idlib Decal Zone")
    assert alone.edits == []
    [suggestion] = alone.suggestions
    assert suggestion.replacement == "de-escalation zone"
    assert suggestion.confidence < 0.8
    assert "no other spun or tortured phrase" in suggestion.reason
    twice = cleaner.clean("the Decal Zone and the other decal zone")
    assert twice.edits == []
    assert len(twice.suggestions) == 2


def test_a_pack_is_switched_off_by_its_rule_id() -> None:
    off = Cleaner(CleanerConfig(select=RULES, ignore=frozenset({"tortured-science"})))
    text = "the colossal information era in the Decal Zone, where Turkey blazed the deal"
    expected = (
        "the colossal information era in the de-escalation zone, where Turkey flouted the deal"
    )
    assert off.clean(text).text == expected
    # a pack switched off corroborates nothing: the one spun phrase left is only suggested
    assert off.clean("the colossal information era in the Decal Zone").edits == []


def test_all_phrase_packs_share_one_compiled_pattern(cleaner: Cleaner) -> None:
    cleaner.clean("colossal information in the decal zone")
    matcher = cleaner.resources.get(MATCHER, lambda: None)
    assert isinstance(matcher, PhraseMatcher)
    packs = {e.pack for e in matcher.entries.values()}
    assert {"news-spins", "tortured-science"} <= packs
    assert len(matcher.entries) > 5000


def _with_pack(tmp_path: Path, row: str, kind: str = "phrase") -> Cleaner:
    """A cleaner of the phrase stage with a user pack of one ``match\treplace\tconf\treason``
    row."""
    pack = tmp_path / "mine.tsv"
    pack.write_text(f"match\treplace\tconfidence\treason\n{row}\n", encoding="utf-8")
    return Cleaner(CleanerConfig(select=RULES, extra_packs=((pack, kind),)))


def test_user_phrase_pack_reports_as_phrase_pack(tmp_path: Path) -> None:
    result = _with_pack(tmp_path, "foo barr\tfoo bar\t0.9\ttest entry").clean("a foo barr here")
    assert result.text == "a foo bar here"
    assert [e.rule for e in result.edits] == [GENERIC_RULE]


def test_a_user_pack_entry_replaces_the_built_in_one_for_the_same_phrase(tmp_path: Path) -> None:
    """The built-in ``10-crease cross`` (tortured-science, 0.70) is only suggested; a user's
    own entry for it at 0.99 is applied (it was lost: the first pack's entry won)."""
    text = "We ran 10-crease cross validation."
    assert Cleaner(CleanerConfig(select=RULES)).clean(text).text == text
    result = _with_pack(tmp_path, "10-crease cross\t10-fold cross\t0.99\thouse").clean(text)
    assert result.text == "We ran 10-fold cross validation."
    assert [(e.rule, e.confidence) for e in result.edits] == [(GENERIC_RULE, 0.99)]


def test_a_word_pack_is_applied_as_phrases_of_one_word(tmp_path: Path) -> None:
    cleaner = _with_pack(tmp_path, "colour\tcolor\t0.99\thouse style", kind="word")
    result = cleaner.clean("Colour, and the colours of colour.")
    assert result.text == "Color, and the colours of color."
    assert {e.rule for e in result.edits} == {GENERIC_RULE}


@pytest.mark.parametrize(
    ("match", "replace", "expected"),
    [
        ("decal zone", "de-escalation zone", [("decal zone", "de-escalation zone")]),
        (
            "blaze/blazes a deal",
            "flout/flouts a deal",
            [("blaze a deal", "flout a deal"), ("blazes a deal", "flouts a deal")],
        ),
        ("zone/zones", "area", [("zone", "area"), ("zones", "area")]),
    ],
)
def test_expand(match: str, replace: str, expected: list[tuple[str, str]]) -> None:
    assert expand(match, replace) == expected


@pytest.mark.parametrize(("match", "replace"), [("a/b/c x", "d/e x"), ("plain", "has/slash")])
def test_expand_rejects_misaligned_alternatives(match: str, replace: str) -> None:
    with pytest.raises(PackError):
        expand(match, replace)


@pytest.mark.parametrize(
    ("found", "start", "expected"),
    [
        ("decal zone", False, "de-escalation zone"),
        ("Decal Zone", False, "de-escalation zone"),
        ("Decal zone", True, "De-escalation zone"),
        ("DECAL ZONE", False, "DE-ESCALATION ZONE"),
    ],
)
def test_carry_case(found: str, start: bool, expected: str) -> None:
    assert carry_case(found, "de-escalation zone", start) == expected


def _my_packs() -> list[object]:
    return [p for p in builtin_packs() if p.id in PACK_RULES]


@pytest.mark.parametrize("pack_id", PACK_RULES)
def test_pack_is_well_formed(pack_id: str) -> None:
    [pack] = [p for p in builtin_packs() if p.id == pack_id]
    assert pack.kind == "phrase"
    assert pack.source and pack.license
    problems = []
    seen: set[str] = set()
    keys = [e.match.lower() for e in pack.entries]
    if keys != sorted(keys):
        problems.append("entries are not sorted case-insensitively by match")
    for entry in pack.entries:
        where = f"{pack.path.name}:{entry.line}"
        if not entry.reason:
            problems.append(f"{where}: no reason")
        if entry.match.lower() in seen:
            problems.append(f"{where}: duplicate {entry.match!r}")
        seen.add(entry.match.lower())
        if entry.match.strip() != entry.match or "  " in entry.match:
            problems.append(f"{where}: stray blanks in {entry.match!r}")
        try:
            pairs = expand(entry.match, entry.replace)
        except PackError as exc:
            problems.append(f"{where}: {exc}")
            continue
        for match, replace in pairs:
            if match.lower() == replace.lower():
                problems.append(f"{where}: {match!r} maps to itself")
            if "(" in replace and "(" not in match:
                problems.append(f"{where}: annotation left in replacement {replace!r}")
    assert not problems, "\n".join(problems)


def _builder() -> ModuleType:
    return load_builder("build_tortured_science")


@pytest.mark.skipif(not PPS.is_file(), reason="the PPS source list is not on this machine")
def test_tortured_science_pack_is_what_the_builder_makes() -> None:
    builder = _builder()
    lines = builder.build(PPS)
    committed = (ROOT / "dictionaries" / "tortured-science.tsv").read_text(encoding="utf-8")
    assert "\n".join(lines) + "\n" == committed


@pytest.mark.parametrize(
    ("tortured", "expected", "papers", "safe"),
    [
        ("colossal information", "big data", 240, True),
        ("degree of displacement", "shift", 9019, False),
        ("in the presence of N2", "under nitrogen", 5495, False),
        ("thimbleful", "teaspoonful (sometimes in patient consent forms)", 851, False),
        ("cadence design", "rythm pattern (?)", 11384, False),
        ("eye ailments", "eye disease", 1661, False),
        ("counterfeit treatment", "???", 38, False),
        ("conveyance framework", "delivery strategy/system", 797, False),
    ],
)
def test_builder_scoring(tortured: str, expected: str, papers: int, safe: bool) -> None:
    builder = _builder()
    bigrams = builder.load_bigrams()
    replacement, confidence, _ = builder.score(tortured, expected, papers, bigrams)
    assert (confidence >= 0.8) is safe
    assert "(" not in replacement and "?" not in replacement


def test_builder_keeps_the_tortured_forms_own_abbreviation() -> None:
    builder = _builder()
    replacement, _, _ = builder.score("data technology (IT)", "information technology", 499, set())
    assert replacement == "information technology (IT)"


def _mixed_texts(keys: list[str], count: int) -> list[str]:
    """Phrases from the packs in ordinary prose: upper case, hyphen-joined, split over lines,
    overlapping (one phrase's last words start another)."""
    import random

    rnd = random.Random(7)
    texts = []
    for i in range(count):
        picked = rnd.sample(keys, 4)
        body = " and the ".join(k.upper() if i % 3 == 0 else k for k in picked)
        texts.append(
            f"{body}. In {rnd.choice(keys)}-like terms, {rnd.choice(keys)}\n"
            + rnd.choice(keys).replace(" ", "\n  ")
            + " "
            + " ".join(rnd.choice(keys).split()[-1:] + rnd.choice(keys).split())
        )
    return texts


def _reference_hits(
    patterns: dict[str, re.Pattern[str]], confidence: dict[str, float], text: str
) -> list[tuple[int, int, str]]:
    """The hits by brute force: every phrase's own regex over the whole text, then of
    overlapping ones the most confident, then leftmost-longest. Slow (a compiled pattern per
    phrase, every pair of hits compared), plainly right."""
    low = text.lower()
    spans = sorted(
        (
            (m.start(), m.end(), key)
            for key, pattern in patterns.items()
            for m in pattern.finditer(low)
        ),
        key=lambda s: (-confidence[s[2]], s[0], -s[1]),
    )
    found: list[tuple[int, int, str]] = []
    for start, stop, key in spans:
        if all(stop <= s or e <= start for s, e, _ in found):
            found.append((start, stop, key))
    return sorted(found)


def _phrase_regex(key: str) -> re.Pattern[str]:
    """One phrase: a space is any whitespace run, a word start is not inside a word, nothing
    is preceded by a hyphen, the end is a word end outside a hyphenated word."""
    body = r"\s+".join(re.escape(part) for part in key.split(" "))
    start = r"(?<![\w\-])" if re.match(r"\w", key) else r"(?<!-)"
    return re.compile(start + body + r"(?![\w\-])")


def test_matcher_finds_what_brute_force_finds() -> None:
    """The anchor-and-walk matcher gives the same hits as one regex per phrase, on prose
    full of the packs' phrases (upper case, hyphen-joined, split over lines, overlapping)."""
    packs = [p for p in builtin_packs() if p.kind == "phrase"]
    matcher = PhraseMatcher(packs, [*PACK_RULES, GENERIC_RULE])
    patterns = {key: _phrase_regex(key) for key in matcher.entries}
    texts = _mixed_texts(sorted(matcher.entries), 120)
    texts += [p.read_text(encoding="utf-8") for p in sorted(Path("seeds").glob("*.txt"))]
    confidence = {key: entry.confidence for key, entry in matcher.entries.items()}
    found_any = 0
    for text in texts:
        got = [(h.start, h.end, h.entry.match.lower()) for h in matcher.hits(text)]
        assert got == _reference_hits(patterns, confidence, text), text
        found_any += bool(got)
    assert found_any > 100


@pytest.mark.parametrize("piece", [1, 37, 500])
def test_long_text_matched_in_pieces_finds_what_brute_force_finds(
    monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """A long text is matched a piece at a time, each piece's phrases pruned by the words near
    it: cut into pieces of a few characters, the mixed texts as one document still give every
    hit, those across a cut too (a cut lies inside many of them at these sizes)."""
    import cleaner.rules.phrases as phrases

    packs = [p for p in builtin_packs() if p.kind == "phrase"]
    matcher = PhraseMatcher(packs, [*PACK_RULES, GENERIC_RULE])
    patterns = {key: _phrase_regex(key) for key in matcher.entries}
    text = "\n".join(_mixed_texts(sorted(matcher.entries), 40))
    monkeypatch.setattr(phrases, "LONG_TEXT", 1)
    monkeypatch.setattr(phrases, "PIECE", piece)
    got = [(h.start, h.end, h.entry.match.lower()) for h in matcher.hits(text)]
    assert len(got) > 100
    confidence = {key: entry.confidence for key, entry in matcher.entries.items()}
    assert got == _reference_hits(patterns, confidence, text)


def test_phrase_index_is_cached_on_disk_and_rebuilt_when_corrupt(tmp_path: Path) -> None:
    from cleaner.rules.phrases import INDEX_CACHE

    packs = [p for p in builtin_packs() if p.kind == "phrase"]
    enabled = [*PACK_RULES, GENERIC_RULE]
    built = PhraseMatcher.cached(packs, enabled, tmp_path)
    [entry] = tmp_path.glob(f"{INDEX_CACHE}-*.bin")
    read_back = PhraseMatcher.cached(packs, enabled, tmp_path)
    assert read_back.entries == built.entries == PhraseMatcher(packs, enabled).entries
    text = "Turkey is blazing a deal in the Idlib Decal Zone, said the counterfeit consciousness."
    assert [(h.start, h.end) for h in read_back.hits(text)] == [
        (h.start, h.end) for h in built.hits(text)
    ]
    assert len(read_back.hits(text)) == 3
    entry.write_bytes(b"\x00garbage")
    again = PhraseMatcher.cached(packs, enabled, tmp_path)
    assert again.entries == built.entries
    assert entry.read_bytes() != b"\x00garbage"
