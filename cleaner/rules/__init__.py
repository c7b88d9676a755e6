"""Built-in rules, one module per stage. Importing this package registers them all."""

from cleaner.rules import boilerplate, encoding, flags, phrases, spacing, spelling

__all__ = ["boilerplate", "encoding", "flags", "phrases", "spacing", "spelling"]
