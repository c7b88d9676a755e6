"""What the rules of one stage share about one document."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from functools import cached_property
from itertools import accumulate, compress, count, pairwise
from typing import TYPE_CHECKING, AnyStr

import regex

from cleaner.io import ESCAPED_BYTE_RE
from cleaner.titles import ends_abbreviated_title

if TYPE_CHECKING:
    from cleaner.resources import Resources

#: a word: letters with inner apostrophes or hyphens (``Syria’s``, ``self-propelled``)
WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*")

#: spans no rule may touch: URLs, e-mail addresses, ``[sic]``-marked words, hashtags, handles.
#: One stdlib pattern per kind, each run only when a substring it needs occurs: most documents
#: hold none of them, and the ``regex`` module scanned the alternation at ~1 MB/s.
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: the word before ``[sic]`` on the same line, and the marker
_SIC_RE = re.compile(r"(?<!\S)\S+[ \t]*\[sic\]", re.IGNORECASE)
_TAG_RE = re.compile(r"[#@]\w+")
#: invisible control characters, which the ``control-chars`` rule removes: ASCII ones, and the
#: wider set (deprecated format codes, stray BOMs, interlinear annotation marks)
ASCII_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f"
WIDE_CONTROLS = "\u206a-\u206f\ufeff\ufff9-\ufffc"
_INVISIBLE_RE = re.compile(f"[{ASCII_CONTROLS}{WIDE_CONTROLS}]")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses, ``[sic]``-marked words, hashtags and handles in ``text``.

    >>> protected_spans("Mail a@b.org or see WWW.x.com #tag [sic]")
    [(5, 12), (20, 29), (30, 34), (30, 40)]
    """
    return sorted(link_spans(text) + sic_spans(text))


def link_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses, hashtags and handles in ``text``."""
    low = lowered(text)
    spans: list[tuple[int, int]] = []
    if "@" in text:
        spans += _email_spans(text)
    if "://" in low or "www." in low:
        spans += _url_spans(text, lower_same_length(text))
    if "#" in text or "@" in text:
        spans += _tag_spans(text)
    return spans


def _tag_spans(text: str) -> list[tuple[int, int]]:
    """What ``_TAG_RE.finditer`` finds where :func:`_starts_tag` allows, tried only at each
    ``#`` and ``@`` (a match holds no second mark, so none starts inside another)."""
    starts = [*find_all(text, "#"), *find_all(text, "@")]
    spans: list[tuple[int, int]] = []
    for start in sorted(starts):
        m = _TAG_RE.match(text, start)
        if m is not None and _starts_tag(text, start):
            spans.append(m.span())
    return spans


def _email_spans(text: str) -> list[tuple[int, int]]:
    """What ``_EMAIL_RE.finditer`` finds, tried only where it can start: the run of address
    characters just before each ``@`` (the pattern is tried at every character otherwise, slow
    in a long text that holds one ``@``). A match holds exactly one ``@``; a run that reaches
    back into the previous match cannot start one (the look-behind sees the run)."""
    spans: list[tuple[int, int]] = []
    last = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > last and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
            start -= 1
        m = _EMAIL_RE.match(text, start)
        if m is not None:
            spans.append(m.span())
            last = m.end()
        at = text.find("@", at + 1)
    return spans


def _url_spans(text: str, low: str) -> list[tuple[int, int]]:
    """What ``_URL_RE.finditer`` finds, tried only where it can start: 4 or 5 characters before
    each ``://`` and at each ``www.`` (``low`` is :func:`lower_same_length` of ``text``: a
    character whose lower case is longer, the only kind it leaves as it is, is neither ``w``
    nor part of ``://``)."""
    starts: set[int] = set()
    for mark, back in (("://", (5, 4)), ("www.", (0,))):
        pos = low.find(mark)
        while pos != -1:
            starts.update(pos - b for b in back if pos >= b)
            pos = low.find(mark, pos + 1)
    spans: list[tuple[int, int]] = []
    last = 0
    for start in sorted(starts):
        if start >= last and (m := _URL_RE.match(text, start)) is not None:
            spans.append(m.span())
            last = m.end()
    return spans


def sic_spans(text: str) -> list[tuple[int, int]]:
    """Words marked ``[sic]`` (with the marker): the writer means them as they are."""
    if "[sic]" not in lowered(text):
        return []
    return [m.span() for m in _SIC_RE.finditer(text)]


#: a fenced code block (Markdown): a line opening with three or more backticks or tildes, to
#: the line closing it with the same fence, or to the end of the text when none does
_FENCE_RE = regex.compile(
    r"(?ms)^[ \t]{0,3}(`{3,}|~{3,})[^\n]*?$.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)"
)
#: inline code: a run of backticks to the next run of as many, within one paragraph
_INLINE_CODE_RE = regex.compile(r"(?s)(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)")


#: a session: a line opening with an interpreter's prompt (``>>> `` for Python, ``$ `` and a
#: command for a shell), with the lines after it up to a blank one (its output, more input):
#: a doctest block in reStructuredText, a shell example in a manual or a README
_SESSION_RE = re.compile(r"(?m)^[ \t]*(?:>>>[ \t]|\$[ \t]+[a-z./~(])[^\n]*(?:\n[ \t]*\S[^\n]*)*")
#: a line that ends with ``::`` opens a reStructuredText literal block
_LITERAL_OPENER_RE = re.compile(r"(?m)^([ \t]*)\S[^\n]*::[ \t]*$")


