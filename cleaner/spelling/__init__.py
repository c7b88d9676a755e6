"""The spelling engine: lexicon tiers, a noisy-channel candidate scorer and the decisions.

The rule that drives it is :class:`cleaner.rules.spelling.NonWordTypo`.
"""

from cleaner.spelling.decide import Proposal, Speller
from cleaner.spelling.lexicon import Lexicon

__all__ = ["Lexicon", "Proposal", "Speller"]
