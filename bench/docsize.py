"""MB/s by document length: the same text cut into short documents or joined into long ones.

    python -m bench.docsize                  # documents of 1, 3, 10, 30 and 100 chunks
    python -m bench.docsize --joins 1 20     # just these

The corpus bench's documents (bench.corpus: the clean eval text in chunks of ~3 KB) are joined
``n`` at a time with a line break, so every row cleans the same text; only its cut into
documents differs. One core, in this process, after one warm-up pass (resources loaded, the
per-word memos filled, as in a corpus run). Each length is timed ``--rounds`` times, the rounds
interleaved so a slow spell of the machine hits every row; the best round is printed.

A cleaner that does per-document work once, in passes that grow with the text, gives the same
MB/s on every row. Work that grows with the document for every word (scanning the whole text
once per unknown word or per phrase anchor) shows as MB/s falling on the longer rows.
"""

from __future__ import annotations

import argparse
import time

from bench.corpus import documents
from bench.speed import one_core


def joined(docs: list[str], n: int) -> list[str]:
    """``docs`` joined ``n`` at a time (the last document may hold fewer)."""
    return ["\n".join(docs[i : i + n]) for i in range(0, len(docs), n)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--joins", type=int, nargs="+", default=[1, 3, 10, 30, 100])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from cleaner import Cleaner

    docs = documents()
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    best: dict[int, float] = {}
    with one_core():
        cleaner = Cleaner()
        for doc in docs:
            cleaner.clean(doc)
        for _ in range(args.rounds):
            for n in args.joins:
                batch = joined(docs, n)
                t0 = time.perf_counter()
                for doc in batch:
                    cleaner.clean(doc)
                seconds = time.perf_counter() - t0
                best[n] = min(best.get(n, seconds), seconds)
    print(f"{size:.2f} MB of text, best of {args.rounds} rounds, one core")
    print(f"{'joined':>6}  {'documents':>9}  {'mean KB':>7}  {'seconds':>7}  {'MB/s':>5}")
    for n in args.joins:
        count = len(joined(docs, n))
        kb = size * 1e3 / count
        print(f"{n:>6}  {count:>9}  {kb:>7.1f}  {best[n]:>7.2f}  {size / best[n]:>5.2f}")


if __name__ == "__main__":
    main()
