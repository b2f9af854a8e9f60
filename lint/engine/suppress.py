"""Inline suppression: HTML comments and a ``data-copydesk-ignore`` attribute.

* ``<!-- copydesk: disable CD101 -->`` … ``<!-- copydesk: enable CD101 -->``
  silences the named rules between the two comments (to the end of the file
  when never re-enabled);
* ``<!-- copydesk: disable-next CD101 -->`` silences them up to the end of the
  next block of text;
* ``data-copydesk-ignore="CD101 CD102"`` on an element silences them in its
  subtree (useful where a CMS strips comments but keeps attributes).

Rules may be named by code, code prefix, slug or category; naming none (or
``all``) means every rule.

A directive that names no known rule (``disable CD999``) silences nothing and
is a :class:`SuppressionProblem` at its own source span: one mistyped comment
must not cost its file every finding, so the problem is reported as a finding
there (rule CD607) and the rest of the file is linted as usual.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from copydesk.engine.config import ConfigError, resolve_selector
from copydesk.model.article import Article, TextUnit
from copydesk.model.element import Element

_DIRECTIVE = re.compile(r"^\s*copydesk\s*:\s*(disable-next|disable|enable)\b([^>]*)$", re.IGNORECASE)
IGNORE_ATTRIBUTE = "data-copydesk-ignore"
ALL = "*"


@dataclass(frozen=True, slots=True)
class SuppressionProblem:
    """A suppression directive that could not be applied, and where it is.

    ``start``/``end`` are the comment's source span, or the start tag's of an
    element whose ``data-copydesk-ignore`` names no rule (``element`` set).
    """

    message: str
    start: int
    end: int
    element: Element | None = None


def _codes(spec: str, where: str) -> frozenset[str]:
    names = [name for name in re.split(r"[\s,]+", spec.strip()) if name]
    if not names or any(name.lower() == "all" for name in names):
        return frozenset({ALL})
    codes: set[str] = set()
    for name in names:
        codes |= resolve_selector(name, where)
    return frozenset(codes)


@dataclass
class Suppressions:
    """Source ranges in which rules are silenced, built once per article."""

    ranges: list[tuple[int, int, frozenset[str]]]
    #: Directives that name no known rule: skipped, each silencing nothing.
    problems: list[SuppressionProblem]

    @classmethod
    def of(cls, article: Article) -> Suppressions:
        ranges: list[tuple[int, int, frozenset[str]]] = []
        problems: list[SuppressionProblem] = []
        open_disables: dict[str, int] = {}
        block_starts: list[int] = []
        block_ends: list[int] = []
        for block in article.blocks:
            start, end = block.mapped.source_span
            block_starts.append(start)
            block_ends.append(end)
        order = sorted(range(len(block_starts)), key=block_starts.__getitem__)
        sorted_starts = [block_starts[i] for i in order]
        text_length = len(article.source.text)
        for comment in article.comments:
            match = _DIRECTIVE.match(comment.text)
            if match is None:
                continue
            line, column = article.source.position(comment.start)
            where = f"suppression comment at {line}:{column}"
            try:
                codes = _codes(match.group(2), where)
            except ConfigError as exc:
                problems.append(SuppressionProblem(str(exc), comment.start, comment.end))
                continue
            kind = match.group(1).lower()
            if kind == "disable-next":
                index = bisect_right(sorted_starts, comment.end - 1)
                end = block_ends[order[index]] if index < len(order) else text_length
                ranges.append((comment.end, end, codes))
            elif kind == "disable":
                for code in codes:
                    open_disables.setdefault(code, comment.end)
            else:
                for code in codes if ALL not in codes else list(open_disables):
                    if code in open_disables:
                        start = open_disables.pop(code)
                        ranges.append((start, comment.start, frozenset({code})))
        for code, start in open_disables.items():
            ranges.append((start, text_length, frozenset({code})))
        return cls(ranges, problems)

    def covers(self, code: str, start: int) -> bool:
        return any(low <= start < high and (code in codes or ALL in codes) for low, high, codes in self.ranges)


class IgnoreAttributes:
    """Codes silenced by ``data-copydesk-ignore`` on an element or its ancestors."""

    def __init__(self) -> None:
        self._cache: dict[int, frozenset[str]] = {}
        #: Attributes that name no known rule (each silences nothing), found as elements are asked about.
        self.problems: list[SuppressionProblem] = []

    def codes_for(self, element: Element | None) -> frozenset[str]:
        if element is None:
            return frozenset()
        # Iterative walk up to the nearest cached ancestor: pages nest deeply.
        # (Views are canonical within an article, so their ids key the cache.)
        chain: list[Element] = []
        node: Element | None = element
        while node is not None and id(node) not in self._cache:
            chain.append(node)
            node = node.parent
        inherited = self._cache[id(node)] if node is not None else frozenset()
        for tag in reversed(chain):
            own = tag.get(IGNORE_ATTRIBUTE) if tag.attrs else None
            if isinstance(own, str):
                try:
                    inherited = inherited | _codes(own, f"{IGNORE_ATTRIBUTE} on <{tag.name}>")
                except ConfigError as exc:
                    start, end = tag.span
                    self.problems.append(SuppressionProblem(str(exc), start, end, tag))
            self._cache[id(tag)] = inherited
        return inherited

    def covers(self, code: str, unit: TextUnit | None) -> bool:
        if unit is None:
            return False
        codes = self.codes_for(unit.element)
        return code in codes or ALL in codes


def suppression_problems(article: Article) -> list[SuppressionProblem]:
    """Every directive of the article that names no known rule, in source order.

    Comments come from :meth:`Suppressions.of`; attributes are asked of every
    element that holds text, a link or an image (an ignore on an element with
    none of these silences nothing anyway), each element once.
    """
    problems = list(Suppressions.of(article).problems)
    ignores = IgnoreAttributes()
    elements = [block.element for block in article.blocks]
    elements += [link.element for link in article.links] + list(article.images)
    for element in elements:
        ignores.codes_for(element)
    problems += ignores.problems
    return sorted(problems, key=lambda problem: (problem.start, problem.end))
