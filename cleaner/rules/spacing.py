"""Rules of the ``spacing`` stage: punctuation and word-boundary repairs."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import eq
from typing import ClassVar

from cleaner.context import (
    WHOLE_SPLIT_MAX,
    DocContext,
    ascii_word_slices,
    case_classes,
    find_all,
    lowered,
    stands_alone,
    stretches,
)
from cleaner.edits import Edit, shifted
from cleaner.registry import Rule, register

#: words whose doubling is never grammatical (``the the``); other doubles are only suggested,
#: because ``had had``, ``that that``, ``is is`` and ``in in`` (``lived in in 1990``) occur,
#: and ``an an``/``a a`` are more often a lost ``and an``/``as a`` than a doubled article
ALWAYS_WRONG_DOUBLES = frozenset({"the", "of", "and", "with", "from", "by", "than"})
#: endings of a domain or code path after a dot: ``Amazon.Com``, ``ASP.Net`` stay
_TLD_LIKE = frozenset({"com", "net", "org", "jp", "uk", "ru", "de", "io", "co", "gov", "edu"})


#: letters by case for stdlib ``re`` (ASCII and Latin-1; ``regex``'s ``\p{Lu}`` scans ~10x
#: slower here)
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"


def _word_before(text: str, pos: int) -> str:
    """The run of letters ending at ``pos``."""
    i = pos
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:pos]


def _word_after(text: str, pos: int) -> str:
    j = pos
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[pos:j]


def _counts(text: str, words: set[str]) -> Counter[str]:
    """How often each of ``words`` (letters only) stands alone in ``text``: not inside a longer
    word, a hyphenated word or a possessive.

    Each word is looked for with ``str.find``, not with one ``\\b`` alternation of them all: a
    long document always has a few candidates, and that regex crawled over all of it.

    >>> sorted(_counts("Recep met PresidentRecep; Recep-era, Recep's.", {"Recep"}).items())
    [('Recep', 1)]
    """
    counts: Counter[str] = Counter()
    for word in words:
        width = len(word)
        for start in find_all(text, word):
            end = start + width
            if not stands_alone(text, start, end):
                continue
            if text[start - 1 : start] not in _JOINERS and text[end : end + 1] not in _JOINERS:
                counts[word] += 1
    return counts


#: a word joined to one of these is part of a hyphenated word or a possessive
_JOINERS = ("-", "’", "'")

#: words after which no clause ends, so a spaced mark after one is named, not used (``the ,
#: operator``, ``such as ; or |``, ``followed by ; and &``)
_NO_CLAUSE_ENDS = frozenset(
    "a an and as by of or such than the to".split()  # noqa: SIM905
)

#: what a line of code holds and a line of prose does not: brackets and braces (``array([ 0.5
#: ,``, ``for name [ in word ] ; do``), an assignment or comparison, a pipe, a backslash,
#: doubled parentheses (``for (( a ; b ))``), a shell variable (``'1p ; $p'``), a
#: doubled or repeated spaced semicolon (``help ; exit 1 ;;``, ``a ; b ; c``), or a prompt at
#: its start (``$ sed``, ``>>> x``, ``... ``)
_CODE_LINE_RE = re.compile(
    r"(?m)[\[\]{}=|\\]|\(\(|\)\)|\$[A-Za-z@{(]|;;| ;.* ; "
    r"|^[ \t]*(?:\$[ \t]+[a-z./~(]|>>>[ \t]|\.\.\.[ \t])"
)


#: on a line longer than twice this, a mark's code is judged within this many characters of it
CODE_REACH = 500


class CodeLines:
    """Whether the line of a text that holds a place looks like code (:data:`_CODE_LINE_RE`),
    for many places of one text, each line judged once: a text of one long line (tokenized
    corpora write ``word , word .`` a record to a line) would otherwise be searched, and its
    line's bounds found, once per mark in it.

    >>> lines = CodeLines("Prose here.\\narray([ 1.25 ,  0.6 ])")
    >>> lines(20), lines(3)
    (True, False)
    >>> CodeLines("The region . . and then")(11)
    False
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks: list[int] | None = None
        self._judged: dict[int, bool] = {}

    def __call__(self, pos: int) -> bool:
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        i = bisect_left(self._breaks, pos)
        start = self._breaks[i - 1] + 1 if i else 0
        end = self._breaks[i] if i < len(self._breaks) else len(self.text)
        if end - start > 2 * CODE_REACH:
            # a line of a whole document (a record of a tokenized corpus): one bracket or = in
            # it would make all of it code, so only the stretch around the mark is judged
            lo, hi = max(start, pos - CODE_REACH), min(end, pos + CODE_REACH)
            return _CODE_LINE_RE.search(self.text, lo, hi) is not None
        judged = self._judged.get(start)
        if judged is None:
            judged = self._judged[start] = _CODE_LINE_RE.search(self.text, start, end) is not None
        return judged


