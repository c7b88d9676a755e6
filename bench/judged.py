"""A person's verdicts on changes made to the clean eval text (``bench/judged.tsv``).

The clean reference text holds real typos, so "changes per 100k words" overstates the damage a
tool does. Each change a person has judged is a ``fix`` (repairs a real error) or ``wrong``; a
change nobody has judged yet counts as wrong, so the figure can only err on the safe side.
"""

from __future__ import annotations

from pathlib import Path

from bench.quality import FalsePositives

JUDGED_FILE = Path(__file__).with_name("judged.tsv")

Key = tuple[str, int, str, str]


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def load_verdicts(path: Path = JUDGED_FILE) -> dict[Key, str]:
    """``(file, line, before, after)`` (escaped as in the TSV) -> ``fix`` or ``wrong``."""
    verdicts: dict[Key, str] = {}
    if not path.is_file():
        return verdicts
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    for raw in lines[1:]:
        cells = raw.split("\t")
        if len(cells) < 5 or cells[4] not in ("fix", "wrong"):
            raise ValueError(f"{path}: bad line {raw!r}")
        verdicts[(cells[0], int(cells[1]), cells[2], cells[3])] = cells[4]
    return verdicts


def wrong_changes(fp: FalsePositives, verdicts: dict[Key, str]) -> tuple[int, int]:
    """(changes judged wrong or not judged, changes judged a fix)."""
    wrong = fixes = 0
    for x in fp.changes:
        key = (x.file, x.line, _esc(x.change.before), _esc(x.change.after))
        if verdicts.get(key) == "fix":
            fixes += 1
        else:
            wrong += 1
    return wrong, fixes
