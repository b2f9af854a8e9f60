"""LanguageTool through language-tool-python: the newsroom's server, or local Java.

Unpublished copy must never leave the machine by default, so the public API is
used only when named (``url = "public"`` or ``public-api = true``); with no URL
the engine uses language-tool-python's local Java mode, and only when
LanguageTool is already installed (it would otherwise try to download it).
Every request has a timeout. When the server is unreachable or LanguageTool is
missing, the engine raises :class:`EngineUnavailable` once and stays off for
the rest of the run; the caller prints one notice and the offline engine
carries on.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

from .base import GRAMMAR, SPELLING, EngineMatch, EngineUnavailable

if TYPE_CHECKING:
    from .base import Engine
from .settings import PUBLIC_API

NAME = "languagetool"
#: LanguageTool rules whose job a copydesk rule already does (CD501 repeated
#: words, CD504/CD505 spacing, CD502 ellipses, CD303 quotes) or that are house
#: style rather than grammar: switched off so a defect is reported once.
DISABLED_RULES = (
    "ENGLISH_WORD_REPEAT_RULE",
    "WHITESPACE_RULE",
    "COMMA_PARENTHESIS_WHITESPACE",
    "DOUBLE_PUNCTUATION",
    "EN_QUOTES",
    "EN_UNPAIRED_BRACKETS",
    "EN_UNPAIRED_QUOTES",
    "DASH_RULE",
    "UPPERCASE_SENTENCE_START",
    "TOO_LONG_SENTENCE",
    "PUNCTUATION_PARAGRAPH_END",
)
DISABLED_CATEGORIES = ("STYLE", "TYPOGRAPHY", "REDUNDANCY", "PLAIN_ENGLISH")
_SPELLING_TYPES = frozenset(("misspelling",))


def _is_spelling(match: Any) -> bool:
    category = str(getattr(match, "category", "") or "")
    issue = str(getattr(match, "rule_issue_type", "") or getattr(match, "ruleIssueType", "") or "")
    return category == "TYPOS" or issue.lower() in _SPELLING_TYPES


def _server_version(tool: Any) -> str:
    """LanguageTool's version from a tiny check's ``software`` block (it goes into the cache key)."""
    import urllib.parse

    try:
        answer = tool._query_server(urllib.parse.urljoin(tool._url, "check"), tool._create_params("Hi."), 1, "post")
        return str(answer["software"]["version"])
    except Exception:  # an old or unusual server: cache entries are then keyed on "unknown"
        return "unknown"


class LanguageToolEngine:
    """A LanguageTool client; built lazily on the first check so a run that never needs it never connects."""

    name = NAME

    def __init__(self, url: str | None = None, public_api: bool = False, timeout: float = 10.0) -> None:
        self.url = url
        self.public = public_api or (url or "").strip().lower() == PUBLIC_API
        self.timeout = timeout
        self._tools: dict[str, Any] = {}
        self._languages: set[str] | None = None
        self._lock = threading.Lock()
        self._failure: str | None = None
        self._version = "unknown"

    @property
    def version(self) -> str:
        return self._version

    @property
    def options(self) -> str:
        where = "public" if self.public else (self.url or "local")
        return f"{where};off={','.join(DISABLED_RULES)};cat-off={','.join(DISABLED_CATEGORIES)}"

    def supports(self, language: str) -> bool:
        """Asks the server once for its languages (raises EngineUnavailable when it cannot be reached)."""
        self._tool("en-US")
        languages = {tag.lower() for tag in self._languages or set() if tag}
        return language.lower() in languages or language.split("-")[0].lower() in languages

    def _client_class(self) -> Any:
        try:
            import language_tool_python as ltp
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise EngineUnavailable(
                "LanguageTool needs language-tool-python (pip install language-tool-python)"
            ) from exc
        timeout = self.timeout
        base = ltp.LanguageToolPublicAPI if self.public else ltp.LanguageTool
        # language-tool-python waits 300 s per request by default; a pre-publish hook must not hang.
        return type("CopydeskLanguageTool", (base,), {"_TIMEOUT": timeout}), ltp

    def _tool(self, language: str) -> Any:
        with self._lock:
            if self._failure is not None:
                raise EngineUnavailable(self._failure)
            tool = self._tools.get(language)
            if tool is not None:
                return tool
            client, ltp = self._client_class()
            try:
                if self.public:
                    tool = client(language)
                elif self.url:
                    tool = client(language, remote_server=self.url)
                else:
                    installed = ltp.download_lt.LocalLanguageTool.get_latest_installed_version()
                    if installed is None and not os.environ.get("LTP_JAR_DIR_PATH"):
                        raise EngineUnavailable(
                            "LanguageTool is not installed for local mode and no server URL is configured "
                            "(set [tool.copydesk.grammar] url or --languagetool-url)"
                        )
                    version = installed.version_name if installed is not None else ltp.download_lt.LTP_DOWNLOAD_VERSION
                    tool = client(language, language_tool_download_version=version)
                tool.disabled_rules = set(DISABLED_RULES)
                tool.disabled_categories = set(DISABLED_CATEGORIES)
                if self._languages is None:
                    self._languages = set(tool._get_languages())
                    self._version = _server_version(tool)
            except EngineUnavailable as exc:
                self._failure = str(exc)
                raise
            except Exception as exc:  # requests, LanguageToolError, ServerError, PathError, JVM errors
                where = "the public LanguageTool API" if self.public else (self.url or "local LanguageTool")
                self._failure = f"LanguageTool at {where} is unavailable ({type(exc).__name__}: {exc})"
                raise EngineUnavailable(self._failure) from exc
            self._tools[language] = tool
            return tool

    def check(self, text: str, language: str) -> list[EngineMatch]:
        tool = self._tool(language)
        try:
            found = tool.check(text)
        except Exception as exc:
            with self._lock:
                self._failure = f"LanguageTool stopped answering ({type(exc).__name__}: {exc})"
            raise EngineUnavailable(self._failure) from exc
        matches = []
        for match in found:
            start = int(match.offset)
            end = start + int(match.error_length)
            replacements = tuple(str(item) for item in (match.replacements or [])[:3])
            matches.append(
                EngineMatch(
                    start,
                    end,
                    str(match.message),
                    str(match.rule_id),
                    SPELLING if _is_spelling(match) else GRAMMAR,
                    replacements,
                    NAME,
                )
            )
        return matches


if TYPE_CHECKING:

    def _is_an_engine(engine: LanguageToolEngine) -> Engine:
        """Never called: mypy proves here that LanguageTool matches the core protocol (it offers no capability)."""
        return engine