def code_spans(text: str) -> list[tuple[int, int]]:
    r"""Code in Markdown or reStructuredText: fenced blocks, inline code spans, interpreter
    sessions (:data:`_SESSION_RE`) and literal blocks (:func:`literal_blocks`). Code is not
    prose (``pip install .`` is no spaced full stop), so no rule touches it.

    >>> code_spans("Run `pip install .` first.")
    [(4, 19)]
    >>> code_spans("Text\n```sh\nmake  .\n```\nMore ``a`b`` here")
    [(5, 22), (28, 35)]
    >>> code_spans("Try:\n\n    >>> f('x , y')\n    'x, y'\n\nDone .")
    [(6, 35)]
    """
    spans: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        spans += [m.span() for m in _FENCE_RE.finditer(text)]
    if ">>>" in text or "$ " in text or "$\t" in text:
        spans += [m.span() for m in _SESSION_RE.finditer(text)]
    if "::" in text:
        spans += literal_blocks(text)
    if "`" in text:
        spans += [
            m.span()
            for m in _INLINE_CODE_RE.finditer(text)
            if not any(s <= m.start() < e for s, e in spans)
        ]
    return spans


def literal_blocks(text: str) -> list[tuple[int, int]]:
    r"""reStructuredText literal blocks: after a line ending with ``::`` and a blank line, the
    lines indented deeper than that line, to the first line that is not (blank lines within
    the block belong to it; the blank lines that end it do not).

    >>> text = "Run it::\n\n    make  .\n\n    ok , done\nBack to prose ."
    >>> [text[s:e] for s, e in literal_blocks(text)]
    ['    make  .\n\n    ok , done']
    >>> literal_blocks("Note:: this is prose\nstill prose .")
    []
    """
    blocks: list[tuple[int, int]] = []
    for m in _LITERAL_OPENER_RE.finditer(text):
        depth = len(m.group(1).expandtabs())
        pos = m.end() + 1
        after = text.find("\n", pos)
        if after == -1 or text[pos:after].strip():
            continue  # no blank line after the opener: no literal block
        start = end = -1
        while pos < len(text):
            line_end = line_bounds(text, pos)[1]
            line = text[pos:line_end]
            if line.strip():
                expanded = line.expandtabs()
                if len(expanded) - len(expanded.lstrip()) <= depth:
                    break
                if start == -1:
                    start = pos
                end = line_end
            pos = line_end + 1
        if start != -1:
            blocks.append((start, end))
    return blocks


#: what code and writing about code hold and prose seldom does: braces, backticks, assignments,
#: escapes, scope and arrow operators, empty calls, an interpreter prompt. Plain substrings, so
#: the count is a few C-speed passes. Left out because news uses them too: ``|`` (``Title |
#: Site``), ``--`` (a dash), ``<``/``>`` (HTML debris), ``$ `` (``$ 5 million``), ``(``
_CODE_MARKS = ("{", "}", "`", "=", "\\", "::", "->", "()", ">>>")
#: ``snake_case``: an underscore between two letters or digits (not a ``____`` rule)
_SNAKE_RE = re.compile(r"[^\W_]_(?=[^\W_])")
#: a text is technical when it holds at least this many code marks ...
TECHNICAL_MIN_MARKS = 3
#: ... and at least this many per 1,000 words. On the bench's clean news (399 documents of 20
#: lines) no document holds more than one; the linguist's technical corpus (man and info
#: pages, changelogs, READMEs, docstrings, release notes, vim help) holds a median of 20-300
TECHNICAL_MIN_PER_1000 = 5.0


def code_marks(text: str) -> int:
    """How many :data:`_CODE_MARKS` and ``snake_case`` joins ``text`` holds.

    >>> code_marks("Set `max_len = 4` in config::load(), then run it.")
    6
    >>> code_marks("Moscow (AFP) -- The talks | Reuters")
    0
    """
    marks = sum(text.count(mark) for mark in _CODE_MARKS)
    if "_" in text:
        marks += len(_SNAKE_RE.findall(text))
    return marks


def is_technical(text: str, links: list[tuple[int, int]] | None = None) -> bool:
    """True when ``text`` reads as writing about code (a manual, a changelog, a README, a
    docstring): it holds :data:`TECHNICAL_MIN_MARKS` code marks or more, at least
    :data:`TECHNICAL_MIN_PER_1000` per 1,000 words. Such text uses words no dictionary lists
    (``struct``, ``mmap``, ``manpages``, ``buildd``) and names its identifiers one letter apart
    (``logcdf``, ``logccdf``), so a spelling engine's guesses there are far less often right.

    >>> is_technical("Use `struct` for that; call init() and free() with a_b = 1.")
    True
    >>> is_technical("Moscow said on Monday that the talks -- held in Ankara -- failed.")
    False

    Marks inside ``links`` (URLs, addresses, hashtags: :func:`link_spans`) do not count: news
    quotes ``?utm_source=x&utm_medium=y`` too.
    """
    if links:
        kept, last = [], 0
        for start, end in sorted(links):
            kept.append(text[last:start])
            last = max(last, end)
        kept.append(text[last:])
        text = " ".join(kept)
    marks = code_marks(text)
    if marks < TECHNICAL_MIN_MARKS:
        return False
    words = text.count(" ") + text.count("\n") + 1
    return marks * 1000 >= TECHNICAL_MIN_PER_1000 * words


#: a text reads as verse when at least this many pairs of lines run on from one capitalised
#: short line to the next (see :func:`is_verse`) ...
VERSE_MIN_PAIRS = 8
#: ... and they are at least this share of its non-blank lines. On the linguist's corpus this
#: finds 152 of 160 poetry files (the rest are prose notes and letters) and 3 of 1,649 others
#: (two copyright files and a man page, all lists of names); the bench's 399 clean news
#: documents hold at most 3 such pairs
VERSE_MIN_SHARE = 0.25
#: how much of a long text is looked at
VERSE_SAMPLE = 50_000


