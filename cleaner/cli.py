"""The ``cleaner`` command line: its entry point and the runs behind its commands.

Every command takes files, directories (walked for ``*.txt``) or ``-`` for standard input. Exit
codes are in :mod:`cleaner.exitcodes`. The argument parser, a typer app, is in :mod:`cleaner.app`;
a plain ``check``, ``diff`` or ``fix`` (what a pre-commit hook runs) never imports it.
"""

from __future__ import annotations

import enum
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.exitcodes import EX_CHANGES, EX_IOERR, EX_OK, EX_SOFTWARE, EX_USAGE, worst

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import IO, BinaryIO

    from cleaner.decisions import DecisionSet, FindingKey
    from cleaner.html_report import ReviewPage
    from cleaner.io import OutputError, Source
    from cleaner.pipeline import Cleaner, CleanResult


class Mode(enum.Enum):
    """What a run does with its results, chosen once; the wording follows it."""

    CLEAN = "clean"
    CHECK = "check"
    DIFF = "diff"
    FIX = "fix"


class CommandExit(Exception):
    """Ends a run with ``exit_code`` after its message was printed (typer's ``Exit``, without
    importing typer)."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


_ANSI_RE = re.compile(r"\x1b\[[;?0-9]*[a-zA-Z]")
#: the review page a ``clean --out DIR`` run writes beside the outputs
REVIEW_PAGE = "report.html"


def echo(message: str, err: bool = False) -> None:
    """Print one line to standard output (or error) and flush it, as typer's echo does: colour
    codes are dropped when the stream is not a terminal, and bytes a ``surrogateescape`` read
    kept (in a file name) are written back as they were."""
    stream = sys.stderr if err else sys.stdout
    if not stream.isatty():
        message = _ANSI_RE.sub("", message)
    line = message + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (tests, embedding)
        stream.write(line)
    else:
        stream.flush()
        buffer.write(line.encode(stream.encoding or "utf-8", "surrogateescape"))
    stream.flush()


def fail(message: str, code: int = EX_USAGE) -> CommandExit:
    """Print ``cleaner: message`` to standard error; the exit to raise."""
    echo(f"cleaner: {message}", err=True)
    return CommandExit(code)


class _Cleaners:
    """Settings and a :class:`Cleaner` per input: configuration files are found by walking up
    from each input (or named by --config); command-line options win over them."""

    def __init__(
        self,
        *,
        threshold: float | None,
        select: list[str] | None,
        ignore: list[str] | None,
        allow_file: Path | None,
        config: Path | None,
        no_config: bool,
        no_cache: bool,
    ) -> None:
        from cleaner.registry import STAGES, all_rules
        from cleaner.settings import DEFAULT_ALLOW_FILE, ConfigError, SettingsFinder

        self._known = set(all_rules()) | set(STAGES)
        for name in (select or []) + (ignore or []):
            if name not in self._known:
                raise fail(f"unknown rule or stage {name!r}; `cleaner rules` lists them")
        if config is not None and no_config:
            raise fail("--config and --no-config exclude each other")
        self.threshold, self.select, self.ignore = threshold, select, ignore
        self.cli_allow_file, self.use_cache = allow_file, not no_cache
        try:
            self.finder = SettingsFinder(config, enabled=not no_config)
            cwd_settings = self.finder.for_path(None)
        except ConfigError as exc:
            raise fail(str(exc)) from None
        #: where 'allow' decisions are appended
        self.allow_file = allow_file or cwd_settings.allow_file or Path(DEFAULT_ALLOW_FILE)
        #: allow-list files as they were when the run began (decisions may append to one)
        self._allow_words: dict[Path, frozenset[str]] = {}
        self._allow_words_of(self.allow_file)
        self._checked: set[int] = set()
        self._cleaners: dict[object, Cleaner] = {}

    def _allow_words_of(self, path: Path) -> frozenset[str]:
        from cleaner.settings import ConfigError, read_allow_words

        key = path.absolute()
        if key not in self._allow_words:
            try:
                self._allow_words[key] = read_allow_words(path)
            except ConfigError as exc:
                raise fail(str(exc)) from None
        return self._allow_words[key]

    def for_source(self, path: Path | None) -> Cleaner | None:
        """The cleaner for one input, or ``None`` when the configuration excludes it."""
        from cleaner.packs import PackError
        from cleaner.pipeline import Cleaner
        from cleaner.settings import DEFAULT_ALLOW_FILE, ConfigError

        try:
            settings = self.finder.for_path(path)
            if path is not None and settings.is_excluded(path):
                return None
            if id(settings) not in self._checked:
                for key, name in settings.names():
                    if name not in self._known:
                        raise fail(
                            f"{settings.label}: unknown rule or stage {name!r} in {key}; "
                            "`cleaner rules` lists them"
                        )
                self._checked.add(id(settings))
            allow = self.cli_allow_file or settings.allow_file or Path(DEFAULT_ALLOW_FILE)
            config = settings.config_for(
                path,
                threshold=self.threshold,
                select=self.select,
                ignore=self.ignore,
                allow_words=self._allow_words_of(allow),
                use_cache=self.use_cache,
            )
        except ConfigError as exc:
            raise fail(str(exc)) from None
        if config not in self._cleaners:
            cleaner = Cleaner(config)
            if config.extra_packs:
                try:  # surface a bad user pack as a usage error, before any text is cleaned
                    from cleaner.rules.boilerplate import check_patterns

                    packs = cleaner.resources.packs
                    check_patterns(packs, packs[len(packs) - len(config.extra_packs) :])
                except (PackError, OSError, UnicodeDecodeError) as exc:
                    raise fail(f"{settings.label}: {exc}") from None
            self._cleaners[config] = cleaner
        return self._cleaners[config]


def run(
    mode: Mode,
    paths: list[str],
    *,
    out: Path | None = None,
    threshold: float | None,
    select: list[str] | None,
    ignore: list[str] | None,
    encoding_errors: str,
    quiet: bool,
    suggestions: bool = False,
    decisions: Sequence[Path] | None = None,
    allow_file: Path | None = None,
    color: bool | None = None,
    config: Path | None = None,
    no_config: bool = False,
    no_cache: bool = False,
    jobs: int | None = 1,
    pattern: str = "*.txt",
    resume: bool = False,
    dask: str | None = None,
) -> int:
    import time

    from cleaner import corpus, report
    from cleaner.io import (
        InputError,
        OutputError,
        SkippedInput,
        atomic_write,
        check_errors,
        iter_sources,
        json_text,
        lines_writer,
        output_path,
        read_source,
        write_stdout,
    )

    try:
        check_errors(encoding_errors)
    except InputError as exc:
        raise fail(str(exc)) from None
    if mode is Mode.CLEAN and out is None and paths != ["-"]:
        raise fail("clean needs --out DIR for files (or give - to read stdin, write stdout)")
    if mode is Mode.CLEAN and out is not None:
        _refuse_out_over_inputs(paths, out)
        if resume:
            _remove_leftovers(out, quiet)
    cleaners = _Cleaners(
        threshold=threshold,
        select=select,
        ignore=ignore,
        allow_file=allow_file,
        config=config,
        no_config=no_config,
        no_cache=no_cache,
    )
    decision_set = _load_decisions(decisions, mode, cleaners.allow_file, quiet)
    use_color = _use_color(color) if mode is Mode.DIFF else False
    review = _Review(out) if mode is Mode.CLEAN and out is not None else None
    status = EX_OK
    changed_files = 0
    #: names written under --out so far (an input's text, .diff and .json; the review page)
    seen_outputs: set[str] = {REVIEW_PAGE}
    resumed: list[str] = []
    #: input order of the outputs, for the review page (resumed ones are found ahead of time)
    order: dict[str, int] = {}

    listed = 0

    def readable() -> Iterator[tuple[Source, str, Cleaner, str]]:
        nonlocal status, listed
        for source, relative in iter_sources(paths, pattern, out):
            listed += 1
            if source.error:
                echo(f"cleaner: {source.name}: {source.error}", err=True)
                status = worst(status, EX_USAGE)
                continue
            cleaner = cleaners.for_source(source.path)
            if cleaner is None:
                continue
            order.setdefault(relative, len(order))
            if (
                resume
                and out is not None
                and source.path is not None
                and corpus.is_complete(source.path, out / (relative + ".json"))
            ):
                resumed.append(relative)
                continue
            try:
                text = read_source(source, encoding_errors)
            except SkippedInput as exc:
                if source.path is None:
                    # standard input has no file to leave as it was: an empty output with exit
                    # 0 would replace it in a pipeline (``clean - <a >b && mv b a``)
                    echo(
                        f"cleaner: {source.name}: looks binary (NUL bytes): standard input is "
                        "not cleaned",
                        err=True,
                    )
                    status = worst(status, EX_USAGE)
                elif not quiet:
                    echo(f"cleaner: {exc}", err=True)
                continue
            except InputError as exc:
                echo(f"cleaner: {exc}", err=True)
                status = worst(status, EX_USAGE)
                continue
            yield source, relative, cleaner, text

    def tasks() -> Iterator[corpus.Task[list[tuple[Source, str, str]]]]:
        # consecutive documents with the same settings travel together to a worker
        for batch in corpus.batched(readable(), lambda item: len(item[3]), lambda item: item[2]):
            yield corpus.Task(
                [(source, relative, text) for source, relative, _, text in batch],
                sum(len(item[3]) for item in batch),
                corpus.clean_texts,
                batch[0][2],
                ([item[3] for item in batch], [item[0].name for item in batch]),
            )

    started = time.monotonic()
    stats = corpus.Stats()
    summarize = mode is Mode.CLEAN and out is not None and not quiet
    engine = corpus.Engine(jobs, dask)
    progress = corpus.Progress(enabled=summarize)
    if progress.enabled:
        progress.total = corpus.total_size(s.path for s, _ in iter_sources(paths, pattern, out))

    not_written = 0
    #: per document, the keys of the decisions that found their finding
    matched: dict[str, set[FindingKey]] = {}

    def cannot_write(exc: OutputError) -> None:
        nonlocal status, not_written
        echo(f"cleaner: {exc}", err=True)
        status = worst(status, EX_IOERR)
        not_written += 1

    import contextlib

    with engine, progress, review if review else contextlib.nullcontext():
        for task, compacts in engine.map(tasks()):
            progress.update(len(task.tag), task.size)
            for (source, relative, text), compact in zip(task.tag, compacts, strict=True):
                result = corpus.expand(text, compact)
                if decision_set is not None:
                    from cleaner.decisions import apply_decisions

                    named = decision_set.name_for(relative, source.path)
                    result = apply_decisions(
                        result,
                        decision_set.for_document(named),
                        matched.setdefault(named, set()),
                    )
                if result.changed and mode is not Mode.FIX:
                    changed_files += 1  # fix counts a file once it is rewritten
                if mode is Mode.CLEAN:
                    if source.path is None and out is None:
                        write_stdout(result.text)
                        continue
                    assert out is not None
                    names = (relative, relative + ".diff", relative + ".json")
                    taken = next((name for name in names if name in seen_outputs), None)
                    if taken == REVIEW_PAGE:
                        raise fail(
                            f"{out / taken} is the review page's name; clean that input "
                            "into another --out or rename it"
                        )
                    if taken is not None:
                        raise fail(
                            f"{out / taken} would be written twice (two inputs' outputs share "
                            "the name); clean them in separate runs or rename one"
                        )
                    seen_outputs.update(names)
                    payload = json.dumps(
                        report.to_json(result, source.name), ensure_ascii=False, indent=1
                    )
                    try:
                        target = output_path(out, relative, source.path)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        atomic_write(target, result.text)
                        atomic_write(
                            target.with_name(target.name + ".diff"),
                            lines_writer(
                                report.unified_diff_lines(result.original, result.text, relative)
                            ),
                        )
                        atomic_write(
                            target.with_name(target.name + ".json"), json_text(payload) + "\n"
                        )
                    except OutputError as exc:
                        cannot_write(exc)
                        continue
                    except OSError as exc:  # mkdir: a file in the way, no permission
                        cannot_write(OutputError(f"{out / relative}: cannot write ({exc})"))
                        continue
                    stats.add(result)
                    if review is not None:
                        review.add_resumed(resumed, order, order[relative])
                        review.add(relative, result)
                elif mode is Mode.CHECK:
                    lines = report.finding_lines(result, source.name, suggestions=suggestions)
                    for line in lines:
                        echo(line)
                elif mode is Mode.DIFF:
                    diff = report.unified_diff(result.original, result.text, source.name)
                    if diff:
                        write_stdout(_colorize_diff(diff) if use_color else diff)
                elif mode is Mode.FIX and result.changed:
                    if source.path is None:
                        write_stdout(result.text)
                        changed_files += 1  # (its "fixed" lines would mix with the text)
                        continue
                    try:
                        atomic_write(source.path, result.text)
                    except OutputError as exc:
                        cannot_write(exc)
                        continue
                    changed_files += 1
                    if not quiet:
                        for line in report.finding_lines(result, source.name):
                            echo(f"fixed {line}")
                elif mode is Mode.FIX and source.path is None:
                    write_stdout(result.text)
    if review is not None:
        review.add_resumed(resumed, order, None)
        try:
            review.write()
        except OutputError as exc:
            cannot_write(exc)
    if not listed and not quiet:
        _warn_nothing_matched(paths, pattern)
    if decision_set is not None and not quiet:
        _warn_unmatched(decision_set, matched)
        if resumed:
            echo(
                f"cleaner: --resume left {len(resumed)} complete output(s) as they were: "
                "--decisions was not applied to them (run without --resume to apply it)",
                err=True,
            )
    if summarize:
        echo(stats.summary(time.monotonic() - started, len(resumed), not_written), err=True)
    if not quiet and mode is not Mode.CLEAN:
        verb = {Mode.CHECK: "would change", Mode.DIFF: "would change", Mode.FIX: "changed"}[mode]
        line = f"{changed_files} file{'s' if changed_files != 1 else ''} {verb}"
        if not_written:
            line += f", {not_written} could not be written (errors above)"
        echo(line, err=True)
    if status != EX_OK:
        return status
    if mode in (Mode.CHECK, Mode.DIFF, Mode.FIX) and changed_files:
        return EX_CHANGES
    return EX_OK


class _Review:
    """``OUT/report.html`` of a ``clean`` run, built as documents are written.

    Each document's section goes to a temporary file in ``OUT`` at once (see
    :class:`~cleaner.html_report.ReviewPage`), so a run over many text files does not hold their
    text until the end. Documents are added in input order; those ``--resume`` skipped are read
    back from ``OUT`` and added at their places. The temporary file goes when the run ends,
    however it ends.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._page: ReviewPage | None = None
        self._spool: IO[str] | None = None
        self._resumed_added = 0
        #: why the page cannot be written (the first failure); later documents are not added
        self._failed: OutputError | None = None

    def add(self, name: str, result: CleanResult) -> None:
        if self._failed is not None:
            return
        try:
            if self._page is None:
                import tempfile

                self.out.mkdir(parents=True, exist_ok=True)
                # (closed by write(); a run that stops before has it closed at exit, and it
                # never had a name in OUT to leave behind)
                self._spool = tempfile.TemporaryFile(  # noqa: SIM115
                    "w+", encoding="utf-8", errors="surrogateescape", newline="", dir=self.out
                )
                self._page = _review_page(self._spool)
            self._page.add(name, result)
        except (OSError, UnicodeEncodeError) as exc:
            self._failed = _page_error(self.out, exc)

    def add_resumed(self, resumed: list[str], order: dict[str, int], before: int | None) -> None:
        """Add the documents ``--resume`` skipped that come before input position ``before``
        (all that are left when ``None``)."""
        while self._resumed_added < len(resumed):
            relative = resumed[self._resumed_added]
            if before is not None and order[relative] >= before:
                return
            self._resumed_added += 1
            for name, result in _earlier_results(self.out, [relative]):
                self.add(name, result)

    def write(self) -> None:
        """Write ``OUT/report.html`` (a page with no documents when none was cleaned);
        :class:`~cleaner.io.OutputError` when it cannot be."""
        import io

        from cleaner.io import atomic_write

        try:
            if self._failed is not None:
                raise self._failed
            page = self._page or _review_page(io.StringIO())

            def write_page(handle: BinaryIO) -> None:
                text = io.TextIOWrapper(
                    handle, encoding="utf-8", errors="surrogateescape", newline=""
                )
                try:
                    page.write(text)
                    text.flush()
                except UnicodeEncodeError as exc:
                    raise _page_error(self.out, exc) from None
                finally:
                    text.detach()

            try:
                self.out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _page_error(self.out, exc) from None
            atomic_write(self.out / REVIEW_PAGE, write_page)
        finally:
            self.close()

    def __enter__(self) -> _Review:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # the run stops: the page will not be written
            self.close()

    def close(self) -> None:
        """Drop the temporary file (the page is written, or will not be)."""
        if self._spool is not None:
            import contextlib

            with contextlib.suppress(OSError):
                self._spool.close()


