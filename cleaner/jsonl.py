"""JSONL records edited in place: one field's value replaced, the report added, every other byte
of the record kept as it was written.

Decoding a record to Python and encoding it again is not neutral: ``1e400`` comes back as
``Infinity`` (not JSON), ``0.1000000000000000055511`` loses digits, a duplicated key loses one
of its values, and every escape and space is rewritten. So a record is only scanned: its
top-level fields are located, the text field's value is decoded, and the output is the input
line with two spans replaced (the text's value and the report's, or the report added before the
closing brace).

>>> record = parse_record('{"n": 1e400, "text": "teh cat", "n": 0.1000000000000000055511}')
>>> [name for name, _, _, _ in record.fields]
['n', 'text', 'n']
>>> record.rewritten({"text": '"the cat"'}, ("cleaner", "null"))
'{"n": 1e400, "text": "the cat", "n": 0.1000000000000000055511, "cleaner": null}'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.decoder import WHITESPACE, JSONDecoder, scanstring  # type: ignore[attr-defined]
from typing import Any

from cleaner.io import ESCAPED_BYTE_RE


class LongNumber:
    """An integer too long for Python to read (over 4,300 digits: ``int`` refuses it by
    default); it is only kept, never used, as the record's text is written back as it was."""

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = digits


def _integer(digits: str) -> int | LongNumber:
    try:
        return int(digits)
    except ValueError:
        return LongNumber(digits)


_scan_value = JSONDecoder(parse_int=_integer).scan_once  # type: ignore[attr-defined]


class NotARecord(ValueError):
    """The line is not one JSON object: the message says why, as ``json.loads`` would."""


@dataclass(frozen=True, slots=True)
class Record:
    """A JSON object's text and where its top-level fields' values stand in it."""

    text: str
    #: (name, value start, value end, decoded value) in the order written, duplicates included
    fields: list[tuple[str, int, int, Any]]
    #: offset of the closing brace
    close: int
    #: the line's blanks before and after the object (its line break among them)
    before: str = ""
    after: str = ""

    def get(self, name: str) -> tuple[int, int, Any] | None:
        """The span and value of field ``name`` (``None`` when absent); a name written twice
        raises :class:`NotARecord`: which of the two to clean would be a guess."""
        found = [(start, end, value) for key, start, end, value in self.fields if key == name]
        if len(found) > 1:
            raise NotARecord(f"field {name!r} occurs {len(found)} times")
        return found[0] if found else None

    def rewritten(self, values: dict[str, str], added: tuple[str, str] | None = None) -> str:
        """The record with the values of the fields in ``values`` replaced by the JSON text
        given, and field ``added`` (name, JSON text) appended after the last field."""
        pieces: list[str] = []
        pos = 0
        for name, start, end, _ in self.fields:
            if name in values:
                pieces += [self.text[pos:start], values[name]]
                pos = end
        if added is not None:
            name, value = added
            tail = self.fields[-1][2] if self.fields else self.close
            pieces.append(self.text[pos:tail])
            comma = ", " if self.fields else ""
            pieces.append(f"{comma}{json.dumps(name, ensure_ascii=False)}: {value}")
            pos = tail
        pieces.append(self.text[pos:])
        return "".join(pieces)


def parse_record(line: str) -> Record:
    """The JSON object on ``line`` (blanks around it dropped), scanned but not re-encoded.

    >>> record = parse_record(' {"a": [1, {"b": 2}] , "c" : "d"}\\n')
    >>> [(name, record.text[start:end], value) for name, start, end, value in record.fields]
    [('a', '[1, {"b": 2}]', [1, {'b': 2}]), ('c', '"d"', 'd')]
    >>> parse_record('[1]')
    Traceback (most recent call last):
    cleaner.jsonl.NotARecord: not a JSON object
    """
    try:
        return _parse(line)
    except RecursionError:
        raise NotARecord("nested too deeply to read") from None
    except (ValueError, StopIteration, IndexError):
        pass
    # the scan is strict; json.loads says what is wrong the way users know
    try:
        value = json.loads(line, parse_int=_integer)
    except ValueError as exc:
        raise NotARecord(f"not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise NotARecord("not a JSON object") from None
    raise NotARecord("not a JSON object cleaner can read")  # pragma: no cover (a scan gap)


def _parse(line: str) -> Record:
    def blanks(i: int) -> int:
        return int(WHITESPACE.match(line, i).end())

    begin = blanks(0)
    if line[begin] != "{":
        raise ValueError("no object")
    i = blanks(begin + 1)
    fields: list[tuple[str, int, int, Any]] = []
    if line[i] != "}":
        while True:
            if line[i] != '"':
                raise ValueError("no name")
            name, i = scanstring(line, i + 1)
            i = blanks(i)
            if line[i] != ":":
                raise ValueError("no colon")
            start = blanks(i + 1)
            value, end = _scan_value(line, start)
            fields.append((name, start - begin, end - begin, value))
            i = blanks(end)
            if line[i] == ",":
                i = blanks(i + 1)
                continue
            if line[i] == "}":
                break
            raise ValueError("no comma")
    if blanks(i + 1) != len(line):
        raise ValueError("extra data")
    return Record(line[begin : i + 1], fields, i - begin, line[:begin], line[i + 1 :])


def json_string(text: str, errors: str, written: str = "") -> str:
    """``text`` as a JSON string literal for a line written as UTF-8 with ``surrogateescape``.

    Under ``--encoding-errors surrogateescape`` a bad input byte is read as a lone surrogate
    (U+DC80..U+DCFF) and left raw here, so it is written back as the byte it was; but a JSON
    escape ``\\udce9`` decodes to the same character, and written raw it would turn a valid
    record into bad UTF-8. So a surrogate stays raw only when it stands raw in ``written``, the
    value's JSON text in the input; every other one is written as an escape.

    >>> json_string("é \\udce9 \\ud800", "surrogateescape", '"é \\udce9 \\\\ud800"')
    '"é \\udce9 \\\\ud800"'
    >>> json_string("é \\udce9", "surrogateescape", '"é \\\\udce9"')
    '"é \\\\udce9"'
    >>> json_string("é \\udce9", "strict")
    '"é \\\\udce9"'
    """
    from cleaner.io import json_text

    raw = frozenset(ESCAPED_BYTE_RE.findall(written)) if errors == "surrogateescape" else None
    return json_text(json.dumps(text, ensure_ascii=False), raw or frozenset())
