"""Rules of the ``boilerplate`` stage: scraping debris around the prose, driven by regex packs.

Patterns live in ``regex`` packs (``dictionaries/boilerplate-en.tsv``); this module only knows
the geometry of a removal and how named groups become report metadata.

Pack entries
    ``match`` is a pattern for the ``regex`` module, matched in MULTILINE mode. It starts with a
    family marker ``(?#photo-credit)``: the id of the rule that reports it. ``(?#define)`` rows
    hold shared sub-patterns, one named group each (``(?P<_date>…)``), called as ``(?&_date)``.
    Patterns use ``[ \\t]`` rather than ``\\s``: no match may cross a line break. ``replace`` is
    empty (the match is removed); ``confidence`` below the fix threshold makes a suggestion.
    ``(?#trigger:photo-credit)`` rows are lower-case literals (``credit``; ``^share`` at a line
    start): a family's patterns run only on lines holding one of its triggers, on the first line
    and on lines starting with a blank, which keeps clean text cheap. Every family pattern needs
    a trigger its lines contain (a family with no trigger at all is tried on every line).

Named groups → ``Edit.meta``
    ``(?P<photo_credit>AFP)`` gives ``("photo_credit", "AFP")``. Names starting with ``_`` are
    private. A name ending in ``_names`` holds a list of people, split on ``,`` ``;`` ``&`` and
    ``and`` (``author_names`` → key ``author``). Repeated ``role`` / ``names`` pairs form a byline:
    ``Editing by Nick Macfie`` gives ``("editing", "Nick Macfie")``. Values of ``date``,
    ``published``, ``updated`` and ``modified`` are written as ISO dates when they parse.

Geometry
    A match is widened over the blanks beside it. One that then fills its line removes the
    line with its line break, and a blank line too when the removal would leave two blank lines
    in a row (or a blank line at the start or end of the text); consecutive removed lines are
    handled as one block. A match that ends its line removes the blanks before it (a credit
    after a caption); one that starts its line removes the blanks after it (a ``date …`` prefix);
    one inside a line removes the blanks before it (``Kings (photo credit: Getty Images).``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import regex

from cleaner.context import LONG_LINE, DocContext, line_bounds, lower_same_length, merged
from cleaner.edits import Edit
from cleaner.packs import Pack, PackError
from cleaner.registry import Rule, register
from cleaner.spelling import cache

if TYPE_CHECKING:
    from cleaner.resources import Resources

#: rule ids of the boilerplate families, in report order
FAMILIES: tuple[str, ...] = (
    "photo-credit",
    "agency-byline",
    "file-name-line",
    "metadata-prefix",
    "page-furniture",
    "dateline",
)
#: seconds one pattern may spend on one line before the run stops with an error naming it: a
#: user pattern with catastrophic backtracking (``(a|aa)+$``) must not hang a corpus run
PATTERN_TIMEOUT = 2.0
#: more seconds per character of the line: a plain scan of a 100 MB line takes seconds, and
#: only a pattern slower than 1 MB/s on it is stopped
PATTERN_TIMEOUT_PER_CHAR = 1e-6


def time_limit(length: int) -> float:
    """Seconds a pattern may spend on a line of ``length`` characters.

    >>> time_limit(80), time_limit(100_000_000)
    (2.00008, 102.0)
    """
    return PATTERN_TIMEOUT + length * PATTERN_TIMEOUT_PER_CHAR


PATTERN_FLAGS = regex.MULTILINE | regex.VERSION0
#: how far from a trigger a floating match may reach on a long line; a credit or byline is a
#: line's tail, a few hundred characters at most
TRIGGER_REACH = 1_000
#: disk cache entry of the compiled pack patterns (see :func:`read_patterns`)
PATTERNS_CACHE = "boilerplate-patterns"
DEFINE = "define"
TRIGGER = "trigger"
#: a family matched only where the body of the text begins (after removed prefixes)
BODY_START_FAMILIES = frozenset({"dateline"})
DATE_KEYS = frozenset({"date", "published", "updated", "modified"})
#: families whose whole-line hits may be fields of a record (``Last modified: 1994-03-25``),
#: kept beside another ``Label: value`` line
FIELD_FAMILIES = frozenset({"metadata-prefix"})
#: ... and those kept only inside a record, with a field on both sides (``Image: Ubuntu 22.04
#: LTS`` among a server's settings): a news page's credits come in pairs (``Photo: AFP`` /
#: ``Source: Reuters``)
INNER_FIELD_FAMILIES = frozenset({"photo-credit"})
#: families whose whole-line hits may be entries of a listing (``logo.png`` among ``index.html``
#: and ``style.css``), kept beside another entry or after a line that announces one with a colon
LISTING_FAMILIES = frozenset({"file-name-line"})
#: a line holding one file name or path (``style.css``, ``src/app.py``, ``docs/``)
_LISTING_LINE_RE = regex.compile(
    r"[ \t]*(?:[-*•][ \t]+)?[\w.-]*\p{L}[\w.-]*(?:/[\w.-]+)*"
    r"(?:\.(?!(?i:com|org|net|gov|edu|int|info|co|uk|io)[ \t]*$)\p{L}\w{0,5}|/)[ \t]*$"
)
#: a ``Label: value`` line, as in a file header or a record (``License: public-domain``): a
#: short value, up to four words (``Image: Wu Na (left), CEO of …`` is a caption, not a field)
_FIELD_LINE_RE = regex.compile(
    r"[ \t]*\p{Lu}[\p{L}\p{N} \t_-]{0,40}:[ \t]*[^ \t\n]+(?:[ \t]+[^ \t\n]+){0,3}[ \t]*$"
)

_FAMILY_RE = regex.compile(r"\(\?#([a-z][a-z0-9-]*)(?::([a-z][a-z0-9-]*))?\)")
_NAME_SPLIT_RE = regex.compile(r"[ \t]*(?:[,;&]|\band\b)[ \t]*(?:and[ \t]+)?")
_PLACE_RE = regex.compile(r"[ \t]+in[ \t]+\p{Lu}.*$")
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_ISO_RE = regex.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_DMY_RE = regex.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \t]+(\p{L}+)\.?,?[ \t]+(\d{4})")
_MDY_RE = regex.compile(r"(\p{L}+)\.?[ \t]+(\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(\d{4})")
_TIME_RE = regex.compile(r"(?<![\d-])(\d{1,2})[:.](\d{2})(?![\d.]*[-/]\d)")


def iso_date(value: str) -> str:
    """``value`` as ``YYYY-MM-DD`` (``THH:MM`` added when a time is given), else unchanged.

    >>> iso_date("August 8, 2020 - 16:33")
    '2020-08-08T16:33'
    >>> iso_date("2020-02-12")
    '2020-02-12'
    >>> iso_date("12.02.2020")
    '12.02.2020'
    """
    day: dt.date | None = None
    rest = value
    if m := _ISO_RE.search(value):
        day = _date(int(m[1]), int(m[2]), int(m[3]))
    elif m := _DMY_RE.search(value):
        month = _MONTHS.get(m[2].lower())
        day = _date(int(m[3]), month, int(m[1])) if month else None
    elif m := _MDY_RE.search(value):
        month = _MONTHS.get(m[1].lower())
        day = _date(int(m[3]), month, int(m[2])) if month else None
    if day is None or m is None:
        return value.strip()
    rest = value[: m.start()] + " " + value[m.end() :]
    if (t := _TIME_RE.search(rest)) and int(t[1]) < 24 and int(t[2]) < 60:
        return f"{day.isoformat()}T{int(t[1]):02d}:{t[2]}"
    return day.isoformat()


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def split_names(value: str) -> list[str]:
    """People named in a credit list, without the places they filed from.

    >>> split_names("Tom Balmforth, Vladimir Soldatkin and Andrey Kuzmin")
    ['Tom Balmforth', 'Vladimir Soldatkin', 'Andrey Kuzmin']
    >>> split_names("Jane Doe in Kyiv & Li Wei")
    ['Jane Doe', 'Li Wei']
    """
    names = (_PLACE_RE.sub("", part).strip() for part in _NAME_SPLIT_RE.split(value))
    return [n for n in names if n]


def match_meta(match: regex.Match[str]) -> tuple[tuple[str, str], ...]:
    """Report metadata carried by a match's named groups (see the module docstring)."""
    pairs: list[tuple[str, str]] = []
    captures = match.capturesdict()
    for role, names in zip(captures.get("role", ()), captures.get("names", ()), strict=False):
        key = regex.sub(r"[^a-z]+", "_", role.lower()).strip("_")
        pairs.extend((key, name) for name in split_names(names))
    for name, values in captures.items():
        if not values or name.startswith("_") or name in ("role", "names"):
            continue
        for value in values:
            if name.endswith("_names"):
                pairs.extend((name[: -len("_names")], n) for n in split_names(value))
            elif name in DATE_KEYS:
                pairs.append((name, iso_date(value)))
            elif value.strip():
                pairs.append((name, value.strip()))
    return tuple(dict.fromkeys(pairs))