def _review_page(spool: IO[str]) -> ReviewPage:
    from cleaner.html_report import ReviewPage

    return ReviewPage(spool)


def _page_error(out: Path, exc: OSError | UnicodeEncodeError) -> OutputError:
    from cleaner.io import OutputError

    if isinstance(exc, OutputError):
        return exc
    reason = exc.reason if isinstance(exc, UnicodeEncodeError) else exc.strerror or exc
    return OutputError(f"{out / REVIEW_PAGE}: cannot write ({reason})")


def _earlier_results(out: Path, relatives: list[str]) -> list[tuple[str, CleanResult]]:
    """What an earlier run wrote for the inputs ``--resume`` skipped, so that the review page
    it rewrites still shows them; one that cannot be read back is named and left out."""
    from cleaner.io import InputError, Source, read_source
    from cleaner.report import result_from_report

    results = []
    for relative in relatives:
        target = out / relative
        report_path = target.with_name(target.name + ".json")
        try:
            clean = read_source(Source(target, str(target)), "surrogateescape", sniff=False)
            data = json.loads(read_source(Source(report_path, str(report_path))))
            results.append((relative, result_from_report(clean, data)))
        except (InputError, ValueError, KeyError, TypeError, IndexError) as exc:
            echo(f"cleaner: {target}: left out of report.html ({exc})", err=True)
    return results


