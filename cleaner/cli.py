"""The ``cleaner`` command line.

Every command takes files, directories (walked for ``*.txt``) or ``-`` for standard input. Exit
codes are in :mod:`cleaner.exitcodes`.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cleaner.exitcodes import EX_CHANGES, EX_IOERR, EX_OK, EX_SOFTWARE, EX_USAGE, worst

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cleaner.decisions import DecisionSet
    from cleaner.io import Source
    from cleaner.pipeline import Cleaner, CleanResult

app = typer.Typer(
    name="cleaner",
    help=(
        "Repair English prose damaged by machine translation, spinners and typos; strip scraping "
        "debris; report every edit with its rule, reason and confidence.\n\n"
        "Exit codes: 0 ok / nothing to change, 1 changes found (check, diff) or made (fix), "
        "2 usage error or unreadable input, 70 internal error, 74 an output could not be "
        "written. See docs/reliability.md."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Mode(enum.Enum):
    """What a run does with its results, chosen once; the wording follows it."""

    CLEAN = "clean"
    CHECK = "check"
    DIFF = "diff"
    FIX = "fix"


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, directories (walked for *.txt) or - for standard input."),
]
ThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0.0,
        max=1.0,
        help="Apply edits at or above this confidence (default 0.8, or the config's threshold); "
        "the rest become suggestions.",
        show_default=False,
    ),
]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option("--select", help="Run only these rules or stages (repeatable)."),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Skip these rules or stages (repeatable)."),
]
EncodingErrorsOpt = Annotated[
    str,
    typer.Option(
        "--encoding-errors",
        help="What to do with invalid UTF-8: strict (refuse the file, exit 2), "
        "surrogateescape (clean it and write every bad byte back unchanged) or replace "
        "(bad bytes become U+FFFD and are lost).",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
DecisionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="Honour review decisions (the JSON the review page exports): rejected edits are "
        "not applied, accepted suggestions are.",
        dir_okay=False,
    ),
]
AllowFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--allow-file",
        help="Allow-list file (one word a line): its words are never changed, and rejections "
        "marked 'allow' in --decisions are appended to it (clean and fix only). Default: the "
        "config's allow-file, else .cleaner-allow.txt.",
        dir_okay=False,
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Read settings from this file (cleaner.toml, or pyproject.toml's [tool.cleaner]) "
        "instead of the one found by walking up from each input.",
        dir_okay=False,
    ),
]
NoConfigOpt = Annotated[
    bool, typer.Option("--no-config", help="Read no configuration file; only the options.")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Rebuild cached indexes instead of reading them.")
]
ColorOpt = Annotated[
    bool | None,
    typer.Option(
        "--color/--no-color",
        help="Colour the diff (default: only when standard output is a terminal and NO_COLOR "
        "is unset).",
    ),
]


def _fail(message: str, code: int = EX_USAGE) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


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
        from cleaner.settings import ConfigError, SettingsFinder

        self._known = set(all_rules()) | set(STAGES)
        for name in (select or []) + (ignore or []):
            if name not in self._known:
                raise _fail(f"unknown rule or stage {name!r}; `cleaner rules` lists them")
        if config is not None and no_config:
            raise _fail("--config and --no-config exclude each other")
        self.threshold, self.select, self.ignore = threshold, select, ignore
        self.cli_allow_file, self.use_cache = allow_file, not no_cache
        try:
            self.finder = SettingsFinder(config, enabled=not no_config)
            cwd_settings = self.finder.for_path(None)
        except ConfigError as exc:
            raise _fail(str(exc)) from None
        #: where 'allow' decisions are appended
        self.allow_file = allow_file or cwd_settings.allow_file or Path(".cleaner-allow.txt")
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
                raise _fail(str(exc)) from None
        return self._allow_words[key]

    def for_source(self, path: Path | None) -> Cleaner | None:
        """The cleaner for one input, or ``None`` when the configuration excludes it."""
        from cleaner.packs import PackError
        from cleaner.pipeline import Cleaner
        from cleaner.settings import ConfigError

        try:
            settings = self.finder.for_path(path)
            if path is not None and settings.is_excluded(path):
                return None
            if id(settings) not in self._checked:
                for key, name in settings.names():
                    if name not in self._known:
                        raise _fail(
                            f"{settings.label}: unknown rule or stage {name!r} in {key}; "
                            "`cleaner rules` lists them"
                        )
                self._checked.add(id(settings))
            allow = self.cli_allow_file or settings.allow_file or Path(".cleaner-allow.txt")
            config = settings.config_for(
                path,
                threshold=self.threshold,
                select=self.select,
                ignore=self.ignore,
                allow_words=self._allow_words_of(allow),
                use_cache=self.use_cache,
            )
        except ConfigError as exc:
            raise _fail(str(exc)) from None
        if config not in self._cleaners:
            cleaner = Cleaner(config)
            if config.extra_packs:
                try:  # surface a bad user pack as a usage error, before any text is cleaned
                    from cleaner.rules.boilerplate import check_patterns

                    packs = cleaner.resources.packs
                    check_patterns(packs, packs[len(packs) - len(config.extra_packs) :])
                except (PackError, OSError, UnicodeDecodeError) as exc:
                    raise _fail(f"{settings.label}: {exc}") from None
            self._cleaners[config] = cleaner
        return self._cleaners[config]


def _run(
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
    decisions: Path | None = None,
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
        output_path,
        read_source,
        write_stdout,
    )

    try:
        check_errors(encoding_errors)
    except InputError as exc:
        raise _fail(str(exc)) from None
    if mode is Mode.CLEAN and out is None and paths != ["-"]:
        raise _fail("clean needs --out DIR for files (or give - to read stdin, write stdout)")
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
    reviewed: list[tuple[str, CleanResult]] = []
    status = EX_OK
    changed_files = 0
    seen_outputs: set[str] = set()
    resumed: list[str] = []

    def readable() -> Iterator[tuple[Source, str, Cleaner, str]]:
        nonlocal status
        for source, relative in iter_sources(paths, pattern):
            cleaner = cleaners.for_source(source.path)
            if cleaner is None:
                continue
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
                if not quiet:
                    typer.echo(f"cleaner: {exc}", err=True)
                continue
            except InputError as exc:
                typer.echo(f"cleaner: {exc}", err=True)
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
                ([item[3] for item in batch],),
            )

    started = time.monotonic()
    stats = corpus.Stats()
    summarize = mode is Mode.CLEAN and out is not None and not quiet
    engine = corpus.Engine(jobs, dask)
    progress = corpus.Progress(enabled=summarize)
    if progress.enabled:
        progress.total = corpus.total_size(s.path for s, _ in iter_sources(paths, pattern))

    def cannot_write(exc: OutputError) -> None:
        nonlocal status
        typer.echo(f"cleaner: {exc}", err=True)
        status = worst(status, EX_IOERR)

    with engine, progress:
        for task, compacts in engine.map(tasks()):
            progress.update(len(task.tag), task.size)
            for (source, relative, text), compact in zip(task.tag, compacts, strict=True):
                result = corpus.expand(text, compact)
                if decision_set is not None:
                    from cleaner.decisions import apply_decisions

                    result = apply_decisions(result, decision_set.for_document(relative))
                stats.add(result)
                if result.changed:
                    changed_files += 1
                if mode is Mode.CLEAN:
                    if source.path is None and out is None:
                        write_stdout(result.text)
                        continue
                    assert out is not None
                    if relative in seen_outputs:
                        raise _fail(
                            f"two inputs would both be written to {out / relative}; "
                            "clean them in separate runs or rename one"
                        )
                    seen_outputs.add(relative)
                    payload = json.dumps(
                        report.to_json(result, source.name), ensure_ascii=False, indent=1
                    )
                    try:
                        target = output_path(out, relative, source.path)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        atomic_write(target, result.text)
                        atomic_write(
                            target.with_name(target.name + ".diff"),
                            report.unified_diff(result.original, result.text, relative),
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
                    reviewed.append((relative, result))
                elif mode is Mode.CHECK:
                    lines = report.finding_lines(result, source.name, suggestions=suggestions)
                    for line in lines:
                        typer.echo(line)
                elif mode is Mode.DIFF:
                    diff = report.unified_diff(result.original, result.text, source.name)
                    if diff:
                        write_stdout(_colorize_diff(diff) if use_color else diff)
                elif mode is Mode.FIX and result.changed:
                    if source.path is None:
                        write_stdout(result.text)
                        continue
                    try:
                        atomic_write(source.path, result.text)
                    except OutputError as exc:
                        cannot_write(exc)
                        continue
                    if not quiet:
                        for line in report.finding_lines(result, source.name):
                            typer.echo(f"fixed {line}")
                elif mode is Mode.FIX and source.path is None:
                    write_stdout(result.text)
    if mode is Mode.CLEAN and out is not None:
        from cleaner.html_report import render_html

        try:
            out.mkdir(parents=True, exist_ok=True)
            atomic_write(out / "report.html", render_html(reviewed))
        except OSError as exc:
            cannot_write(exc if isinstance(exc, OutputError) else OutputError(f"{out}: {exc}"))
    if summarize:
        typer.echo(stats.summary(time.monotonic() - started, len(resumed)), err=True)
    if not quiet and mode is not Mode.CLEAN:
        verb = {Mode.CHECK: "would change", Mode.DIFF: "would change", Mode.FIX: "changed"}[mode]
        typer.echo(f"{changed_files} file{'s' if changed_files != 1 else ''} {verb}", err=True)
    if status != EX_OK:
        return status
    if mode in (Mode.CHECK, Mode.DIFF, Mode.FIX) and changed_files:
        return EX_CHANGES
    return EX_OK


def _load_decisions(
    path: Path | None, mode: Mode, allow_file: Path, quiet: bool
) -> DecisionSet | None:
    """Read --decisions; in clean and fix runs append its 'allow' words to the allow file."""
    if path is None:
        return None
    from cleaner.decisions import DecisionsError, append_allow_words, load_decisions

    try:
        decision_set = load_decisions(path)
    except DecisionsError as exc:
        raise _fail(str(exc)) from None
    if mode in (Mode.CLEAN, Mode.FIX):
        try:
            added = append_allow_words(allow_file, decision_set.allow_words())
        except OSError as exc:
            raise _fail(f"{allow_file}: cannot write the allow list ({exc.strerror})") from None
        if added and not quiet:
            typer.echo(f"cleaner: added {len(added)} word(s) to {allow_file}", err=True)
    return decision_set


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    import os

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


@app.command()
def clean(
    paths: PathsArg,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Directory for the results: NAME (clean text), NAME.diff and NAME.json (report).",
            file_okay=False,
        ),
    ] = None,
    threshold: ThresholdOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    encoding_errors: EncodingErrorsOpt = "strict",
    quiet: QuietOpt = False,
    decisions: DecisionsOpt = None,
    allow_file: AllowFileOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    no_cache: NoCacheOpt = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes (default: one per core; an input under 2 MB is cleaned in "
            "this process). Output order does not depend on it.",
            show_default=False,
        ),
    ] = None,
    glob: Annotated[
        str | None,
        typer.Option(
            "--glob",
            help="What directories are walked for (default *.txt, or *.jsonl with --field).",
            show_default=False,
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            "--field",
            help="Inputs are JSONL (or .parquet) records: clean this field (column); the output "
            "record keeps every other field and gets the JSON report in --report-field.",
            show_default=False,
        ),
    ] = None,
    report_field: Annotated[
        str, typer.Option("--report-field", help="Field (column) for each record's report.")
    ] = "cleaner",
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Skip inputs whose outputs an earlier run completed (newer than the input).",
        ),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Clean on the Dask scheduler at ADDRESS (e.g. tcp://host:8786); its workers "
            "need cleaner installed (pip install 'cleaner[dask]').",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Clean files into --out DIR with a diff and a JSON report beside each and one report.html
    review page for the run; - uses stdin/stdout. With --field: clean JSONL/Parquet records."""
    from cleaner.corpus import CorpusError

    try:
        if field is not None:
            code = _run_records(
                paths,
                out=out,
                text_field=field,
                report_field=report_field,
                pattern=glob or "*.jsonl",
                jobs=jobs,
                dask=dask,
                resume=resume,
                threshold=threshold,
                select=select,
                ignore=ignore,
                encoding_errors=encoding_errors,
                quiet=quiet,
                decisions=decisions,
                allow_file=allow_file,
                config=config,
                no_config=no_config,
                no_cache=no_cache,
            )
        else:
            code = _run(
                Mode.CLEAN,
                paths,
                out=out,
                threshold=threshold,
                select=select,
                ignore=ignore,
                encoding_errors=encoding_errors,
                quiet=quiet,
                decisions=decisions,
                allow_file=allow_file,
                config=config,
                no_config=no_config,
                no_cache=no_cache,
                jobs=jobs,
                pattern=glob or "*.txt",
                resume=resume,
                dask=dask,
            )
    except CorpusError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        # finished outputs stay; the one being written was a temporary file, now removed
        typer.echo("cleaner: interrupted", err=True)
        raise typer.Exit(130) from None
    raise typer.Exit(code)


