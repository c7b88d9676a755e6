"""Fuzz ``Cleaner.clean`` for a while and check its invariants on every input.

    python -m bench.fuzz --minutes 5

Inputs are the seeds cut at random places and damaged: fragments scraped text is known to carry
(spacing debris, entities, mojibake, BOMs, CRLF, controls, URLs, debris lines, very long runs,
bytes that were not UTF-8 as ``--encoding-errors surrogateescape`` reads them) inserted, random
code points from every plane spliced in, spans deleted, duplicated or swapped, case flipped.
Each input is checked like ``tests/test_properties.py`` does: the edits replay to the clean
text and revert to the original, offsets name their text, no edit touches a protected span, no
bad byte is changed or joined to another, and cleaning the clean text changes nothing. A crash
or a broken invariant is written to ``bench/results/fuzz-failures/`` (the input as UTF-8 with
surrogates escaped, and the error) and counted; the run prints inputs tried, inputs per second
and failures, and exits 1 on any.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

from cleaner.context import protected_spans, removes_whole_lines
from cleaner.edits import apply_edits, revert_edits, with_adjacent_removals
from cleaner.io import ESCAPED_BYTE_RE
from cleaner.pipeline import Cleaner

ROOT = Path(__file__).resolve().parent.parent
FAILURES = ROOT / "bench" / "results" / "fuzz-failures"
#: fragments scraped and machine-translated text is damaged with
DAMAGE = (
    " .",
    ". .",
    " ,",
    "  ",
    "\t",
    "\r\n",
    "\r",
    "\n\n",
    "\ufeff",
    "\u00a0",
    "\u200b",
    "\u2028",
    "&amp;",
    "&#8217;",
    "&lt;script&gt;",
    "Ã©",
    "â€™",
    "Ã¢â‚¬â„¢",
    "\x07",
    "\x1b[31m",
    "the the ",
    "Msocow",
    "MOSKOW",
    "walkes",
    "teh",
    "PresidentRecep",
    "https://example.org/a_b?c=d.",
    "www.example.com/x",
    "mail@example.org",
    "[sic]",
    "#Idlib",
    "@handle",
    "<b>",
    "</p>",
    "Image Credit: AFP",
    "Copy of 458747-01-08-1581590675397\n",
    "date 2020-02-12 ",
    "(Additional reporting by Jane Doe; Editing by John Roe)",
    "“",
    "”",
    "’",
    "«",
    "»",
    "e\u0301",
    "🙂",
    "👩‍👩‍👧",
    "ß",
    "İ",
    "ﬁ",
    "Ⅻ",
    "٣",
    "中文",
    "a" * 500,
    ". " * 200,
    "in 10 days. last.",
    "cleaner: ignore",
    "<!-- cleaner: off -->",
    # bytes that were not UTF-8, as --encoding-errors surrogateescape reads them: a lead byte,
    # a continuation byte (together the valid é) and a byte that is never UTF-8
    "\udcc3",
    "\udca9",
    "\udcff",
)
MUTATIONS = ("insert", "codepoint", "delete", "duplicate", "swap", "case")


def seed_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines(True) if line]
    return lines


def random_codepoint(rng: random.Random) -> str:
    plane = rng.choice((0x7F, 0x7FF, 0xFFFF, 0x10FFFF))
    return chr(rng.randint(0, plane))


def make_input(rng: random.Random, lines: list[str]) -> str:
    """A few seed lines, cut, then damaged by up to eight random mutations."""
    text = "".join(rng.choice(lines) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.5:
        start = rng.randint(0, len(text))
        text = text[start : start + rng.randint(0, 600)]
    for _ in range(rng.randint(0, 8)):
        at = rng.randint(0, len(text))
        end = min(len(text), at + rng.randint(0, 30))
        kind = rng.choice(MUTATIONS)
        if kind == "insert":
            text = text[:at] + rng.choice(DAMAGE) + text[at:]
        elif kind == "codepoint":
            text = text[:at] + random_codepoint(rng) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[end:]
        elif kind == "duplicate":
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "swap" and end - at >= 2:
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        elif kind == "case":
            text = text[:at] + text[at:end].swapcase() + text[end:]
    return text


def _writes_back(text: str) -> bool:
    """True when ``text`` written as UTF-8 with surrogateescape reads back as itself."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # another lone surrogate (a random code point)
        return False
    return data.decode("utf-8", "surrogateescape") == text


def check(cleaner: Cleaner, text: str) -> None:
    """Raise ``AssertionError`` (or whatever ``clean`` raises) if an invariant breaks."""
    result = cleaner.clean(text)
    found = [*result.edits, *result.suggestions]
    for edit in found:
        assert 0 <= edit.start <= edit.end <= len(text), f"offsets out of range: {edit}"
        assert text[edit.start : edit.end] == edit.original, f"offsets name other text: {edit}"
    assert apply_edits(text, result.edits) == result.text, "edits do not replay to the text"
    assert revert_edits(result.text, result.edits) == text, "edits do not revert"
    for start, end in protected_spans(text):
        for edit in found:
            if edit.end <= start or edit.start >= end:
                continue
            # only a debris line removed whole may take a link with it, and only whole (with
            # what other removals took from the line right beside it: a control character)
            span = with_adjacent_removals(edit.start, edit.end, result.edits)
            whole = removes_whole_lines(text, *span, edit.replacement)
            inside = edit.start <= start and end <= edit.end
            assert whole and inside, f"edit in protected span: {edit}"
    if _writes_back(text):
        assert _writes_back(result.text), "bad bytes joined: the clean text reads back otherwise"
        for edit in result.edits:
            span = with_adjacent_removals(edit.start, edit.end, result.edits)
            if ESCAPED_BYTE_RE.search(edit.original) and not removes_whole_lines(text, *span, ""):
                raise AssertionError(f"a bad byte changed: {edit}")
    again = cleaner.clean(result.text)
    more = [(e.rule, e.original, e.replacement) for e in again.edits]
    assert again.text == result.text, f"not idempotent: a second run made {more}"


def fuzz(
    *, seconds: float = 0.0, inputs: int = 0, seed: int = 0, save: bool = True
) -> tuple[int, list[tuple[str, str]]]:
    """Run until ``seconds`` pass or ``inputs`` are tried; return (tried, failures)."""
    rng = random.Random(seed)
    lines = seed_lines()
    cleaner = Cleaner()
    failures: list[tuple[str, str]] = []
    tried = 0
    deadline = time.monotonic() + seconds if seconds else float("inf")
    while (not inputs or tried < inputs) and time.monotonic() < deadline:
        text = make_input(rng, lines)
        tried += 1
        try:
            check(cleaner, text)
        except Exception:  # every failure is a finding
            error = traceback.format_exc(limit=6)
            failures.append((text, error))
            if save:
                FAILURES.mkdir(parents=True, exist_ok=True)
                name = f"{seed}-{tried}"
                (FAILURES / f"{name}.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
                (FAILURES / f"{name}.error").write_text(error, encoding="utf-8")
    return tried, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tried, failures = fuzz(seconds=args.minutes * 60, seed=args.seed)
    elapsed = time.monotonic() - started
    print(
        f"fuzz: {tried} inputs in {elapsed:.0f} s ({tried / elapsed:.0f}/s), seed {args.seed}, "
        f"failures {len(failures)}" + (f" (saved in {FAILURES})" if failures else "")
    )
    for _, error in failures[:3]:
        print(error.strip().splitlines()[-1])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