def _warn_nothing_matched(paths: list[str], pattern: str) -> None:
    """Say so when the directories given held no file to read (a run that did nothing is
    otherwise easy to take for one that found nothing wrong)."""
    directories = [arg for arg in paths if arg != "-" and Path(arg).is_dir()]
    if directories:
        echo(
            f"cleaner: no file matching {pattern!r} in {', '.join(directories)} "
            "(--glob picks other names)",
            err=True,
        )


def _warn_unmatched(decision_set: DecisionSet, matched: dict[str, set[FindingKey]]) -> None:
    """Say how many decisions about the documents of this run found no finding (text edited
    next to it, other options than the reviewed run's). Decisions about documents not in the
    run are not counted: a hook checks a few files against a project's whole file."""
    about = [d for d in decision_set.decisions if d.document in matched]
    missed = [d for d in about if d.key not in matched[d.document]]
    if not missed:
        return
    first = missed[0]
    echo(
        f"cleaner: {len(missed)} of {len(about)} decision(s) about these documents matched no "
        f"finding and were ignored (first: {first.document}: {first.key.rule} "
        f"{first.key.original!r}); run with the reviewed run's options (--threshold, --select, "
        "--ignore) on the reviewed text",
        err=True,
    )


def _load_decisions(
    paths: Sequence[Path] | None, mode: Mode, allow_file: Path, quiet: bool
) -> DecisionSet | None:
    """Read --decisions (each file in turn: a later round's decision on a finding comes after,
    and wins over, an earlier one's); in clean and fix runs append their 'allow' words to the
    allow file."""
    if not paths:
        return None
    from cleaner.decisions import DecisionsError, DecisionSet, append_allow_words, load_decisions

    decision_set = DecisionSet()
    for path in paths:
        try:
            decision_set.decisions += load_decisions(path).decisions
        except DecisionsError as exc:
            raise fail(str(exc)) from None
    if mode in (Mode.CLEAN, Mode.FIX):
        try:
            added = append_allow_words(allow_file, decision_set.allow_words())
        except OSError as exc:
            raise fail(f"{allow_file}: cannot write the allow list ({exc.strerror})") from None
        if added and not quiet:
            echo(f"cleaner: added {len(added)} word(s) to {allow_file}", err=True)
    return decision_set


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _colorize_diff(diff: str) -> str:
    """ANSI colours for a unified diff: headers bold, hunks cyan, removed red, added green."""
    out = []
    in_hunk = False
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.startswith("@@"):
            in_hunk, code = True, "\x1b[36m"
        elif not in_hunk:
            code = "\x1b[1m"
        else:
            code = {"+": "\x1b[32m", "-": "\x1b[31m"}.get(body[:1], "")
        out.append(f"{code}{body}\x1b[0m{line[len(body) :]}" if code else line)
    return "".join(out)