def _verse_line(line: str) -> bool:
    """A line as verse writes it: short, opening with a capital, no heading in capitals, no
    ``Label: value`` field."""
    return (
        10 <= len(line) <= 70
        and line[0].isupper()
        and not line.isupper()
        and ": " not in line[:30]
        and not line.endswith(":")
    )


def is_verse(text: str) -> bool:
    """True when ``text`` reads as verse: many short lines open with a capital although the
    line before ran on (it closed with no full stop). Prose wrapped at a width carries on in
    lower case; verse capitalises each line. Verse keeps old and dialect spellings on purpose
    (``strown``, ``hies``, ``madest``, ``leanin'``): of the spelling fixes the linguist judged
    in poetry at stop 47, 329 were wrong and 4 right.

    >>> is_verse("Whose woods these are I think I know\\nHis house is in the village though\\n" * 5)
    True
    >>> is_verse("Russia accused Turkey on Wednesday of\\nflouting a deal made with Moscow\\n" * 5)
    False
    """
    lines = [line.strip() for line in text[:VERSE_SAMPLE].split("\n")]
    pairs = sum(
        1
        for before, line in pairwise(lines)
        if before
        and line
        and before[-1] not in ".!?\"”’'"
        and _verse_line(before)
        and _verse_line(line)
    )
    if pairs < VERSE_MIN_PAIRS:
        return False
    return pairs >= VERSE_MIN_SHARE * sum(1 for line in lines if line)


#: a line this long (without its trailing blanks) that ends mid-sentence was wrapped by its
#: writer's editor: prose wrapped at 72-80 columns has most of its lines this long, verse and
#: lists few
WRAPPED_LINE_MIN = 60
#: a hard-wrapped text has at least this many lines that run on into a line in lower case ...
WRAPPED_MIN_PAIRS = 2
#: ... and at most one line in ten wider than this (one paragraph per line, as news is kept, has
#: lines of hundreds of characters)
WRAPPED_MAX_WIDTH = 100


def is_hard_wrapped(text: str) -> bool:
    r"""True when ``text`` is prose wrapped at a width by its writer's editor: its lines are
    at most :data:`WRAPPED_MAX_WIDTH` wide (nearly all), and some that stop mid-sentence
    (:func:`wrapped_before`) are followed by a line in lower case. There a line break inside a
    sentence says nothing of the capital after it; in a text of one paragraph per line a short
    headline without a full stop may come before the first sentence.

    >>> para = ("The minister told reporters in the capital on Monday that members of the\n"
    ...         "committee had met in private and that the talks, which began in the spring,\n"
    ...         "had failed after the union walked out over the pay offer it had rejected.\n")
    >>> is_hard_wrapped(para), is_hard_wrapped(para.replace("\n", " "))
    (True, False)
    """
    lines = [line.rstrip() for line in text[:VERSE_SAMPLE].split("\n")]
    filled = sum(1 for line in lines if line)
    wide = sum(1 for line in lines if len(line) > WRAPPED_MAX_WIDTH)
    if not filled or wide * 10 > filled:
        return False
    pairs = sum(
        1
        for before, line in pairwise(lines)
        if len(before) >= WRAPPED_LINE_MIN
        and (before[-1].islower() or before[-1] == ",")
        and line.lstrip()[:1].islower()
    )
    return pairs >= WRAPPED_MIN_PAIRS


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the line holding ``pos``, without its line break."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _starts_tag(text: str, pos: int) -> bool:
    """True when the ``#``/``@`` at ``pos`` starts a hashtag or handle: not after a word
    character, ``&`` or an escaped ``&amp;`` (``a@b``, ``&#8217;``, ``&amp;#8217;``: an entity
    escaped twice), judged past any invisible control characters (which the encoding stage
    removes: ``&\x07#8217;`` is an entity, not a tag)."""
    i = pos - 1
    while i >= 0 and _INVISIBLE_RE.match(text, i):
        i -= 1
    if i >= 4 and text[i - 4 : i + 1].lower() == "&amp;":
        return False
    return i < 0 or not (text[i].isalnum() or text[i] in "_&")


#: a line that asks cleaner to leave it alone (``cleaner: ignore``)
_IGNORE_LINE_RE = regex.compile(r"(?m)^.*cleaner:\s*ignore(?![\w-]).*$")
_IGNORE_BLOCK_RE = regex.compile(
    r"(?ms)^[^\n]*cleaner:\s*off(?![\w-]).*?(?:cleaner:\s*on(?![\w-])[^\n]*|\Z)"
)


#: plain ASCII letter runs: the cheapest tokenisation, enough to ask "does this document hold
#: the word X at all?" before any closer look. Taken as the lowered text's bytes with every
#: byte but ``a``-``z`` made a space, then split: three C passes, ~2x faster than a ``findall``
#: of ``[a-z]+`` (what it is tested against)
_LETTERS_ONLY = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))
#: the same for a text as written, ``A``-``Z`` made lower case (see :func:`folded_letters`)
_FOLDED_LETTERS = bytes(
    c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256)
)
#: ... and with its letters as written (see :func:`cased_letters`)
_CASED_LETTERS = bytes(c if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256))
#: the last text's runs: consecutive stages see the same ``str`` object when nothing changed
_last_runs: tuple[str, Counter[str], list[str] | None] | None = None


#: the last text lower-cased: the stages' rules lower the same ``str`` one after another
_last_lowered: tuple[str, str] | None = None


