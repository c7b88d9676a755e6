"""Rules of the ``flags`` stage: findings with no safe fix, reported for a person to review.

(Detect-only entries of phrase packs, those with an empty ``replace`` cell, are flagged by the
phrase-pack rules themselves in the ``phrases`` stage: they come out of the same one-pass match.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.context import DocContext, find_all, is_word_char, stands_alone
from cleaner.edits import Flag
from cleaner.registry import Rule, register

#: plural demonyms: a people named after a country or nation (``Turks``, ``Russians``)
DEMONYM_PLURALS: frozenset[str] = frozenset(
    """
    Afghans Africans Albanians Americans Arabs Armenians Asians Australians Austrians
    Azerbaijanis Belarusians Belgians Bosnians Brazilians Britons Bulgarians Canadians
    Chechens Croats Cubans Czechs Danes Egyptians Estonians Ethiopians Europeans Filipinos
    Finns Georgians Germans Greeks Hungarians Indians Indonesians Iranians Iraqis Israelis
    Italians Kazakhs Koreans Kurds Latvians Libyans Lithuanians Malaysians Mexicans Moldovans
    Nigerians Norwegians Pakistanis Palestinians Poles Romanians Russians Saudis Scots Serbs
    Slovaks Somalis Spaniards Swedes Syrians Tajiks Thais Tibetans Turks Ukrainians Uighurs
    Uyghurs Uzbeks Venezuelans Yemenis
    """.split()  # noqa: SIM905
)
#: plural nouns for groups of people that a nationality adjective usually precedes
PEOPLE_PLURALS: frozenset[str] = frozenset(
    """
    civilians citizens children diplomats fans fighters forces hostages journalists men
    mercenaries migrants militants officers officials pilots players prisoners protesters
    rebels refugees residents settlers soldiers students tourists troops volunteers voters
    women workers
    """.split()  # noqa: SIM905
)
#: head nouns of a subject that is an institution, not a person
INSTITUTIONS: frozenset[str] = frozenset(
    """
    agency army authorities bank cabinet command committee commission company council court
    department embassy government kremlin military ministry office organisation organization
    parliament pentagon police presidency service staff
    """.split()  # noqa: SIM905
)
#: verbs of attribution (``the ministry said``); the runs are possessive, since a shorter head
#: or blank run could not match either and backtracking into them made the scan ~1.5x slower
_ATTRIBUTION = re.compile(
    r"\b([\w’'-]++)\s++(?:also\s+)?(?:said|says|told|added|stated|announced|noted|warned|"
    r"insisted|claimed|reported|wrote)\b"
)
_SPEECH = r"\s+(?:also\s+)?(?:said|says|told|added|noted|stressed|insisted|explained|warned)\b"
#: ``She said``, ``He also told``: one pattern per pronoun, each starting with a literal (the
#: scan then runs at ``str.find`` speed, ~10x faster than behind a leading ``\b``)
_PRONOUNS = (re.compile("(She)" + _SPEECH), re.compile("(He)" + _SPEECH))
#: characters no attribution match holds (not word characters, apostrophes, hyphens or
#: blanks): a scan that starts just after one finds what a scan of the whole text finds there
_BARRIERS = frozenset('.,;:!?()[]“”"«»')
#: how far back :func:`_last_attribution` looks first
_FIRST_LOOK = 200


def _last_attribution(before: str) -> re.Match[str] | None:
    """The last match of ``_ATTRIBUTION`` in ``before``, as a scan of all of it finds.

    The nearest speaker is usually close: the end of ``before`` is scanned first, from just
    after a punctuation mark (no match can reach across one, so the scan from there sees what
    the whole scan sees), and the look-back doubles until a match or the start is reached.

    >>> _last_attribution("The ministry said so. Ivanov also told them that").group(1)
    'Ivanov'
    """
    end = len(before)
    reach = _FIRST_LOOK
    while True:
        pos = max(0, end - reach)
        while pos > 0 and before[pos - 1] not in _BARRIERS:
            pos -= 1
        found = list(_ATTRIBUTION.finditer(before, pos))
        if found or pos == 0:
            return found[-1] if found else None
        reach *= 2


_PERSON_HINT = re.compile(r"\b(?:spokes(?:wo)?man|spokesperson|minister|he|she|his|her)\b", re.I)


@register
class IsolatedQuotedHeading(Rule):
    """A line that is only one quoted word: a stray heading or a caption torn from its text.

    ``“Default”`` alone on a line is flagged (there is no safe fix: delete it or restore it).
    """

    id = "isolated-quoted-heading"
    stage = "flags"
    tier = "flag"
    #: the quoted word of such a line, stripped of its blanks
    _word = re.compile(r"[“\"‘'«][^\W\d_][\w’'\-]*[”\"’'»]")

    def find(self, text: str, doc: DocContext) -> Iterator[Flag]:
        # line by line with str methods: a news text has a few dozen lines, and a multi-line
        # ``^…$`` pattern would be tried at every character (~10 ms per MB)
        pos = 0
        for line in text.split("\n"):
            start = pos
            pos += len(line) + 1
            word = line.strip(" \t")
            if len(word) < 3 or word[0] not in "“\"‘'«" or word[-1] not in "”\"’'»":
                continue
            offset = start + len(line) - len(line.lstrip(" \t"))
            m = self._word.fullmatch(text, offset, offset + len(word))
            if m is None:
                continue
            yield Flag(
                m.start(),
                m.end(),
                m.group(),
                self.id,
                "one quoted word alone on its line: a stray heading or a torn caption",
                0.6,
            )


@register
class PronounAfterInstitution(Rule):
    """A sentence opening ``She said``/``He said`` whose nearest speaker is an institution.

    ``… the Russian Defense Ministry said in a statement. … She said the presence …`` is flagged:
    the source probably named a person (a spokeswoman) that the translation lost.
    """

    id = "pronoun-after-institution"
    stage = "flags"
    tier = "flag"

    def find(self, text: str, doc: DocContext) -> Iterator[Flag]:
        words = doc.ascii_words
        if "he" not in words and "she" not in words:
            return
        found = [m for p in _PRONOUNS for m in p.finditer(text)]
        for m in sorted(found, key=lambda m: m.start()):
            if not doc.is_sentence_start(m.start(1)):  # (also false inside a word: ``AsHe``)
                continue
            before = text[max(0, m.start(1) - 1500) : m.start(1)]
            last = _last_attribution(before)
            if last is None:
                continue
            head = last.group(1).lower()
            if head not in INSTITUTIONS:
                continue
            if _PERSON_HINT.search(before[last.end() :]):
                continue  # a person (or a pronoun for one) came after the institution spoke
            yield Flag(
                m.start(1),
                m.end(1),
                m.group(1),
                self.id,
                f"'{m.group(1)}' opens a sentence, but the nearest speaker before it is "
                f"an institution ('{last.group(1)}'): a person may have been lost",
                0.5,
            )


@register
class DemonymAfterPlural(Rule):
    """Two plural nouns in a row, the second a nationality: a garbled ``Turkish troops``.

    ``the troops Turks were deteriorating`` is flagged (no safe rewrite: ``Turkish troops``?).
    """

    id = "demonym-after-plural"
    stage = "flags"
    tier = "flag"
    #: (the lower-case forms the document's word counts are tested against)
    _demonyms = frozenset(w.lower() for w in DEMONYM_PLURALS)

    def find(self, text: str, doc: DocContext) -> Iterator[Flag]:
        named = self._demonyms.intersection(doc.ascii_words)
        if not named:
            return  # most documents name no people by nationality: no scan
        # from each (rare) demonym back to the word before it, rather than a scan of the
        # whole text for the pair, which ``re`` tries at every word start (8 ms per 290 KB)
        pairs: list[tuple[int, int, str, str]] = []
        for demonym in sorted(DEMONYM_PLURALS):
            if demonym.lower() not in named:
                continue
            for start in find_all(text, demonym):
                end = start + len(demonym)
                if not stands_alone(text, start, end):
                    continue
                gap = start
                while gap > 0 and text[gap - 1].isspace():
                    gap -= 1
                first = gap
                while first > 0 and is_word_char(text[first - 1]):
                    first -= 1
                people = text[first:gap]
                if gap < start and people in PEOPLE_PLURALS:
                    pairs.append((first, end, people, demonym))
        for start, end, people, demonym in sorted(pairs):
            yield Flag(
                start,
                end,
                text[start:end],
                self.id,
                f"two plural nouns in a row ('{people} {demonym}'): probably a garbled "
                f"'<{demonym[:-1]} adjective> {people}'",
                0.5,
            )