def _refuse_out_over_inputs(paths: list[str], out: Path) -> None:
    from cleaner.io import out_over_inputs

    problem = out_over_inputs(paths, out)
    if problem is not None:
        raise fail(problem)


def run_records(
    paths: list[str],
    *,
    out: Path | None,
    text_field: str,
    report_field: str,
    pattern: str,
    jobs: int | None,
    dask: str | None,
    resume: bool,
    threshold: float | None,
    select: list[str] | None,
    ignore: list[str] | None,
    encoding_errors: str,
    quiet: bool,
    decisions: Sequence[Path] | None,
    allow_file: Path | None,
    config: Path | None,
    no_config: bool,
    no_cache: bool,
) -> int:
    """``clean --field``: JSONL/Parquet records, streamed, written atomically per input."""
    import time

    from cleaner import corpus
    from cleaner.io import InputError, check_errors, iter_sources

    try:
        check_errors(encoding_errors)
    except InputError as exc:
        raise fail(str(exc)) from None
    if decisions:
        raise fail("--decisions does not apply to --field records")
    if report_field == text_field:
        raise fail("--report-field must differ from --field")
    if out is None and paths != ["-"]:
        raise fail("clean --field needs --out DIR for files (or give - for JSONL on stdin)")
    if out is not None:
        _refuse_out_over_inputs(paths, out)
        if resume:
            _remove_leftovers(out, quiet)
    cleaners = _Cleaners(
        threshold=threshold,
        select=select,
        ignore=ignore,
        allow_file=allow_file,
        config=config,
        no_config=no_config,
        no_cache=no_cache,
    )

    listed = 0

    def inputs() -> Iterator[tuple[Source, str, Cleaner]]:
        nonlocal listed
        for source, relative in iter_sources(paths, pattern, out):
            listed += 1
            cleaner = cleaners.for_source(source.path)
            if cleaner is not None:
                yield source, (relative if source.path else "stdin.jsonl"), cleaner

    run = corpus.RecordRun(text_field, report_field, encoding_errors, quiet, resume)
    started = time.monotonic()
    total = None
    if not quiet and sys.stderr.isatty():  # the progress line's ETA: a second walk, else none
        total = corpus.total_size(s.path for s, _ in iter_sources(paths, pattern, out))
    with corpus.Engine(jobs, dask) as engine:
        status = corpus.clean_records(
            engine, inputs(), out, run, total, echo=lambda line: echo(line, err=True)
        )
    if not listed and not quiet:
        _warn_nothing_matched(paths, pattern)
    if not quiet:
        summary = run.stats.summary(time.monotonic() - started, run.files_skipped, run.not_written)
        echo(summary, err=True)
    return status


