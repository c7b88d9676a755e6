"""Reference tools: a raw symspellpy corrector and codespell (run as its own command line)."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.data import symspell_dictionary_path
from bench.diff import Change, diff_changes
from bench.inject import transfer_case
from bench.tools import Output

CACHE_DIR = Path(__file__).parent / ".cache"
#: tokens the symspellpy baseline looks at: letter runs, apostrophes inside (``don't``) allowed;
#: tokens glued to digits or underscores (``2nd``, ``COVID_19``) are skipped
_TOKEN = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’][^\W\d_]+)*(?!\w)")


def load_symspell() -> Any:
    """symspellpy with its bundled English dictionary (pickled in bench/.cache after first load)."""
    from symspellpy import SymSpell

    sym = SymSpell(max_dictionary_edit_distance=2)
    path = symspell_dictionary_path()
    pickle = CACHE_DIR / f"symspell-{path.stat().st_size}.pickle"
    if pickle.exists():
        sym.load_pickle(pickle)
    else:
        sym.load_dictionary(path, term_index=0, count_index=1)
        CACHE_DIR.mkdir(exist_ok=True)
        sym.save_pickle(pickle)
    return sym


class SymSpellTool:
    """Raw baseline: every token not in the dictionary gets symspellpy's top suggestion.

    Tokens are letter runs with inner apostrophes (``’`` read as ``'``); a possessive ``'s`` not
    in the dictionary is split off and only the stem is looked up.
    ``lookup(token.lower(), Verbosity.TOP, max_edit_distance=2)``; the case pattern of the token
    is carried over. ``memo`` caches lookups (same output, faster); speed runs switch it off.
    """

    name = "symspellpy"

    def __init__(self, memo: bool = True) -> None:
        from symspellpy import Verbosity

        self.sym = load_symspell()
        self.words: dict[str, int] = self.sym.words
        self.top = Verbosity.TOP
        self.memo: dict[str, str | None] | None = {} if memo else None

    def suggest(self, lower: str) -> str | None:
        if self.memo is not None and lower in self.memo:
            return self.memo[lower]
        found = self.sym.lookup(lower, self.top, max_edit_distance=2)
        best = found[0].term if found else None
        if self.memo is not None:
            self.memo[lower] = best
        return best

    def one(self, doc: str) -> Output:
        changes = []
        for m in _TOKEN.finditer(doc):
            token, start = m.group(), m.start()
            lower = token.lower().replace("’", "'")
            if lower in self.words:
                continue
            if lower.endswith("'s"):
                token, lower = token[:-2], lower[:-2]
                if lower in self.words:
                    continue
            best = self.suggest(lower)
            if best is None or best == lower:
                continue
            fixed = transfer_case(token, best, lower)
            changes.append(Change(start, start + len(token), token, fixed, "symspell-top"))
        out, pos = [], 0
        for c in changes:
            out += [doc[pos : c.start], c.after]
            pos = c.end
        out.append(doc[pos:])
        return Output("".join(out), changes)

    def run(self, docs: Sequence[str]) -> list[Output]:
        return [self.one(doc) for doc in docs]


def codespell_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "codespell_lib", *args]


class CodespellTool:
    """codespell's own command line: ``codespell --write-changes`` on one temp file per document.

    Default dictionaries (``clear,rare``); only unambiguous entries are written (entries with
    several candidates or a "disabled" reason are reported by codespell but not applied, so they
    are not counted). Changes are recovered by a token diff of each file before/after.
    """

    name = "codespell"

    def run(self, docs: Sequence[str]) -> list[Output]:
        if not docs:
            return []
        with tempfile.TemporaryDirectory(prefix="bench-codespell-") as tmp:
            root = Path(tmp)
            paths = [root / f"{i:06d}.txt" for i in range(len(docs))]
            for path, doc in zip(paths, docs, strict=True):
                path.write_text(doc, encoding="utf-8")
            # cwd=tmp so no project config (setup.cfg, pyproject.toml) is picked up
            subprocess.run(
                codespell_command("--write-changes", "--quiet-level", "63", "."),
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            after = [p.read_text(encoding="utf-8") for p in paths]
        return [
            Output(b, diff_changes(a, b, "codespell")) for a, b in zip(docs, after, strict=True)
        ]