@register
class SpacedPunctuation(Rule):
    """A sentence mark repeated after a space, or a space before a comma or stop.

    ``in the region. .`` → ``in the region.``; ``Ankara , which`` → ``Ankara, which``;
    ``the region . .`` → ``the region.``;
    ``said,, and`` → ``said, and``. A spaced ellipsis (``shall . . . be``, ``ended. . .``) is
    kept.
    """

    id = "spaced-punctuation"
    stage = "spacing"
    focused = True
    #: ``. .`` / ``! .`` after a word; not ``...`` (and not a spaced ellipsis: see below)
    _doubled = re.compile(r"[.!?](?<=\w[.!?])[”\"’)]?((?:[ \t]+\.)+)(?=\s|\Z)")
    #: ``word ,`` / ``word ;`` / ``word .`` at a word end (not ``.5`` or ``.com``)
    _space_before = re.compile(r"[,;.](?<=[ \t][,;.])(?=\s|\Z)")
    #: the same mark repeated after a spaced one: ``word . .``, ``word , ,``
    _repeats: ClassVar[dict[str, re.Pattern[str]]] = {
        ".": re.compile(r"(?:[ \t]+\.)+(?=\s|\Z)"),
        ",": re.compile(r"(?:[ \t]*,)+(?=\s|\Z)"),
        ";": re.compile(r"(?:[ \t]*;)+(?=\s|\Z)"),
    }
    #: three or more stops one space apart: an ellipsis in legal and literary style (``no
    #: person shall . . . be deprived``), never debris; debris is two (``days. .``)
    _spaced_ellipsis = re.compile(r"\.(?:[ \u00a0]\.){2,}")
    #: ``,,`` (never ``...``)
    _double_comma = re.compile(r",(?<=\w,)(?:[ \t]*,)+(?=\s)")

    @staticmethod
    def might_hold(text: str) -> bool:
        """False when ``text`` has none of the blanks or doubled commas every edit of this rule
        starts from (a few ``str`` searches instead of three regex scans)."""
        return "\t" in text or " ." in text or " ," in text or " ;" in text or ",," in text

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        if self.might_hold(text):
            for offset, part in doc.parts(text):
                yield from shifted(self.scan(part), offset)

    @staticmethod
    def _not_prose(text: str, start: int, end: int, code: CodeLines) -> bool:
        """True when the blank before the mark at ``end`` (from ``start``) is no slip:

        * it aligns a column: a tab, over two spaces (``40000      ; serial``), or wide blanks
          after the mark (``0  .    .``);
        * the word before it is a command-line option, an editor command, a path or an address
          (``find . -type d``, ``-A , -G``, ``:edit .``, ``https://bugs.gnu.org/25390 .``, kept
          apart from the stop on purpose);
        * the mark is named, not used (``the , operator``, ``by ; and &``, ``semi-colon ; .``);
        * it parts two numbers (``1.25 ,  0.6``);
        * it stands in a line of code (:class:`CodeLines`; inline code between backticks is
          protected as a whole, so a backtick alone makes no line code);
        * or the stop is followed by a word in lower case or an option, so it ends no sentence
          (``for . and /``).
        """
        if end - start > 2 or "\t" in text[start:end]:
            return True
        word_start = start
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        word = text[word_start:start]
        if word[:1] in ("-", "+", ":") or "/" in word:
            return True
        if word.lower() in _NO_CLAUSE_ENDS or (len(word) == 1 and word.isalpha() and word != "I"):
            return True  # ``the , operator``, ``c c c .``: a mark named, or notation
        after = text[end + 1 : end + 8]
        rest = after.lstrip(" \t")
        if len(after) - len(rest) > 2 or (
            rest[:1] in (",", ";", ".", ":") and rest[0] != text[end]
        ):
            return True  # ``0  .    .    .``: a column; ``semi-colon ; .``: a mark named
        if word[-1:].isdigit() and (rest[:1].isdigit() or rest[:2][1:].isdigit()):
            return True  # ``0.875 ,  -1.375``: a list of numbers laid out in columns
        if _NUMBERED_NAME.fullmatch(word) and _NUMBERED_NAME.match(rest):
            return True  # ``expr1 , expr2``: notation (a manual's grammar), not a sentence
        if code(start):
            return True
        if text[end] != ".":
            return False
        return rest[:1].islower() or rest[:1] in ("-", "/")

    def scan(self, text: str) -> Iterator[Edit]:
        """The edits of :meth:`find`, without the quick check."""
        code = CodeLines(text)
        for m in self._doubled.finditer(text):
            if self._spaced_ellipsis.match(text, m.start()) or m.group(1).count(".") >= 3:
                continue  # ``It ended. . .``, ``And then! . . .``: a mark, then an ellipsis
            if "   " in m.group(1) or "\t" in m.group(1) or code(m.start()):
                continue  # ``DeeER.    .    .``: columns of a table or of code
            yield Edit(
                m.start(1),
                m.end(1),
                m.group(1),
                "",
                self.id,
                "a full stop repeated after the sentence already ended",
                0.95,
            )
        for m in self._space_before.finditer(text):
            end = m.start()
            start = end
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            if start == 0 or not text[start - 1].isalnum():
                continue
            if self._not_prose(text, start, end, code):
                continue
            if self._spaced_ellipsis.match(text, end):
                continue  # ``shall . . . be``
            repeats = self._repeats[text[end]].match(text, m.end())
            if repeats is not None:  # ``word . .``: one edit, or a second run would find more
                yield Edit(
                    start,
                    repeats.end(),
                    text[start : repeats.end()],
                    text[end],
                    self.id,
                    "no space belongs before a comma, semicolon or stop, and it was repeated",
                    0.95,
                )
                continue
            yield Edit(
                start,
                end,
                text[start:end],
                "",
                self.id,
                "no space belongs before a comma, semicolon or full stop",
                0.9,
            )
        for m in self._double_comma.finditer(text):
            if code(m.start()):
                continue  # ``:set path=.,/usr/include,,``: an empty entry of a list
            yield Edit(m.start(), m.end(), m.group(), ",", self.id, "a comma typed twice", 0.9)


