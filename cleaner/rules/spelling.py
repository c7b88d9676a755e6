"""Rules of the ``spelling`` stage."""

from __future__ import annotations
