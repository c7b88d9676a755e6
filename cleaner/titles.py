"""Titles and honorifics that stand before a personal name: ``Mr Loewer``, ``President Holaday``,
``Dr. Laisure``. The capitalised word after one is a name, whatever common word it is one letter
from, and a full stop after an abbreviated one ends no sentence.

English titles are a closed class; the lists hold those that news puts straight before a name.
Words that as often head a common noun in a name are left out (``Major League``, ``Premier
League``, ``Duke University``, ``Prince Edward Island``, ``Captain America``, ``Cardinal
Health``, ``Miss Universe``, ``Deputy Director``), so a capital after them is read as before; so
are the royal titles, which head the names of places and schools as often (``King Edward
School``, ``Queen Mary University``). ``General`` counts only after a title's head (``Attorney
General Loewer``, not ``the General Assembly``).
"""

from __future__ import annotations

import re

#: titles written with a full stop when abbreviated (``Dr.``, ``Gen.``); without one in British
#: style (``Dr``, ``Mr``). ``St.`` is left out: it also ends a sentence as ``Street``
ABBREVIATED_TITLES = frozenset(
    "mr mrs ms mx messrs mme mlle dr prof gen sen rep gov pres supt insp det "  # noqa: SIM905
    "col capt lt sgt cpl pvt maj adm cmdr brig rev fr hon".split()
)
#: the abbreviated titles that also abbreviate a place or a word that may end a sentence
#: (``400 Maple Dr.`` for Drive, ``Denver, Col.`` for Colorado, ``Fr.`` for France, ``rev.``)
PLACE_ABBREVIATIONS = frozenset(["dr", "col", "fr", "rev", "det"])
#: the honorifics: after one comes a name, or one of the few titles that pair with it firmly
#: (``Mr President``, ``Madam Speaker``), never another title as a name's part (``Mr Bishop``)
HONORIFICS = frozenset(
    "mr mrs ms mx messrs mme mlle dr prof mister madam madame sir dame doctor professor".split()  # noqa: SIM905
)
#: the offices an honorific addresses (``Mr President``, ``Madam Speaker``, ``Mr Justice``)
ADDRESSED_OFFICES = frozenset(
    "president speaker chairman chairwoman secretary mayor ambassador justice commissioner "  # noqa: SIM905
    "governor minister chancellor".split()
)
#: titles written out, lower case
TITLES = (
    ABBREVIATED_TITLES
    | HONORIFICS
    | frozenset(
        "president chancellor minister senator congressman congresswoman governor mayor "  # noqa: SIM905
        "councillor councilor alderman judge ambassador commissioner secretary chairman "
        "chairwoman chairperson speaker colonel lieutenant sergeant corporal admiral commander "
        "commodore brigadier constable inspector detective superintendent sheriff pope "
        "archbishop reverend pastor rabbi imam sheikh ayatollah lord lady".split()
    )
)
#: the heads of titles in General (``Attorney General``, ``Major General``), which is a title
#: only after one: ``the General Assembly`` is no person's
GENERAL_HEADS = TITLES | frozenset(
    "attorney surgeon solicitor director postmaster adjutant major advocate".split()  # noqa: SIM905
)
#: common nouns that head the name of a place or an institution after a given name
#: (``Stanford University``, ``Grace Church``, ``Victoria Police``, ``Austin Airport``): a
#: capital after a given name is a surname, unless its fix is one of these
NAME_HEADS = frozenset(
    "university college school academy institute hospital clinic church chapel cathedral "  # noqa: SIM905
    "abbey mosque temple synagogue museum gallery library theatre theater cinema airport "
    "station stadium arena park garden gardens street road avenue lane square bridge river "
    "lake valley mountain island bay harbour harbor county city town district province state "
    "region police council court hall centre center memorial foundation trust heritage "
    "brothers sisters international national hotel house tower castle palace cemetery zoo "
    "market prison port beach falls forest creek hill heights commonwealth line highway canal "
    "sea gulf company group bank press club society association".split()
)
#: a capitalised title, its full stop if any, and the blanks (one line break at most) before the
#: word that follows it
_TITLE_BEFORE = re.compile(
    r"(?<![^\W\d_])([A-Z][A-Za-z]*)(\.?)[ \t\u00a0]*\n?[ \t\u00a0]*(?<=[\s\u00a0])\Z"
)
#: the capitalised word before ``General``
_HEAD_BEFORE = re.compile(r"(?<![^\W\d_])([A-Z][A-Za-z]+)\.?[ \t\u00a0]+\Z")
_BLANKS = " \t\u00a0"
_OPENING_MARKS = "\"'“‘(["
#: how far back a title is looked for (the longest title and a few blanks)
_REACH = 32
#: a title written out is recognised misspelled from this many letters (``Senatr``, ``Mayro``);
#: shorter ones lie one letter from too many words and names (``Lard``, ``Mrs``/``Mrd``)
MISSPELLED_TITLE_MIN = 5
#: the titles looked for misspelled, in a fixed order
WRITTEN_TITLES = tuple(sorted(t for t in TITLES if len(t) >= MISSPELLED_TITLE_MIN))