#: words that often open a sentence: ``Turkey.The`` is a lost space before them
SENTENCE_OPENERS: frozenset[str] = frozenset(
    """
    A After Also An And As At But By During For From He Her His However I If In It Its Meanwhile
    Moreover Mr Mrs Ms Nevertheless On One Our She Since So Some That The Their There These They
    Then This Those Thus To We What When Where While Who Why With Yet You
    """.split()  # noqa: SIM905
)


@register
class MissingSpaceAfterPunctuation(Rule):
    """A sentence ends and the next begins with no space between them.

    ``Turkey.The army`` → ``Turkey. The army``; ``U.S.``, ``e.g.``, ``CanCam.jp``, ``3.5``,
    ``Yahoo!News``, ``ASP.NET`` and ``Kostroma.Today`` (an outlet's name) are not fixed.
    """

    id = "missing-space-after-punctuation"
    stage = "spacing"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        for dot in find_all(case_classes(text), b".Aa"):
            if text[dot] not in ".?":
                continue  # a character outside Latin-1, which the class view marks ``.``
            left = _word_before(text, dot)
            right = _word_after(text, dot + 1)
            if len(left) < 3 or not left[1:].islower() or not right[1:].islower():
                continue  # ``U.S``, ``ASP.NET``, ``CanCam.Jp``
            before = dot - len(left) - 1
            after = dot + 1 + len(right)
            if before >= 0 and (text[before].isalnum() or text[before] in ".@/_-"):
                continue  # part of a longer token (a domain, a path, a code name)
            if after < len(text) and (text[after].isalnum() or text[after] in ".@/_-"):
                continue
            if right.lower() in _TLD_LIKE:
                continue
            opener = right in SENTENCE_OPENERS
            confidence = 0.9 if opener else 0.6
            why = "" if opener else " (the next word may belong to a name)"
            yield Edit(
                dot + 1,
                dot + 1,
                "",
                " ",
                self.id,
                f"a space is missing after the sentence ending '{left}{text[dot]}'{why}",
                confidence,
            )


#: a name numbered in notation: ``expr1``, ``arg2``, ``x1`` (letters, then digits)
_NUMBERED_NAME = re.compile(r"[A-Za-z]+[0-9]+\b")
#: the function words that brands put first (``TheLand``, ``OurWorld``): never split after them
_BRAND_OPENERS = frozenset(
    "the and for our you your my his her its their not all any".split()  # noqa: SIM905
)
#: words that close a company's or body's name: a CamelCase word before one names that body
#: as it writes itself (``ActiveState Corporation``, ``NetApp, Inc.``, ``WordPerfect Corp.``),
#: so a split there is only suggested (the linguist's review of stop 48: ActiveState split)
_ORGANISATION_WORDS = frozenset(
    "corporation corp inc incorporated ltd limited llc llp plc gmbh ag co company "  # noqa: SIM905
    "foundation".split()
)
_NEXT_WORD = re.compile(r",?\s+([A-Za-z]+)\b")