def _run_records(
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
    decisions: Path | None,
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
        raise _fail(str(exc)) from None
    if decisions is not None:
        raise _fail("--decisions does not apply to --field records")
    if report_field == text_field:
        raise _fail("--report-field must differ from --field")
    if out is None and paths != ["-"]:
        raise _fail("clean --field needs --out DIR for files (or give - for JSONL on stdin)")
    cleaners = _Cleaners(
        threshold=threshold,
        select=select,
        ignore=ignore,
        allow_file=allow_file,
        config=config,
        no_config=no_config,
        no_cache=no_cache,
    )

    def inputs() -> Iterator[tuple[Source, str, Cleaner]]:
        for source, relative in iter_sources(paths, pattern):
            cleaner = cleaners.for_source(source.path)
            if cleaner is not None:
                yield source, (relative if source.path else "stdin.jsonl"), cleaner

    run = corpus.RecordRun(text_field, report_field, encoding_errors, quiet, resume)
    started = time.monotonic()
    total = corpus.total_size(s.path for s, _ in iter_sources(paths, pattern))
    with corpus.Engine(jobs, dask) as engine:
        status = corpus.clean_records(
            engine, inputs(), out, run, total, echo=lambda line: typer.echo(line, err=True)
        )
    if not quiet:
        summary = run.stats.summary(time.monotonic() - started, run.files_skipped)
        typer.echo(summary, err=True)
    return status


@app.command()
def check(
    paths: PathsArg,
    suggestions: Annotated[
        bool, typer.Option("--suggestions", help="Also list suggestions and flags.")
    ] = False,
    threshold: ThresholdOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    encoding_errors: EncodingErrorsOpt = "strict",
    quiet: QuietOpt = False,
    decisions: DecisionsOpt = None,
    allow_file: AllowFileOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Change nothing; print each edit as path:line:col rule 'old' -> 'new'; exit 1 if any."""
    raise typer.Exit(
        _run(
            Mode.CHECK,
            paths,
            threshold=threshold,
            select=select,
            ignore=ignore,
            encoding_errors=encoding_errors,
            quiet=quiet,
            suggestions=suggestions,
            decisions=decisions,
            allow_file=allow_file,
            config=config,
            no_config=no_config,
            no_cache=no_cache,
        )
    )


@app.command()
def diff(
    paths: PathsArg,
    threshold: ThresholdOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    encoding_errors: EncodingErrorsOpt = "strict",
    quiet: QuietOpt = False,
    decisions: DecisionsOpt = None,
    color: ColorOpt = None,
    allow_file: AllowFileOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Print a unified diff of what would change; exit 1 if it is not empty."""
    raise typer.Exit(
        _run(
            Mode.DIFF,
            paths,
            threshold=threshold,
            select=select,
            ignore=ignore,
            encoding_errors=encoding_errors,
            quiet=quiet,
            decisions=decisions,
            color=color,
            allow_file=allow_file,
            config=config,
            no_config=no_config,
            no_cache=no_cache,
        )
    )


@app.command()
def fix(
    paths: PathsArg,
    threshold: ThresholdOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    encoding_errors: EncodingErrorsOpt = "strict",
    quiet: QuietOpt = False,
    decisions: DecisionsOpt = None,
    allow_file: AllowFileOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Rewrite files in place (atomically); print what changed; exit 1 if anything did."""
    raise typer.Exit(
        _run(
            Mode.FIX,
            paths,
            threshold=threshold,
            select=select,
            ignore=ignore,
            encoding_errors=encoding_errors,
            quiet=quiet,
            decisions=decisions,
            allow_file=allow_file,
            config=config,
            no_config=no_config,
            no_cache=no_cache,
        )
    )


@app.command()
def revert(
    clean_file: Annotated[Path, typer.Argument(help="The clean text cleaner wrote.")],
    report_file: Annotated[Path, typer.Argument(help="Its JSON report (NAME.json).")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Rebuild the original text, byte for byte, from the clean text and its JSON report."""
    from cleaner.io import InputError, OutputError, Source, atomic_write, read_source, write_stdout
    from cleaner.report import revert_from_report

    try:
        # bad bytes a surrogateescape run kept are read back the same way and written unchanged
        clean_text = read_source(Source(clean_file, str(clean_file)), "surrogateescape")
        report_data = json.loads(read_source(Source(report_file, str(report_file))))
        original = revert_from_report(clean_text, report_data)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(f"{report_file}: cannot revert: {exc}") from None
    try:
        if out is None:
            write_stdout(original)
        else:
            atomic_write(out, original)
    except OutputError as exc:
        raise _fail(str(exc), EX_IOERR) from None


@app.command()
def rules() -> None:
    """List every rule: id, stage, tier and summary."""
    from cleaner.registry import STAGES, all_rules

    registry = all_rules()
    for stage in STAGES:
        for rule_id, cls in sorted(registry.items()):
            if cls.stage == stage:
                typer.echo(f"{rule_id:28} {stage:12} {cls.tier:5} {cls.summary()}")


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id from `cleaner rules`.")],
) -> None:
    """Show a rule's documentation and examples."""
    import inspect

    from cleaner.registry import all_rules

    registry = all_rules()
    if rule_id not in registry:
        raise _fail(f"unknown rule {rule_id!r}; `cleaner rules` lists them")
    cls = registry[rule_id]
    typer.echo(f"{rule_id} (stage {cls.stage}, tier {cls.tier})\n")
    typer.echo(inspect.cleandoc(cls.__doc__ or "(no documentation)"))


#: flags (no value) the fast path understands, per command, and the _run argument they set
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

    Parsing arguments with typer imports pydantic, which costs more than checking a small file
    (it is what a pre-commit hook does on every commit). Only invocations made of paths and the
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
        return _run(
            mode,
            paths,
            threshold=options.pop("threshold", None),
            select=select or None,
            ignore=ignore or None,
            encoding_errors="strict",
            quiet=options.pop("quiet", False),
            **options,
        )
    except typer.Exit as exc:
        return exc.exit_code


def main() -> None:
    """Entry point: run the app; turn unexpected errors into one line and exit 70."""
    try:
        code = _fast_path(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("cleaner: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        from cleaner.packs import PackError

        if isinstance(exc, PackError):  # a user pack found bad only when used (a slow pattern)
            typer.echo(f"cleaner: {exc}", err=True)
            sys.exit(EX_USAGE)
        # last line of defence: no traceback for users
        typer.echo(
            f"cleaner: internal error: {type(exc).__name__}: {exc} "
            "(please report it with the input that caused it)",
            err=True,
        )
        sys.exit(EX_SOFTWARE)
