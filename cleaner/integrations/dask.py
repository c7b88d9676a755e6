"""Clean Dask bags and dataframes; one :class:`~cleaner.Cleaner` per worker process.

>>> import dask.bag as db                                      # doctest: +SKIP
>>> from cleaner.integrations.dask import clean_bag            # doctest: +SKIP
>>> clean_bag(db.from_sequence(["Turkey.The army"])).compute()  # doctest: +SKIP
[{'text': 'Turkey. The army', 'cleaner': {'schema': 'cleaner-report/1', ...}}]

Each worker process builds its cleaner the first time a partition reaches it (a module-level
cache keyed by the configuration, :func:`cleaner.corpus.cleaner_for`) and keeps it, so resources
load once per worker, not once per task. Results are the same as a single-process run: cleaning
is deterministic and every document is cleaned on its own.

Requires ``pip install 'cleaner[dask]'`` (dask with bag and dataframe, distributed).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from cleaner.config import CleanerConfig
from cleaner.corpus import REPORT_FIELD, cleaner_for

__all__ = ["clean_bag", "clean_dataframe", "clean_partition", "connect"]


def _report(
    text: str, config: CleanerConfig, source: str, earlier: Any = None
) -> tuple[str, dict[str, Any]]:
    from cleaner.report import to_json

    result = cleaner_for(config).clean(text)
    return result.text, to_json(result, source, earlier)


def clean_partition(
    items: Iterable[Any],
    config: CleanerConfig | None = None,
    field: str | None = None,
    report_field: str = REPORT_FIELD,
) -> list[dict[str, Any]]:
    """Clean one partition: strings become ``{"text": clean, report_field: report}``; with
    ``field``, dicts get ``field`` replaced by the clean text and ``report_field`` added (a record
    whose field is missing or ``None`` gets a ``None`` report). A record that already holds a
    report there (cleaner's own output cleaned again) keeps it inside the new one, as the CLI
    does (:func:`cleaner.report.to_json`); a field of the user's there is a ``ValueError``."""
    from cleaner.report import is_replaceable

    config = config or CleanerConfig()
    out: list[dict[str, Any]] = []
    for item in items:
        if field is None:
            if not isinstance(item, str):
                raise TypeError(
                    f"clean_bag: an item is {type(item).__name__}, not a string; for records, "
                    "name their text with field="
                )
            text, report = _report(item, config, "")
            out.append({"text": text, report_field: report})
            continue
        record = dict(item)
        value = record.get(field)
        earlier = record.get(report_field)
        if not is_replaceable(earlier):
            raise ValueError(
                f"clean_bag: a record already has a field {report_field!r} that is no cleaner "
                "report; name another with report_field="
            )
        if value is None:
            record[report_field] = None
        elif not isinstance(value, str):
            raise TypeError(
                f"clean_bag: field {field!r} of a record is {type(value).__name__}, not a string"
            )
        else:
            record[field], record[report_field] = _report(value, config, "", earlier)
        out.append(record)
    return out


def clean_bag(
    bag: Any,
    config: CleanerConfig | None = None,
    *,
    field: str | None = None,
    report_field: str = REPORT_FIELD,
) -> Any:
    """A bag of dicts: the cleaned documents of ``bag`` with their JSON reports.

    ``bag`` holds strings (the result holds ``{"text": …, "cleaner": report}``) or, with
    ``field``, dicts whose ``field`` is the text (other keys are kept). Order is kept.
    """
    return bag.map_partitions(clean_partition, config, field, report_field)


def _earlier_report(value: Any, report_column: str) -> Any:
    """A row's report of an earlier run (JSON text) as an object, ``None`` for none; a value
    of the user's in the report column is a ``ValueError`` (it would be written over)."""
    from cleaner.report import is_replaceable

    try:
        earlier = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        earlier = value
    if isinstance(earlier, float) and earlier != earlier:  # pandas' NaN for a missing value
        earlier = None
    if not is_replaceable(earlier):
        raise ValueError(
            f"clean_dataframe: column {report_column!r} holds values that are no cleaner "
            "reports; name another with report_column="
        )
    return earlier


def _clean_frame(frame: Any, column: str, config: CleanerConfig | None, report_column: str) -> Any:
    config = config or CleanerConfig()
    texts: list[Any] = []
    reports: list[Any] = []
    values = frame[column].tolist()
    before = frame[report_column].tolist() if report_column in frame else [None] * len(values)
    for value, earlier_text in zip(values, before, strict=True):
        if value is None or not isinstance(value, str):
            texts.append(value)
            reports.append(None)
            continue
        earlier = _earlier_report(earlier_text, report_column)
        text, report = _report(value, config, "", earlier)
        texts.append(text)
        reports.append(json.dumps(report, ensure_ascii=False))
    dtype = frame[column].dtype
    if getattr(dtype, "name", "") == "category":
        # a clean text is no category of the input's: its values' own type (else NaN)
        dtype = dtype.categories.dtype
    out = frame.copy()
    out[column] = frame[column]._constructor(texts, index=frame.index, dtype=dtype)
    out[report_column] = frame[column]._constructor(reports, index=frame.index, dtype=dtype)
    return out


def clean_dataframe(
    df: Any,
    column: str,
    config: CleanerConfig | None = None,
    *,
    report_column: str = REPORT_FIELD,
) -> Any:
    """``df`` with ``column`` cleaned and ``report_column`` holding each row's JSON report (as a
    JSON string; ``None`` for missing text). Other columns and the index are kept."""
    meta = _clean_frame(df._meta, column, config, report_column)
    return df.map_partitions(_clean_frame, column, config, report_column, meta=meta)


@contextlib.contextmanager
def connect(address: str) -> Iterator[Any]:
    """A ``distributed.Client`` for the scheduler at ``address`` (closed on exit). Used by
    ``cleaner clean --dask ADDRESS``."""
    try:
        from distributed import Client
        from distributed.comm.addressing import resolve_address
    except ImportError:
        raise ImportError("--dask needs distributed: pip install 'cleaner[dask]'") from None
    try:
        # a Client given an address it cannot parse is left half-built, and its finaliser
        # waited 60 s and printed a traceback at exit
        resolve_address(address)
    except Exception as exc:  # ValueError, socket.gaierror, a removed protocol's warning
        raise ValueError(f"{exc} (a scheduler address is like tcp://HOST:8786)") from None
    client: Any = Client(address, set_as_default=False)  # type: ignore[no-untyped-call]
    try:
        yield client
    finally:
        client.close()
