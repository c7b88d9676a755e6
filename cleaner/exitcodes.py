"""Exit codes of the ``cleaner`` command, documented once here, in the README and in
``docs/reliability.md``.

==============  =====  ==============================================================
name            value  meaning
==============  =====  ==============================================================
EX_OK             0    success; for ``check``/``diff``: nothing would change
EX_CHANGES        1    ``check``/``diff``: some file would change; ``fix``: files were
                       changed
EX_USAGE          2    bad usage or unreadable input (missing path, invalid UTF-8, bad
                       config, a user pack that is malformed or whose pattern ran over
                       its time limit)
EX_SOFTWARE      70    an internal error (a bug): please report it with the input
EX_OSERR         71    a worker process died (killed by a signal, often the
                       out-of-memory killer); finished outputs are whole: run again
                       with ``--resume``
EX_IOERR         74    an output could not be written (disk full, permission denied, a
                       symlink or a name outside ``--out`` refused); the file it would
                       replace is intact
EX_INTERRUPTED  130    interrupted (Ctrl-C); finished outputs are whole, the one being
                       written is removed
EX_TERMINATED   143    terminated (SIGTERM: ``timeout``, ``docker stop``, a batch
                       scheduler); as for Ctrl-C
==============  =====  ==============================================================

When several things go wrong in one run, the code is the first that applies of 70, 71, 74, 2.
"""

EX_OK = 0
EX_CHANGES = 1
EX_USAGE = 2
EX_SOFTWARE = 70
EX_OSERR = 71
EX_IOERR = 74
EX_INTERRUPTED = 130
EX_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is, so it stops as on Ctrl-C: the output being written
    (a temporary file) is removed and workers are stopped. Installed by the command only (see
    :func:`on_sigterm_stop`); a library caller keeps its own signal handling."""


def on_sigterm_stop() -> None:
    """Turn SIGTERM into :class:`Terminated` in this (the main) thread, unless whoever started
    the process chose to ignore it (``trap '' TERM``), as Python leaves an ignored SIGINT."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise Terminated()

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, stop)


def interrupted(exc: KeyboardInterrupt) -> tuple[str, int]:
    """The message and exit code for Ctrl-C or SIGTERM."""
    if isinstance(exc, Terminated):
        return "cleaner: terminated", EX_TERMINATED
    return "cleaner: interrupted", EX_INTERRUPTED


_SEVERITY = (EX_SOFTWARE, EX_OSERR, EX_IOERR, EX_USAGE, EX_CHANGES, EX_OK)


def worst(*codes: int) -> int:
    """The code a run ends with when several apply: 70, 71, 74, 2, 1, then 0.

    >>> worst(EX_USAGE, EX_IOERR, EX_OK)
    74
    """
    return min(codes, key=lambda code: _SEVERITY.index(code) if code in _SEVERITY else 0)
