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
from typing import Any, ClassVar, Literal

from copydesk.grammar.settings import GrammarSettings
from copydesk.model.article import COPY_ROLES, Article, Block, Figure, Link, TextUnit
from copydesk.model.element import Element


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
    (e.g. a missing element reported at the body's start tag). ``fix`` is what
    the span's *plain text* should read instead; the engine turns it into an
    edit of the file through the unit's source map (keeping entities and tags
    it does not touch), or drops it when that cannot be done without guessing.
    """

    unit: TextUnit | None
    start: int
    end: int
    message: str
    fix: str | None = None
    source_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class RuleNotice:
    """A rule's notice about the check itself (part of the copy left unchecked), not a defect.

    ``code`` is the rule the notice is filed under (the grammar rules all file
    theirs under CD804), ``kind`` a stable slug; ``violation`` says where
    (``unit`` None and no ``source_span``: the file as a whole) and what.
    The engine turns it into a :class:`~copydesk.engine.finding.Notice`.
    """

    code: str
    kind: str
    violation: Violation


@dataclass(frozen=True)
class Scope:
    """What a rule reads, so the engine can hand it one piece at a time.

    ``blocks``: each block of the article's own copy whose role is in ``roles``
    (``check_block``); ``figures``: each figure of the story (``check_figure``);
    ``images``: each ``<img>`` of the body (``check_image``);
    ``links``: each link of the article's own copy, not chrome, not inside a
    social-media embed (``check_link``); ``article``: the whole article once
    (``check_article``), for rules that compare parts of it — ``roles`` then
    names the blocks such a rule reads, where it reads blocks.
    """

    kind: Literal["blocks", "figures", "images", "links", "article"]
    roles: frozenset[str] = COPY_ROLES

    @classmethod
    def blocks(cls, roles: Iterable[str] = COPY_ROLES) -> Scope:
        return cls("blocks", frozenset(roles))

    @classmethod
    def article(cls, roles: Iterable[str] = COPY_ROLES) -> Scope:
        return cls("article", frozenset(roles))


FIGURES = Scope("figures")
IMAGES = Scope("images")
LINKS = Scope("links")
ARTICLE = Scope("article")


class Rule:
    """Base of every rule: metadata declared once, a :class:`Scope`, and a check for one piece of it.

    A rule sets its metadata (code, slug, category, severity, summary, why,
    bad and good examples, options) and its ``scope``, then implements the one
    method its scope calls: ``check_block``, ``check_figure``, ``check_image``,
    ``check_link`` or ``check_article``. The data-driven kinds (existence, substitution,
    consistency in :mod:`copydesk.engine.kinds`) are subclasses that implement
    it for you from their word lists.
    """

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
    #: Why a rule is off by default (``default_enabled = False``): what it is for and
    #: why it would mislead on most pages. ``explain``, the docs and the README say it.
    opt_in_because: ClassVar[str] = ""
    #: Rules (by code or category) this rule gives way to: where one of them flags a span,
    #: a finding of this rule overlapping it in the source is dropped (:func:`~copydesk.engine.lint.lint_article`).
    #: The grammar engines repeat some house checks (a doubled word, a placeholder read as a
    #: misspelling); one defect should get one finding, and the house rule's is the precise one.
    yields_to: ClassVar[frozenset[str]] = frozenset()
    #: What the rule reads; the engine walks it (see :class:`Scope`).
    scope: ClassVar[Scope] = ARTICLE

    def __init__(self, options: dict[str, Any] | None = None, *, grammar: GrammarSettings | None = None) -> None:
        """A rule configured with its options (validated) and the run's grammar settings.

        ``grammar`` (``[tool.copydesk.grammar]``: engines, words, cache) is what the
        rules that read the grammar report need; every rule gets the same one.
        """
        self.grammar = grammar or GrammarSettings()
        values = {option.name: option.default for option in self.options}
        for key, value in (options or {}).items():
            option = next((o for o in self.options if o.name == key), None)
            if option is None:
                known = ", ".join(o.name for o in self.options) or "none"
                raise ValueError(f"{self.code} ({self.name}) has no option {key!r} (options: {known})")
            values[key] = option.validate(value)
        self.config: dict[str, Any] = values

    def check(self, article: Article) -> Iterator[Violation]:
        """Every violation in the article: the engine's one call, which walks the rule's scope."""
        scope = self.scope
        if scope.kind == "blocks":
            for block in article.copy_blocks(scope.roles):
                yield from self.check_block(block, article)
        elif scope.kind == "figures":
            for figure in article.figures:
                yield from self.check_figure(figure, article)
        elif scope.kind == "images":
            for image in article.images:
                yield from self.check_image(image, article)
        elif scope.kind == "links":
            for link in article.copy_links():
                yield from self.check_link(link, article)
        else:
            yield from self.check_article(article)

    def notices(self, article: Article) -> Iterable[RuleNotice]:
        """Notices about the check of this article (what was left unchecked); none for most rules.

        Called once per article after :meth:`check`; the engine de-duplicates
        notices several rules give (the grammar rules share one report).
        """
        return ()

    def check_block(self, block: Block, article: Article) -> Iterable[Violation]:
        """Violations in one block (scope ``blocks``)."""
        raise NotImplementedError(f"{self.code} has scope {self.scope.kind!r} but no check_block")

    def check_figure(self, figure: Figure, article: Article) -> Iterable[Violation]:
        """Violations in one figure (scope ``figures``)."""
        raise NotImplementedError(f"{self.code} has scope {self.scope.kind!r} but no check_figure")

    def check_image(self, image: Element, article: Article) -> Iterable[Violation]:
        """Violations in one image (scope ``images``)."""
        raise NotImplementedError(f"{self.code} has scope {self.scope.kind!r} but no check_image")

    def check_link(self, link: Link, article: Article) -> Iterable[Violation]:
        """Violations in one link (scope ``links``)."""
        raise NotImplementedError(f"{self.code} has scope {self.scope.kind!r} but no check_link")

    def check_article(self, article: Article) -> Iterable[Violation]:
        """Violations in the article as a whole (scope ``article``)."""
        raise NotImplementedError(f"{self.code} has scope {self.scope.kind!r} but no check_article")

    def violation(self, unit: TextUnit, start: int, end: int, message: str, fix: str | None = None) -> Violation:
        return Violation(unit, start, end, message, fix)


class RuleRegistry:
    """Every rule copydesk knows, by code: the built-in rules and the house-style rules of loaded packs.

    Built-in rules register themselves as their modules load (:func:`register`),
    with ``CDnnn`` codes and unique slugs; a style pack registers its rules
    (``USN001``) when it is loaded, and a pack loaded again (its file changed)
    replaces its earlier rules.
    """

    def __init__(self) -> None:
        self._builtin: dict[str, type[Rule]] = {}
        self._house: dict[str, type[Rule]] = {}

    def add_builtin(self, rule: type[Rule]) -> None:
        if not CODE_PATTERN.fullmatch(rule.code):
            raise ValueError(f"rule code {rule.code!r} is not CDnnn")
        if rule.code in self._builtin:
            raise ValueError(f"rule code {rule.code} registered twice")
        if any(other.name == rule.name for other in self._builtin.values()):
            raise ValueError(f"rule slug {rule.name} registered twice")
        self._builtin[rule.code] = rule

    def add_house(self, rule: type[Rule]) -> None:
        self._house[rule.code] = rule

    def builtin(self) -> dict[str, type[Rule]]:
        """The built-in rules by code, in code order (their package loaded first)."""
        importlib.import_module(BUILTIN_RULES)  # cached by the import system after the first call
        return dict(sorted(self._builtin.items()))

    def house(self) -> dict[str, type[Rule]]:
        """The house-style rules of every pack loaded so far, by code."""
        return dict(self._house)


#: The package whose modules define the built-in rules (each registers itself with
#: :func:`register` when imported). The engine loads it by name, the way a linter
#: loads a plug-in: the rules depend on the engine, never the other way round.
BUILTIN_RULES = "copydesk.rules"
REGISTRY = RuleRegistry()


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator adding a built-in rule to the registry; codes and slugs are unique."""
    REGISTRY.add_builtin(rule)
    return rule


def all_rules() -> dict[str, type[Rule]]:
    """Every built-in rule by code, in code order."""
    return REGISTRY.builtin()


def find_rule(key: str) -> type[Rule] | None:
    """A rule by code (any case) or slug."""
    rules = all_rules()
    upper = key.strip().upper()
    if upper in rules:
        return rules[upper]
    return next((rule for rule in rules.values() if rule.name == key.strip().lower()), None)
