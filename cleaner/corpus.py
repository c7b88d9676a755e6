"""Cleaning corpora: many documents, several worker processes, flat memory, ordered output.

Documents travel in batches (:data:`BATCH_DOCS` documents or :data:`BATCH_BYTES` of text,
whichever comes first) to worker processes that build one :class:`~cleaner.Cleaner` per
configuration and keep it for the life of the process, so resources load once per worker. At most
a few batches per worker are in flight, and results come back in input order whatever the number
of workers, so memory stays flat however long the input is.

Inputs: text files (the CLI's usual walk, with ``--glob``), JSONL and Parquet files whose records
carry the text in one field (``--field``); the cleaned text replaces the field and the JSON
report goes in a field of its own (``--report-field``, default ``cleaner``). Outputs are written to
a temporary file in the output directory and renamed when complete, so an interrupted run leaves
no half-written file; ``--resume`` skips inputs whose output is already complete.

Nothing heavy is imported at module level: the fast path of ``cleaner check`` imports this module.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from cleaner.config import CleanerConfig

if TYPE_CHECKING:
    from cleaner.edits import Edit, Flag
    from cleaner.io import Source
    from cleaner.pipeline import Cleaner, CleanResult

T = TypeVar("T")
R = TypeVar("R")

#: most documents in one batch sent to a worker
BATCH_DOCS = 256
#: most text (UTF-8 bytes) in one batch; a longer document travels alone
BATCH_BYTES = 256 * 1024
#: batches in flight per worker (bounds memory; two keep a worker busy while one travels)
WINDOW_PER_WORKER = 2
#: with the default --jobs, inputs smaller than this are cleaned in this process (a worker pool
#: costs more to start than it saves)
AUTO_MIN_BYTES = 2 * 1024 * 1024
#: default name of the field (JSONL) or column (Parquet) that receives the JSON report
REPORT_FIELD = "cleaner"
#: a short text cleaned by each new worker so that its resources load before real work arrives
WARMUP_TEXT = "The army said on Monday that it would stay in the region. .\n"


class CorpusError(Exception):
    """A record or file that cannot be processed; the message names it."""


class WorkerDied(Exception):
    """A worker process ended abruptly (killed by a signal, often the out-of-memory killer); the
    run cannot go on, as the batches it held are lost."""

    def __init__(self) -> None:
        super().__init__(
            "a worker process died (killed, perhaps by the out-of-memory killer); finished "
            "outputs are complete and nothing is half-written: run again with --resume, and "
            "with fewer --jobs if memory is short"
        )


# --------------------------------------------------------------------------------------------
# worker side: one Cleaner per configuration per process


_CLEANERS: dict[CleanerConfig, Cleaner] = {}


def cleaner_for(config: CleanerConfig) -> Cleaner:
    """This process's :class:`~cleaner.Cleaner` for ``config``, built on first use."""
    try:
        return _CLEANERS[config]
    except KeyError:
        from cleaner.pipeline import Cleaner

        built = _CLEANERS[config] = Cleaner(config)
        return built


def _resolve(who: Cleaner | CleanerConfig) -> Cleaner:
    return cleaner_for(who) if isinstance(who, CleanerConfig) else who