def lowered(text: str) -> str:
    """``text.lower()``, kept for the last text asked about (read-only, like any ``str``).

    >>> lowered("Turkey SAID")
    'turkey said'
    """
    global _last_lowered
    last = _last_lowered
    if last is not None and last[0] is text:
        return last[1]
    if len(text) <= WHOLE_SPLIT_MAX or text.isascii():
        low = text.lower()
    else:
        # str.lower of a text beyond ASCII works in a buffer of 3 four-byte characters per
        # character (one may become three): 12 bytes per character at once for a long line.
        # Cut before blanks, the pieces lower the same (a final sigma is told by the letters
        # beside it, and a blank ends them)
        low = "".join(text[s:e].lower() for s, e in stretches(text, " ", WHOLE_SPLIT_MAX))
    _last_lowered = (text, low)
    return low


def lower_same_length(text: str) -> str:
    """``text.lower()`` with every character at its own offset, for callers that find
    offsets in the lower-cased text and use them on ``text``.

    Only ``İ`` (U+0130) grows when lower-cased (to ``i̇``); it is folded to ``i`` first. Any
    other such character keeps its case.

    >>> lower_same_length("İZMIR Copy"), len("İZMIR".lower())
    ('izmir copy', 6)
    """
    global _last_same_length
    low = lowered(text)
    if len(low) == len(text):
        return low
    last = _last_same_length
    if last is not None and last[0] is text:
        return last[1]  # (boilerplate asks once per family: a long text is not lowered again)
    low = text.replace("\u0130", "I").lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    _last_same_length = (text, low)
    return low


#: the last text whose :func:`lower_same_length` is not :func:`lowered`'s
_last_same_length: tuple[str, str] | None = None


#: each Latin-1 character's class for :func:`case_classes`: ``a`` a lower-case letter, ``A`` an
#: upper-case one, ``.`` a full stop or question mark (or a character outside Latin-1), ``#``
#: one of :data:`ASCII_CONTROLS`, blank anything else. The letters are those of ``_UP``/``_LO``
#: in the spacing rules (ASCII and Latin-1; ``×`` and ``÷`` are no letters)
_CASE_CLASSES = bytes(
    0x61
    if (0x61 <= c <= 0x7A or 0xDF <= c <= 0xFF) and c != 0xF7
    else 0x41
    if (0x41 <= c <= 0x5A or 0xC0 <= c <= 0xDE) and c != 0xD7
    else 0x2E
    if c in (0x2E, 0x3F)
    else 0x23
    if re.fullmatch(f"[{ASCII_CONTROLS}]", chr(c))
    else 0x20
    for c in range(256)
)
_last_classes: tuple[str, bytes] | None = None


def case_classes(text: str) -> bytes:
    """``text`` as one byte per character: ``a`` lower-case letter, ``A`` upper-case letter,
    ``.`` full stop or question mark, ``#`` an ASCII control character, blank anything else
    (see ``_CASE_CLASSES``).

    Offsets are the text's own, so a rule finds a case change (``aA``) or a sentence end run
    into a word (``.Aa``) with ``bytes.find``, in C, instead of a character-class regex scan
    (which ``re`` cannot skip ahead on: ~4x slower). A character outside Latin-1 becomes ``.``
    (the encoder's ``?``): a candidate the caller checks, never a miss. Kept for the last text.

    >>> case_classes("Turkey.The army?\x07#")
    b'Aaaaaa.Aaa aaaa.# '
    """
    global _last_classes
    last = _last_classes
    if last is not None and last[0] is text:
        return last[1]
    classes = text.encode("latin-1", "replace").translate(_CASE_CLASSES)
    _last_classes = (text, classes)
    return classes


def forget_texts() -> None:
    """Drop what is kept for the last text (its lower case, runs, classes). Called when a
    document is done: what is kept only serves the stages of one document, and for a long one
    it is about 3 bytes per character (32 MB for a 10.4M-character line) that would otherwise
    stay alive while its outputs are written, and until the next document."""
    global _last_runs, _last_lowered, _last_same_length, _last_classes
    _last_runs = _last_lowered = _last_same_length = _last_classes = None


def ascii_word_counts(text: str) -> Counter[str]:
    """How often each plain ASCII letter run occurs in ``text``, lower-cased.

    A run is a maximal ``[A-Za-z]+`` stretch: ``covid-19`` holds ``covid``, ``café`` holds
    ``caf``. Any ASCII word written as a separate word is among the keys, so a rule may skip a
    document that lacks its words (the keys can hold more than whole words, never fewer). The
    result for the last text is kept and shared, so treat it as read-only.

    >>> sorted(ascii_word_counts("The troops, the Turks.").items())
    [('the', 2), ('troops', 1), ('turks', 1)]
    """
    return _ascii_runs(text)[1]


def ascii_word_slices(text: str) -> Iterator[list[str]]:
    """The runs of :func:`ascii_word_counts` in text order, as consecutive lists: one list, kept
    for the last text like the counts, unless the text is longer than :data:`WHOLE_SPLIT_MAX`;
    then a list per stretch of about that size, not kept.

    >>> list(ascii_word_slices("The troops, the Turks. Café"))
    [['the', 'troops', 'the', 'turks', 'caf']]
    """
    runs = _ascii_runs(text)[2]
    if runs is not None:
        yield runs
    else:
        yield from _word_slices(_letters_and_blanks(lowered(text)))