#: flags (no value) the fast path understands, per command, and the run argument they set
_FAST_FLAGS = {
    "-q": "quiet",
    "--quiet": "quiet",
    "--no-config": "no_config",
    "--no-cache": "no_cache",
}
_FAST_CHECK_FLAGS = {**_FAST_FLAGS, "--suggestions": "suggestions"}
_FAST_VALUED = ("--threshold", "--select", "--ignore", "--config", "--allow-file")


def _fast_path(argv: list[str]) -> int | None:
    """Run a plain ``check``, ``diff`` or ``fix`` without building the typer app.

    Importing typer (:mod:`cleaner.app`) costs more than checking a small file, which is what a
    pre-commit hook does on every commit. Only invocations made of paths and the
    options listed above qualify; anything else (``--help``, another option, a value typer
    would reject) returns ``None`` and goes through typer, so help and errors read the same.
    """
    if not argv or argv[0] not in ("check", "diff", "fix"):
        return None
    mode = Mode(argv[0])
    flags = _FAST_CHECK_FLAGS if mode is Mode.CHECK else _FAST_FLAGS
    options: dict[str, Any] = {}
    paths: list[str] = []
    select: list[str] = []
    ignore: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        if arg == "--":  # the rest are paths, ``-x.txt`` too (the hooks end their args so)
            paths.extend(args)
            break
        name, eq, value = arg.partition("=")
        if name in flags and not eq:
            options[flags[name]] = True
            continue
        if name not in _FAST_VALUED:
            return None
        if not eq:
            value = next(args, "")
        if not value:
            return None
        if name == "--threshold":
            try:
                options["threshold"] = float(value)
            except ValueError:
                return None
            if not 0.0 <= options["threshold"] <= 1.0:
                return None
        elif name in ("--select", "--ignore"):
            (select if name == "--select" else ignore).append(value)
        elif Path(value).is_dir():
            return None
        else:
            options[name[2:].replace("-", "_")] = Path(value)
    if not paths:
        return None
    try:
        return run(
            mode,
            paths,
            threshold=options.pop("threshold", None),
            select=select or None,
            ignore=ignore or None,
            encoding_errors="strict",
            quiet=options.pop("quiet", False),
            **options,
        )
    except CommandExit as exc:
        return exc.exit_code


