"""Properties of :meth:`Cleaner.clean` that must hold for any text, checked by hypothesis on
generated text and on the seeds cut up and damaged the ways scraped text is.

For every input: the edits, replayed on the original, give the clean text; reverted on the clean
text, give the original; every offset falls inside the original and names the text it claims;
no edit or suggestion touches a protected span (URL, e-mail address, ``[sic]``, hashtag); and
cleaning the clean text changes nothing more.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.context import protected_spans
from cleaner.edits import apply_edits, revert_edits
from cleaner.pipeline import Cleaner, CleanResult

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_LINES = [
    line for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines() if line
]
#: fragments scraped text is damaged with: spacing debris, doubled words, entities, mojibake,
#: a BOM, CRLF, controls, protected forms, debris lines, long runs
DAMAGE = [
    " .",
    ". .",
    " ,",
    "  ",
    "\t",
    "\r\n",
    "\n\n",
    "\ufeff",
    "\u00a0",
    "\u200b",
    "&amp;",
    "&#8217;",
    "Ã©",
    "â€™",
    "\x07",
    "the the ",
    "Msocow",
    "MOSKOW",
    "walkes",
    "teh",
    "PresidentRecep",
    "https://example.org/a_b?c=d.",
    "mail@example.org",
    "[sic]",
    "#Idlib",
    "@handle",
    "Image Credit: AFP",
    "Copy of 458747-01-08-1581590675397\n",
    "date 2020-02-12 ",
    "(Editing by Jane Doe)",
    "“",
    "’",
    "«",
    "e\u0301",
    "🙂",
    "ß",
    "İ",
    "ﬁ",
    "a" * 300,
]

cleaner = Cleaner()

real_text = st.lists(
    st.tuples(st.sampled_from(SEED_LINES), st.integers(0, 400), st.integers(0, 400)),
    min_size=1,
    max_size=4,
).map(lambda parts: "\n".join(line[a : a + 40 + b] for line, a, b in parts))


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """Seed text with damage fragments inserted at drawn places."""
    text = draw(real_text)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(DAMAGE)) + text[at:]
    return text


any_text = st.one_of(
    damaged(),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(".,; \n'\""),
        max_size=200,
    ),
    st.lists(st.sampled_from(DAMAGE + SEED_LINES[:20]), max_size=8).map("".join),
)


def check_invariants(text: str, result: CleanResult) -> None:
    assert result.original == text
    for edit in [*result.edits, *result.suggestions]:
        assert 0 <= edit.start <= edit.end <= len(text), edit
        assert text[edit.start : edit.end] == edit.original, edit
    assert apply_edits(text, result.edits) == result.text
    assert revert_edits(result.text, result.edits) == text
    spans = protected_spans(text)
    for edit in [*result.edits, *result.suggestions]:
        for start, end in spans:
            assert edit.end <= start or edit.start >= end, (edit, text[start:end])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_edits_replay_revert_and_stay_in_range(text: str) -> None:
    check_invariants(text, cleaner.clean(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_cleaning_twice_equals_cleaning_once(text: str) -> None:
    once = cleaner.clean(text)
    twice = cleaner.clean(once.text)
    assert twice.text == once.text, [(e.rule, e.original, e.replacement) for e in twice.edits]


def test_every_seed_satisfies_the_properties() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        result = cleaner.clean(text)
        check_invariants(text, result)
        assert result.edits, f"{path.name}: the seeds all need repair"
        assert cleaner.clean(result.text).text == result.text, path.name


def test_fuzz_short_run() -> None:
    """A fixed-seed slice of ``python -m bench.fuzz`` (which runs for minutes)."""
    from bench.fuzz import fuzz

    tried, failures = fuzz(inputs=1500, seed=1, save=False)
    assert tried == 1500
    assert not failures, failures[0][1]