def _ascii_runs(text: str) -> tuple[str, Counter[str], list[str] | None]:
    global _last_runs
    last = _last_runs
    if last is not None and last[0] is text:
        return last
    low = lowered(text)
    if len(low) <= WHOLE_SPLIT_MAX:
        runs = letter_runs(low)
        _last_runs = (text, Counter(runs), runs)
    else:
        _last_runs = (text, _counted(_letters_and_blanks(low)), None)
    return _last_runs


def blank_separated_words(text: str) -> int:
    r"""``len(text.split())`` without a list of every word of a long text at once (see
    :data:`WHOLE_SPLIT_MAX`).

    >>> blank_separated_words(" The  troops,\tthe Turks.\n")
    4
    """
    if len(text) <= WHOLE_SPLIT_MAX:
        return len(text.split())
    pieces = stretches(text, " ", WHOLE_SPLIT_MAX)
    return sum(len(text[start:end].split()) for start, end in pieces)


def _word_slices(letters: bytes) -> Iterator[list[str]]:
    """The words of ``letters`` (a text as bytes, every character but a letter a blank) a
    stretch at a time (see :func:`stretches`)."""
    for start, end in stretches(letters, b" ", WHOLE_SPLIT_MAX):
        yield letters[start:end].decode("ascii").split()


def _counted(letters: bytes) -> Counter[str]:
    """How often each word of ``letters`` (as :func:`_word_slices`) occurs, in text order."""
    counts: Counter[str] = Counter()
    for words in _word_slices(letters):
        counts.update(words)
    return counts


def stretches(text: AnyStr, blank: AnyStr, size: int) -> Iterator[tuple[int, int]]:
    """``text`` cut into consecutive stretches of about ``size`` characters, each cut just
    before a ``blank``, so that no word is cut in two.

    >>> list(stretches("ab cd ef", " ", 3)), list(stretches(b"ab cd ef", b" ", 100))
    ([(0, 5), (5, 8)], [(0, 8)])
    """
    start = 0
    while start < len(text):
        end = text.find(blank, start + size)
        end = len(text) if end == -1 else end
        yield start, end
        start = end


def letter_runs(low: str) -> list[str]:
    """The runs of ASCII letters in ``low``, a lower-cased text, in order (not kept).

    >>> letter_runs("the de-escalation zone, café")
    ['the', 'de', 'escalation', 'zone', 'caf']
    """
    return _letters_and_blanks(low).decode("ascii").split()


def folded_letters(text: str) -> bytes:
    """``text`` as bytes, one per character, its ASCII letters lower-cased, every other
    character a blank, and a blank added at each end: what :func:`first_form` searches.

    >>> folded_letters("Café, CAT")
    b' caf   cat '
    """
    return _padded_letters(text, _FOLDED_LETTERS)


def cased_letters(text: str) -> bytes:
    """:func:`folded_letters` with the letters as written: what :func:`uses_form` searches.

    >>> cased_letters("Café, CAT")
    b' Caf   CAT '
    """
    return _padded_letters(text, _CASED_LETTERS)


def _padded_letters(text: str, table: bytes) -> bytes:
    """``text`` as one byte per character through ``table``, a blank added at each end."""
    return b" " + text.encode("ascii", "replace").translate(table) + b" "


def uses_form(cased: bytes, form: str) -> bool:
    """Whether ``form`` (ASCII letters) is written, exactly so, as a whole run of ASCII letters
    (a ``findall`` of ``[A-Za-z]+``) in the text whose :func:`cased_letters` is ``cased``: one
    search in C, however often the word's other forms occur.

    >>> text = cased_letters("Moscow, MOSCOW and Moscow’s moscows")
    >>> uses_form(text, "MOSCOW"), uses_form(text, "moscow")
    (True, False)
    """
    return f" {form} ".encode("ascii") in cased


def first_form(text: str, folded: bytes, lower: str) -> str | None:
    """How ``lower`` (lower-case ASCII letters) is first written in ``text`` as a whole run of
    ASCII letters, or ``None`` when it is not. ``folded`` is :func:`folded_letters` of ``text``.

    >>> text = "the moscows, MOSCOW and Moscow"
    >>> first_form(text, folded_letters(text), "moscow")
    'MOSCOW'
    """
    # a run starts after a blank (the one before the text, at offset 0, is padding): its
    # offset in ``folded`` is the text's offset of the run
    start = folded.find(f" {lower} ".encode("ascii"))
    return None if start < 0 else text[start : start + len(lower)]


def _letters_and_blanks(low: str) -> bytes:
    """``low`` as bytes, one per character, with every character but ``a``-``z`` a blank."""
    return low.encode("ascii", "replace").translate(_LETTERS_ONLY)


def ascii_words_in(text: str, windows: list[tuple[int, int]]) -> set[str]:
    """The distinct runs of :func:`ascii_word_counts` inside ``windows`` of ``text`` (not kept:
    the whole text's counts stay the shared ones).

    >>> sorted(ascii_words_in("The troops, the Turks.", [(0, 3), (12, 21)]))
    ['the', 'turks']
    """
    words: set[str] = set()
    for start, end in windows:
        words.update(letter_runs(text[start:end].lower()))
    return words


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern: a letter, a digit or the underscore.

    >>> [is_word_char(c) for c in "é_-2"]
    [True, True, False, True]
    """
    return char.isalnum() or char == "_"


def stands_alone(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is not part of a longer ``\\w`` word (no word character
    just before or after it).

    >>> stands_alone("Recep met PresidentRecep", 0, 5), stands_alone("PresidentRecep", 9, 14)
    (True, False)
    """
    return not (start and is_word_char(text[start - 1])) and not (
        end < len(text) and is_word_char(text[end])
    )


