"""What the stages share about a document (cleaner/context.py)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.context import ascii_word_counts

_LOWER_RUNS = re.compile(r"[a-z]+")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=60))
@example("The İstanbul KELVIN \u212a ﬁne Straße \udcff café, covid-19.")
def test_word_counts_are_the_lowered_texts_letter_runs(text: str) -> None:
    """The runs are taken by byte translation, not a regex; they must be exactly the ``[a-z]+``
    runs of the lower-cased text, for any text (surrogates, letters that lower-case to ASCII)."""
    expected: dict[str, int] = {}
    for run in _LOWER_RUNS.findall(text.lower()):
        expected[run] = expected.get(run, 0) + 1
    assert dict(ascii_word_counts(text)) == expected
