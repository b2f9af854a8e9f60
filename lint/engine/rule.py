"""What a rule is: metadata declared once, and a check over the article model.

Everything users read about a rule (``copydesk rules``, ``copydesk explain``,
the README table) is rendered from these class attributes, so the docs cannot
drift from the code. A rule reports :class:`Violation` objects in plain-text
offsets of a :class:`~copydesk.model.article.TextUnit`; the engine turns them into
positioned findings.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from copydesk.model.article import COPY_ROLES, Article, Block, TextUnit


class Severity(str, Enum):
    """How bad a finding is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}

CATEGORIES = (
    "placeholder",
    "credit",
    "attribution",
    "boilerplate",
    "typography",
    "grammar",
    "spelling",
    "structure",
    "metadata",
    "accessibility",
    "links",
    "readability",
    "style",
)
CODE_PATTERN = re.compile(r"CD\d{3}")
SLUG_PATTERN = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class Option:
    """A rule option: its name in config, default value and what it does."""

    name: str
    default: Any
    description: str

    def validate(self, value: Any) -> Any:
        """Coerce a config value to the default's type, or raise ValueError."""
        expected = type(self.default)
        if expected is bool:
            if not isinstance(value, bool):
                raise ValueError(f"option {self.name!r} takes true or false, not {value!r}")
            return value
        if expected in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"option {self.name!r} takes a number, not {value!r}")
            return expected(value)
        if expected in (list, tuple):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError(f"option {self.name!r} takes a list of strings, not {value!r}")
            return tuple(value)
        if not isinstance(value, expected):
            raise ValueError(f"option {self.name!r} takes a {expected.__name__}, not {value!r}")
        return value


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's report: a span of a text unit's plain text, or a source span.

    ``unit`` None means an article-level finding located by ``source_span``
    (e.g. a missing element reported at the body's start tag).
    """

    unit: TextUnit | None
    start: int
    end: int
    message: str
    fix: str | None = None
    source_span: tuple[int, int] | None = None


class Rule:
    """Base of every rule. Subclasses set the metadata and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    why: ClassVar[str]
    bad: ClassVar[str]
    good: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    fixable: ClassVar[bool] = False
    #: Whether ``--fix`` may apply this rule's fixes unattended: only for fixes that
    #: cannot change meaning (a doubled word, extra dots); a spelling suggestion
    #: is offered as ``fix`` but never applied by ``--fix``.
    safe_fix: ClassVar[bool] = False
    default_enabled: ClassVar[bool] = True

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        values = {option.name: option.default for option in self.options}
        for key, value in (options or {}).items():
            option = next((o for o in self.options if o.name == key), None)
            if option is None:
                known = ", ".join(o.name for o in self.options) or "none"
                raise ValueError(f"{self.code} ({self.name}) has no option {key!r} (options: {known})")
            values[key] = option.validate(value)
        self.config: dict[str, Any] = values

    def check(self, article: Article) -> Iterable[Violation]:
        raise NotImplementedError

    def violation(self, unit: TextUnit, start: int, end: int, message: str, fix: str | None = None) -> Violation:
        return Violation(unit, start, end, message, fix)


class BlockRule(Rule):
    """A rule that looks at each block of the article's own copy in turn."""

    roles: ClassVar[frozenset[str]] = COPY_ROLES

    def check(self, article: Article) -> Iterator[Violation]:
        for block in article.copy_blocks(self.roles):
            yield from self.check_block(block, article)

    def check_block(self, block: Block, article: Article) -> Iterable[Violation]:
        raise NotImplementedError


_REGISTRY: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry; codes and slugs are unique."""
    if not CODE_PATTERN.fullmatch(rule.code):
        raise ValueError(f"rule code {rule.code!r} is not CDnnn")
    if rule.code in _REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    if any(other.name == rule.name for other in _REGISTRY.values()):
        raise ValueError(f"rule slug {rule.name} registered twice")
    _REGISTRY[rule.code] = rule
    return rule


#: The package whose modules define the built-in rules (each registers itself with
#: :func:`register` when imported). The engine loads it by name, the way a linter
#: loads a plug-in: the rules depend on the engine, never the other way round.
BUILTIN_RULES = "copydesk.rules"


def all_rules() -> dict[str, type[Rule]]:
    """Every built-in rule by code, in code order."""
    importlib.import_module(BUILTIN_RULES)  # cached by the import system after the first call
    return dict(sorted(_REGISTRY.items()))


def find_rule(key: str) -> type[Rule] | None:
    """A rule by code (any case) or slug."""
    rules = all_rules()
    upper = key.strip().upper()
    if upper in rules:
        return rules[upper]
    return next((rule for rule in rules.values() if rule.name == key.strip().lower()), None)