def _remove_leftovers(out: Path, quiet: bool) -> None:
    """``--resume``: remove the temporary files a killed run left in ``out``, saying so."""
    from cleaner.io import remove_leftover_temporaries

    removed = remove_leftover_temporaries(out)
    if removed and not quiet:
        echo(
            f"cleaner: --resume removed {removed} temporary file(s) an interrupted run left "
            f"in {out}",
            err=True,
        )


def main() -> None:
    """Entry point: run the app; turn unexpected errors into one line and exit 70."""
    from cleaner.exitcodes import interrupted, on_sigterm_stop

    on_sigterm_stop()
    try:
        code = _fast_path(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from cleaner.app import app

        app()
    except SystemExit as exc:
        _exit_past_a_stuck_pool(exc.code)
        raise
    except KeyboardInterrupt as exc:
        message, code = interrupted(exc)
        echo(message, err=True)
        _exit_past_a_stuck_pool(code)
        sys.exit(code)
    except BrokenPipeError:
        # the reader stopped early (``cleaner check … | head``): stop quietly with code 1, as
        # typer's own handling does for the other commands (output was wanted, so there were
        # changes); what Python flushes at exit goes nowhere instead of failing again
        _discard_stdout()
        sys.exit(EX_CHANGES)
    except Exception as exc:
        from cleaner.packs import PackError

        if isinstance(exc, PackError):  # a user pack found bad only when used (a slow pattern)
            echo(f"cleaner: {exc}", err=True)
            sys.exit(EX_USAGE)
        # last line of defence: no traceback for users
        where = "".join(f" ({note})" for note in getattr(exc, "__notes__", ()))
        echo(
            f"cleaner: internal error{where}: {type(exc).__name__}: {exc} "
            "(please report it with the input that caused it)",
            err=True,
        )
        sys.exit(EX_SOFTWARE)


def _exit_past_a_stuck_pool(code: object) -> None:
    """End the process now if a worker pool could not be stopped cleanly (see
    ``corpus.stuck_pool``): the interpreter would wait at exit for its thread forever. Every
    output was already finished or removed; only the streams need flushing."""
    corpus = sys.modules.get("cleaner.corpus")
    if corpus is None or not getattr(corpus, "stuck_pool", False):
        return
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed stream: nothing left to save
            stream.flush()
    os._exit(code if isinstance(code, int) else EX_SOFTWARE)


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor: a stream in a test
        pass


def __getattr__(name: str) -> Any:
    """``cleaner.cli.app``: the typer app, imported when first asked for."""
    if name == "app":
        from cleaner.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
