"""The rule registry: one id per rule, used as registry key, config key and report label.

A rule is a small class with a class-level ``id``, ``stage`` and docstring (with an example), and
one method, :meth:`Rule.find`, that proposes edits and flags for the text of its stage. Rules never
apply anything themselves; the pipeline decides.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from cleaner.edits import Edit, Flag

if TYPE_CHECKING:
    from cleaner.context import DocContext
    from cleaner.resources import Resources

#: Stages in the order they run. Each sees the text the previous ones produced.
STAGES: tuple[str, ...] = ("encoding", "boilerplate", "spacing", "phrases", "spelling", "flags")


class Rule(ABC):
    """Base class of every rule. Subclasses set ``id`` and ``stage`` and implement ``find``."""

    id: ClassVar[str]
    stage: ClassVar[str]
    #: default tier: ``fix`` rules may be applied, ``flag`` rules only ever report
    tier: ClassVar[str] = "fix"
    #: ``True`` for a rule that, when its stage runs again over a changed text, looks only
    #: where the change can matter (:attr:`DocContext.focus`, and for document evidence
    #: :attr:`DocContext.changed_words`): what it found before elsewhere is kept. Any other
    #: rule looks at the whole text again, and its new findings replace its old ones.
    focused: ClassVar[bool] = False

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    @abstractmethod
    def find(self, text: str, doc: DocContext) -> Iterable[Edit | Flag]:
        """Propose edits (offsets into ``text``) and flags."""

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the rule's docstring, its wrapped lines joined (a summary
        that runs over two lines was cut mid-sentence)."""
        first = inspect.cleandoc(cls.__doc__ or "").split("\n\n", 1)[0]
        return " ".join(first.split())


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to :data:`RULES` under its id."""
    if cls.stage not in STAGES:
        raise ValueError(f"rule {cls.id!r} names unknown stage {cls.stage!r}")
    if cls.id in RULES and RULES[cls.id] is not cls:
        raise ValueError(f"two rules share the id {cls.id!r}")
    RULES[cls.id] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule, importing the rule modules on first use."""
    import cleaner.rules  # noqa: F401  (registers the built-in rules)

    return RULES
