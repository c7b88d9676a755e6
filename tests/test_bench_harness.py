"""Correctness of the benchmark harness's pure parts (loaders, injection, diff, classification)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.data import (
    Chunk,
    Pair,
    chunk_file,
    count_words,
    is_real_word,
    parse_birkbeck,
    parse_wikipedia,
)
from bench.diff import Change, apply_changes, diff_changes
from bench.docsize import joined
from bench.inject import Injection, SentenceIndex, build_injections, find_occurrences, transfer_case
from bench.names import FRAMES, names_in_frames, pick_surnames, repeated_names
from bench.quality import FIXED, LEFT, WRONG, FalsePositives, Located, classify, same_fixes
from bench.speed import repeat_to, take_bytes
from bench.tools import Output

# (occurrence in the clean text, misspelling as listed, correction as listed, expected injection)
CASE_CASES = [
    ("receive", "recieve", "receive", "recieve"),
    ("Receive", "recieve", "receive", "Recieve"),
    ("RECEIVE", "recieve", "receive", "RECIEVE"),
    ("Cape Town", "Capetown", "Cape Town", "Capetown"),
    ("cape town", "Capetown", "Cape Town", "capetown"),
    ("CAPE TOWN", "Capetown", "Cape Town", "CAPETOWN"),
    ("I", "i", "I", "i"),
    ("McDonald", "Macdonald", "mcdonald", "Macdonald"),
    # the list writes a proper noun's misspelling in lowercase: the text's capital is kept
    ("Spanish", "spainish", "Spanish", "Spainish"),
]


@pytest.mark.parametrize(("occurrence", "wrong", "right", "expected"), CASE_CASES)
def test_transfer_case(occurrence: str, wrong: str, right: str, expected: str) -> None:
    assert transfer_case(occurrence, wrong, right) == expected


# (text, word, expected spans)
WHOLE_WORD_CASES = [
    ("The cat concatenates.", "cat", [(4, 7)]),
    ("Cat and CAT.", "cat", [(0, 3), (8, 11)]),
    ("A well-known fact", "known", [(7, 12)]),
    ("I don't know", "don", []),
    ("the country's border", "country", []),
    ("in Cape Town today", "cape town", [(3, 12)]),
    ("catalogue", "cat", []),
    ("cats", "cat", []),
]


@pytest.mark.parametrize(("text", "word", "spans"), WHOLE_WORD_CASES)
def test_find_occurrences_whole_word(text: str, word: str, spans: list[tuple[int, int]]) -> None:
    assert find_occurrences(text, word) == spans


def test_parse_wikipedia_alternatives() -> None:
    lines = ["abandonned->abandoned", "", "# note", "alot->a lot, allot", "bad line"]
    pairs = list(parse_wikipedia(lines))
    assert pairs == [
        Pair("abandonned", ("abandoned",), "wikipedia"),
        Pair("alot", ("a lot", "allot"), "wikipedia"),
    ]


def test_parse_birkbeck_groups_and_underscores() -> None:
    lines = ["$Cambridge", "Cambrige", "$a_lot", "alot", "a_lott", ""]
    assert [(p.wrong, p.rights) for p in parse_birkbeck(lines)] == [
        ("Cambrige", ("Cambridge",)),
        ("alot", ("a lot",)),
        ("a lott", ("a lot",)),
    ]


def test_parse_birkbeck_ignores_entries_before_first_target() -> None:
    assert list(parse_birkbeck(["orphan", "$the", "teh"])) == [Pair("teh", ("the",), "birkbeck")]


def test_chunk_file_and_line_starts() -> None:
    chunks = chunk_file("f", ["a", "bb", "ccc", "d", "e"], size=2)
    assert [(c.first, c.lines) for c in chunks] == [
        (1, ("a", "bb")),
        (3, ("ccc", "d")),
        (5, ("e",)),
    ]
    assert chunks[0].text == "a\nbb"
    assert chunks[1].line_starts() == [0, 4]


def test_count_words_is_whitespace_split() -> None:
    assert count_words("Hello ,  world.\nNew-line x") == 5


def test_is_real_word() -> None:
    words = frozenset({"a", "lot", "dog", "don't"})
    assert is_real_word("a lot", words)
    assert is_real_word("Dog's", words)
    assert is_real_word("don’t", words)
    assert not is_real_word("a lott", words)
    assert not is_real_word("alot", words)


def _chunk(*lines: str) -> Chunk:
    return Chunk("f.en", 11, lines)


def test_build_injections_carries_case_and_is_deterministic() -> None:
    chunk = _chunk("Nothing here.", "Receive it now, receive it.", "Other line.")
    index = SentenceIndex([chunk])
    pairs = [Pair("recieve", ("receive",), "t"), Pair("xyzzy", ("absent",), "t")]
    first, stats = build_injections(pairs, index, cap=10, seed=1)
    again, _ = build_injections(pairs, index, cap=10, seed=1)
    assert first == again
    assert stats.no_sentence == 1 and stats.sampled == 1
    inj = first[0]
    assert inj.line_index == 1 and inj.line_number == 12
    assert inj.injected_line in ("Recieve it now, receive it.", "Receive it now, recieve it.")
    assert inj.text.split("\n")[1] == inj.injected_line
    assert inj.injected_line[inj.start : inj.end].lower() == "recieve"


def test_build_injections_filter_cap_and_same_word() -> None:
    index = SentenceIndex([_chunk("the cat sat", "a dog ran")])
    pairs = [
        Pair("catt", ("cat",), "t"),
        Pair("dgo", ("dog",), "t"),
        Pair("Cat", ("cat",), "t"),
        Pair("catt", ("cat",), "t"),
    ]
    out, stats = build_injections(pairs, index, cap=1, seed=3, keep=lambda p: p.wrong != "dgo")
    assert stats.duplicates == 1 and stats.same_word == 1 and stats.excluded == 1
    assert stats.eligible == 1 and len(out) == 1 and out[0].misspelling == "catt"


def test_build_injections_uses_alternative_found() -> None:
    index = SentenceIndex([_chunk("we allot money")])
    out, _ = build_injections([Pair("alot", ("a lot", "allot"), "t")], index, cap=5, seed=0)
    assert out[0].right == "allot" and out[0].injected_line == "we alot money"


def test_diff_changes_and_apply() -> None:
    before = "I recieve it .\nSecond teh line"
    after = "I receive it.\nSecond the line"
    changes = diff_changes(before, after)
    assert [(c.before, c.after) for c in changes] == [
        ("recieve", "receive"),
        (" ", ""),
        ("teh", "the"),
    ]
    assert apply_changes(before, changes) == after


def test_diff_changes_when_lines_merge() -> None:
    before, after = "one\ntwo", "one two"
    assert apply_changes(before, diff_changes(before, after)) == after


def test_apply_changes_rejects_overlap() -> None:
    with pytest.raises(ValueError):
        apply_changes("abcdef", [Change(0, 3, "abc", "x", "r"), Change(2, 4, "cd", "y", "r")])


def _injection() -> Injection:
    chunk = _chunk("First line.", "We receive the Idlib report.")
    pair = Pair("recieve", ("receive",), "t")
    return Injection(pair, "receive", chunk, 1, 3, "recieve", "receive")


def _output(text: str, offset: int, edits: tuple[tuple[str, str], ...]) -> Output:
    """Apply (before, after) replacements to ``text`` from ``offset`` on, as a tool would."""
    changes = []
    for before, after in edits:
        start = text.index(before, offset)
        changes.append(Change(start, start + len(before), before, after, "rule"))
    return Output(apply_changes(text, changes), changes)


def _run(inj: Injection, *edits: tuple[str, str]) -> Output:
    """What the tool made of the injected chunk."""
    return _output(inj.text, inj.line_offset, edits)


def test_classify_fixed() -> None:
    inj = _injection()
    case = classify(inj, _run(inj, ("recieve", "receive")))
    assert (case.status, case.correct_fix, case.wrong_changes) == (FIXED, True, ())


def test_classify_left_alone() -> None:
    inj = _injection()
    case = classify(inj, _run(inj))
    assert (case.status, case.correct_fix, len(case.wrong_changes)) == (LEFT, False, 0)


def test_classify_wrong_correction_and_other_damage() -> None:
    inj = _injection()
    case = classify(inj, _run(inj, ("recieve", "relieve"), ("Idlib", "Idle")))
    assert case.status == WRONG and not case.correct_fix
    assert [c.after for c in case.wrong_changes] == ["relieve", "Idle"]


def test_classify_right_fix_plus_damage_counts_damage_only() -> None:
    inj = _injection()
    case = classify(inj, _run(inj, ("recieve", "receive"), ("Idlib", "Idle")))
    assert case.status == WRONG and case.correct_fix
    assert [c.after for c in case.wrong_changes] == ["Idle"]


def test_classify_ignores_changes_on_other_lines() -> None:
    inj = _injection()
    text = inj.text
    out = Output(text.replace("First", "1st"), [Change(0, 5, "First", "1st", "rule")])
    assert classify(inj, out).status == LEFT


def test_classify_ignores_deletion_of_previous_line() -> None:
    inj = _injection()
    out = Output(inj.text[inj.line_offset :], [Change(0, 12, "First line.\n", "", "rule")])
    assert classify(inj, out).status == LEFT


def test_classify_counts_insertion_at_line_end() -> None:
    inj = _injection()
    end = len(inj.text)
    out = Output(inj.text + "!", [Change(end, end, "", "!", "rule")])
    case = classify(inj, out)
    assert case.status == WRONG and len(case.wrong_changes) == 1


def _clean_run(inj: Injection, *edits: tuple[str, str]) -> Output:
    """What the tool made of the clean chunk (no injection)."""
    return _output(inj.chunk.text, inj.line_offset, edits)


def test_classify_change_made_on_clean_text_too_is_not_caused_by_injection() -> None:
    inj = _injection()
    out = _run(inj, ("recieve", "receive"), ("Idlib", "Idle"))
    case = classify(inj, out, _clean_run(inj, ("Idlib", "Idle")))
    assert (case.status, case.correct_fix, case.wrong_changes) == (FIXED, True, ())


def test_classify_change_not_made_on_clean_text_is_wrong() -> None:
    inj = _injection()
    out = _run(inj, ("recieve", "receive"), ("Idlib", "Idle"))
    case = classify(inj, out, _clean_run(inj, ("Idlib", "Idol")))
    assert case.status == WRONG and [c.after for c in case.wrong_changes] == ["Idle"]


def test_classify_clean_run_does_not_excuse_a_wrong_fix_of_the_word() -> None:
    inj = _injection()
    out = _run(inj, ("recieve", "relieve"))
    case = classify(inj, out, _clean_run(inj, ("receive", "relieve")))
    assert case.status == WRONG and [c.after for c in case.wrong_changes] == ["relieve"]


def test_classify_counts_a_suggestion() -> None:
    inj = _injection()
    start = inj.line_offset + inj.start
    out = Output(inj.text, [], [Change(start, start + 7, "recieve", "receive", "spell")])
    case = classify(inj, out)
    assert case.status == LEFT and case.suggested


def test_repeat_and_take_bytes() -> None:
    docs = ["ab", "cd"]
    assert repeat_to(docs, 9) == docs * 3
    assert repeat_to(docs, 2) == ["ab"]
    assert repeat_to(docs, 4) == docs
    assert take_bytes(["aaa", "bbb", "ccc"], 4) == ["aaa", "bbb"]


def test_same_fixes_matches_file_line_and_text() -> None:
    def fp(*items: tuple[int, str, str]) -> FalsePositives:
        located = [Located("f", n, Change(0, len(b), b, a, "r"), "") for n, b, a in items]
        return FalsePositives("t", 100, 10, located)

    ours = fp((1, "teh", "the"), (2, "Idlib", "Idle"), (3, "acress", "across"))
    theirs = fp((1, "teh", "the"), (3, "acress", "actress"))
    assert same_fixes(ours, theirs) == 1


def test_judged_verdicts_count_unjudged_changes_as_wrong(tmp_path: Path) -> None:
    from bench.judged import load_verdicts, wrong_changes

    judged = tmp_path / "judged.tsv"
    judged.write_text(
        "# comment\nfile\tline\tbefore\tafter\tverdict\tnote\n"
        "a.en\t3\tteh\tthe\tfix\t\n"
        "a.en\t4\tjuryo\tjury\twrong\tsumo division\n",
        encoding="utf-8",
    )
    verdicts = load_verdicts(judged)
    fp = FalsePositives(
        "t",
        words=100,
        lines=3,
        changes=[
            Located("a.en", 3, Change(0, 3, "teh", "the", "r"), "teh"),
            Located("a.en", 4, Change(0, 5, "juryo", "jury", "r"), "juryo"),
            Located("a.en", 5, Change(0, 5, "Idlib", "lib", "r"), "Idlib"),
        ],
    )
    assert wrong_changes(fp, verdicts) == (2, 1)


def test_classify_a_line_removed_whole_either_way_is_left() -> None:
    """An injection into a debris line the tool deletes with or without it is not the tool's
    doing: neither a fix nor a wrong change. Deleting it only when injected is wrong."""
    inj = _injection()
    injected, clean_line = inj.injected_line, inj.clean_line
    removed = _run(inj, (injected, ""))
    clean = _clean_run(inj, (clean_line, ""))
    assert classify(inj, removed, clean).status == LEFT
    assert classify(inj, removed, _clean_run(inj)).status == WRONG


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_docsize_joins_keep_the_same_text(n: int) -> None:
    """Every row of the document-length bench cleans the same text: the documents joined
    ``n`` at a time, in order, the last one holding what is left."""
    docs = ["one", "two", "three", "four"]
    batch = joined(docs, n)
    assert len(batch) == -(-len(docs) // n)
    assert "\n".join(batch) == "\n".join(docs)
    assert all(doc.count("\n") < n for doc in batch)


def test_repeated_names_are_unknown_capitals_used_twice_after_a_lower_case_word() -> None:
    lines = (
        "Officials said Zakharova spoke, and later Zakharova left.",
        "Peskov said so. Reporters met Amreica once, then Moscow twice: in Moscow.",
    )
    chunk = Chunk("f.en", 1, lines)
    # Peskov opens a sentence, Amreica is used once, Moscow is a known word
    assert repeated_names([chunk], frozenset({"moscow"})) == ["Zakharova"]


def test_census_surnames_are_the_ones_the_word_list_lacks_sampled_with_the_seed() -> None:
    table = [
        "SMITH          1.006  1.006      1",
        "HOLADAY        0.001 80.001  20001",
        "LOEWER         0.001 80.002  20002",
        "O'NEIL         0.001 80.003  20003",  # (not a plain word: skipped)
        "FOOR           0.001 80.004  20004",
        "",
    ]
    everything = pick_surnames(table, frozenset({"smith"}), 10, seed=1)
    assert everything == ["Foor", "Holaday", "Loewer"]
    two = pick_surnames(table, frozenset({"smith"}), 2, seed=1)
    assert len(two) == 2 and set(two) < set(everything)
    assert two == pick_surnames(table, frozenset({"smith"}), 2, seed=1)


class _ChangesNames:
    """A fake tool: changes every ``Peskov`` into ``Pesky``, leaves other text alone."""

    name = "fake"

    def run(self, docs: list[str]) -> list[Output]:
        outputs = []
        for doc in docs:
            at = doc.find("Peskov")
            changes = [] if at == -1 else [Change(at, at + 6, "Peskov", "Pesky", "x")]
            outputs.append(Output(apply_changes(doc, changes), changes))
        return outputs


def test_names_in_frames_counts_each_sentence_that_changed_the_name() -> None:
    result = names_in_frames(_ChangesNames(), ["Idlib", "Peskov"])
    assert (result.names, result.framed) == (2, 2 * len(FRAMES))
    assert [name for name, _, _ in result.changed] == ["Peskov"] * len(FRAMES)
    assert all("Pesky" in output for _, _, output in result.changed)
    assert result.share == 0.5