def quoted_alone(text: str, start: int, end: int, marks: str) -> bool:
    """True when ``text[start:end]`` has one of ``marks`` right before and right after it: a
    word or reference quoted on its own is named, not used (``the "pprint" module``).

    >>> quoted_alone('the "pprint" module', 5, 11, '"'), quoted_alone("the pprint", 4, 10, '"')
    (True, False)
    """
    return start > 0 and end < len(text) and text[start - 1] in marks and text[end] in marks


def find_all(
    haystack: AnyStr, needle: AnyStr, start: int = 0, end: int | None = None
) -> Iterator[int]:
    """Every offset of ``needle`` in ``haystack[start:end]`` (a ``str`` or a byte view such as
    :func:`case_classes`), left to right, overlapping ones too.

    >>> list(find_all(b"aAaaA", b"aA")), list(find_all("anana", "ana"))
    ([0, 3], [0, 2])
    >>> list(find_all("anana", "a", 1, 4))
    [2]
    """
    if end is None:
        end = len(haystack)
    pos = haystack.find(needle, start, end)
    while pos != -1:
        yield pos
        pos = haystack.find(needle, pos + 1, end)


#: a text at least this long finds its words' occurrences with :func:`run_starts` (one pass)
#: rather than one ``str.find`` scan per word, which grows with the square of its length (a
#: 1 MB document took 16 times as long as the same text as 400 short ones)
LONG_TEXT = 20_000
#: a line longer than this (text whose line ends were lost, a scraped page on one line) gets
#: its costly per-line work only near the places that call for it: ftfy near a mojibake hint
#: (:func:`~cleaner.rules.encoding.repair_bounds`), boilerplate patterns near their triggers
#: (:meth:`~cleaner.rules.boilerplate.BoilerplateEngine._windows`)
LONG_LINE = 20_000


def run_starts(low: str, words: Collection[str]) -> dict[str, list[int]]:
    """Where each of ``words`` (lower-case ASCII letters) stands in ``low`` as a maximal run of
    ASCII letters, in one pass; words not found are left out.

    A whole-word occurrence of such a word is always one of these runs (its neighbours are no
    letters), so a caller that checks the neighbours it cares about finds exactly what a
    ``str.find`` loop over ``low`` finds.

    >>> run_starts("the cat, the catalogue. the", {"the", "cat"})
    {'the': [0, 9, 24], 'cat': [4]}
    """
    found: dict[str, list[int]] = {}
    _add_runs_of_text(low, _wanted(words), 0, found)
    return found


def _wanted(words: Collection[str]) -> set[bytes]:
    """``words`` as the byte tokens :func:`_add_run_starts` compares (non-ASCII ones can never
    be a run of ASCII letters)."""
    return {w.encode("ascii") for w in words if w and w.isascii()}


def _add_runs_of_text(
    low: str, wanted: set[bytes], offset: int, found: dict[str, list[int]]
) -> None:
    """Add to ``found`` where the ``wanted`` runs of ``low`` (which starts at ``offset``) start.

    The text as bytes with every character but a-z a blank (one byte per character, so offsets
    are kept), split at each blank: token i starts where the i tokens before it and their
    blanks end. The split, the filter and the running sum of lengths run in C; only the wanted
    tokens are visited in Python (a finditer yields a match object per word). A text longer
    than :data:`WHOLE_SPLIT_MAX` is split a stretch at a time."""
    letters = _letters_and_blanks(low)
    for start, end in stretches(letters, b" ", WHOLE_SPLIT_MAX):
        _add_run_starts(letters[start:end].split(b" "), wanted, offset + start, found)


def run_starts_in(
    low: str, words: Collection[str], windows: Iterable[tuple[int, int]]
) -> dict[str, list[int]]:
    """:func:`run_starts` over the ``windows`` of ``low`` only (sorted, not overlapping), with
    offsets in ``low``: one pass per window for all the words, where a ``str.find`` loop per
    word and window made as many scans as words times windows (a focused rerun over a long
    text has a hundred windows and as many words).

    A run cut by a window's edge is reported as the part inside, as a ``str.find`` inside the
    window would find it; a caller checks the neighbours in ``low`` either way.

    >>> text = "the cat, the catalogue. the"
    >>> run_starts_in(text, {"the", "cat"}, [(0, 7), (13, 27)])
    {'the': [0, 24], 'cat': [4]}
    >>> run_starts_in(text, {"cat"}, [(13, 16)])  # (catalogue cut by the window's edge)
    {'cat': [13]}
    """
    found: dict[str, list[int]] = {}
    wanted = _wanted(words)
    if wanted:
        for start, end in windows:
            _add_runs_of_text(low[start:end], wanted, start, found)
    return found


def _add_run_starts(
    tokens: list[bytes], wanted: set[bytes], offset: int, found: dict[str, list[int]]
) -> None:
    """Add to ``found`` where the ``wanted`` ones of ``tokens`` (a stretch of blanked text
    that starts at ``offset``, split at every blank) start."""
    hits = list(compress(count(), map(wanted.__contains__, tokens)))
    if not hits:
        return
    ends = list(accumulate(map(len, tokens[: hits[-1]])))  # letters up to each token's end
    for i in hits:
        found.setdefault(tokens[i].decode("ascii"), []).append(
            offset + (ends[i - 1] if i else 0) + i
        )


#: a text up to this long is split into words whole (and its runs kept for the last text); a
#: longer one a stretch of about this size at a time (see :func:`stretches`): a list of every
#: word of a text holds several times its size (a whole run over a 101 MB line peaked at
#: 1.7 GB with whole splits and a diff built as one string, 1.10 GB without)
WHOLE_SPLIT_MAX = 2_000_000


