"""cleaner: repair machine-translated, spun and mistyped English prose, and report every edit.

>>> from cleaner import clean
>>> result = clean("Russia accused Turkey in the region. .")
>>> result.text
'Russia accused Turkey in the region.'
>>> [(e.rule, e.original) for e in result.edits]
[('spaced-punctuation', ' .')]
"""

from cleaner.config import CleanerConfig
from cleaner.edits import Edit, Flag
from cleaner.pipeline import Cleaner, CleanResult, clean

__all__ = ["CleanResult", "Cleaner", "CleanerConfig", "Edit", "Flag", "clean"]
__version__ = "0.1.0"
