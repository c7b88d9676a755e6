"""Properties of :meth:`Cleaner.clean` that must hold for any text, checked by hypothesis on
generated text and on the seeds cut up and damaged the ways scraped text is.

For every input: the edits, replayed on the original, give the clean text; reverted on the clean
text, give the original; every offset falls inside the original and names the text it claims;
no edit or suggestion touches a protected span (URL, e-mail address, ``[sic]``, hashtag); and
cleaning the clean text changes nothing more (``bench.fuzz.check``, shared with the fuzzer).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import with_damage

from bench.fuzz import DAMAGE, check, fuzz
from cleaner.pipeline import Cleaner

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_LINES = [
    line for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines() if line
]
cleaner = Cleaner()

real_text = st.lists(
    st.tuples(st.sampled_from(SEED_LINES), st.integers(0, 400), st.integers(0, 400)),
    min_size=1,
    max_size=4,
).map(lambda parts: "\n".join(line[a : a + 40 + b] for line, a, b in parts))


def damaged() -> st.SearchStrategy[str]:
    """Seed text with damage fragments inserted at drawn places."""
    return with_damage(real_text, 0, 6)


any_text = st.one_of(
    damaged(),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(".,; \n'\""),
        max_size=200,
    ),
    st.lists(st.sampled_from([*DAMAGE, *SEED_LINES[:20]]), max_size=8).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_edits_replay_revert_and_stay_in_range(text: str) -> None:
    check(cleaner, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_cleaning_twice_equals_cleaning_once(text: str) -> None:
    once = cleaner.clean(text)
    twice = cleaner.clean(once.text)
    assert twice.text == once.text, [(e.rule, e.original, e.replacement) for e in twice.edits]


def test_every_seed_satisfies_the_properties() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        check(cleaner, text)
        assert cleaner.clean(text).edits, f"{path.name}: the seeds all need repair"


def test_fuzz_short_run() -> None:
    """A fixed-seed slice of ``python -m bench.fuzz`` (which runs for minutes)."""
    tried, failures = fuzz(inputs=1500, seed=1, save=False)
    assert tried == 1500
    assert not failures, failures[0][1]


def test_inputs_the_fuzzer_found() -> None:
    """Each input once broke an invariant (``tests/cases/fuzz-found.json``, minimised by hand
    from ``python -m bench.fuzz`` failures)."""
    import json

    cases = json.loads((Path(__file__).parent / "cases" / "fuzz-found.json").read_text("utf-8"))
    for case in cases:
        check(cleaner, case["input"])
