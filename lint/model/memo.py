"""One way to keep a fact derived from the model: on the model object it is about.

Several rules ask the same derived question of a block or an article (its
word count, whether an undeclared page reads as English, its readability
figures, the grammar report); each is computed once, on first request, and
kept on the object itself. So it dies with its page: a cache on a rule or in
a module would outlive the page (rule instances live for the whole run) and
keep its tree alive beside the next page's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Mixin for model objects: :meth:`memo` keeps each derived fact on the object."""

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The fact named ``key``, computed by ``compute`` the first time it is asked for.

        ``key`` must always mean the same computation: use the function that
        computes it, or a tuple of it and the settings it depends on.
        """
        facts: dict[Hashable, Any] = self.__dict__.setdefault("_memo", {})
        try:
            return facts[key]  # type: ignore[no-any-return]
        except KeyError:
            value = facts[key] = compute()
            return value