@dataclass(frozen=True, slots=True)
class Entry:
    family: str
    pattern: str
    confidence: float
    reason: str
    pack: str
    line: int
    #: the pack file, for messages
    path: str = ""

    @property
    def where(self) -> str:
        return f"{self.path or self.pack}:{self.line}"


def pack_entries(packs: Sequence[Pack]) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """``(defines, triggers, entries)`` of the regex packs meant for this stage.

    Packs whose ``stage`` is ``boilerplate`` and users' packs (no other stage reads a regex
    pack) must mark every entry with a known family; other packs with no stage contribute
    only the entries that carry such a marker.
    """
    defines: list[Entry] = []
    triggers: list[Entry] = []
    entries: list[Entry] = []
    for pack in packs:
        if pack.kind != "regex" or pack.stage not in ("", "boilerplate"):
            continue
        for e in pack.entries:
            marker = _FAMILY_RE.match(e.match)
            family = marker.group(1) if marker else ""
            if family not in FAMILIES and family not in (DEFINE, TRIGGER):
                if pack.stage == "boilerplate" or pack.user:
                    raise PackError(
                        f"{pack.path}:{e.line}: pattern must start with a family marker: "
                        f"{' '.join(f'(?#{f})' for f in (DEFINE, TRIGGER, *FAMILIES))}"
                    )
                continue
            if family == TRIGGER:
                literal = e.match[marker.end() :] if marker else ""
                target = marker.group(2) if marker else None
                if target not in FAMILIES or not literal or literal != literal.lower():
                    raise PackError(
                        f"{pack.path}:{e.line}: a trigger is (?#trigger:<family>) followed by a "
                        "lower-case literal"
                    )
                where = (pack.id, e.line, str(pack.path))
                triggers.append(Entry(target, literal, e.confidence, e.reason, *where))
                continue
            entry = Entry(family, e.match, e.confidence, e.reason, pack.id, e.line, str(pack.path))
            (defines if family == DEFINE else entries).append(entry)
    return defines, triggers, entries


