"""Build ``dictionaries/tortured-science.tsv`` from the Problematic Paper Screener list.

Usage (from the repository root; the output is committed, so only rerun when the input or the
scoring changes)::

    python dictionaries/build_tortured_science.py [/work/shared/data/tortured_phrases_pps.tsv]

Input: a TSV with ``tortured``, ``expected``, ``num_papers`` (Cabanac, Labbé, Magazinov,
"Tortured phrases: A dubious writing style emerging in science", 2021; CC BY 4.0).

Scoring (each entry starts at 0.9 and takes the lowest cap that applies; the reason cell says
which caps applied, so a reviewer sees the evidence):

* ``expected`` is missing or ``???``: detect-only (empty replace cell), 0.3.
* ``expected`` offers alternatives (``delivery strategy/system``): detect-only, 0.4.
* ``expected`` carries ``(?)`` or a bare ``?``: the curators were unsure, cap 0.5.
* ``expected`` carries an explanatory note (``(in this context)``, ``(e.g. CAD)``): cap 0.7.
  A bracketed abbreviation (``(SVM)``) is not a note: it is dropped from the replacement (the
  abbreviation is not in the text being repaired) unless the tortured form carries one too, in
  which case the tortured form's own abbreviation is kept (``data technology (IT)`` →
  ``information technology (IT)``).
* the tortured form is one word: single words are nearly always ordinary English elsewhere
  (``thimbleful``), cap 0.5.
* the tortured form reads as ordinary English: every adjacent pair of plain lowercase words in
  it is a common English bigram (symspellpy's ``frequency_bigramdictionary_en_243_342.txt``,
  read from the installed package), e.g. ``degree of displacement``, ``in the presence of N2``
  (``N2`` is not a plain word, so it does not count as evidence either way), cap 0.5.
* at most two content words (stopwords aside), all common (wordfreq Zipf >= 3.5, e.g.
  ``mind waves``, ``ladies and youngsters``, ``under this audit``), or three or more content
  words, all very common (Zipf >= 4.5): a plausible ordinary collocation the bigram list is too
  small to know, cap 0.75. (A sample of 80 such pairs read by hand held ~25% ordinary English:
  ``expanded creation``, ``positive societies``, ``attractive separation``.)
* the replacement only drops words of the tortured form (``preparing exactness`` →
  ``exactness``), cap 0.5; it has fewer than half as many words (``Eventually Tom's
  scrutinizing`` → ``by``), cap 0.6.
* ``expected`` holds a bracketed optional word (``malicious [network] traffic``): it is dropped
  and counted as a note.
* the replacement holds a lowercase word wordfreq does not know (``noise supression``): the
  source row may carry a typo, cap 0.7.
* seen in more than 1,000 papers: a phrase that widespread is partly legitimate usage
  (``neural organization``, ``grouping methods``, ``eye ailments``), cap 0.7.
* seen in fewer than 2 papers: one sighting is thin evidence, cap 0.75.
* the tortured form is written in capitals only (an acronym-like token) or holds a ``/``
  (which cleaner's phrase syntax reserves for aligned inflections): the entry is skipped.

Entries whose cleaned replacement equals the tortured form (case-insensitively) are skipped, and
duplicate tortured forms keep the first (most-cited) row.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
from pathlib import Path

import symspellpy
import wordfreq

HERE = Path(__file__).resolve().parent
DEFAULT_INPUT = Path("/work/shared/data/tortured_phrases_pps.tsv")
OUTPUT = HERE / "tortured-science.tsv"
BIGRAMS = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"

BASE = 0.9
_PLAIN_WORD = re.compile(r"[a-z]+")
_ABBREV = re.compile(r"\s*\(([A-Za-z0-9'\-]{1,12})\)")
_NOTE = re.compile(r"\s*\([^)]*\)")
_BRACKET = re.compile(r"\s*\[[^\]]*\]")
#: words that carry no content: ``under this audit`` has one content word
_STOPWORDS_TEXT = """
a an the of in on at to for by with from and or as is are was were be this that these those
its their our under over into onto
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def load_bigrams() -> set[str]:
    pairs: set[str] = set()
    with BIGRAMS.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                pairs.add(f"{parts[0]} {parts[1]}")
    return pairs


def is_abbreviation(inner: str) -> bool:
    """``SVM``, ``IoT``, ``Y'UV``: mostly capitals, no spaces."""
    return sum(c.isupper() for c in inner) >= 2 and " " not in inner


def clean_expected(expected: str) -> tuple[str, list[str]]:
    """The replacement text and the notes removed from it."""
    text = expected.replace('\\"', "").replace('"', "").replace("\xa0", " ").strip()
    notes: list[str] = []
    for m in _NOTE.finditer(text):
        inner = m.group().strip()[1:-1]
        if not is_abbreviation(inner):
            notes.append(inner)
    text = _NOTE.sub("", text)
    for m in _BRACKET.finditer(text):
        notes.append(m.group().strip())
    text = _BRACKET.sub("", text)
    if text.endswith("?"):
        notes.append("?")
        text = text.rstrip("? ")
    return re.sub(r"\s+", " ", text).strip(), notes


