"""Where the time goes: seconds per rule (and for the pipeline around them) over the eval text.

    python -m bench.rule_times            # one core, two passes over the clean eval documents
    python -m bench.rule_times --join 100 # the same documents joined 100 at a time (long ones)

Pass 1 meets the text fresh (per-word memos empty, the phrase matcher compiling what it meets);
pass 2 runs the same documents again, warm. A corpus run sits between the two: its vocabulary
keeps growing, but slower and slower. Resources are loaded before pass 1 (``Cleaner()`` and one
small document), so neither pass pays for start-up.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from bench.data import load_chunks
from bench.docsize import joined
from bench.speed import one_core

Find = Callable[[str, Any], Iterable[Any]]


def _timed(find: Find, totals: dict[str, float], key: str) -> Find:
    def wrapper(text: str, doc: Any) -> Iterable[Any]:
        t0 = time.perf_counter()
        items = list(find(text, doc))
        totals[key] += time.perf_counter() - t0
        return iter(items)

    return wrapper


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument(
        "--join", type=int, default=1, metavar="N", help="join N documents into one (default 1)"
    )
    args = parser.parse_args(argv)
    from cleaner import Cleaner

    docs = joined([chunk.text for chunk in load_chunks()], args.join)
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    with one_core():
        cleaner = Cleaner()
        cleaner.clean(docs[0][:2000] + "\nWarm up lazy resources: a typo, recieve.")
        for n in range(1, args.passes + 1):
            totals: dict[str, float] = defaultdict(float)
            for rule in cleaner.rules:
                rule.find = _timed(rule.find, totals, f"{rule.stage}/{rule.id}")  # type: ignore[method-assign,assignment]
            t0 = time.perf_counter()
            for doc in docs:
                cleaner.clean(doc)
            wall = time.perf_counter() - t0
            for rule in cleaner.rules:
                del rule.find  # back to the class's method
            print(f"pass {n}: {size:.2f} MB in {wall:.2f} s = {size / wall:.2f} MB/s")
            for key, secs in sorted(totals.items(), key=lambda kv: -kv[1]):
                print(f"  {secs:7.3f} s  {100 * secs / wall:5.1f} %  {key}")
            rest = wall - sum(totals.values())
            share = 100 * rest / wall
            print(f"  {rest:7.3f} s  {share:5.1f} %  (pipeline: context, overlaps, apply)")


if __name__ == "__main__":
    main()