_CALL_RE = re.compile(r"\(\?&(\w+)\)")
_NAME_RE = re.compile(r"\(\?P<(\w+)>")


def used_defines(defines: Sequence[Entry], pattern: str) -> list[Entry]:
    """The ``(?#define)`` entries ``pattern`` calls, directly or through each other, in pack
    order: parsing the sub-patterns an entry never calls made compiling ~3x slower."""
    by_name = {m.group(1): d for d in defines if (m := _NAME_RE.search(d.pattern))}
    wanted: set[str] = set()
    todo = _CALL_RE.findall(pattern)
    while todo:
        name = todo.pop()
        if name in wanted or name not in by_name:
            continue
        wanted.add(name)
        todo += _CALL_RE.findall(by_name[name].pattern)
    return [d for d in defines if (m := _NAME_RE.search(d.pattern)) and m.group(1) in wanted]


def entry_source(defines: Sequence[Entry], entry: Entry) -> str:
    """One entry's pattern with the ``(?#define)`` sub-patterns it calls in front of it."""
    define = "".join(d.pattern for d in used_defines(defines, entry.pattern))
    prefix = f"(?(DEFINE){define})" if define else ""
    return prefix + entry.pattern


def compile_entry(defines: Sequence[Entry], entry: Entry) -> regex.Pattern[str]:
    """:func:`entry_source`, compiled."""
    try:
        return regex.compile(entry_source(defines, entry), PATTERN_FLAGS)
    except regex.error as exc:
        raise PackError(f"{entry.where}: bad pattern {entry.pattern!r}: {exc}") from None


