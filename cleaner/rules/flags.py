"""Rules of the ``flags`` stage."""

from __future__ import annotations
