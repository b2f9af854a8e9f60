"""``[tool.copydesk.grammar]``: which engine, where LanguageTool is, house words, cache.

Validated like the rest of the config: an unknown key or a wrong type is an
error naming the file, because a misspelt ``engine`` that silently falls back
would send copy somewhere the desk did not expect (or nowhere).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ENGINES = ("offline", "languagetool", "both")
#: The value of ``url`` that names the public LanguageTool API; never a default.
PUBLIC_API = "public"
_KEYS = {
    "engine",
    "url",
    "public-api",
    "language",
    "words",
    "words-file",
    "check-quotes",
    "cache-dir",
    "cache",
    "timeout",
}


@dataclass(frozen=True)
class GrammarSettings:
    """Resolved grammar settings (defaults: offline engine, cache on, quotes skipped)."""

    engine: str = "offline"
    #: LanguageTool server URL (``http://localhost:8081``), ``"public"`` for the public API, or None.
    url: str | None = None
    #: Explicit opt-in to the public LanguageTool API (same as ``url = "public"``).
    public_api: bool = False
    #: Language for pages without a ``lang`` (or a bare ``en``): ``en``, or a dialect
    #: such as ``en-US``, ``en-GB`` (grammar rules differ; spelling accepts every dialect).
    language: str = "en"
    #: House words never flagged as misspelt (``words`` plus the lines of ``words-file``).
    words: tuple[str, ...] = ()
    check_quotes: bool = False
    cache_dir: Path | None = None
    cache: bool = True
    #: Seconds allowed for each LanguageTool request.
    timeout: float = 10.0

    def with_cli(
        self,
        engine: str | None = None,
        url: str | None = None,
        cache_dir: Path | None = None,
        no_cache: bool = False,
    ) -> GrammarSettings:
        """Command-line options override the file."""
        return replace(
            self,
            engine=engine or self.engine,
            url=url or self.url,
            cache_dir=cache_dir or self.cache_dir,
            cache=self.cache and not no_cache,
        )

    def resolved_cache_dir(self) -> Path | None:
        """Where the paragraph cache lives: config, ``COPYDESK_CACHE_DIR``, else platformdirs; None when off."""
        if not self.cache:
            return None
        if self.cache_dir is not None:
            return self.cache_dir
        env = os.environ.get("COPYDESK_CACHE_DIR")
        if env:
            return Path(env)
        try:
            from platformdirs import user_cache_dir
        except ImportError:  # pragma: no cover - platformdirs is a dependency
            return Path.home() / ".cache" / "copydesk"
        return Path(user_cache_dir("copydesk", appauthor=False))


class GrammarConfigError(ValueError):
    """A bad ``[tool.copydesk.grammar]`` value (becomes a ConfigError naming the file)."""


def read_words_file(path: Path) -> tuple[str, ...]:
    """One word or name per line; blank lines and ``#`` comments (whole-line or trailing) ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GrammarConfigError(f"grammar.words-file: cannot read {path}: {exc}") from exc
    words = []
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return tuple(words)


def parse_grammar(data: Any, base: Path) -> GrammarSettings:
    """Validate the ``grammar`` table; ``base`` is the directory relative paths start from."""
    if not isinstance(data, dict):
        raise GrammarConfigError("grammar must be a table")
    normalised = {key.replace("_", "-"): value for key, value in data.items()}
    unknown = set(normalised) - _KEYS
    if unknown:
        raise GrammarConfigError(
            f"unknown grammar key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KEYS))})"
        )
    settings = GrammarSettings()
    engine = normalised.get("engine", settings.engine)
    if engine not in ENGINES:
        raise GrammarConfigError(f"grammar.engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    url = normalised.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise GrammarConfigError('grammar.url must be a LanguageTool server URL or "public"')
    for key in ("public-api", "check-quotes", "cache"):
        if key in normalised and not isinstance(normalised[key], bool):
            raise GrammarConfigError(f"grammar.{key} must be true or false")
    language = normalised.get("language", settings.language)
    if not isinstance(language, str) or not language.strip():
        raise GrammarConfigError("grammar.language must be a language tag such as en-US or en-GB")
    words_value = normalised.get("words", [])
    if isinstance(words_value, str):
        words_value = [words_value]
    if not isinstance(words_value, list) or not all(isinstance(word, str) for word in words_value):
        raise GrammarConfigError("grammar.words must be a list of strings")
    words = tuple(word.strip() for word in words_value if word.strip())
    words_file = normalised.get("words-file")
    if words_file is not None:
        if not isinstance(words_file, str):
            raise GrammarConfigError("grammar.words-file must be a path")
        words += read_words_file(base / words_file)
    cache_dir = normalised.get("cache-dir")
    if cache_dir is not None and not isinstance(cache_dir, str):
        raise GrammarConfigError("grammar.cache-dir must be a path")
    timeout = normalised.get("timeout", settings.timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise GrammarConfigError("grammar.timeout must be a positive number of seconds")
    return GrammarSettings(
        engine=engine,
        url=url.strip() if isinstance(url, str) else None,
        public_api=normalised.get("public-api", False),
        language=language.strip(),
        words=words,
        check_quotes=normalised.get("check-quotes", False),
        cache_dir=(base / cache_dir) if cache_dir is not None else None,
        cache=normalised.get("cache", True),
        timeout=float(timeout),
    )
