"""Rules of the ``phrases`` stage."""

from __future__ import annotations
