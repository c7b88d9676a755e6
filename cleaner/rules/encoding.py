"""Rules of the ``encoding`` stage: ftfy, run conservatively and only where it can help.

Every rule here first runs a cheap precompiled scan; ftfy is called only on the lines (or the
exact matches) that the scan picks, so clean text costs one regex pass per rule. The ftfy
configuration keeps curly quotes, character widths, ligatures, Unicode normalisation and line
breaks exactly as they are: those are choices of the author, not damage.

Each change is reported with a minimal span: a changed line is compared with its fixed version
and every differing run becomes its own :class:`~cleaner.edits.Edit`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from functools import cache
from typing import TYPE_CHECKING, ClassVar

import regex

from cleaner.context import (
    ASCII_CONTROLS,
    LONG_LINE,
    WIDE_CONTROLS,
    DocContext,
    case_classes,
    line_bounds,
    quoted_alone,
)
from cleaner.edits import Edit, common_ends
from cleaner.registry import Rule, register

if TYPE_CHECKING:
    import ftfy


@cache
def mojibake_config() -> ftfy.TextFixerConfig:
    """ftfy limited to encoding repair: no quote uncurling, width folding, ligature splitting,
    normalisation, line-break changes; entities, escapes and controls have rules of their own.

    ftfy is imported here, the first time a line looks like mojibake, not at start-up (~50 ms).
    """
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


# the cheap scans use the standard library's re: for a plain character class it scans several
# times faster than the regex module

#: the first character of what UTF-8 read as Latin-1 / Windows-1252 looks like: a lead byte
#: (U+00C2..U+00F4) that :func:`_looks_mojibake` then wants followed by a non-ASCII character (a
#: continuation byte or its Windows-1252 character: € ’ “ …), or a lone C1 control. ``café`` does
#: not qualify, so most clean accented text never reaches ftfy. One narrow character class:
#: the standard re scans that several times faster than an alternation or wide ranges.
_MOJIBAKE_HINT = re.compile("[\x80-\x9f\xc2-\xf4]")

#: an HTML character reference, possibly escaped again (``&amp;amp;``), ending in ``;``
_ENTITY_RE = regex.compile(
    r"&(?:amp;)*(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
)
#: a line that holds markup: its entities belong to the markup and stay
_MARKUP_RE = regex.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")

#: ANSI terminal escape sequences (colours, cursor moves): ESC [ params letter
_ANSI_RE = regex.compile(r"\x1b\[[0-9;]*[a-zA-Z]")

#: the characters ftfy's ``remove_control_chars`` deletes (tab, LF, FF and CR are kept); the
#: ASCII ones are scanned with a narrow class, the wide ones only when one of them occurs. Spelled
#: out (in :mod:`cleaner.context`) so that ftfy is not imported at start-up; a test checks they
#: are ftfy's CONTROL_CHARS.
_CONTROL_RE = re.compile(f"[{ASCII_CONTROLS}{WIDE_CONTROLS}]")
_ASCII_CONTROL_RE = re.compile(f"[{ASCII_CONTROLS}]")
_WIDE_CONTROLS = tuple("\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb\ufffc")


def _unescape_html(text: str) -> str:
    from ftfy.fixes import unescape_html

    return unescape_html(text)


def _printable(text: str) -> bool:
    """True unless ``text`` decodes to a control character or U+FFFD (``&#0;``, ``&#x1b;``)."""
    return all(c.isprintable() or c in "\t\xa0" for c in text) and "\ufffd" not in text


def _looks_mojibake(text: str, pos: int) -> bool:
    """A C1 control at ``pos``, or a UTF-8 lead character followed by a non-ASCII one."""
    char = text[pos]
    if char <= "\x9f":
        return True
    return pos + 1 < len(text) and text[pos + 1] > "\x7f"


#: on a line longer than :data:`~cleaner.context.LONG_LINE`, the characters each side of a
#: mojibake hint that ftfy is given (it cleans well under 1 MB/s, and a scraped page can be one
#: line of 100 MB)
REPAIR_WINDOW = 2_000


def repair_bounds(text: str, pos: int) -> tuple[int, int]:
    """The span around ``pos`` that ftfy repairs: its line, or for a line longer than
    :data:`~cleaner.context.LONG_LINE` the words within :data:`REPAIR_WINDOW` characters of ``pos``.

    >>> repair_bounds("ab\\ncd", 4)
    (3, 5)
    >>> line = "word " * 10_000
    >>> start, end = repair_bounds(line, 25_002)
    >>> start, end, set(line[start:end].split(" "))
    (23005, 26999, {'word'})
    """
    start, end = line_bounds(text, pos)
    if end - start <= LONG_LINE:
        return start, end
    low, high = max(start, pos - REPAIR_WINDOW), min(end, pos + REPAIR_WINDOW)
    # cut at blanks, so that no word (and no mojibake sequence) is split
    if low > start:
        cuts = [i for i in (text.find(" ", low, pos), text.find("\t", low, pos)) if i != -1]
        low = min(cuts) + 1 if cuts else low
    if high < end:
        high = max(text.rfind(" ", pos, high), text.rfind("\t", pos, high), pos + 1)
    return low, high


#: a run of blanks or of non-blanks: the unit the line diff aligns
_TOKEN_RE = re.compile(r"\s+|\S+")
#: above this many tokens a line is diffed as one span (keeps the diff linear)
_MAX_DIFF_TOKENS = 2000


def diff_edits(
    old: str, new: str, offset: int, rule: str, reason: str, confidence: float
) -> Iterator[Edit]:
    """Minimal edits that turn ``old`` into ``new``; offsets shifted by ``offset``.

    Tokens (runs of blanks or non-blanks) are aligned first, then each changed run is trimmed
    to the characters that differ; changed runs closer than three characters are merged, so one
    damaged word gives one edit.

    >>> [(e.start, e.original, e.replacement) for e in diff_edits("aÃ©b", "aéb", 10, "r", "", 1)]
    [(11, 'Ã©', 'é')]
    """
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    blocks: Sequence[tuple[str, int, int, int, int]]
    if len(a) > _MAX_DIFF_TOKENS or len(b) > _MAX_DIFF_TOKENS:
        blocks = [("replace", 0, len(a), 0, len(b))]
    else:
        blocks = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    a_pos = [0]
    for token in a:
        a_pos.append(a_pos[-1] + len(token))
    b_pos = [0]
    for token in b:
        b_pos.append(b_pos[-1] + len(token))
    runs: list[list[int]] = []
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal":
            continue
        o1, o2, n1, n2 = a_pos[i1], a_pos[i2], b_pos[j1], b_pos[j2]
        head, tail = common_ends(old[o1:o2], new[n1:n2])
        o1, n1, o2, n2 = o1 + head, n1 + head, o2 - tail, n2 - tail
        if runs and o1 - runs[-1][1] < 3 and n1 - runs[-1][3] < 3:
            runs[-1][1], runs[-1][3] = o2, n2
        else:
            runs.append([o1, o2, n1, n2])
    for o1, o2, n1, n2 in runs:
        yield Edit(offset + o1, offset + o2, old[o1:o2], new[n1:n2], rule, reason, confidence)


@register
class Mojibake(Rule):
    """Repair mojibake: UTF-8 text that was decoded with the wrong codec.

    Example: ``Syriaâ€™s northwestern province`` → ``Syria’s northwestern province``.
    Only lines holding a character that mojibake is made of are passed to ftfy, which itself
    changes nothing unless its badness heuristic finds the line implausible.
    """

    id: ClassVar[str] = "mojibake"
    stage: ClassVar[str] = "encoding"
    confidence: ClassVar[float] = 0.95

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        pos = 0
        hints: list[int] = []
        if "\ufffd" in text:  # a lossy-decoding trace: look at each line that holds one
            i = text.find("\ufffd")
            while i != -1:
                hints.append(i)
                i = text.find("\ufffd", i + 1)
        hints += [
            m.start() for m in _MOJIBAKE_HINT.finditer(text) if _looks_mojibake(text, m.start())
        ]
        for hint in sorted(hints):
            if hint < pos:
                continue
            start, end = repair_bounds(text, hint)
            pos = end + 1
            line = text[start:end]
            import ftfy

            fixed = ftfy.fix_text(line, mojibake_config())
            if fixed == line:
                continue
            yield from diff_edits(
                line,
                fixed,
                start,
                self.id,
                "mojibake: these characters are UTF-8 bytes decoded with the wrong codec; "
                "ftfy restores the intended characters",
                self.confidence,
            )


#: marks that quote a reference written to be read as it is, named rather than used
#: (``such as "&lt;"``; a backtick opens a GNU-style quote)
_MENTION_QUOTES = "\"'“”‘’`"


@register
class HtmlEntities(Rule):
    """Decode HTML character references left in plain text.

    Example: ``Tom &amp; Jerry&#39;s`` → ``Tom & Jerry's``. Only references that end in ``;``
    are decoded (``this&not that`` stays); lines that hold markup tags and a reference quoted on
    its own (``such as "&lt;"``) are left alone.
    """

    id: ClassVar[str] = "html-entities"
    stage: ClassVar[str] = "encoding"
    confidence: ClassVar[float] = 0.95

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        if "&" not in text:
            return
        markup: dict[int, bool] = {}  # line start -> whether the line holds markup tags
        for match in _ENTITY_RE.finditer(text):
            start, end = line_bounds(text, match.start())
            if start not in markup:
                markup[start] = _MARKUP_RE.search(text, start, end) is not None
            if markup[start] or quoted_alone(text, match.start(), match.end(), _MENTION_QUOTES):
                continue
            entity = match.group()
            decoded = entity
            # undo repeated escaping (``&amp;amp;lt;``) in one edit, so the result is stable
            while True:
                step = (
                    html.unescape(decoded) if decoded.startswith("&#") else _unescape_html(decoded)
                )
                if step == decoded:
                    break
                decoded = step
                if not _ENTITY_RE.fullmatch(decoded):
                    break
            if (
                not decoded  # a reference to no character (``&#x10FFFF;``): nothing to write
                or decoded == entity
                or _ENTITY_RE.fullmatch(decoded)
                or not _printable(decoded)
            ):
                continue
            yield Edit(
                match.start(),
                match.end(),
                entity,
                decoded,
                self.id,
                f"HTML character reference {entity} in plain text stands for {decoded!r}",
                self.confidence,
            )


@register
class TerminalEscapes(Rule):
    """Remove ANSI terminal escape sequences (colour codes) from text.

    Example: ``\\x1b[1mBreaking\\x1b[0m news`` → ``Breaking news``.
    """

    id: ClassVar[str] = "terminal-escapes"
    stage: ClassVar[str] = "encoding"
    confidence: ClassVar[float] = 0.99

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        if "\x1b" not in text:
            return
        for match in _ANSI_RE.finditer(text):
            yield Edit(
                match.start(),
                match.end(),
                match.group(),
                "",
                self.id,
                "terminal escape sequence (colour or cursor code) is not text",
                self.confidence,
            )


#: the information separators (file, group, record, unit: U+001C-U+001F) ...
_SEPARATORS = "\x1c\x1d\x1e\x1f"
#: ... on a line of their own: GNU Info starts every node with a line holding U+001F alone (and
#: indexes its nodes with U+007F in the tag table); record dumps split records with them
_SEPARATOR_LINE_RE = re.compile(f"(?m)^[{_SEPARATORS}]+$")


def control_format(text: str) -> bool:
    """True when ``text`` uses control characters as its syntax: it holds a line of nothing
    but information separators (a GNU Info file, a record dump). Its control characters are
    structure, not debris, and stay.

    >>> control_format("* Menu::\\n\\x1f\\nFile: bc.info,  Node: Top\\nNode: Top\\x7f203")
    True
    >>> control_format("Mos\\x1fcow said\\n\\x00\\n")
    False
    """
    return any(c in text for c in _SEPARATORS) and _SEPARATOR_LINE_RE.search(text) is not None


@register
class ControlChars(Rule):
    """Remove invisible control characters (NUL, BEL, stray BOMs, deprecated format codes).

    Example: ``Moscow\\x00 said`` → ``Moscow said``. Tab, line feed, form feed and carriage
    return stay; a leading BOM is kept by the pipeline; an ``ESC`` that starts a terminal
    escape is left to ``terminal-escapes``. A text that uses control characters as its syntax
    (:func:`control_format`: GNU Info) keeps them all.
    """

    id: ClassVar[str] = "control-chars"
    stage: ClassVar[str] = "encoding"
    confidence: ClassVar[float] = 0.99

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        wide = any(c in text for c in _WIDE_CONTROLS)
        if not wide and b"#" not in case_classes(text):
            return  # no control character at all (one C search of the class view)
        if control_format(text):
            return
        pattern = _CONTROL_RE if wide else _ASCII_CONTROL_RE
        pos = 0
        while (match := pattern.search(text, pos)) is not None:
            start = end = match.start()
            while end < len(text) and pattern.match(text, end):  # a run is one edit
                end += 1
            pos = end
            if text[end - 1] == "\x1b" and _ANSI_RE.match(text, end - 1):
                end -= 1
                if end == start:
                    pos += 1
                    continue
            chars = text[start:end]
            names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
            yield Edit(
                start,
                end,
                chars,
                "",
                self.id,
                f"invisible control character ({names}) is not part of the text",
                self.confidence,
            )
