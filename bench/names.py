"""Names in sentence frames: does a tool leave a name alone wherever a sentence puts it?

The clean news holds names once per document or more; the false-positive count sees each where
its writer put it, and a name used twice in a document is never asked about. Here every name is
put, alone, into a few short sentences: opening one (where a capital says nothing), after a
comma, mid-clause, before a company suffix, after a title (``Mr``, ``President``, ``Dr.``),
after a given name (``John``), before the head of a place's name (``Park``), after ``said``
and after a team's ``'s``. Any change that touches the name is counted.

A name is a capitalised word after a lower-case word or a comma (not a sentence opener) that
symspellpy's word list lacks and that the clean news spells the same way at least twice: a writer
repeats a name, seldom a typo (``Herro``, ``Zakharova`` stay; a one-off ``Amreica`` does not).

A second set comes from outside the news: a seeded sample of the surnames of the 1990 US Census
(public domain, as shipped by the ``names`` package on PyPI, ``pip install names``) that the word
list lacks (``Holaday``, ``Loewer``, ``Foor``). The census spells what people wrote, so a few of
its rarest entries are typos of commoner names (``Micthell``); the count is an upper bound.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bench.data import Chunk
from bench.tools import Tool

#: the sentences a name is put into
FRAMES = (
    "{name} said on Monday that the talks had failed.",
    "{name}, a teacher, said so.",
    "On Monday, {name} said the talks had failed.",
    "The talks, {name} said, had failed.",
    "{name} Ltd said its profits rose.",
    "Mr {name} said on Monday that the talks had failed.",
    "The talks had failed, said President {name}.",
    "Dr. {name} told reporters the talks had failed.",
    "He met John {name} on Monday.",
    "The festival returns to {name} Park in June.",
    '"We are ready," said {name} of Ohio.',
    "Arsenal's {name} scored twice in the second half.",
)
#: a capitalised word after a lower-case word, a comma or a digit and a space
_NAME_RE = re.compile(r"(?<=[a-z0-9,] )([A-Z][a-z]{2,})\b")
#: times the clean news must spell a name
MIN_USES = 2


def repeated_names(chunks: Iterable[Chunk], words: frozenset[str]) -> list[str]:
    """The names of the clean news (see the module docstring), sorted."""
    uses: Counter[str] = Counter()
    for chunk in chunks:
        uses.update(m.group(1) for m in _NAME_RE.finditer(chunk.text))
    return sorted(n for n, count in uses.items() if count >= MIN_USES and n.lower() not in words)


#: the census surnames sampled for the frames
CENSUS_SAMPLE = 2_000


def census_surnames(
    words: frozenset[str], sample: int = CENSUS_SAMPLE, seed: int = 2021
) -> list[str]:
    """A seeded sample of the census surnames that ``words`` lacks, in title case, sorted;
    ``[]`` when the ``names`` package is not installed."""
    if importlib.util.find_spec("names") is None:
        return []
    table = importlib.resources.files("names") / "dist.all.last"
    return pick_surnames(table.read_text(encoding="ascii").splitlines(), words, sample, seed)


def pick_surnames(lines: Iterable[str], words: frozenset[str], sample: int, seed: int) -> list[str]:
    """The surnames of the census table ``lines`` (``SMITH  1.006  1.006  1``) that ``words``
    lacks, ``sample`` of them picked with ``seed``, title-cased and sorted."""
    unknown = [
        field.capitalize()
        for line in lines
        if (field := line.split(maxsplit=1)[0] if line.strip() else "").isalpha()
        and field.lower() not in words
    ]
    picked = random.Random(seed).sample(unknown, min(sample, len(unknown)))
    return sorted(picked)


@dataclass(slots=True)
class NamesInFrames:
    tool: str
    names: int
    framed: int
    #: (name, frame, what the tool made of the sentence) for each name it changed
    changed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return len(self.changed) / self.framed if self.framed else 0.0


def names_in_frames(tool: Tool, names: Sequence[str]) -> NamesInFrames:
    """Run ``tool`` over every name in every frame; count the sentences where it changed it."""
    docs = [(name, frame) for name in names for frame in FRAMES]
    outputs = tool.run([frame.format(name=name) for name, frame in docs])
    result = NamesInFrames(tool.name, len(names), len(docs))
    for (name, frame), output in zip(docs, outputs, strict=True):
        start = frame.index("{name}")
        end = start + len(name)
        if any(c.start < end and c.end > start for c in output.changes):
            result.changed.append((name, frame, output.text))
    return result
