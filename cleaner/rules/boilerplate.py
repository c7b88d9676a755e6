"""Rules of the ``boilerplate`` stage."""

from __future__ import annotations