@register
class RunTogetherWords(Rule):
    """Two words written as one at a lower-to-upper case change.

    ``Turkish PresidentRecep Tayyip`` → ``Turkish President Recep Tayyip`` when ``Recep`` stands
    alone elsewhere in the document (otherwise only suggested). Never splits a known word or
    brand (``YouTube``, ``McDonald``, ``PlayStation``, ``JavaScript``, ``iPhone``, ``MacBook``).
    In writing about code (:attr:`~cleaner.context.DocContext.technical`: ``raises KeyError``
    in a README) a split is only suggested.
    """

    id = "run-together-words"
    stage = "spacing"
    #: the whole token around a case change (found in :func:`case_classes`)
    _token = re.compile(rf"([{_UP}]?[{_LO}]{{2,}})([{_UP}][{_LO}]+)\b")

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        found = []
        for change in find_all(case_classes(text), b"aA"):
            start = change
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            m = self._token.match(text, start)
            if m is not None and m.end(1) == change + 1 and self._candidate(text, m):
                found.append(m)
        if not found:
            return
        # one counting pass for every word the candidates need (not one scan per candidate)
        rights = {m.group(2) for m in found}
        counts = _counts(text, {m.group() for m in found} | rights | {r.lower() for r in rights})
        for m in found:
            left, right = m.group(1), m.group(2)
            if counts[m.group()] > 1:
                continue  # spelled that way twice: a name
            if counts[right.lower()]:
                # the document writes it as a common word too (``handler``): the capital may be
                # an identifier's (``StreamHandler``), not a name's or a sentence's
                evidence = False
                why = f"'{right.lower()}' is also written in lower case in the document"
            else:
                evidence = counts[right] > 0
                why = "no evidence"
                if evidence:
                    why = f"'{right}' stands alone elsewhere in the document"
            if evidence and doc.technical:
                # writing about code names things in CamelCase (``KeyError``, ``BitGenerator``)
                evidence = False
                why += "; only suggested: the document reads as writing about code"
            after = _NEXT_WORD.match(text, m.end()) if evidence else None
            if after is not None and after.group(1).lower() in _ORGANISATION_WORDS:
                evidence = False
                why += f"; only suggested: '{after.group(1)}' follows, so it may be a name"
            confidence = 0.9 if evidence else 0.6
            yield Edit(
                m.end(1),
                m.end(1),
                "",
                " ",
                self.id,
                f"'{left}' and '{right}' run together ({why})",
                confidence,
                candidates=(f"{left} {right}",),
            )

    def _candidate(self, text: str, m: re.Match[str]) -> bool:
        left, joined = m.group(1), m.group()
        before = text[max(0, m.start() - 2) : m.start()]
        if before[-1:] in ("-", "’", "'", "_") or (before[-1:] == "." and before[:1].isalnum()):
            return False  # part of a longer word, an identifier or a member (``conn.getFile``)
        if m.end() < len(text) and text[m.end()] in "-’'@/_(":
            return False  # ... or a call (``removeFile()``)
        after = text[m.end() : m.end() + 2]
        if len(after) == 2 and after[0] == "." and after[1].isalnum():
            return False  # ``CanCam.jp``: part of a domain
        if self.resources.is_protected_word(joined):
            return False
        if left.lower() in _BRAND_OPENERS or self._zipf(joined.lower()) > 0:
            return False  # a known word or brand
        # the left part must be a common word; a capitalised one must be very common
        # (``Harper`` in ``HarperCollins`` is a name, ``President`` is a word)
        return self._zipf(left.lower()) >= (4.0 if left[0].isupper() else 3.0)

    def _zipf(self, lower: str) -> float:
        """wordfreq's Zipf value, from the spelling stage's tables (no wordfreq import)."""
        from cleaner.rules.spelling import lexicon

        return lexicon(self.resources).zipf_of(lower)


#: Latin-1 as bytes: a letter kept, any other character a blank
_LATIN1_LETTERS = bytes(b if chr(b).isalpha() else 0x20 for b in range(256))
#: the characters beyond ASCII that news text holds most and that are no word characters,
#: commonest first
_WIDE_MARKS = "“”’‘–—…•―€\u2009\u200b\u202f"


