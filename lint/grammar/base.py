"""The one interface every grammar and spelling engine sits behind.

An engine checks one paragraph of plain text in one language and returns
:class:`EngineMatch` objects in code-point offsets of that text. Everything
else (which paragraphs, quotes, names, caching, de-duplication, positions in
the file) is done once, above the engines, so adding an engine never means
re-doing any of it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

#: Categories an engine match can have; they become the rule's category.
SPELLING = "spelling"
GRAMMAR = "grammar"
#: Not a finding: the engine failed on the text (a Rust panic in Harper), which was left unchecked.
#: A match of this category has an empty span at the text's start and its message says what failed;
#: it is cached like findings (the same text fails the same way again) and becomes a notice.
FAILED = "engine-failed"


@dataclass(frozen=True, slots=True)
class EngineMatch:
    """One finding of an engine in a paragraph: ``text[start:end]`` is the problem.

    ``rule_id`` is the engine's own stable id (Harper's rule name such as
    ``SpellCheck``, LanguageTool's ``MORFOLOGIK_RULE_EN_US``); ``engine`` is the
    engine's name, so a finding says where it came from.
    """

    start: int
    end: int
    message: str
    rule_id: str
    category: str
    replacements: tuple[str, ...] = field(default_factory=tuple)
    engine: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["replacements"] = list(self.replacements)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EngineMatch:
        """Rebuild from :meth:`to_json`; raises ``KeyError``/``TypeError``/``ValueError`` if malformed."""
        start, end = data["start"], data["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            raise ValueError("bad span")
        category = data["category"]
        if category not in (SPELLING, GRAMMAR, FAILED):
            raise ValueError("bad category")
        replacements = data.get("replacements", [])
        if not isinstance(replacements, list) or not all(isinstance(item, str) for item in replacements):
            raise ValueError("bad replacements")
        return cls(
            start,
            end,
            str(data["message"]),
            str(data["rule_id"]),
            category,
            tuple(replacements),
            str(data.get("engine", "")),
        )


class EngineUnavailable(Exception):  # noqa: N818 - a state, not a programming error
    """The engine cannot run here (not installed, server unreachable): a notice, not a crash."""


@runtime_checkable
class Engine(Protocol):
    """What the grammar rules need from an engine.

    ``version`` and ``options`` go into the cache key, so a new engine release
    or a changed rule set never serves stale findings. An engine may also
    offer any of the capabilities below (:class:`MaskingEngine`,
    :class:`BatchEngine`, :class:`WordEngine`, :class:`DialectEngine`); the
    checker asks ``isinstance`` before using one, so every call it makes on an
    engine is declared here, and an engine with none of them still works.
    """

    name: str

    @property
    def version(self) -> str: ...

    @property
    def options(self) -> str: ...

    def supports(self, language: str) -> bool:
        """Whether the engine can check text in this BCP 47 language tag."""
        ...

    def check(self, text: str, language: str) -> list[EngineMatch]:
        """Findings in one paragraph; raises :class:`EngineUnavailable` when it cannot run."""
        ...


@runtime_checkable
class MaskingEngine(Engine, Protocol):
    """An engine told up front which words are right by definition (names, house words), to hide them.

    Hiding them spares the engine's suggestion search for words the checker
    would drop anyway (most of Harper's cost on news copy). ``accepts_known``
    says whether this instance honours ``known``; when false the checker never
    passes it.
    """

    accepts_known: bool

    def check(self, text: str, language: str, known: frozenset[str] = frozenset()) -> list[EngineMatch]:
        """Findings in one paragraph with the words in ``known`` hidden from the engine."""
        ...


@runtime_checkable
class BatchEngine(Engine, Protocol):
    """An engine that checks several paragraphs in one call: its fixed cost per call outweighs a short paragraph's.

    ``known`` is passed only to an engine that is also a :class:`MaskingEngine`
    with ``accepts_known`` true.
    """

    def check_many(
        self, texts: list[str], language: str, known: frozenset[str] = frozenset()
    ) -> list[list[EngineMatch]]:
        """Findings for each text, as :meth:`Engine.check` would give them one by one."""
        ...


@runtime_checkable
class WordEngine(Engine, Protocol):
    """An engine that says which single words its spell check does not know, without checking a text."""

    def unknown_words(self, words: Iterable[str], language: str) -> set[str]:
        """The words of ``words`` unknown to the spell check of ``language``."""
        ...


@runtime_checkable
class DialectEngine(Engine, Protocol):
    """An engine that knows other dialects' spellings ("colour" in an American story is no misspelling)."""

    def spelled_right_elsewhere(self, words: Iterable[str], language: str) -> set[str]:
        """The words of ``words`` another dialect of ``language``'s language spells so."""
        ...


_NOTICES: set[str] = set()
_NOTICE_LOCK = threading.Lock()


_NOTICE_SINK: list[tuple[str, str]] | None = None


def notice(key: str, message: str) -> None:
    """Print ``message`` to stderr once per process (per ``key``): one notice per run, not per file.

    Inside :func:`collect_notices` (a ``-j`` worker) the notice is handed back
    instead, so the parent prints it once for the whole run.
    """
    with _NOTICE_LOCK:
        if key in _NOTICES:
            return
        _NOTICES.add(key)
        if _NOTICE_SINK is not None:
            _NOTICE_SINK.append((key, message))
            return
    print(f"copydesk: {message}", file=sys.stderr)


@contextmanager
def collect_notices() -> Iterator[list[tuple[str, str]]]:
    """Gather the notices raised in the block as (key, message) instead of printing them."""
    global _NOTICE_SINK
    sink: list[tuple[str, str]] = []
    previous, _NOTICE_SINK = _NOTICE_SINK, sink
    try:
        yield sink
    finally:
        _NOTICE_SINK = previous


def reset_notices() -> None:
    """Forget printed notices (for tests)."""
    with _NOTICE_LOCK:
        _NOTICES.clear()
