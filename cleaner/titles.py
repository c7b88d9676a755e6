"""Titles and honorifics that stand before a personal name: ``Mr Loewer``, ``President Holaday``,
``Dr. Laisure``. The capitalised word after one is a name, whatever common word it is one letter
from, and a full stop after an abbreviated one ends no sentence.

English titles are a closed class; the lists hold those that news puts straight before a name.
Words that as often head a common noun in a name are left out (``General Assembly``, ``Major
League``, ``Private Sector``, ``Justice Department``, ``Deputy Director``, ``Sister City``), so
a capital after them is read as before.
"""

from __future__ import annotations

import re

#: titles written with a full stop when abbreviated (``Dr.``, ``Gen.``); without one in British
#: style (``Dr``, ``Mr``). ``St.`` is left out: it also ends a sentence as ``Street``
ABBREVIATED_TITLES = frozenset(
    "mr mrs ms mx messrs mme mlle dr prof gen sen rep gov pres supt insp det "  # noqa: SIM905
    "col capt lt sgt cpl pvt maj adm cmdr brig rev fr hon".split()
)
#: titles written out, lower case
TITLES = ABBREVIATED_TITLES | frozenset(
    "mister miss madam madame sir dame doctor professor president premier chancellor "  # noqa: SIM905
    "minister senator congressman congresswoman governor mayor councillor councilor alderman "
    "judge ambassador commissioner secretary chairman chairwoman chairperson speaker "
    "colonel lieutenant captain sergeant corporal admiral commander commodore brigadier "
    "constable inspector detective superintendent sheriff "
    "king queen prince princess emperor empress tsar czar duke duchess earl countess baron "
    "baroness sultan emir sheikh pope cardinal archbishop bishop reverend pastor rabbi imam "
    "ayatollah".split()
)
#: a title, its full stop if any, and the blanks before the word that follows it
_TITLE_BEFORE = re.compile(r"(?<![^\W\d_])([A-Za-z]+)(\.?)[ \t]+\Z")
#: how far back a title is looked for (the longest title and a few blanks)
_REACH = 24


def title_before(text: str, start: int) -> str | None:
    """The title (lower case, without its full stop) that stands just before the word at
    ``start``, or None. Only an abbreviation takes a full stop (``Dr.``, not ``President.``).

    >>> [title_before(t, t.index("Holaday")) for t in
    ...  ["Mr Holaday said", "said President Holaday", "Dr. Holaday said", "Gen.  Holaday"]]
    ['mr', 'president', 'dr', 'gen']
    >>> [title_before(t, t.index("Holaday")) for t in
    ...  ["the Naval Holaday", "President. Holaday", "Mr\\nHoladay", "AMr Holaday", "Holaday"]]
    [None, None, None, None, None]
    """
    m = _TITLE_BEFORE.search(text, max(0, start - _REACH), start)
    if m is None:
        return None
    word = m.group(1).lower()
    if word not in TITLES or (m.group(2) and word not in ABBREVIATED_TITLES):
        return None
    return word


def ends_abbreviated_title(text: str, stop: int) -> bool:
    """True when the full stop at ``text[stop]`` closes a capitalised title's abbreviation
    (``Dr.``, ``Gen.``), so the capital after it opens no sentence.

    >>> ends_abbreviated_title("said Dr. Holaday", 7), ends_abbreviated_title("the dr. It", 6)
    (True, False)
    >>> ends_abbreviated_title("a reply from Rep. Loewer", 16)
    True
    """
    begin = stop
    while begin > 0 and text[begin - 1].isascii() and text[begin - 1].isalpha():
        begin -= 1
    if begin == stop or not text[begin].isupper():
        return False
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return False
    return text[begin:stop].lower() in ABBREVIATED_TITLES