def title_before(text: str, start: int) -> str | None:
    """The title (lower case, without its full stop) that stands just before the word at
    ``start``, or None. The title is capitalised, and only an abbreviation takes a full stop
    (``Dr.``, not ``President.``).

    >>> [title_before(t, t.index("Holaday")) for t in
    ...  ["Mr Holaday said", "said President Holaday", "Dr. Holaday said", "MR. HOLADAY"[:4]
    ...   + "Holaday", "Gen.\\u00a0Holaday", "met Mr\\nHoladay", "Attorney General Holaday",
    ...   "Lt. General Holaday"]]
    ['mr', 'president', 'dr', 'mr', 'gen', 'mr', 'general', 'general']
    >>> [title_before(t, t.index("Holaday")) for t in
    ...  ["the Naval Holaday", "President. Holaday", "Mr\\n\\nHoladay", "AMr Holaday", "Holaday",
    ...   "to judge Holaday", "Denver, Col. Holaday", "the UN General Holaday"]]
    [None, None, None, None, None, None, None, None]
    """
    m = _TITLE_BEFORE.search(text, max(0, start - _REACH), start)
    if m is None:
        return None
    word = m.group(1).lower()
    if word == "general":
        head = _HEAD_BEFORE.search(text, max(0, m.start(1) - _REACH), m.start(1))
        if head is None or head.group(1).lower() not in GENERAL_HEADS:
            return None
    elif word not in TITLES:
        return None
    if m.group(2) and not ends_abbreviated_title(text, m.end(2) - 1):
        return None  # (a full stop that ends a sentence: Denver, Col. The fire)
    return word


def capital_before(text: str, start: int) -> str | None:
    """The capitalised word (lower case) that stands just before the word at ``start`` as a
    title written out would, with no full stop after it, or None: where the speller looks for a
    misspelled title (``Prime Minsiter Holaday``).

    >>> [capital_before(t, t.index("Holaday")) for t in
    ...  ["Prime Minsiter Holaday", "met Senatr\\nHoladay", "Presdient. Holaday", "the Holaday"]]
    ['minsiter', 'senatr', None, None]
    """
    m = _TITLE_BEFORE.search(text, max(0, start - _REACH), start)
    return None if m is None or m.group(2) else m.group(1).lower()


def ends_abbreviated_title(text: str, stop: int) -> bool:
    """True when the full stop at ``text[stop]`` closes a capitalised title's abbreviation
    (``Dr.``, ``Gen.``), so the capital after it opens no sentence. One that also abbreviates a
    place (:data:`PLACE_ABBREVIATIONS`) is taken for the place's after a comma or after a
    capitalised word inside its sentence (``Denver, Col.``; ``400 Maple Dr.`` for Drive, not
    ``When Dr.``), and may end a sentence.

    >>> ends_abbreviated_title("said Dr. Holaday", 7), ends_abbreviated_title("the dr. It", 6)
    (True, False)
    >>> ends_abbreviated_title("a reply from Rep. Loewer", 16)
    True
    >>> ends_abbreviated_title("Texas Gov. Loewer", 9), ends_abbreviated_title("Mr. A, Mr. B", 9)
    (True, True)
    >>> street, state = "at 400 Maple Dr. Real", "Denver, Col. It"
    >>> ends_abbreviated_title(street, 15), ends_abbreviated_title(state, 11)
    (False, False)
    >>> opening, later = "When Dr. Loewer", "So. When Dr. Loewer"
    >>> ends_abbreviated_title(opening, 7), ends_abbreviated_title(later, 11)
    (True, True)
    """
    begin = stop
    while begin > 0 and text[begin - 1].isascii() and text[begin - 1].isalpha():
        begin -= 1
    if begin == stop or not text[begin].isupper():
        return False
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return False
    abbreviation = text[begin:stop].lower()
    if abbreviation not in ABBREVIATED_TITLES:
        return False
    if abbreviation not in PLACE_ABBREVIATIONS:
        return True  # (Texas Gov. Loewer, Republican Sen. Loewer, Mr. Holaday, Mr. Loewer)
    i = begin
    while i > 0 and text[i - 1] in _BLANKS:
        i -= 1
    if i > 0 and text[i - 1] == ",":
        return False  # (Denver, Col.)
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if not word[:1].isupper() or word.lower() in TITLES:
        return True  # (said Dr. Loewer; Prof. Dr. Loewer)
    # a place's name stands inside its sentence: a capital that opens one is none (When Dr.)
    while j > 0 and text[j - 1] in _BLANKS + _OPENING_MARKS:
        j -= 1
    return j == 0 or text[j - 1] in "\n.!?:"