def ordinary_english(words: list[str], bigrams: set[str]) -> bool:
    """Every adjacent pair of plain lowercase words is a common English bigram."""
    plain_pairs = [
        f"{a} {b}"
        for a, b in itertools.pairwise(words)
        if _PLAIN_WORD.fullmatch(a) and _PLAIN_WORD.fullmatch(b)
    ]
    return bool(plain_pairs) and all(p in bigrams for p in plain_pairs)


def common_words(words: list[str]) -> bool:
    """At most two content words, all common, or three or more very common ones."""
    content = [w for w in words if w not in STOPWORDS] or words
    floor = 3.5 if len(content) <= 2 else 4.5
    return all(wordfreq.zipf_frequency(w, "en") >= floor for w in content)


def score(tortured: str, expected: str, papers: int, bigrams: set[str]) -> tuple[str, float, str]:
    """``(replacement, confidence, evidence)`` for one row."""
    caps: list[tuple[float, str]] = []
    replacement, notes = clean_expected(expected)
    if not replacement or set(replacement) <= set("?"):
        return "", 0.3, "no replacement known (detect only)"
    if "/" in replacement:
        return "", 0.4, f"expected one of: {replacement} (detect only)"
    if "?" in notes:
        caps.append((0.5, "curators unsure of the original"))
    other = [n for n in notes if n != "?"]
    if other:
        caps.append((0.7, f"expected holds a note ({'; '.join(other)})"))
    own_abbrev = _ABBREV.search(tortured)
    if own_abbrev and is_abbreviation(own_abbrev.group(1)):
        replacement = f"{replacement} ({own_abbrev.group(1)})"
    words = tortured.lower().split()
    if set(replacement.lower().split()) < set(words):
        caps.append((0.5, "the replacement only drops words of the tortured form"))
    if len(replacement.split()) * 2 < len(words):
        caps.append((0.6, "the replacement is much shorter than the tortured form"))
    if len(words) == 1:
        caps.append((0.5, "a single word, ordinary English elsewhere"))
    elif ordinary_english(words, bigrams):
        caps.append((0.5, "every word pair is a common English bigram"))
    elif common_words(words):
        caps.append((0.75, "made of common words, can be an ordinary collocation"))
    unknown = [
        w
        for w in re.findall(r"[A-Za-z]+", replacement)
        if w.islower() and len(w) > 2 and wordfreq.zipf_frequency(w, "en") == 0
    ]
    if unknown:
        caps.append((0.7, f"replacement word unknown to wordfreq: {', '.join(unknown)}"))
    if papers > 1000:
        caps.append((0.7, f"seen in {papers} papers, partly legitimate usage"))
    elif papers < 2:
        caps.append((0.75, f"seen in {papers} paper(s) only"))
    confidence = min([BASE, *(c for c, _ in caps)])
    evidence = "; ".join(why for _, why in caps) or f"distinctive, seen in {papers} papers"
    return replacement, confidence, evidence


def build(source: Path) -> list[str]:
    bigrams = load_bigrams()
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows.sort(key=lambda r: -int(r["num_papers"] or 0))
    seen: set[str] = set()
    out: list[tuple[str, str, float, str]] = []
    for row in rows:
        tortured = re.sub(r"\s+", " ", row["tortured"].replace("\xa0", " ")).strip()
        key = tortured.lower()
        if not tortured or key in seen or "/" in tortured or "\t" in tortured:
            continue
        if tortured.isupper():
            continue
        papers = int(row["num_papers"] or 0)
        replacement, confidence, evidence = score(tortured, row["expected"], papers, bigrams)
        if replacement.lower() == key:
            continue
        seen.add(key)
        reason = f"tortured phrase for '{replacement or row['expected'].strip()}' ({evidence})"
        out.append((tortured, replacement, confidence, reason.replace("\t", " ")))
    out.sort(key=lambda e: e[0].lower())
    lines = [
        "match\treplace\tconfidence\treason",
        "# Built by dictionaries/build_tortured_science.py from the Problematic Paper Screener",
        "# tortured-phrases list (Cabanac, Labbé, Magazinov 2021, CC BY 4.0). Do not edit by hand.",
    ]
    lines += [f"{m}\t{r}\t{c:.2f}\t{why}" for m, r, c, why in out]
    return lines


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    lines = build(source)
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    applied = sum(1 for line in lines[3:] if float(line.split("\t")[2]) >= 0.8)
    print(f"{OUTPUT.name}: {len(lines) - 3} entries, {applied} applied (>= 0.8)")


if __name__ == "__main__":
    main()