def _init_worker(config: CleanerConfig | None, main_pid: int | None = None) -> None:
    """Worker initializer: leave Ctrl-C to the parent, end with the main process, load
    resources once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if main_pid is not None:
        _end_with(main_pid)
    if config is not None:
        cleaner_for(config).clean(WARMUP_TEXT)


def _end_with(pid: int) -> None:
    """End this worker as soon as process ``pid`` (the main process) ends.

    A main process killed outright (``kill -9``, the out-of-memory killer) stops nothing
    itself. Its workers do not notice: each holds both ends of the task queue's pipe, so no
    end-of-file ever comes, and the forkserver that started them lives as long as they do (they
    hold its pipe too). A busy worker went on with its document, an idle one waited forever. A
    daemon thread waits for ``pid`` (a pidfd on Linux; elsewhere it asks every second) and
    ends the process, whatever the main thread is doing.
    """
    import select
    import threading

    if sys.platform == "win32":  # (os.kill(pid, 0) sends Ctrl-C there)
        return
    try:
        pidfd: int | None = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # not Linux 5.3+: ask
        pidfd = None

    def watch() -> None:
        if pidfd is not None:
            select.select([pidfd], [], [])
        else:
            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except OSError:  # alive, but not ours to signal
                    continue
        os._exit(1)

    threading.Thread(target=watch, name="cleaner-main-watch", daemon=True).start()


def utf8_size(text: str) -> int:
    """Bytes of ``text`` as UTF-8: a bad byte kept by ``surrogateescape`` as the one byte it
    was, any other lone surrogate (a JSON string's unpaired ``\\ud800`` escape: a run stopped
    on it with an internal error) as three.

    >>> utf8_size("café"), utf8_size("a\\udce9"), utf8_size("a\\ud800")
    (5, 2, 4)
    """
    try:
        return len(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:
        return len(text.encode("utf-8", "surrogatepass"))


@dataclass(slots=True)
class Stats:
    """Totals of a run (or of one batch, merged into the run's)."""

    documents: int = 0
    changed: int = 0
    skipped: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    suggestions: int = 0
    flags: int = 0
    edits_by_rule: Counter[str] = field(default_factory=Counter)

    def add(self, result: CleanResult) -> None:
        self.documents += 1
        self.changed += result.changed
        size = utf8_size(result.original)
        self.bytes_in += size
        self.bytes_out += utf8_size(result.text) if result.changed else size
        self.suggestions += len(result.suggestions)
        self.flags += len(result.flags)
        for edit in result.edits:
            self.edits_by_rule[edit.rule] += 1

    def merge(self, other: Stats) -> None:
        self.documents += other.documents
        self.changed += other.changed
        self.skipped += other.skipped
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        self.suggestions += other.suggestions
        self.flags += other.flags
        self.edits_by_rule.update(other.edits_by_rule)

    def summary(self, seconds: float, files_skipped: int = 0, not_written: int = 0) -> str:
        """The run summary printed at the end (several lines, no trailing newline).

        The figures count what was written: ``not_written`` outputs that could not be (their
        errors were printed as they happened) are left out and named in a note.
        """
        mb = self.bytes_in / 1e6
        rate = mb / seconds if seconds > 0 else 0.0
        edits = sum(self.edits_by_rule.values())
        lines = [
            f"cleaner: {self.documents:,} document{'s' if self.documents != 1 else ''} "
            f"({self.changed:,} changed) in {seconds:.1f} s, {mb:.2f} MB of text at "
            f"{rate:.2f} MB/s",
        ]
        by_rule = ", ".join(f"{rule} {n:,}" for rule, n in self.edits_by_rule.most_common())
        lines.append(f"  edits {edits:,}" + (f": {by_rule}" if by_rule else ""))
        lines.append(
            f"  suggestions {self.suggestions:,}, flags {self.flags:,}, "
            f"{_net_bytes(self.bytes_in - self.bytes_out)}"
        )
        notes = []
        if self.skipped:
            notes.append(f"{self.skipped:,} record(s) without the text field passed through")
        if files_skipped:
            notes.append(f"{files_skipped:,} input(s) already complete skipped (--resume)")
        if not_written:
            notes.append(f"{not_written:,} output(s) not written (errors above)")
        if notes:
            lines.append("  " + "; ".join(notes))
        return "\n".join(lines)


def _net_bytes(removed: int) -> str:
    """The summary's net change in size, ``removed`` bytes (fewer than none: added).

    >>> _net_bytes(3411), _net_bytes(-4)
    ('removed 3,411 bytes (net)', 'added 4 bytes (net)')
    """
    return f"{'removed' if removed >= 0 else 'added'} {abs(removed):,} bytes (net)"


#: what a worker sends back for one text document: the clean text (``None`` when unchanged, to
#: save the trip), edits, suggestions, flags and meta; the original stays in the parent
Compact = tuple["str | None", "list[Edit]", "list[Edit]", "list[Flag]", "dict[str, list[str]]"]


def clean_texts(
    who: Cleaner | CleanerConfig, texts: list[str], names: list[str] | None = None
) -> list[Compact]:
    """Worker task: clean whole documents (text files, named ``names`` in error messages)."""
    cleaner = _resolve(who)
    out: list[Compact] = []
    for i, text in enumerate(texts):
        with naming(names[i] if names else None):
            r = cleaner.clean(text)
        out.append((r.text if r.changed else None, r.edits, r.suggestions, r.flags, r.meta))
    return out


@contextlib.contextmanager
def naming(document: str | None) -> Iterator[None]:
    """Add to an unexpected error (a bug) the document it happened on, as a note, so that
    ``internal error`` in a corpus of thousands of files says which one to report; the note
    travels back from a worker with the exception."""
    try:
        yield
    except Exception as exc:
        if document is not None:
            exc.add_note(f"while cleaning {document}")
        raise


def expand(original: str, compact: Compact) -> CleanResult:
    """The :class:`~cleaner.CleanResult` a worker's compact answer stands for."""
    from cleaner.pipeline import CleanResult

    text, edits, suggestions, flags, meta = compact
    return CleanResult(
        original, original if text is None else text, edits, suggestions, flags, meta
    )


def clean_json_lines(
    who: Cleaner | CleanerConfig,
    lines: list[str],
    source: str,
    first_line: int,
    text_field: str,
    report_field: str,
    encoding_errors: str = "strict",
) -> tuple[list[str], Stats]:
    """Worker task: clean the ``text_field`` of JSONL records; return output lines and stats.

    Each record is edited in place (:mod:`cleaner.jsonl`): the text's value is replaced only when
    the text changed, the report is added (an earlier run's is kept inside it), and every other byte
    of the record is kept. Blank lines are dropped. A record without the field (or with
    ``null``) passes through with a ``null`` report. Raises :class:`CorpusError` on a line that
    is not a JSON object, whose field is not a string, or that names the field twice.
    """
    from cleaner.jsonl import NotARecord, json_string, parse_record
    from cleaner.report import is_replaceable

    cleaner = _resolve(who)
    stats = Stats()
    out: list[str] = []
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        try:
            record = parse_record(line)
            text_at = record.get(text_field)
            report_at = record.get(report_field)
        except NotARecord as exc:
            raise CorpusError(f"{source}:{number}: {exc}") from None
        if report_at is not None and not is_replaceable(report_at[2]):
            raise CorpusError(
                f"{source}:{number}: the record already has a field {report_field!r} that is no "
                "cleaner report; name another for the report with --report-field"
            )
        values: dict[str, str] = {}
        value_start, value_end, text = text_at or (0, 0, None)
        if text is None:
            stats.skipped += 1
            report = "null"
        elif not isinstance(text, str):
            raise CorpusError(
                f"{source}:{number}: field {text_field!r} is {type(text).__name__}, not a string"
            )
        else:
            with naming(f"{source}:{number}"):
                result = cleaner.clean(text)
            stats.add(result)
            if result.changed:
                written = record.text[value_start:value_end]  # as the input wrote it
                values[text_field] = json_string(result.text, encoding_errors, written)
            earlier = None if report_at is None else report_at[2]
            report = report_text(result, f"{source}:{number}", earlier)
        if report_at is None:
            body = record.rewritten(values, (report_field, report))
        else:
            values[report_field] = report
            body = record.rewritten(values)
        # the line's own blanks and line break (CRLF stays CRLF); the last line gains one
        end = record.after if record.after.endswith("\n") else record.after + "\n"
        out.append(record.before + body + end)
    return out, stats


def report_text(result: CleanResult, source: str, earlier: object = None) -> str:
    """A document's JSON report as one line of valid UTF-8 (a record's report field), holding
    ``earlier``, the report the field held before, when that was written for this text
    (:func:`cleaner.report.to_json`)."""
    from cleaner.io import json_text
    from cleaner.report import to_json

    return json_text(json.dumps(to_json(result, source, earlier), ensure_ascii=False))


def _earlier_reports(reader: Any, column: str) -> bool:
    """True when a Parquet file's ``column`` holds only reports an earlier run wrote (JSON
    text) or nulls, so cleaning cleaner's own output again may write over it."""
    from cleaner.report import is_replaceable

    if not _is_text_type(reader.schema_arrow.field(column).type):
        return False  # (pandas writes an earlier run's report column back as large_string)
    for batch in reader.iter_batches(batch_size=BATCH_DOCS, columns=[column]):
        for value in batch.column(0).to_pylist():
            try:
                if not is_replaceable(None if value is None else json.loads(value)):
                    return False
            except ValueError:
                return False
    return True


def clean_column(
    who: Cleaner | CleanerConfig,
    values: list[str | None],
    source: str,
    first_row: int,
    earlier: list[str | None] | None = None,
) -> tuple[list[str | None], list[str | None], Stats]:
    """Worker task: clean a column's values; return clean values, JSON reports and stats.
    ``earlier`` holds the rows' reports of an earlier run (JSON text), kept in the new ones."""

    cleaner = _resolve(who)
    stats = Stats()
    texts: list[str | None] = []
    reports: list[str | None] = []
    before = earlier if earlier is not None else [None] * len(values)
    for row, (text, earlier_report) in enumerate(zip(values, before, strict=True), first_row):
        if text is None:
            stats.skipped += 1
            texts.append(None)
            reports.append(None)
            continue
        with naming(f"{source}#{row}"):
            result = cleaner.clean(text)
        stats.add(result)
        texts.append(result.text)
        chained = None if earlier_report is None else json.loads(earlier_report)
        reports.append(report_text(result, f"{source}#{row}", chained))
    return texts, reports, stats


# --------------------------------------------------------------------------------------------
# parent side: ordered, bounded execution in this process, a process pool or a Dask cluster


@dataclass(slots=True)
class Task(Generic[T]):
    """One batch: ``fn(who, *args)`` runs remotely; ``tag`` stays here; ``size`` is its input
    bytes (for progress and for the in-process/pool choice)."""

    tag: T
    size: int
    fn: Callable[..., Any]
    who: Cleaner | CleanerConfig
    args: tuple[Any, ...]


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class Engine:
    """Runs tasks and yields their results in input order.

    ``jobs=1``: in this process. ``jobs=N``: N worker processes. ``jobs=None`` (default): one
    worker per core, unless the whole input is smaller than :data:`AUTO_MIN_BYTES` or is a single
    task (one long file), which is then cleaned in this process. ``dask``: the address of a
    running Dask scheduler (its workers need cleaner installed). Use as a context manager:
    leaving it stops the workers.
    """

    def __init__(self, jobs: int | None = None, dask: str | None = None) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.dask = dask
        self.workers = 1
        self._executor: Any = None
        self._client: Any = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; with ``cancel`` (an error or Ctrl-C) at once, not after the
        batches they are busy with (one long document can keep a worker for minutes)."""
        if self._executor is not None:
            if cancel:
                _stop_pool(self._executor)
            else:
                self._executor.shutdown(wait=True)
            self._executor = None
        self._stack.close()
        self._client = None

    @property
    def remote(self) -> bool:
        return self._executor is not None or self._client is not None

    def _start(self, warm: CleanerConfig | None) -> None:
        if self.dask is not None:
            from cleaner.integrations.dask import connect

            try:
                self._client = self._stack.enter_context(connect(self.dask))
            except (OSError, ImportError, ValueError) as exc:
                raise CorpusError(f"cannot use the Dask scheduler at {self.dask}: {exc}") from None
            self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context: Any
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["cleaner.corpus"])
        else:
            context = multiprocessing.get_context("spawn")
        self.workers = self.jobs or os.cpu_count() or 1
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(warm, os.getpid()),
        )

    def _submit(self, task: Task[Any]) -> Any:
        who = task.who
        if self._executor is None and self._client is None:
            return _Done(task.fn(who, *task.args))
        config = who if isinstance(who, CleanerConfig) else who.config
        if self._client is not None:
            return self._client.submit(task.fn, config, *task.args, pure=False)
        try:
            return self._executor.submit(task.fn, config, *task.args)
        except Exception as exc:
            _raise_if_broken(exc)
            raise

    def map(self, tasks: Iterable[Task[T]]) -> Iterator[tuple[Task[T], Any]]:
        """Run ``tasks``, yielding ``(task, result)`` in input order, a bounded number in flight.

        A task's exception is raised when its turn comes.
        """
        iterator = iter(tasks)
        head: list[Task[T]] = []
        if self.jobs == 1 and self.dask is None:
            pass
        elif self.jobs is None and self.dask is None:
            seen = 0
            for task in iterator:
                head.append(task)
                seen += task.size
                if seen >= AUTO_MIN_BYTES:
                    # one task alone (a single long file) gains nothing from a pool: it would
                    # only start the workers and copy the text and its result between processes
                    later = next(iterator, None)
                    if later is not None:
                        head.append(later)
                        self._start(_config_of(task.who))
                    break
        else:
            first = next(iterator, None)
            if first is None:
                return
            head.append(first)
            self._start(_config_of(first.who))
        window = self.workers * WINDOW_PER_WORKER + 1 if self.remote else 1
        pending: deque[tuple[Task[T], Any]] = deque()
        for task in _chain(head, iterator):
            pending.append((task, self._submit(task)))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, _result(future, self._executor)
        while pending:
            done, future = pending.popleft()
            yield done, _result(future, self._executor)


def _result(future: Any, pool: Any = None) -> Any:
    """A task's result; a pool whose worker died raises :class:`WorkerDied`.

    The pool notices a dead worker itself, except when the worker died halfway through writing
    its result: the pool's reader then waits for the rest of the message forever (this process
    holds the pipe's other end too, so no end-of-file comes). So the workers of ``pool`` are
    looked at every :data:`WORKER_CHECK_SECONDS` while waiting.
    """
    try:
        if pool is None:
            return future.result()
        while True:
            try:
                return future.result(timeout=WORKER_CHECK_SECONDS)
            except TimeoutError:
                if any(p.exitcode is not None for p in _processes(pool)):
                    raise WorkerDied() from None
    except Exception as exc:
        _raise_if_broken(exc)
        raise


#: how often a wait for a worker's result looks whether a worker died
WORKER_CHECK_SECONDS = 1.0
#: set when a pool could not be stopped cleanly: its manager thread is stuck, and the
#: interpreter, which joins that thread at exit, would never end (see :func:`_stop_pool`)
stuck_pool = False


def _processes(pool: Any) -> list[Any]:
    # ProcessPoolExecutor has no public way to see or stop its workers before 3.14
    return list((getattr(pool, "_processes", None) or {}).values())


def _stop_pool(pool: Any) -> None:
    """Stop ``pool`` at once (Ctrl-C, SIGTERM, an error, a dead worker): kill its workers, even
    one busy with a long document or halfway through writing a result, and leave no thread
    waiting for them. A worker killed while writing leaves the pool's reader waiting for the
    rest of a message; closing this process's end of that pipe, once every worker is gone, ends
    the wait. If the pool's thread still does not end, :data:`stuck_pool` tells the command to
    exit without waiting for it."""
    global stuck_pool
    processes = _processes(pool)
    for process in processes:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, AttributeError, ValueError, AssertionError):
            process.join(5.0)
    with contextlib.suppress(OSError, AttributeError):
        pool._result_queue._writer.close()
    pool.shutdown(wait=False, cancel_futures=True)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(5.0)
        if manager.is_alive():
            stuck_pool = True


def _raise_if_broken(exc: Exception) -> None:
    # judged by name: importing concurrent.futures.process would cost the fast path
    if type(exc).__name__ == "BrokenProcessPool":
        raise WorkerDied() from None


def _config_of(who: Cleaner | CleanerConfig) -> CleanerConfig:
    return who if isinstance(who, CleanerConfig) else who.config


def _chain(head: list[T], rest: Iterator[T]) -> Iterator[T]:
    while head:
        yield head.pop(0)
    yield from rest


def batched(
    items: Iterable[T], size_of: Callable[[T], int], key: Callable[[T], object] = lambda _: None
) -> Iterator[list[T]]:
    """Group consecutive items into batches of at most :data:`BATCH_DOCS` items and about
    :data:`BATCH_BYTES` bytes; an item whose ``key`` differs from the previous one's starts a
    new batch."""
    batch: list[T] = []
    size = 0
    last: object = None
    for item in items:
        k = key(item)
        if batch and (k != last or len(batch) >= BATCH_DOCS or size >= BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += size_of(item)
        last = k
    if batch:
        yield batch


# --------------------------------------------------------------------------------------------
# progress and completion


class Progress:
    """A one-line progress display on stderr (documents, MB, MB/s, ETA), only on a terminal."""

    def __init__(
        self, total_bytes: int | None = None, *, enabled: bool = True, stream: IO[str] | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total = total_bytes
        self.docs = 0
        self.bytes = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, docs: int, nbytes: int) -> None:
        self.docs += docs
        self.bytes += nbytes
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.bytes / elapsed
        line = f"{self.docs:,} docs  {self.bytes / 1e6:,.1f}"
        if self.total:
            line += f"/{self.total / 1e6:,.1f}"
        line += f" MB  {rate / 1e6:.2f} MB/s"
        if self.total and rate > 0:
            left = max(self.total - self.bytes, 0) / rate
            line += f"  ETA {int(left // 60)}:{int(left % 60):02d}"
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def is_complete(source: Path, output: Path) -> bool:
    """Whether ``output`` (written atomically by an earlier run) is at least as new as
    ``source``: what ``--resume`` skips."""
    try:
        return output.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        return False


def total_size(paths: Iterable[Path | None]) -> int | None:
    """Total size of the input files, for the progress bar's ETA (``None`` if unknown)."""
    total = 0
    for path in paths:
        if path is None:
            return None
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


@contextlib.contextmanager
def atomic_output(path: Path, mode: str = "w", errors: str = "strict") -> Iterator[Any]:
    """A file opened for writing beside ``path`` under a temporary name, renamed to ``path``
    when the block completes; removed if it does not (an error, Ctrl-C). A text file is UTF-8
    with ``errors``."""
    from cleaner.io import OutputError, create_exclusive, temporary_name

    def cannot_write(exc: OSError) -> OutputError:
        return OutputError(f"{path}: cannot write ({exc.strerror or exc})")

    tmp = temporary_name(path)
    locked: int | None = None  # held open, with its lock, until the file has its name
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            locked = create_exclusive(tmp)
        except OSError as exc:
            raise cannot_write(exc) from None
        if "b" in mode:
            yield Path(tmp)
        else:
            handle = open(tmp, mode, encoding="utf-8", errors=errors, newline="")  # noqa: SIM115
            try:
                yield handle
            except BaseException:
                # closing flushes the buffer, which fails again on a full disk; the error that
                # stopped the block is the one to report
                with contextlib.suppress(OSError):
                    handle.close()
                raise
            try:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            except OSError as exc:
                with contextlib.suppress(OSError):
                    handle.close()
                raise cannot_write(exc) from None
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except OSError as exc:
            raise cannot_write(exc) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        if locked is not None:
            os.close(locked)


# --------------------------------------------------------------------------------------------
# records: JSONL and Parquet


@dataclass(slots=True)
class RecordRun:
    """Settings of a run over JSONL/Parquet records."""

    text_field: str
    report_field: str = REPORT_FIELD
    encoding_errors: str = "strict"
    quiet: bool = False
    resume: bool = False
    progress: bool = True
    #: totals of the outputs written
    stats: Stats = field(default_factory=Stats)
    files_skipped: int = 0
    #: outputs that could not be written (or inputs that could not be read to the end)
    not_written: int = 0


#: how JSONL output is encoded: a bad input byte kept by ``--encoding-errors surrogateescape``
#: (a lone surrogate the record's text carries) is written back as that byte
_BYTES_BACK = "surrogateescape"


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def clean_records(
    engine: Engine,
    inputs: Iterable[tuple[Source, str, Cleaner]],
    out: Path | None,
    run: RecordRun,
    total_bytes: int | None = None,
    echo: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> int:
    """Clean JSONL/Parquet inputs ``(source, relative name, cleaner)`` into ``out/relative``
    (stdin JSONL goes to stdout). Returns 0, 2 if some input could not be processed, or 74 if
    some output could not be written (the others are still written)."""
    from cleaner.exitcodes import EX_IOERR, EX_OK, EX_USAGE, worst
    from cleaner.io import OutputError, output_path

    status = EX_OK
    with Progress(total_bytes, enabled=run.progress and not run.quiet) as progress:
        for source, relative, cleaner in inputs:
            done = Stats()  # this input's totals, counted in the run's once it is written
            stream = functools.partial(_jsonl_stream, engine, cleaner, run, progress, done)
            try:
                if source.path is None and out is None:
                    stream(sys.stdin.buffer, "<stdin>", sys.stdout, "standard output")
                    sys.stdout.flush()
                elif out is None:
                    raise CorpusError(f"{source.name}: records need --out DIR")
                elif source.path is None:
                    with atomic_output(out / "stdin.jsonl", errors=_BYTES_BACK) as handle:
                        stream(sys.stdin.buffer, "<stdin>", handle, str(out / "stdin.jsonl"))
                elif source.skip:
                    if not run.quiet:
                        echo(f"cleaner: {source.name}: {source.skip}")
                    continue
                elif source.error:
                    echo(f"cleaner: {source.name}: {source.error}")
                    status = worst(status, EX_USAGE)
                    continue
                else:
                    target = output_path(out, relative, source.path)
                    if run.resume and is_complete(source.path, target):
                        run.files_skipped += 1
                        continue
                    if is_parquet(source.path):
                        _parquet_file(engine, cleaner, source, target, run, progress, done)
                    else:
                        with (
                            open(source.path, "rb") as raw,
                            atomic_output(target, errors=_BYTES_BACK) as handle,
                        ):
                            stream(raw, source.name, handle, str(target))
                run.stats.merge(done)
                continue
            except CorpusError as exc:
                message, code = str(exc), EX_USAGE
            except OutputError as exc:
                message, code = str(exc), EX_IOERR
            except BrokenPipeError:
                raise
            except OSError as exc:
                message, code = f"{source.name}: {exc.strerror or exc}", EX_USAGE
            progress.close()
            echo(f"cleaner: {message}")
            status = worst(status, code)
            run.not_written += 1
    return status


def _jsonl_stream(
    engine: Engine,
    cleaner: Cleaner,
    run: RecordRun,
    progress: Progress,
    done: Stats,
    raw: IO[bytes],
    name: str,
    out: IO[str],
    target: str,
) -> None:
    """Stream JSONL records from ``raw`` (named ``name``) to ``out`` (named ``target``),
    adding their totals to ``done``."""
    from cleaner.io import BinaryInput, InputError, decode

    def lines() -> Iterator[tuple[int, str, int]]:
        for number, data in enumerate(raw, 1):
            if number == 1 and data.startswith(codecs.BOM_UTF8):
                # some editors start a file with one; JSON has none: the output is written without
                data = data[len(codecs.BOM_UTF8) :]
            try:
                yield number, decode(data, f"{name}:{number}", run.encoding_errors), len(data)
            except BinaryInput:
                raise CorpusError(f"{name}:{number}: NUL bytes; not a JSONL file") from None
            except InputError as exc:
                raise CorpusError(str(exc)) from None

    def tasks() -> Iterator[Task[int]]:
        for batch in batched(lines(), lambda item: item[2]):
            yield Task(
                len(batch),
                sum(item[2] for item in batch),
                clean_json_lines,
                cleaner,
                (
                    [item[1] for item in batch],
                    name,
                    batch[0][0],
                    run.text_field,
                    run.report_field,
                    run.encoding_errors,
                ),
            )

    from cleaner.io import OutputError, write_stdout

    for task, (out_lines, stats) in engine.map(tasks()):
        try:
            if out is sys.stdout:
                write_stdout("".join(out_lines))
            else:
                out.writelines(out_lines)
        except BrokenPipeError:
            if out is sys.stdout:
                raise  # the reader stopped early (``| head``): the command stops quietly
            raise OutputError(f"{target}: cannot write (the reader has gone)") from None
        except OSError as exc:  # a full disk: the output, not the input, is at fault
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
        done.merge(stats)
        progress.update(task.tag, task.size)


def _parquet_file(
    engine: Engine,
    cleaner: Cleaner,
    source: Source,
    target: Path,
    run: RecordRun,
    progress: Progress,
    done: Stats,
) -> None:
    """Clean a Parquet file's text column into ``target``, keeping what the file says about
    itself: the schema with its metadata (pandas' among it), each column's compression, and
    its row groups (a group is cut only past :data:`ROW_GROUP_BYTES` of text)."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise CorpusError(
            f"{source.name}: Parquet needs pyarrow: pip install 'cleaner[parquet]'"
        ) from None
    assert source.path is not None
    try:
        reader = pq.ParquetFile(source.path)
    except (pa.ArrowException, OSError) as exc:
        raise CorpusError(f"{source.name}: not a Parquet file ({exc})") from None
    schema = reader.schema_arrow
    if run.text_field not in schema.names:
        raise CorpusError(f"{source.name}: no column {run.text_field!r}")
    for name in (run.text_field, run.report_field):
        if schema.names.count(name) > 1:
            raise CorpusError(
                f"{source.name}: {schema.names.count(name)} columns are named {name!r}; which "
                "one to use would be a guess"
            )
    column_type = schema.field(run.text_field).type
    if not _is_text_type(column_type):
        raise CorpusError(f"{source.name}: column {run.text_field!r} is {column_type}, not text")
    if run.report_field in schema.names and not _earlier_reports(reader, run.report_field):
        raise CorpusError(
            f"{source.name}: column {run.report_field!r} exists and holds no cleaner reports; "
            "name another for the report with --report-field"
        )
    if run.report_field in schema.names:
        # an earlier run's column, nullable whatever it was declared (a missing text has none)
        at = schema.get_field_index(run.report_field)
        out_schema = schema.set(at, schema.field(at).with_nullable(True))
    else:
        out_schema = schema.append(pa.field(run.report_field, pa.string()))
    compression = _compression(reader, run.text_field, run.report_field)
    rows = reader.metadata.num_rows or 1
    file_size = source.path.stat().st_size

    def tasks() -> Iterator[Task[tuple[int, Any]]]:
        first = 0
        for group in range(reader.num_row_groups):
            for batch in reader.iter_batches(batch_size=BATCH_DOCS, row_groups=[group]):
                values = batch.column(run.text_field).to_pylist()
                size = sum(len(v) for v in values if v)
                earlier = (
                    batch.column(run.report_field).to_pylist()
                    if run.report_field in schema.names
                    else None
                )
                task_args = (values, source.name, first, earlier)
                yield Task((group, batch), size, clean_column, cleaner, task_args)
                first += len(values)

    writer: Any = None
    held: list[Any] = []  # cleaned batches of the row group being gathered
    held_bytes = 0

    def flush() -> None:
        nonlocal writer, held_bytes
        if not held:
            return
        table = pa.Table.from_batches(held, schema=out_schema)
        if writer is None:
            writer = pq.ParquetWriter(tmp, out_schema, compression=compression)
        writer.write_table(table, row_group_size=max(table.num_rows, 1))
        held.clear()
        held_bytes = 0

    with atomic_output(target, "wb") as tmp:
        try:
            group_now = 0
            for task, (texts, reports, stats) in engine.map(tasks()):
                group, batch = task.tag
                if group != group_now or held_bytes >= ROW_GROUP_BYTES:
                    flush()
                    group_now = group
                arrays = [batch.column(name) for name in schema.names]
                clean = pa.array(texts, type=pa.string())
                # (a null-typed column has no text to clean: it stays as it was)
                arrays[schema.get_field_index(run.text_field)] = (
                    batch.column(run.text_field)
                    if pa.types.is_null(column_type)
                    else clean.cast(column_type)
                )
                report_array = pa.array(reports, type=pa.string())
                if run.report_field in schema.names:
                    arrays[schema.get_field_index(run.report_field)] = report_array
                else:
                    arrays.append(report_array)
                held.append(pa.RecordBatch.from_arrays(arrays, schema=out_schema))
                held_bytes += batch.nbytes  # every column's, not only the text's
                done.merge(stats)
                progress.update(batch.num_rows, file_size * batch.num_rows // rows)
            flush()
            if writer is None:  # no rows: the schema alone, no row group (as the input had)
                writer = pq.ParquetWriter(tmp, out_schema, compression=compression)
        finally:
            if writer is not None:
                writer.close()


#: size of one output row group at most (Arrow's in-memory bytes of the input batches): an
#: input's row group is kept whole up to this size (gathering it holds its cleaned batches in
#: memory), cut beyond it
ROW_GROUP_BYTES = 64 * 1024 * 1024


def _is_text_type(column_type: Any) -> bool:
    """Whether a Parquet column's Arrow type holds text cleaner can clean (and write back)."""
    import pyarrow as pa

    if pa.types.is_dictionary(column_type):
        column_type = column_type.value_type
    is_view = getattr(pa.types, "is_string_view", None)  # (pyarrow 16 and later)
    return bool(
        pa.types.is_null(column_type)  # (a column with no value at all: pandas' all-None)
        or pa.types.is_string(column_type)
        or pa.types.is_large_string(column_type)
        or (is_view is not None and is_view(column_type))
    )


#: Parquet's codec names as ``ParquetWriter`` takes them (an unknown one, such as the
#: deprecated LZO, is written as snappy)
_WRITABLE_CODECS = {
    "uncompressed": "none",
    "snappy": "snappy",
    "gzip": "gzip",
    "brotli": "brotli",
    "zstd": "zstd",
    "lz4": "lz4",
    "lz4_raw": "lz4",
}


def _compression(reader: Any, text_column: str, report_column: str) -> dict[str, str] | str:
    """Each column's compression as the input has it, for ``ParquetWriter``: a new report
    column's as the text column's (pyarrow leaves a column a dict does not name uncompressed);
    snappy, pyarrow's default, for a file with no row group."""
    meta = reader.metadata
    if meta.num_row_groups == 0:
        return "snappy"
    group = meta.row_group(0)
    codecs_ = {}
    for i in range(group.num_columns):
        column = group.column(i)
        codec = column.compression.lower()
        codecs_[column.path_in_schema] = _WRITABLE_CODECS.get(codec, "snappy")
    if len(set(codecs_.values())) == 1:
        return next(iter(codecs_.values()))
    codecs_.setdefault(report_column, codecs_.get(text_column, "snappy"))
    return codecs_
