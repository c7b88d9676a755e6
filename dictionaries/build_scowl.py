"""Build ``scowl-80-en.txt.gz``: the words of SCOWL's size-80 English lists, American and British.

SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson) is what spelling checkers ship as
their dictionary: words as a dictionary spells them, case included (``NATO``, ``Brussels``,
``colour``, ``color``), and not the misspellings that web-frequency lists such as wordfreq's
count (``recieve``, ``seperate``). Size 80 ("huge") is the largest size SCOWL recommends for
spell checking; above it come rare and questionable words. Debian packages it as
``wamerican-huge`` and ``wbritish-huge``, whose ``/usr/share/dict`` files this script reads::

    apt-get download wamerican-huge wbritish-huge   # or apt-get install
    dpkg-deb -x wamerican-huge_*.deb x && dpkg-deb -x wbritish-huge_*.deb x
    python dictionaries/build_scowl.py x/usr/share/dict/american-english-huge \\
        x/usr/share/dict/british-english-huge

Possessives (``Aachen's``) are left out: cleaner never checks a possessive. The output is the
sorted union, one word per line after a short header, gzipped without a timestamp so the same
lists always give the same bytes. The copyright notice is in ``scowl-80-en.COPYRIGHT``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).parent / "scowl-80-en.txt.gz"
HEADER = (
    "# SCOWL size 80 (en_US and en_GB), Debian wamerican-huge and wbritish-huge 2020.12.07-2;"
    " copyright notice: scowl-80-en.COPYRIGHT; built by build_scowl.py"
)


def build(lists: list[Path]) -> list[str]:
    """The header and the sorted words of ``lists`` (UTF-8, one word a line), possessives out."""
    words: set[str] = set()
    for path in lists:
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and not word.endswith("'s"):
                words.add(word)
    return [HEADER, *sorted(words)]


def write(lines: list[str], out: Path = OUT) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    write(build([Path(p) for p in sys.argv[1:]]))
    print(f"wrote {OUT}")
