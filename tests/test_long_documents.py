"""Long documents: the one-pass word indexes used above a size must decide exactly as the
per-word scans used below it (``context.LONG_TEXT``, ``decide.NEAR_INDEX_MIN_WORDS``).

A ``str.find`` scan per unknown word and per phrase anchor made a 1 MB document take 16 times as
long as the same text cut into 400 documents; above the sizes, words are located in one pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner.context
import cleaner.rules.phrases
import cleaner.spelling.decide
from cleaner import Cleaner

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"


def _inputs() -> list[str]:
    """The case files' inputs and the seeds: typos fixed by the lexicon and by the document's
    own spelling, contractions, phrase-pack entries, names left alone."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in ("spelling.tsv", "phrases.tsv", "spacing.tsv", "flags.tsv"):
        for line in (CASES / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                texts.append(line.split("\t")[0].replace("\\n", "\n"))
    return texts


def _outcome(cleaner_: Cleaner, text: str) -> tuple[object, ...]:
    r = cleaner_.clean(text)
    return (
        r.text,
        [(e.start, e.end, e.replacement, e.rule, e.confidence, e.reason) for e in r.edits],
        [(s.start, s.end, s.replacement, s.rule, s.confidence) for s in r.suggestions],
        [(f.start, f.end, f.rule) for f in r.flags],
    )


def _force(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    for module in (cleaner.context, cleaner.rules.phrases, cleaner.spelling.decide):
        monkeypatch.setattr(module, "LONG_TEXT", size)
    monkeypatch.setattr(cleaner.spelling.decide, "NEAR_INDEX_MIN_WORDS", size)


def test_long_text_paths_decide_as_the_short_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _inputs()
    texts.append("\n\n".join(texts))  # one document holding them all
    _force(monkeypatch, 10**9)
    one = Cleaner()
    short = [_outcome(one, t) for t in texts]
    _force(monkeypatch, 0)
    one = Cleaner()
    long = [_outcome(one, t) for t in texts]
    assert sum(len(o[1]) for o in short) > 50  # the cases do exercise the rules
    for text, expected, got in zip(texts, short, long, strict=True):
        assert got == expected, text[:200]


def test_document_evidence_reaches_across_a_long_document() -> None:
    """``Msocow`` in the first line is fixed from ``Moscow`` 40,000 characters later."""
    filler = "The talks went on through the night and into the next morning.\n" * 640
    text = "Msocow: the talks began.\n" + filler + "Moscow said the talks had ended.\n"
    assert len(text) > 2 * cleaner.context.LONG_TEXT
    result = Cleaner().clean(text)
    assert result.text.startswith("Moscow: the talks began.\n")
    assert [(e.original, e.replacement) for e in result.edits] == [("Msocow", "Moscow")]


@pytest.mark.parametrize("text", ["Plain text.\n", "A line\r\nwith CRLF.\r\n", "\ufeffBOM ﬁrst.\n"])
def test_a_finished_document_keeps_nothing_of_its_texts(text: str) -> None:
    """What the stages share about the last text (its lower case, runs, classes) is dropped when
    the document is done: for a long line it is ~3 bytes per character, alive while the outputs
    are written."""
    cleaner_ = Cleaner()
    cleaner_.clean(text)
    kept = (
        cleaner.context._last_runs,
        cleaner.context._last_lowered,
        cleaner.context._last_same_length,
        cleaner.context._last_classes,
    )
    assert kept == (None, None, None, None)
