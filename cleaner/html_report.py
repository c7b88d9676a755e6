"""The HTML review page: one self-contained file for a whole run.

The page (``report.html`` beside the outputs of ``cleaner clean … --out DIR``) has an index of
documents with counts per stage and artifact density, then each document with every edit
highlighted in place (removed and inserted text both visible, coloured by stage), details on hover
or focus, suggestions and flags kept apart from applied fixes, filters by rule, stage and tier,
keyboard navigation, and accept/reject buttons whose verdicts export as a decisions file
(:mod:`cleaner.decisions`). See ``docs/review.md``.

Everything from the corpus is escaped: text and report fields with :func:`html.escape`, and the
JSON data island with ``<``, ``>`` and ``&`` as ``\\u003c``-style escapes. The page loads nothing
from the network (a Content-Security-Policy forbids it).
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import unicodedata
from bisect import bisect_right, insort
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import IO, Any

from cleaner.decisions import ACCEPT, DECISIONS_SCHEMA, REJECT, keyed_findings
from cleaner.edits import Edit, Flag, overlaps
from cleaner.io import json_text
from cleaner.pipeline import CleanResult
from cleaner.registry import STAGES, all_rules
from cleaner.report import LineIndex

#: stage label of findings whose rule id is not registered
OTHER_STAGE = "other"
#: the three tiers, in the order the page lists them
TIERS = ("fix", "suggestion", "flag")
_TIER_TITLES = {"fix": "Applied fixes", "suggestion": "Suggestions", "flag": "Flags"}

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


#: a lone surrogate: a byte that was not UTF-8 (``--encoding-errors surrogateescape``)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: bidirectional formatting characters: left in a page's text they reorder what a reviewer
#: sees after them (the "Trojan Source" trick, CVE-2021-42574: code or prose that reads one way
#: and is another), so wherever corpus text is shown each one is a label that isolates it
_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def esc(value: object) -> str:
    """HTML-escape any value (quotes included, so it is safe in attributes too).

    >>> esc('"><img src=x onerror=alert(1)>')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
    """
    return _visible(html.escape(str(value), quote=True))


def text_html(value: object) -> str:
    """:func:`esc` for text shown as an element's content (never an attribute): each bidi
    control is also shown as a label (see :data:`_BIDI_RE`).

    >>> text_html("a\\u202eb<")
    'a<span class="cc" data-cp="U+202E">\\u202e</span>b&lt;'
    """
    escaped = esc(value)
    if _BIDI_RE.search(escaped) is None:
        return escaped
    return _BIDI_RE.sub(_label, escaped)


def _label(m: re.Match[str]) -> str:
    return f'<span class="cc" data-cp="U+{ord(m.group()):04X}">{m.group()}</span>'


def _visible(text: str) -> str:
    """``text`` with each lone surrogate (a byte that was not UTF-8, kept by
    ``--encoding-errors surrogateescape``) shown as U+FFFD: the page must be valid UTF-8.

    >>> _visible("caf\\udce9")
    'caf�'
    """
    try:
        text.encode("utf-8")  # (cheaper than a search when there is none)
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)
    return text


def _show(text: str) -> str:
    """Escaped text of an edit, with invisible characters (controls, format codes) made visible.

    The character itself stays in the page (copying the text gives the exact original); a CSS
    label shows its code point.

    >>> _show("a\\x07<")
    'a<span class="cc" data-cp="U+0007">\\x07</span>&lt;'
    """
    if not any(_invisible(c) for c in text):
        return esc(text)
    return "".join(
        f'<span class="cc" data-cp="U+{ord(c):04X}">{_visible(c)}</span>'
        if _invisible(c)
        else esc(c)
        for c in text
    )


def _invisible(char: str) -> bool:
    return char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cf", "Cs")


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left.

    >>> json_for_script({"a": "</script>&"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    # (a lone surrogate as \\udcXX: the page's script gets the text's own characters back, so
    # a decision about a finding beside a bad byte matches it again)
    text = json_text(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def stage_of(rule_id: str) -> str:
    """The stage of a rule id, or ``other`` for ids no rule is registered under."""
    cls = all_rules().get(rule_id)
    return cls.stage if cls is not None else OTHER_STAGE


@dataclass(slots=True)
class _Finding:
    fid: str
    tier: str
    item: Edit | Flag
    stage: str
    data: dict[str, Any]

    @property
    def start(self) -> int:
        return self.item.start

    @property
    def end(self) -> int:
        return self.item.end


def _findings(doc_index: int, name: str, result: CleanResult) -> list[_Finding]:
    out: list[_Finding] = []
    for key, tier, edit in keyed_findings(result):
        stage = stage_of(edit.rule)
        data: dict[str, Any] = {
            "document": name,
            "rule": key.rule,
            "original": key.original,
            "replacement": key.replacement,
            "before": key.before,
            "after": key.after,
            "occurrence": key.occurrence,
            "start": edit.start,
            "end": edit.end,
            "tier": tier,
            "stage": stage,
            "default": ACCEPT if tier == "fix" else REJECT,
        }
        out.append(_Finding("", tier, edit, stage, data))
    for flag in result.flags:
        stage = stage_of(flag.rule)
        data = {
            "document": name,
            "rule": flag.rule,
            "start": flag.start,
            "end": flag.end,
            "tier": "flag",
            "stage": stage,
        }
        out.append(_Finding("", "flag", flag, stage, data))
    order = {t: i for i, t in enumerate(TIERS)}
    out.sort(key=lambda f: (f.start, f.end, order[f.tier]))
    for n, finding in enumerate(out):
        finding.fid = f"d{doc_index}f{n}"
    return out


def _tip(f: _Finding, lines: LineIndex) -> str:
    line, col = lines.position(f.start)
    parts = [
        f'<b class="tip-rule">{esc(f.item.rule)}</b> '
        f'<span class="tip-meta">{esc(f.stage)} · {esc(f.tier)} · line {line}:{col}</span>',
        f'<span class="tip-reason">{text_html(f.item.reason)}</span>',
        f'<span class="tip-conf">confidence {f.item.confidence:.2f}</span>',
    ]
    if isinstance(f.item, Edit) and f.item.candidates:
        cands = ", ".join(f"<code>{text_html(c)}</code>" for c in f.item.candidates)
        parts.append(f'<span class="tip-cands">candidates: {cands}</span>')
    if f.tier != "flag":
        parts.append('<span class="tip-state"></span>')
    return '<span class="tip" role="tooltip">' + "<br>".join(parts) + "</span>"


def _mark(f: _Finding, lines: LineIndex) -> str:
    cls = f"f st-{esc(f.stage)} t-{f.tier}"
    attrs = (
        f'class="{cls}" id="{f.fid}" data-fid="{f.fid}" tabindex="0" '
        f'data-rule="{esc(f.item.rule)}" data-stage="{esc(f.stage)}" data-tier="{f.tier}"'
    )
    if isinstance(f.item, Flag):
        flagged = f'<mark class="flagged">{_show(f.item.original)}</mark>'
        return f"<span {attrs}>{flagged}{_tip(f, lines)}</span>"
    body = ""
    if f.item.original:
        body += f"<del>{_show(f.item.original)}</del>"
    if f.item.replacement:
        body += f"<ins>{_show(f.item.replacement)}</ins>"
    if not f.item.replacement:
        cls_extra = " removal"
    elif not f.item.original:
        cls_extra = " insertion"
    else:
        cls_extra = ""
    attrs = attrs.replace(f'class="{cls}"', f'class="{cls}{cls_extra}"', 1)
    return f"<span {attrs}>{body}{_tip(f, lines)}</span>"


def _inline(findings: Sequence[_Finding]) -> set[str]:
    """Ids of findings drawn in the text: all fixes, then suggestions and flags that fit.

    The spans placed so far are kept sorted; as they never overlap, their ends rise with their
    starts, so a new span is checked against the few placed ones that end at or after its start
    and start at or before its end (a check against every placed span made a document with
    10,000 findings take 13 s, and one with 80,000 never finish).
    """
    spans: list[tuple[int, int]] = []
    placed: set[str] = set()
    order = {t: i for i, t in enumerate(TIERS)}
    for f in sorted(findings, key=lambda f: (order[f.tier], f.start, f.end)):
        at = bisect_right(spans, (f.end, f.end + 1)) - 1  # the last span starting by f.end
        while at >= 0 and spans[at][1] >= f.start:
            if overlaps(f.start, f.end, *spans[at]):
                break
            at -= 1
        else:
            insort(spans, (f.start, f.end))
            placed.add(f.fid)
    return placed


#: the most characters of a document's text escaped at once for the review page
TEXT_PIECE = 1 << 20


def _text_html(original: str, findings: Sequence[_Finding], inline: set[str]) -> Iterator[str]:
    """The document's text as HTML with its ``inline`` findings marked, in pieces to write one
    after another: a long text (a 100 MB line) is never escaped, or joined, whole."""
    lines = LineIndex(original)
    pos = 0
    for f in sorted((f for f in findings if f.fid in inline), key=lambda f: (f.start, f.end)):
        yield from _escaped(original, pos, f.start)
        yield _mark(f, lines)
        pos = f.end
    yield from _escaped(original, pos, len(original))


def _escaped(text: str, start: int, end: int) -> Iterator[str]:
    """``text_html(text[start:end])`` in pieces of up to :data:`TEXT_PIECE` characters (escaping
    works a character at a time, so the pieces join to the whole)."""
    for at in range(start, end, TEXT_PIECE):
        yield text_html(text[at : min(end, at + TEXT_PIECE)])


def _row(f: _Finding, lines: LineIndex, inline: bool) -> str:
    line, col = lines.position(f.start)
    item = f.item
    change = f"<del>{_show(item.original)}</del>"
    if isinstance(item, Edit):
        change += f" → <ins>{_show(item.replacement)}</ins>"
    cands = ""
    if isinstance(item, Edit) and item.candidates:
        cands = (
            ' <span class="cands">candidates: '
            + ", ".join(f"<code>{text_html(c)}</code>" for c in item.candidates)
            + "</span>"
        )
    where = f'<a href="#{f.fid}" class="loc">{line}:{col}</a>' if inline else f"{line}:{col}"
    buttons = ""
    if f.tier != "flag":
        buttons = (
            f'<span class="btns"><button type="button" class="accept" data-act="accept" '
            f'data-fid="{f.fid}">Accept</button>'
            f'<button type="button" class="reject" data-act="reject" data-fid="{f.fid}">'
            "Reject</button>"
            f'<button type="button" class="allow" data-act="allow" data-fid="{f.fid}" '
            'title="Reject and add the original word to the allow list">Reject + allow</button>'
            '<span class="state"></span></span>'
        )
    nav = "" if inline else " nav"
    return (
        f'<li class="row st-{esc(f.stage)} t-{f.tier}{nav}" id="row-{f.fid}" '
        f'data-fid="{f.fid}" data-rule="{esc(item.rule)}" data-stage="{esc(f.stage)}" '
        f'data-tier="{f.tier}" tabindex="-1">'
        f'<span class="where">{where}</span> <span class="rule">{esc(item.rule)}</span> '
        f'<span class="stage-tag">{esc(f.stage)}</span> <span class="change">{change}</span> '
        f'<span class="conf">{item.confidence:.2f}</span> '
        f'<span class="reason">{text_html(item.reason)}</span>{cands}{buttons}</li>'
    )


def _stage_counts(findings: Sequence[_Finding]) -> dict[str, int]:
    counts = dict.fromkeys((*STAGES, OTHER_STAGE), 0)
    for f in findings:
        counts[f.stage] = counts.get(f.stage, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class _IndexRow:
    """What the index table shows of one document."""

    name: str
    words: int
    fixes: int
    suggestions: int
    flags: int
    stages: dict[str, int]
    density: float


def _index(rows: Sequence[_IndexRow]) -> str:
    stages = [*STAGES, OTHER_STAGE]
    head = "".join(f'<th class="st-{s}"><span class="swatch"></span>{s}</th>' for s in stages)
    cells_html = []
    totals = dict.fromkeys(stages, 0)
    tot_words = tot_fix = tot_sug = tot_flag = 0
    for i, row in enumerate(rows):
        for s in stages:
            totals[s] += row.stages[s]
        tot_words += row.words
        tot_fix += row.fixes
        tot_sug += row.suggestions
        tot_flag += row.flags
        cells = "".join(f"<td>{row.stages[s] or ''}</td>" for s in stages)
        cells_html.append(
            f'<tr><td class="name"><a href="#doc-{i}">{text_html(row.name)}</a></td>'
            f"<td>{row.words}</td><td>{row.fixes}</td><td>{row.suggestions}</td>"
            f"<td>{row.flags}</td>{cells}<td>{row.density:.1f}</td></tr>"
        )
    findings_total = tot_fix + tot_sug + tot_flag
    density = 1000.0 * findings_total / tot_words if tot_words else 0.0
    plural = "" if len(rows) == 1 else "s"
    total_cells = "".join(f"<td>{totals[s] or ''}</td>" for s in stages)
    return (
        '<table class="index"><thead><tr><th>document</th><th>words</th><th>fixes</th>'
        f"<th>suggestions</th><th>flags</th>{head}"
        '<th title="findings per 1,000 words">density</th></tr></thead><tbody>'
        + "".join(cells_html)
        + f"</tbody><tfoot><tr><td>{len(rows)} document{plural}</td><td>{tot_words}</td>"
        f"<td>{tot_fix}</td><td>{tot_sug}</td><td>{tot_flag}</td>{total_cells}"
        f"<td>{density:.1f}</td></tr></tfoot></table>"
    )


def _filters(rule_ids: set[str], stage_ids: set[str]) -> str:
    rules = sorted(rule_ids)
    stages = [s for s in (*STAGES, OTHER_STAGE) if s in stage_ids]

    def boxes(kind: str, values: Sequence[str]) -> str:
        return "".join(
            f'<label class="chk st-{esc(v)}"><input type="checkbox" data-filter="{kind}" '
            f'value="{esc(v)}" checked> {esc(v)}</label>'
            for v in values
        )

    return (
        '<fieldset class="filters"><legend>Filters</legend>'
        f'<div><span class="flabel">tier</span>{boxes("tier", TIERS)}</div>'
        f'<div><span class="flabel">stage</span>{boxes("stage", stages)}</div>'
        f'<div><span class="flabel">rule</span>{boxes("rule", rules)}</div></fieldset>'
    )


_HELP = (
    '<details class="help" open><summary>Keyboard</summary><ul>'
    "<li><kbd>j</kbd> or <kbd>n</kbd>: next finding; <kbd>k</kbd> or <kbd>p</kbd>: previous</li>"
    "<li><kbd>a</kbd>: accept the current finding; <kbd>r</kbd>: reject it; "
    "<kbd>w</kbd>: reject it and allow its word</li>"
    "<li><kbd>Tab</kbd> also moves between highlighted edits; hover or focus one to see its "
    "rule, reason, confidence and candidates.</li>"
    "<li>A fix is accepted by default, a suggestion rejected by default. "
    "<b>Export decisions</b> saves them; re-run with "
    "<code>cleaner clean … --decisions decisions.json</code>.</li></ul></details>"
)


def _asset(name: str) -> str:
    return files("cleaner").joinpath("templates", name).read_text(encoding="utf-8")


def render_html(
    documents: Sequence[tuple[str, CleanResult]], *, title: str = "cleaner review"
) -> str:
    """The review page of a run: ``documents`` are ``(name, result)`` pairs in run order.

    ``name`` is the document name decisions are keyed by (the path relative to the input
    directory, as ``cleaner clean --out`` writes it). A run of many documents builds the same
    page with :class:`ReviewPage`, which holds no document's text.
    """
    page = ReviewPage(io.StringIO(), title=title)
    for name, result in documents:
        page.add(name, result)
    out = io.StringIO()
    page.write(out)
    return out.getvalue()


class ReviewPage:
    """The review page, one document at a time, for runs too big to hold in memory.

    Each document's section is rendered when it is added and written to ``spool`` (a text file
    open for reading and writing, or a :class:`io.StringIO`); the page keeps only what it needs
    from every document to put the page together in :meth:`write`: a row of the index, the
    rules and stages for the filters, and each finding's data as JSON text. Its memory grows
    with the number of findings, not with the text.

    >>> page = ReviewPage(io.StringIO())
    >>> page.add("a.txt", CleanResult("teh text", "the text"))
    >>> out = io.StringIO()
    >>> page.write(out)
    >>> out.getvalue() == render_html([("a.txt", CleanResult("teh text", "the text"))])
    True
    """

    def __init__(self, spool: IO[str], *, title: str = "cleaner review") -> None:
        self.title = title
        self._spool = spool
        self._rows: list[_IndexRow] = []
        self._rules: set[str] = set()
        self._stages: set[str] = set()
        #: each finding's data as the JSON text of the page's data island, by finding id
        self._data: dict[str, str] = {}

    def add(self, name: str, result: CleanResult) -> None:
        """Render the next document's section to the spool and keep its index row."""
        i = len(self._rows)
        findings = _findings(i, name, result)
        for f in findings:
            self._rules.add(f.item.rule)
            self._stages.add(f.stage)
            self._data[f.fid] = json_for_script(f.data)
        lines = LineIndex(result.original)
        inline = _inline(findings)
        lists = []
        for tier in TIERS:
            rows = [_row(f, lines, f.fid in inline) for f in findings if f.tier == tier]
            if rows:
                lists.append(
                    f'<section class="tier tier-{tier}"><h3>{_TIER_TITLES[tier]} '
                    f'<span class="n">({len(rows)})</span></h3><ol class="rows">'
                    + "".join(rows)
                    + "</ol></section>"
                )
        stats = (
            f"{result.word_count()} words · {len(result.edits)} fixes · "
            f"{len(result.suggestions)} suggestions · {len(result.flags)} flags · "
            f"density {result.density():.1f} per 1,000 words"
        )
        lists_html = "".join(lists) or '<p class="none">No findings.</p>'
        # the text in pieces between two writes: a long text is never copied whole once more
        self._spool.write(
            f'<section class="doc" id="doc-{i}" data-doc="{esc(name)}">'
            f'<h2>{text_html(name)}</h2><p class="stats">{stats}</p><div class="text">'
        )
        self._spool.writelines(_text_html(result.original, findings, inline))
        self._spool.write(f'</div><div class="findings">{lists_html}</div></section>')
        self._rows.append(
            _IndexRow(
                name,
                result.word_count(),
                len(result.edits),
                len(result.suggestions),
                len(result.flags),
                _stage_counts(findings),
                result.density(),
            )
        )

    def write(self, out: IO[str]) -> None:
        """The whole page: head, filters and index, the spooled sections, the data island."""
        legend = "".join(
            f'<span class="legend-item st-{s}"><span class="swatch"></span>{s}</span>'
            for s in (*STAGES, OTHER_STAGE)
        )
        out.write(
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(self.title)}</title><style>{_asset('review.css')}</style></head>"
            f'<body><header><h1>{esc(self.title)}</h1><div class="legend">{legend}'
            '<span class="legend-item"><span class="sample t-fix">fix</span></span>'
            '<span class="legend-item"><span class="sample t-suggestion">suggestion</span></span>'
            '<span class="legend-item"><span class="sample t-flag">flag</span></span></div>'
            '<div class="actions"><button type="button" id="export">Export decisions</button> '
            '<span id="decision-count">0 decisions</span></div></header>'
            f"<main>{_HELP}{_filters(self._rules, self._stages)}<h2>Documents</h2>"
            f"{_index(self._rows)}"
        )
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, out)
        # json_for_script of {"schema": …, "findings": {id: data}}, piece by piece (sorted keys)
        findings = ", ".join(f'"{fid}": {self._data[fid]}' for fid in sorted(self._data))
        out.write(
            '<section class="export"><h2>Decisions</h2>'
            "<p>The exported file (also downloaded as <code>decisions.json</code>):</p>"
            '<textarea id="decisions-json" rows="8" readonly spellcheck="false"></textarea>'
            "</section></main>"
            '<script type="application/json" id="cleaner-data">'
            f'{{"findings": {{{findings}}}, "schema": {json_for_script(DECISIONS_SCHEMA)}}}'
            f"</script><script>{_asset('review.js')}</script></body></html>\n"
        )