def may_hold_double(text: str) -> bool:
    """``False`` only when no word of letters in ``text`` is followed by blanks and the same
    word again, in any case: then :class:`DuplicatedWord`'s scan, a backreference tried at
    every word (~35 MB/s), is skipped. Only a double of letters is ever reported.

    A double is two equal words in a row among the lower-cased text's runs of letters (``the,
    the`` is one too, which the scan then rules out). The runs of plain ASCII letters are shared
    with the other rules (:func:`~cleaner.context.ascii_word_slices`), but they are exact only
    when every character beyond ASCII is a mark that cannot be part of a word (``_WIDE_MARKS``:
    a letter made a blank could split ``Łódź`` in two); else the runs of Latin-1 letters are
    used, if that is all the text holds beyond ASCII and the marks; else the answer is ``True``.

    >>> may_hold_double("The army. The the army"), may_hold_double("The “army”, the navy")
    (True, False)
    >>> may_hold_double("Café café"), may_hold_double("Łódź łódź"), may_hold_double("Café")
    (True, True, False)
    """
    low = lowered(text)
    wide = len(low) - len(low.encode("ascii", "ignore"))
    others = wide  # characters beyond ASCII that are none of the marks
    for mark in _WIDE_MARKS:
        if not others:
            break
        others -= low.count(mark)
    parts: Iterable[list[str] | list[bytes]]
    if not others:
        parts = ascii_word_slices(text)
    else:
        latin = low.encode("latin-1", "replace")
        # every mark lies beyond Latin-1: any more characters there may be letters
        if latin.count(b"?") - low.count("?") != wide - others:
            return True
        blanked = latin.translate(_LATIN1_LETTERS)
        # a stretch at a time, as the shared runs are: a list of every word of a long line
        # holds several times its size
        parts = (blanked[s:e].split() for s, e in stretches(blanked, b" ", WHOLE_SPLIT_MAX))
    last: str | bytes | None = None  # the word before the part (a long text comes in parts)
    for words in parts:
        if words and words[0] == last:
            return True
        if any(map(eq, words, islice(words, 1, None))):
            return True
        last = words[-1] if words else last
    return False


@register
class DuplicatedWord(Rule):
    """A word typed twice (or more) in a row.

    ``the the army`` → ``the army``; ``the the the army`` → ``the army`` (one edit); ``had
    had``, ``that that`` and ``an an`` (often ``and an``) are only suggested; capitalised
    doubles (``Bora Bora``), a word in capitals before itself (``AND and OR``) and a quoted
    double (``“the the”``) are left alone.
    """

    id = "duplicated-word"
    stage = "spacing"
    focused = True
    #: a word, then the same word again after blanks, as often as it comes (matched from the
    #: blank before it: a literal first character keeps the scan ~4x faster than a leading
    #: ``\b``; the possessive ``\w++`` never backtracks into the word, which could not match
    #: anyway since a blank must follow it, and halves the scan again)
    _double = re.compile(r"[ \t\n(“\"](\w++)((?:[ \t]+\1\b)+)", re.IGNORECASE)
    _repeat = re.compile(r"[ \t]+(\w+)")

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        if doc.focus is not None or may_hold_double(text):
            for offset, part in doc.parts(text):
                yield from shifted(self.scan(part), offset)

    def scan(self, text: str) -> Iterator[Edit]:
        """The doubles in ``text`` (:meth:`find` without the quick check)."""
        # scanned with a line break in front, so a double at the very start is seen too
        for m in self._double.finditer("\n" + text):
            first = m.group(1)
            first_end = m.end(1) - 1
            end = first_end
            times = 1
            if first.isupper() and len(first) > 1:
                continue  # ``AND and OR``: a keyword named, then the word
            for repeat in self._repeat.finditer(m.group(2)):
                second = repeat.group(1)
                if not second.isalpha() or not second.islower():
                    break  # ``Bora Bora``, ``Duran Duran``, ``THE THE``, ``10 10``
                after = first_end + repeat.end()
                if text[after : after + 1] in ("-", "’", "'"):
                    break  # ``the the-art``: the second is part of a longer word
                end = after
                times += 1
            if times == 1:
                continue
            if m.group()[0] in '“"' and text[end : end + 1] in ("”", '"'):
                continue  # ``finds “the the”``: the double is quoted, mentioned on purpose
            lower = first.lower()
            confidence = 0.9 if lower in ALWAYS_WRONG_DOUBLES else 0.5
            written = "twice" if times == 2 else f"{times} times"
            yield Edit(
                first_end,
                end,
                text[first_end:end],
                "",
                self.id,
                f"'{lower}' written {written} in a row",
                confidence,
            )
