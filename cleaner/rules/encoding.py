"""Rules of the ``encoding`` stage."""

from __future__ import annotations
