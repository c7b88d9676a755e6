"""Load a builder script of ``dictionaries/`` (not a package) as a module, for the tests that
check a shipped list is what its builder makes."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

DICTIONARIES = Path(__file__).resolve().parent.parent / "dictionaries"


def load_builder(name: str) -> ModuleType:
    """``dictionaries/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(name, DICTIONARIES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