class _PatternUnpickler(pickle.Unpickler):
    """Reads compiled ``regex`` patterns and nothing else.

    The ``regex`` module pickles a pattern as a call of its C compiler on the compiled code, so
    reading one back skips the pure-Python parser (~2-7 ms per pack pattern). A cache file is
    only data: any other callable in it is refused, so a planted file cannot run code.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


def patterns_cache_key(sources: Sequence[str]) -> str:
    """The cache key of a set of pattern sources: the sources themselves and the ``regex``
    version whose compiled code the entry holds (plus cleaner's and Python's, as for every
    entry)."""
    digest = hashlib.sha256("\0".join(sources).encode()).hexdigest()
    return cache.content_key([], regex.__version__, str(PATTERN_FLAGS), digest)


def read_patterns(
    directory: Path | None, sources: Sequence[str]
) -> list[regex.Pattern[str]] | None:
    """The compiled ``sources`` from the disk cache, in order; ``None`` when there is no usable
    entry (missing, damaged, or for other sources)."""
    data = cache.read(directory, PATTERNS_CACHE, patterns_cache_key(sources))
    if data is None:
        return None
    try:
        found = _PatternUnpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged entry can fail in many ways; it is rebuilt, never fatal
        return None
    if not (
        isinstance(found, list)
        and len(found) == len(sources)
        and all(
            isinstance(p, regex.Pattern) and p.pattern == s
            for p, s in zip(found, sources, strict=True)
        )
    ):
        return None
    return found


def write_patterns(directory: Path | None, patterns: Sequence[regex.Pattern[str]]) -> None:
    """Store compiled ``patterns`` for :func:`read_patterns`."""
    key = patterns_cache_key([p.pattern for p in patterns])
    cache.write(directory, PATTERNS_CACHE, key, pickle.dumps(list(patterns), protocol=5))


def check_patterns(packs: Sequence[Pack], user: Sequence[Pack]) -> None:
    """Compile every pattern of the ``user`` packs (with the shared sub-patterns of all
    ``packs``), so a bad one is reported with its file and line before any text is cleaned,
    not when a line first needs it."""
    defines, _, _ = pack_entries(packs)
    _, _, entries = pack_entries(user)
    for entry in entries:
        compile_entry(defines, entry)


class LazyPattern:
    """An entry's pattern, given compiled (read from the disk cache) or compiled the first time
    it is used: the ``regex`` module parses in Python, and a short clean file needs only some of
    the patterns."""

    __slots__ = ("_defines", "_entry", "_pattern")

    def __init__(
        self, defines: Sequence[Entry], entry: Entry, pattern: regex.Pattern[str] | None = None
    ) -> None:
        self._defines = defines
        self._entry = entry
        self._pattern = pattern

    def compiled(self) -> regex.Pattern[str]:
        if self._pattern is None:
            self._pattern = compile_entry(self._defines, self._entry)
        return self._pattern

    def match(self, text: str, pos: int, endpos: int) -> regex.Match[str] | None:
        try:
            return self.compiled().match(text, pos, endpos, timeout=time_limit(endpos - pos))
        except TimeoutError:
            raise self._timed_out(endpos - pos) from None

    def finditer(self, text: str, pos: int, endpos: int) -> Iterator[regex.Match[str]]:
        try:
            limit = time_limit(endpos - pos)
            yield from self.compiled().finditer(text, pos, endpos, timeout=limit)
        except TimeoutError:
            raise self._timed_out(endpos - pos) from None

    def _timed_out(self, length: int) -> PackError:
        return PackError(
            f"{self._entry.where}: pattern {self._entry.pattern!r} ran over its "
            f"{time_limit(length):g} s limit on a line of {length} characters (catastrophic "
            "backtracking?); rewrite it without nested repetition, or remove the pack"
        )


def is_anchored(entry: Entry) -> bool:
    """True when the pattern can only match at a line start (``^``) or the text start (``\\A``)."""
    body: str = _FAMILY_RE.sub("", entry.pattern, count=1)
    return body.startswith(("^", "\\A"))


def _patterns(
    defines: Sequence[Entry], entries: Sequence[Entry], directory: Path | None
) -> list[LazyPattern]:
    """The entries' patterns: compiled from the disk cache when it holds them, else compiled
    now and stored there. Without a cache each is compiled only when first used.

    Parsing all the default patterns costs ~0.1 s, a fifth of a pre-commit run on two files;
    reading them back costs ~3 ms.
    """
    if directory is None:
        return [LazyPattern(defines, e) for e in entries]
    sources = [entry_source(defines, e) for e in entries]
    found = read_patterns(directory, sources)
    if found is None:
        found = [compile_entry(defines, e) for e in entries]
        write_patterns(directory, found)
    return [LazyPattern(defines, e, p) for e, p in zip(entries, found, strict=True)]


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    entry: Entry
    meta: tuple[tuple[str, str], ...]
    whole_line: bool


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _in_record(text: str, hit: _Hit, fields: set[int], both: bool = False) -> bool:
    """True when the field line of ``hit`` stands beside a ``Label: value`` line that is no
    field the family removes: it is one field of a record the document keeps (a file header's
    ``Created:`` and ``Last modified:``, a copyright file's stanza), not scraped metadata, and
    removing it alone would break the record (the linguist's review of stop 48).

    >>> text = "License: MIT\\nLast modified: 1994-03-25\\n"
    >>> entry = Entry("metadata-prefix", "", 0.95, "", "", 0)
    >>> _in_record(text, _Hit(13, 38, entry, (), True), {13})
    True
    >>> _in_record("Story.\\n" + text[13:], _Hit(7, 32, entry, (), True), {7})
    False
    >>> caption = "Image: Wu Na (left), CEO of a firm\\n"
    >>> _in_record(caption + text[13:], _Hit(35, 60, entry, (), True), {35})
    False
    """
    neighbours = []
    if hit.start > 0:
        neighbours.append(line_bounds(text, hit.start - 1))
    if hit.end < len(text):
        neighbours.append(line_bounds(text, hit.end + 1))
    beside = [
        start not in fields and _FIELD_LINE_RE.match(text, start, end) is not None
        for start, end in neighbours
    ]
    return len(beside) == 2 and all(beside) if both else any(beside)


def _in_listing(text: str, hit: _Hit, entries: set[int]) -> bool:
    """True when the file-name line of ``hit`` is an entry of a listing the document keeps: a
    line beside it holds a file name or path that is no debris itself (not in ``entries``, the
    starts of the family's line hits), or the line before it ends with a colon (``Your project
    should look like this:``). Debris from a page's images stands between paragraphs, alone
    or with more of its kind (``Copy of 458747-01-08-1581590675397``, ``IMG_2041.jpg``).

    >>> entry = Entry("file-name-line", "", 0.95, "", "", 0)
    >>> text = "Files\\nindex.html\\nlogo.png\\nstyle.css\\n"
    >>> _in_listing(text, _Hit(17, 25, entry, (), True), {17})
    True
    >>> _in_listing("A story.\\nlogo.png\\nMore story.", _Hit(9, 17, entry, (), True), {9})
    False
    >>> gallery = "A story.\\nIMG_1.jpg\\nIMG_2.jpg\\n"
    >>> _in_listing(gallery, _Hit(9, 18, entry, (), True), {9, 19})
    False
    """
    if hit.start > 0:
        start, end = line_bounds(text, hit.start - 1)
        if text[start:end].rstrip().endswith(":"):
            return True
        if start not in entries and _LISTING_LINE_RE.match(text, start, end):
            return True
    if hit.end < len(text):
        start, end = line_bounds(text, hit.end + 1)
        if start not in entries and _LISTING_LINE_RE.match(text, start, end):
            return True
    return False


def _blanks_before(text: str, pos: int, floor: int) -> int:
    """Where the spaces and tabs right before ``pos`` begin (not before ``floor``)."""
    while pos > floor and text[pos - 1] in " \t":
        pos -= 1
    return pos


class BoilerplateEngine:
    """All boilerplate families matched in one pass, shared by the family rules.

    The rules of the stage ask for the same text one after another; the engine scans it once and
    hands each rule its family's edits.
    """

    def __init__(self, resources: Resources) -> None:
        config = resources.config
        self.threshold = config.fix_threshold
        self.dateline_to_meta = config.dateline_to_meta
        self.enabled = frozenset(f for f in FAMILIES if config.enabled(f, "boilerplate"))
        defines, triggers, entries = pack_entries(resources.packs_of_kind("regex"))
        # trigger literal -> the families whose patterns its lines may hold
        anywhere: dict[str, set[str]] = {}
        self.line_starts: dict[str, set[str]] = {}
        for t in triggers:
            if t.family in self.enabled:
                if t.pattern.startswith("^"):
                    self.line_starts.setdefault(t.pattern[1:], set()).add(t.family)
                else:
                    anywhere.setdefault(t.pattern, set()).add(t.family)
        #: each family's triggers that may stand anywhere in a line
        self.family_triggers: dict[str, list[str]] = {}
        for word, families in sorted(anywhere.items()):
            for family in families:
                self.family_triggers.setdefault(family, []).append(word)
        self.line_start_families = frozenset(f for fs in self.line_starts.values() for f in fs)
        # words are found with str.find; literals that start with punctuation (``.jpg``) share
        # one stdlib-re alternation, which scans only at that punctuation
        self.anywhere_words = {w: f for w, f in anywhere.items() if w[0].isalnum()}
        self.anywhere_marks = {w: f for w, f in anywhere.items() if not w[0].isalnum()}
        marks = sorted(self.anywhere_marks, key=len, reverse=True)
        self.anywhere_re = re.compile("|".join(map(re.escape, marks))) if marks else None
        self.start_tuple = tuple(self.line_starts)
        triggered = {t.family for t in triggers}
        #: families a user pack added without triggers: their patterns run on every line
        self.untriggered = frozenset(
            f for f in self.enabled if f not in triggered and f not in BODY_START_FAMILIES
        )
        body = [e for e in entries if e.family in self.enabled]
        # each entry is compiled on its own: the regex module scans a single pattern with its
        # literal-prefix optimisations, which a big alternation loses (measured ~10x slower);
        # the one pass over the whole text is the trigger scan in candidate_lines
        compiled = list(zip(body, _patterns(defines, body, cache.cache_dir(config)), strict=True))
        self.anchored: dict[str, list[tuple[Entry, LazyPattern]]] = {}
        self.floating: dict[str, list[tuple[Entry, LazyPattern]]] = {}
        for e, p in compiled:
            if e.family not in BODY_START_FAMILIES:
                (self.anchored if is_anchored(e) else self.floating).setdefault(e.family, [])
                (self.anchored if is_anchored(e) else self.floating)[e.family].append((e, p))
        self.line_families = frozenset(self.anchored) | frozenset(self.floating)
        self.start = [(e, p) for e, p in compiled if e.family in BODY_START_FAMILIES]
        self._last_text: str | None = None
        self._last_edits: dict[str, list[Edit]] = {}

    def edits(self, text: str, family: str) -> list[Edit]:
        if self._last_text is None or text is not self._last_text:
            self._last_edits = self._scan(text)
            self._last_text = text
        return self._last_edits.get(family, [])

    # -- scanning -------------------------------------------------------------------------------

    def candidate_lines(self, text: str) -> dict[int, set[str]]:
        """Lines worth matching (start offset -> families to try there).

        A line qualifies for a family when it holds one of the family's triggers anywhere, or
        starts with one of its line-start triggers after any blanks (`` date 2020-02-12``).
        Families a user pack added without triggers are tried on every line.
        """
        low = lower_same_length(text)  # its offsets are the text's
        lines: dict[int, set[str]] = {}

        def add(start: int, families: set[str] | frozenset[str]) -> None:
            lines.setdefault(start, set()).update(families)

        for word, families in self.anywhere_words.items():
            i = low.find(word)
            while i != -1:
                add(low.rfind("\n", 0, i) + 1, families)
                end = low.find("\n", i)
                i = -1 if end == -1 else low.find(word, end)
        if self.anywhere_re is not None:
            for m in self.anywhere_re.finditer(low):
                add(low.rfind("\n", 0, m.start()) + 1, self.anywhere_marks[m.group()])
        pos = 0
        for line in low.split("\n"):
            if self.untriggered:
                add(pos, self.untriggered)
            head = line.lstrip(" \t")
            if head.startswith(self.start_tuple):
                for prefix, families in self.line_starts.items():
                    if head.startswith(prefix):
                        add(pos, families)
            pos += len(line) + 1
        return lines

    def _matches(self, text: str) -> Iterator[tuple[Entry, regex.Match[str]]]:
        """Every match on the candidate lines.

        A match that closes its line (``… gun. Image Credit: AFP``) is removed with the blanks
        before it, and the text left before it may close with another match (a credit
        repeated by a scraper): the line is matched again up to there, until none closes it.
        Otherwise each removal would only bring the next one to light in the next round, and
        a text with more of them than the pipeline has rounds would not be clean after one run
        (found by bench/fuzz.py).
        """
        if not self.line_families:
            return
        for start, families in sorted(self.candidate_lines(text).items()):
            end = _line_end(text, start)
            seen: set[tuple[Entry, int, int]] = set()
            while True:
                closing = end
                for entry, m in self._line_matches(text, start, end, families):
                    if (entry, m.start(), m.end()) in seen:
                        continue
                    seen.add((entry, m.start(), m.end()))
                    yield entry, m
                    if m.end() > m.start() and _blank(text, m.end(), end):
                        closing = min(closing, _blanks_before(text, m.start(), start))
                if not start < closing < end:
                    break
                end = closing

    def _line_matches(
        self, text: str, start: int, end: int, families: set[str]
    ) -> Iterator[tuple[Entry, regex.Match[str]]]:
        """The matches of ``families``' patterns in ``text[start:end]`` (one line or its head)."""
        for family in FAMILIES:
            if family not in families:
                continue
            for entry, pattern in self.anchored.get(family, ()):
                if (m := pattern.match(text, start, end)) is not None:
                    yield entry, m
            floating = self.floating.get(family, ())
            if not floating:
                continue
            windows = self._windows(text, start, end, family) if end - start > LONG_LINE else None
            for entry, pattern in floating:
                if windows is None:
                    yield from ((entry, m) for m in pattern.finditer(text, start, end))
                    continue
                for ws, we in windows:
                    for m in pattern.finditer(text, ws, we):
                        if m.end() < we or we == end:  # at a cut window's end, $ lies
                            yield entry, m

    def _windows(self, text: str, start: int, end: int, family: str) -> list[tuple[int, int]]:
        """The stretches of a long line within :data:`TRIGGER_REACH` of one of ``family``'s
        triggers, and its head when the family also has ``^literal`` triggers, merged where
        they overlap; the whole line for a family with no trigger that may stand anywhere in a
        line (only ``^literal`` ones, or none in a user pack).

        A family's patterns only match lines that hold one of its triggers, and a match holds
        the trigger (``Image Credit: AFP``: ``credit``), so on a line of many megabytes each
        pattern scans a few kilobytes per trigger instead of the whole line (nine patterns
        scanning a 10 MB line took 11 s, two thirds of the whole run). A match that
        reaches a cut window's end is dropped: ``$`` and the limits of repeats see the cut as
        the line's end there.
        """
        triggers = self.family_triggers.get(family)
        if not triggers:
            return [(start, end)]
        low = lower_same_length(text)
        spots: list[tuple[int, int]] = []
        if family in self.line_start_families:
            spots.append((start, min(end, start + 2 * TRIGGER_REACH)))
        for trigger in triggers:
            i = low.find(trigger, start, end)
            while i != -1:
                spots.append(
                    (max(start, i - TRIGGER_REACH), min(end, i + len(trigger) + TRIGGER_REACH))
                )
                i = low.find(trigger, i + 1, end)
        return merged(spots)

    def _hits(self, text: str) -> list[_Hit]:
        hits: list[_Hit] = []
        for entry, m in self._matches(text):
            if m.start() == m.end() or "\n" in m.group():
                continue
            start, end = m.start(), m.end()
            ls, le = _line_start(text, start), _line_end(text, end)
            left = _blanks_before(text, start, ls)
            right = end
            while right < le and text[right] in " \t":
                right += 1
            if left == ls and right == le:
                hits.append(_Hit(ls, le, entry, match_meta(m), True))
            elif right == le or left != ls:
                hits.append(_Hit(left, right if right == le else end, entry, match_meta(m), False))
            else:
                hits.append(_Hit(ls, right, entry, match_meta(m), False))
        # two entries may match the same text (IMG_2041.jpg is a file name and a camera name):
        # keep the surer, then the longer one
        hits.sort(key=lambda h: (-h.entry.confidence, h.start - h.end, h.start))
        kept: list[_Hit] = []
        for hit in hits:
            if not any(hit.start < k.end and k.start < hit.end for k in kept):
                kept.append(hit)
        fields = {h.start for h in kept if h.whole_line and h.entry.family in FIELD_FAMILIES}
        if fields:
            kept = [h for h in kept if h.start not in fields or not _in_record(text, h, fields)]
        inner = {h.start for h in kept if h.whole_line and h.entry.family in INNER_FIELD_FAMILIES}
        if inner:
            kept = [h for h in kept if h.start not in inner or not _in_record(text, h, inner, True)]
        entries = {h.start for h in kept if h.whole_line and h.entry.family in LISTING_FAMILIES}
        if entries:
            kept = [h for h in kept if h.start not in entries or not _in_listing(text, h, entries)]
        return kept

    def _scan(self, text: str) -> dict[str, list[Edit]]:
        hits = self._hits(text)
        edits = self._line_edits(text, [h for h in hits if h.whole_line])
        edits += [self._edit(text, h.start, h.end, h) for h in hits if not h.whole_line]
        if self.start and self.dateline_to_meta:
            edits += self._dateline(text, edits)
        edits.sort(key=lambda e: (e.start, e.end))
        # spans widened over shared blanks may touch: the later one gives way
        out: dict[str, list[Edit]] = {}
        last_end = 0
        for e in edits:
            if e.start < last_end:
                if e.end <= last_end:
                    continue
                e = e.moved(last_end, e.end, text[last_end : e.end])
            last_end = max(last_end, e.end)
            out.setdefault(e.rule, []).append(e)
        return out

    def _edit(self, text: str, start: int, end: int, hit: _Hit) -> Edit:
        shown = " ".join(text[start:end].split())
        if len(shown) > 80:
            shown = shown[:77] + "…"
        return Edit(
            start,
            end,
            text[start:end],
            "",
            hit.entry.family,
            f"removed {shown!r}: {hit.entry.reason}",
            hit.entry.confidence,
            meta=hit.meta,
        )

    def _line_edits(self, text: str, hits: list[_Hit]) -> list[Edit]:
        """Whole-line removals; consecutive applied lines are removed as one block."""
        edits: list[Edit] = []
        block: list[_Hit] = []
        for hit in sorted(hits, key=lambda h: h.start):
            if hit.entry.confidence < self.threshold:
                nl = 1 if hit.end < len(text) else 0
                edits.append(self._edit(text, hit.start, hit.end + nl, hit))
                continue
            if block and hit.start != block[-1].end + 1:
                edits += self._block(text, block)
                block = []
            block.append(hit)
        if block:
            edits += self._block(text, block)
        return edits

    def _block(self, text: str, block: list[_Hit]) -> list[Edit]:
        bs, be = block[0].start, block[-1].end
        n = len(text)
        prev_start = _line_start(text, bs - 1) if bs > 0 else 0
        prev_blank = bs == 0 or _blank(text, prev_start, bs - 1)
        if be < n:  # the block ends with a line break
            start, end = bs, be + 1
            next_end = _line_end(text, end)
            at_end = end == n
            if prev_blank and (at_end or _blank(text, end, next_end)):
                if not at_end:
                    end = min(next_end + 1, n)
                elif bs > 0:
                    start = prev_start
        else:  # the last line, with no line break after it
            start, end = max(bs - 1, 0), be
            if bs > 0 and prev_blank and prev_start > 0:
                start = prev_start - 1
        bounds = [start] + [h.start for h in block[1:]] + [end]
        return [
            self._edit(text, a, b, h) for a, b, h in zip(bounds, bounds[1:], block, strict=False)
        ]

    def _dateline(self, text: str, edits: list[Edit]) -> list[Edit]:
        """A dateline where the body begins: after blanks and applied removals at the start."""
        pos = 0
        applied = sorted(
            (e for e in edits if e.confidence >= self.threshold), key=lambda e: e.start
        )
        moved = True
        while moved:
            moved = False
            while pos < len(text) and text[pos] in " \t\n":
                pos += 1
            for e in applied:
                if e.start <= pos < e.end:
                    pos, moved = e.end, True
        for entry, pattern in self.start:
            m = pattern.match(text, pos, _line_end(text, pos))
            if m is not None and m.end() > m.start():
                hit = _Hit(m.start(), m.end(), entry, match_meta(m), False)
                return [self._edit(text, m.start(), m.end(), hit)]
        return []


class _FamilyRule(Rule):
    """Shared body of the family rules: ask the stage's engine for this family's edits."""

    stage: ClassVar[str] = "boilerplate"

    def find(self, text: str, doc: DocContext) -> Iterator[Edit]:
        engine = self.resources.get("boilerplate-engine", lambda: BoilerplateEngine(self.resources))
        yield from engine.edits(text, self.id)


@register
class PhotoCredit(_FamilyRule):
    """Remove photo credits from captions, keeping the caption text.

    Example: ``A child walks past a gun. Image Credit: AFP`` → ``A child walks past a gun.``
    (meta ``photo_credit: AFP``). Also ``(Photo by Jane Doe/Getty Images)``, ``Photo: Reuters``,
    ``File photo``.
    """

    id: ClassVar[str] = "photo-credit"


@register
class AgencyByline(_FamilyRule):
    """Remove news-agency staff credits (reporting, writing, editing) that close a story.

    Example: ``“This is unacceptable.” (Additional reporting by Tom Balmforth; Editing by Nick
    Macfie)`` → ``“This is unacceptable.”`` (meta ``additional_reporting``, ``editing``).
    """

    id: ClassVar[str] = "agency-byline"


@register
class FileNameLine(_FamilyRule):
    """Remove lines that hold only a file name left over from images or attachments.

    Example: ``Copy of 458747-01-08-1581590675397`` / ``IMG_2041.jpg`` → line removed (meta
    ``source_file``).
    """

    id: ClassVar[str] = "file-name-line"


@register
class MetadataPrefix(_FamilyRule):
    """Remove scraped metadata: a leading ``date …`` field, ``Published:``/``Updated`` lines.

    Example: `` date 2020-02-12 MOSCOW – Russia said`` → ``MOSCOW – Russia said`` (meta
    ``date: 2020-02-12``). A date line beside other short ``Label: value`` lines that stay
    (``License: GPL-3+`` / ``Last modified: 1994-03-25`` in a file's header) is a field of a
    record and is kept.
    """

    id: ClassVar[str] = "metadata-prefix"


@register
class PageFurniture(_FamilyRule):
    """Remove share, subscribe, read-more, cookie and click-here lines.

    Example: a line ``Subscribe to our newsletter`` → removed with its line break.
    """

    id: ClassVar[str] = "page-furniture"


@register
class Dateline(_FamilyRule):
    """Move an opening dateline into metadata; off unless the configuration sets
    ``dateline-to-meta = true``.

    In the library: :attr:`CleanerConfig.dateline_to_meta`. Example (with it set):
    ``MOSCOW (Reuters) – Russia said`` → ``Russia said`` (meta ``dateline_city: MOSCOW``,
    ``agency: Reuters``). Without it the dateline stays as text.
    """

    id: ClassVar[str] = "dateline"
