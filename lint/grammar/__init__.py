"""Grammar and spelling: engines behind one interface, a paragraph cache, name learning.

* :mod:`.base` — the :class:`~.base.Engine` protocol and :class:`~.base.EngineMatch`;
* :mod:`.harper` — the offline engine (Harper via harper-py), the default;
* :mod:`.languagetool` — LanguageTool via language-tool-python (a server URL or local Java);
* :mod:`.cache` — the per-paragraph cache on disk;
* :mod:`.names` — names learnt from the article, and names spelled two ways;
* :mod:`.checker` — runs it all once per article for the CD8xx rules;
* :mod:`.settings` — ``[tool.copydesk.grammar]``.

Kept free of imports of the rest of copydesk at package level, because the
config module imports :mod:`.settings` while the rules are being loaded.
"""

from __future__ import annotations

from .base import Engine, EngineMatch, EngineUnavailable
from .settings import GrammarSettings

__all__ = ["Engine", "EngineMatch", "EngineUnavailable", "GrammarSettings"]
