"""Every ``before`` → ``after`` example in a rule's docstring (what ``cleaner explain`` shows)
gives what it shows, reported under that rule's id.

A wrong example misleads a reader more than none: ``counterfeit consciousness`` was the
tortured-science example while the news-spins pack claimed it.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from cleaner import Cleaner, registry
from cleaner.config import CleanerConfig

#: ``before`` → ``after`` in a docstring (a line break inside is a wrapped line: a space)
_EXAMPLE = re.compile(r"``([^`]+?)``\s*→\s*``([^`]*?)``")
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})")


def _shown(text: str) -> str:
    """The example as a reader types it: wrapped lines joined, ``\\x1b`` escapes read."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text.replace("\n", " "))


def _examples() -> list[tuple[str, str, str]]:
    out = []
    for rule_id in registry.all_rules():
        doc = inspect.getdoc(registry.RULES[rule_id]) or ""
        out += [(rule_id, _shown(a), _shown(b)) for a, b in _EXAMPLE.findall(doc)]
    return out


EXAMPLES = _examples()


def test_examples_are_found() -> None:
    assert len(EXAMPLES) > 25
    assert {"news-spins", "non-word-typo", "spaced-punctuation"} <= {r for r, _, _ in EXAMPLES}


@pytest.mark.parametrize(("rule_id", "before", "after"), EXAMPLES)
def test_rule_example_gives_what_it_shows(
    tmp_path: Path, rule_id: str, before: str, after: str
) -> None:
    config = CleanerConfig(fix_threshold=0.0, dateline_to_meta=rule_id == "dateline")
    if rule_id == "phrase-pack":  # the example says which user pack it assumes
        pack = tmp_path / "mine.tsv"
        pack.write_text(
            "match\treplace\tconfidence\treason\nin close proximity to\tnear\t0.9\tx\n",
            encoding="utf-8",
        )
        config = CleanerConfig(fix_threshold=0.0, extra_packs=((pack, "phrase"),))
    result = Cleaner(config).clean(before)
    assert result.text == after
    assert rule_id in {e.rule for e in result.edits}