def focus_windows(text: str, spans: Collection[tuple[int, int]]) -> list[tuple[int, int]]:
    r"""The lines of ``text`` that hold each of ``spans``, with the line before and after, merged
    and sorted: what a stage looks at again after other stages changed those spans.

    A change can make a finding where there was none only near itself (an ``&amp;amp;`` made
    ``&amp;`` is an entity again; a typo fixed beside another word gives it context). The line
    either side is a safety margin: no focused rule is known to need it (their findings lie
    within a line, and the phrase matcher looks further around a window itself). Each window
    runs from a line's start to the end of a line (its ``\n`` or the text's end).

    >>> focus_windows("one\ntwo\nthree\nfour\nfive", [(9, 10)])
    [(4, 18)]
    """
    windows: list[tuple[int, int]] = []
    for start, end in spans:
        line_start = text.rfind("\n", 0, start)
        if line_start != -1:
            line_start = text.rfind("\n", 0, line_start)
        line_end = text.find("\n", end)
        if line_end != -1:
            line_end = text.find("\n", line_end + 1)
        windows.append((line_start + 1, len(text) if line_end == -1 else line_end))
    return merged(windows)


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, with those that overlap or touch made one.

    >>> merged([(5, 9), (0, 2), (2, 3), (8, 12)])
    [(0, 3), (5, 12)]
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def in_windows(windows: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` overlaps or touches one of ``windows`` (sorted, disjoint).

    >>> in_windows([(4, 18)], 0, 4), in_windows([(4, 18)], 19, 20)
    (True, False)
    """
    i = bisect_right(windows, (end, end))
    if i < len(windows) and windows[i][0] == end:
        return True
    return i > 0 and windows[i - 1][1] >= start


class DocContext:
    """Per-stage view of a document: its words, sentence starts and protected spans.

    Everything is computed lazily, so a stage whose rules never ask for word counts never
    tokenises the text.
    """

    def __init__(
        self,
        text: str,
        resources: Resources,
        focus: list[tuple[int, int]] | None = None,
        changed_words: frozenset[str] = frozenset(),
    ) -> None:
        self.text = text
        self.resources = resources
        #: where the text changed since the stage last ran (:func:`focus_windows`), or
        #: ``None``: the whole text (a stage's first run over the document, or a rerun whose
        #: windows would hold most of it; see ``pipeline.FOCUS_MAX_SHARE``)
        self.focus = focus
        #: with :attr:`focus`, the words (ASCII letter runs, lower case) those changes removed
        #: or wrote: a rule that takes evidence from the whole document looks again, anywhere,
        #: at the words this evidence bears on (a ``Russia`` written for ``Rsusia`` is evidence
        #: for a ``Russiaa`` further on)
        self.changed_words = changed_words

    def parts(self, text: str) -> Iterator[tuple[int, str]]:
        """``(offset, part)`` for each :attr:`focus` window of ``text`` (this context's text),
        or ``(0, text)`` when the whole text is in focus. A rule whose findings each lie
        within one line, and need nothing beyond it, may scan just these parts (and be
        :attr:`~cleaner.registry.Rule.focused`).
        """
        if self.focus is None:
            yield 0, text
            return
        for start, end in self.focus:
            yield start, text[start:end]

    def in_focus(self, start: int, end: int) -> bool:
        """True when ``start:end`` touches one of the :attr:`focus` windows (or there are none:
        the whole text is in focus)."""
        return self.focus is None or in_windows(self.focus, start, end)

    @cached_property
    def ascii_words(self) -> Counter[str]:
        """:func:`ascii_word_counts` of the text (read-only)."""
        return ascii_word_counts(self.text)

    @cached_property
    def links(self) -> list[tuple[int, int]]:
        """URLs, e-mail addresses, hashtags and handles (:func:`link_spans`)."""
        return link_spans(self.text)

    @cached_property
    def kept(self) -> list[tuple[int, int]]:
        """What the writer or user asked to keep: ``[sic]`` words, code (:func:`code_spans`),
        ``cleaner: ignore`` lines and off blocks, protect packs, allowed words."""
        spans = sic_spans(self.text) + code_spans(self.text)
        if "cleaner:" in self.text:
            spans += [(m.start(), m.end()) for m in _IGNORE_LINE_RE.finditer(self.text)]
            spans += [(m.start(), m.end()) for m in _IGNORE_BLOCK_RE.finditer(self.text)]
        spans += self.resources.protected_spans(self.text)
        if self.resources.config.allow_words:
            pattern = self.resources.get(
                "context.allow-words", lambda: _words_re(self.resources.config.allow_words)
            )
            if pattern is not None:
                spans += [(m.start(), m.end()) for m in pattern.finditer(self.text)]
        return spans

    @cached_property
    def escaped_bytes(self) -> bool:
        """True when the text holds a byte that was not UTF-8 (:func:`changes_escaped_bytes`)."""
        return ESCAPED_BYTE_RE.search(self.text) is not None

    @cached_property
    def technical(self) -> bool:
        """:func:`is_technical` of the text: the spelling stage only suggests there."""
        return is_technical(self.text, self.links)

    @cached_property
    def hard_wrapped(self) -> bool:
        """:func:`is_hard_wrapped` of the text: its line breaks may fall inside sentences."""
        return is_hard_wrapped(self.text)

    @cached_property
    def verse(self) -> bool:
        """:func:`is_verse` of the text: the spelling stage only suggests there."""
        return is_verse(self.text)

    @cached_property
    def protected(self) -> list[tuple[int, int]]:
        """Spans that no rule may change, sorted: :attr:`links` and :attr:`kept`."""
        return sorted(self.links + self.kept)

    def is_protected(self, start: int, end: int) -> bool:
        """True when ``start:end`` touches a protected span."""
        return _touches(self.protected, start, end)

    def blocks(self, start: int, end: int, replacement: str) -> bool:
        """True when an edit of ``start:end`` must not be made because of protected text.

        A removal of whole lines (debris: ``Read more: https://…``, ``Follow us @Reuters``) may
        take the links on those lines with it, whole; the report keeps them. Anything the user
        asked to keep still blocks it, and every other edit is blocked by any protected span.
        """
        if self.escaped_bytes and changes_escaped_bytes(self.text, start, end, replacement):
            return True
        if not removes_whole_lines(self.text, start, end, replacement):
            return self.is_protected(start, end)
        cut = any(s < start < e or s < end < e for s, e in self.links)  # a link crossing out
        return cut or _touches(sorted(self.kept), start, end)

    def is_sentence_start(self, pos: int) -> bool:
        """True when ``pos`` begins a sentence: text start, after a line break or ``. ``; not
        after the full stop of an abbreviated title (``Dr. Holaday``), nor after the break of a
        line that stops mid-sentence in a hard-wrapped text (:func:`wrapped_before`)."""
        i = pos - 1
        text = self.text
        while i >= 0 and text[i] in " \t“\"‘'([":
            i -= 1
        if i < 0:
            return True
        if text[i] in "\n\r":
            return not (wrapped_before(text, i) and self.hard_wrapped)
        if text[i] == "." and ends_abbreviated_title(text, i):
            return False
        return text[i] in ".!?:…–—-" and i < pos - 1


def wrapped_before(text: str, newline: int) -> bool:
    r"""True when the line ending at ``text[newline]`` was wrapped mid-sentence: it is at least
    :data:`WRAPPED_LINE_MIN` characters long and ends in a lower-case letter or a comma, so
    the next line goes on with its sentence (``... members of the\nCommittee said``).

    >>> text = "The minister told reporters in the capital on Monday that members of the\nCommittee"
    >>> wrapped_before(text, text.index("\n")), wrapped_before("Members of the\nCommittee", 14)
    (True, False)
    >>> text = "The minister told reporters in the capital on Monday that it failed.\nNo"
    >>> wrapped_before(text, text.index("\n"))
    False
    """
    end = newline
    if end > 0 and text[end] == "\n" and text[end - 1] == "\r":
        end -= 1
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == 0 or not (text[end - 1].islower() or text[end - 1] == ","):
        return False
    start = text.rfind("\n", 0, end) + 1
    return end - start >= WRAPPED_LINE_MIN


def _touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` touches one of ``spans`` (sorted)."""
    for p_start, p_end in spans:
        if p_start >= end and start != end:
            break
        if start < p_end and p_start < end:
            return True
        if start == end and p_start < start < p_end:
            return True
    return False


def changes_escaped_bytes(text: str, start: int, end: int, replacement: str) -> bool:
    r"""True when replacing ``text[start:end]`` by ``replacement`` would change a byte that was
    not UTF-8 (read as a lone surrogate by ``--encoding-errors surrogateescape``, which promises
    to write every such byte back unchanged), or would bring two of them together: written back,
    ``\xc3`` and ``\xa9`` with a control character between them lost would be the valid ``é``,
    and the clean text would no longer be the one its report was written for. Removing whole
    lines (debris) may take such a byte with it: the report keeps it.

    >>> text = "caf\udcc3\x07\udca9 open"
    >>> changes_escaped_bytes(text, 4, 5, ""), changes_escaped_bytes(text, 6, 7, "")
    (True, False)
    >>> changes_escaped_bytes("a \udcff b", 2, 3, "\ufffd")
    True
    """
    if not removes_whole_lines(text, start, end, replacement) and ESCAPED_BYTE_RE.search(
        text, start, end
    ):
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    pairs: list[tuple[str, str]] = (
        [(before, replacement[0]), (replacement[-1], after)] if replacement else [(before, after)]
    )
    return any(
        ESCAPED_BYTE_RE.match(left) is not None and ESCAPED_BYTE_RE.match(right) is not None
        for left, right in pairs
        if left and right
    )


def removes_whole_lines(text: str, start: int, end: int, replacement: str) -> bool:
    r"""True when replacing ``text[start:end]`` by ``replacement`` deletes whole lines only.

    >>> text = "Vote delayed.\nRead more: https://x.com/a\nThey meet."
    >>> removes_whole_lines(text, 14, 41, ""), removes_whole_lines(text, 25, 40, "")
    (True, False)
    >>> removes_whole_lines("\ufeffRead more: https://x.com/a", 1, 27, "")
    True
    """
    if replacement or start == end:
        return False
    # a byte-order mark opening the text is not part of its first line (the pipeline keeps it)
    starts_line = start == 0 or text[start - 1] == "\n" or (start == 1 and text[0] == "\ufeff")
    ends_line = end == len(text) or text[end - 1] == "\n" or text[end] == "\n"
    return starts_line and ends_line


def _words_re(words: frozenset[str]) -> regex.Pattern[str] | None:
    """One pattern for the user's allow-listed words: exact forms, whole words only.

    Entries without a letter or digit (a lone ``.`` from a review decision) protect nothing here.
    """
    wordy = sorted((w for w in words if any(c.isalnum() for c in w)), key=len, reverse=True)
    if not wordy:
        return None
    return regex.compile(r"(?<![\w'’-])(?:\L<words>)(?![\w'’-])", words=wordy)
