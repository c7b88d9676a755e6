"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from bench.fuzz import DAMAGE


def with_damage(texts: st.SearchStrategy[str], least: int, most: int) -> st.SearchStrategy[str]:
    """``texts`` with ``least`` to ``most`` of the fuzzer's damage fragments inserted at drawn
    places."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(texts)
        for _ in range(draw(st.integers(least, most))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(DAMAGE)) + text[at:]
        return text

    return build()
