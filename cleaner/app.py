"""The ``cleaner`` command line's argument parser: a typer app over :mod:`cleaner.cli`.

:func:`cleaner.cli.main` runs a plain ``check``, ``diff`` or ``fix`` without it (importing typer
costs more than a pre-commit check of a small file); everything else (``--help``, ``clean``,
``revert``, ``rules``, ``explain``, other options) comes here, so help and errors read the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from cleaner.cli import CommandExit, Mode, fail, run, run_records
from cleaner.exitcodes import EX_IOERR, EX_OSERR, EX_USAGE, interrupted

app = typer.Typer(
    name="cleaner",
    help=(
        "Repair English prose damaged by machine translation, spinners and typos; strip scraping "
        "debris; report every edit with its rule, reason and confidence.\n\n"
        "Exit codes: 0 ok / nothing to change, 1 changes found (check, diff) or made (fix), "
        "2 usage error or unreadable input, 70 internal error, 71 a worker process died "
        "(run again with --resume), 74 an output could not be written, 130 interrupted "
        "(Ctrl-C), 143 terminated (SIGTERM). See docs/reliability.md."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, directories (walked for *.txt) or - for standard input."),
]


def _a_number(value: float | None) -> float | None:
    """``nan`` passes click's range check (every comparison with it is false) and would apply
    nothing, so a check always passed."""
    if value is not None and value != value:
        raise typer.BadParameter("nan is not a confidence; give a number from 0 to 1")
    return value


ThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0.0,
        max=1.0,
        callback=_a_number,
        help="Apply edits at or above this confidence (default 0.8, or the config's threshold); "
        "the rest become suggestions.",
        show_default=False,
    ),
]
PatternOpt = Annotated[
    str,
    typer.Option(
        "--glob",
        help="What directories are walked for (default *.txt; a named file is always read).",
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
    list[Path] | None,
    typer.Option(
        "--decisions",
        help="Honour review decisions (the JSON the review page exports): rejected edits are "
        "not applied, accepted suggestions are. Repeatable, one file per review round: for a "
        "finding decided in several, the file given last wins.",
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
    return typer.Exit(fail(message, code).exit_code)


def _run_as_typed(mode: Mode, arguments: dict[str, Any]) -> typer.Exit:
    """:func:`~cleaner.cli.run` with a command's arguments, taken as its first statement's
    ``locals()`` (each parameter of ``check``, ``diff`` and ``fix`` is named as the keyword of
    ``run`` it sets, so no list of them is kept twice); its exit code also when it ended early
    (:class:`~cleaner.cli.CommandExit`)."""
    arguments = dict(arguments)
    paths = arguments.pop("paths")
    try:
        return typer.Exit(run(mode, paths, **arguments))
    except CommandExit as exc:
        return typer.Exit(exc.exit_code)


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
            help="Worker processes (default: one per core; an input under 2 MB, or a single "
            "text file, is cleaned in this process). Output order does not depend on it.",
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
            help=(
                "Skip inputs whose outputs an earlier run completed (newer than the input), "
                "and remove the temporary files a killed run left in --out."
            ),
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
    from cleaner.corpus import CorpusError, WorkerDied

    try:
        if field is not None:
            code = run_records(
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
            code = run(
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
    except CommandExit as exc:
        code = exc.exit_code
    except CorpusError as exc:
        raise _fail(str(exc)) from None
    except WorkerDied as exc:
        raise _fail(str(exc), EX_OSERR) from None
    except KeyboardInterrupt as exc:
        # finished outputs stay; the one being written was a temporary file, now removed
        message, code = interrupted(exc)
        typer.echo(message, err=True)
        raise typer.Exit(code) from None
    raise typer.Exit(code)


@app.command()
def check(
    paths: PathsArg,
    pattern: PatternOpt = "*.txt",
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
    raise _run_as_typed(Mode.CHECK, locals())


@app.command()
def diff(
    paths: PathsArg,
    pattern: PatternOpt = "*.txt",
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
    raise _run_as_typed(Mode.DIFF, locals())


@app.command()
def fix(
    paths: PathsArg,
    pattern: PatternOpt = "*.txt",
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
    raise _run_as_typed(Mode.FIX, locals())


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
        # (and NUL bytes: cleaning can move an input's NUL into the part a binary sniff reads)
        clean_text = read_source(
            Source(clean_file, str(clean_file)), "surrogateescape", sniff=False
        )
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
    width = max(map(len, registry))
    for stage in STAGES:
        for rule_id, cls in sorted(registry.items()):
            if cls.stage == stage:
                typer.echo(f"{rule_id:{width}} {stage:12} {cls.tier:5} {cls.summary()}")


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
