"""Configuration: ``[tool.copydesk]`` in pyproject.toml or a ``copydesk.toml``.

Found by walking up from each linted file, so a newsroom can keep one config
at the root of its content repository. Every key is validated: an unknown rule,
option or key is an error naming the file, never silently ignored, because a
misspelt ``ignore`` that does nothing is how trust in a linter is lost.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from copydesk.engine.rule import CATEGORIES, Rule, Severity, all_rules
from copydesk.engine.tomlfile import ConfigError as ConfigError  # re-exported: importers take it from here
from copydesk.engine.tomlfile import read_toml
from copydesk.grammar.settings import GrammarConfigError, GrammarSettings, parse_grammar

CONFIG_FILES = ("copydesk.toml", ".copydesk.toml", "pyproject.toml")
#: What ``fail-on`` may say: the lowest severity that fails a run, or never.
FAIL_ON_LEVELS = ("error", "warning", "info", "never")
_KNOWN_KEYS = {"select", "ignore", "extend-select", "severity", "rules", "body-selector", "fail-on", "styles"}
_KNOWN_KEYS |= {"grammar"}  # [tool.copydesk.grammar], see copydesk.grammar.settings
_KNOWN_KEYS |= {"exclude", "extend-exclude"}  # gitignore-style patterns for directory walks (copydesk.pipeline.batch)


_RULES_CACHE: OrderedDict[str, tuple[Rule, ...]] = OrderedDict()
_RULES_LOCK = threading.Lock()


@dataclass(frozen=True)
class Config:
    """The resolved configuration for one file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    body_selector: str | None = None
    fail_on: str | None = None
    path: Path | None = None
    #: Style packs (``styles = [...]``) as files, and the rules they define (see :mod:`copydesk.engine.style`).
    styles: tuple[Path, ...] = ()
    style_rules: tuple[type[Rule], ...] = ()
    #: ``[tool.copydesk.grammar]``: engines, LanguageTool URL, house words, cache (see :mod:`copydesk.grammar`).
    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    #: ``exclude`` / ``extend-exclude``: gitignore-style patterns, relative to the config file, for directory walks.
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()

    def merged_with_cli(
        self,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        body_selector: str | None = None,
        grammar_engine: str | None = None,
        languagetool_url: str | None = None,
        cache_dir: Path | None = None,
        no_cache: bool = False,
        extend_select: tuple[str, ...] = (),
    ) -> Config:
        """The CLI's ``--select`` replaces the selection; ``--extend-select`` and ``--ignore`` add to it."""
        for selector in (*(select or ()), *extend_select, *ignore):
            resolve_selector(selector, "the command line")
        return replace(
            self,
            select=select if select else self.select,
            extend_select=self.extend_select + tuple(extend_select),
            ignore=self.ignore + tuple(ignore),
            body_selector=body_selector or self.body_selector,
            grammar=self.grammar.with_cli(grammar_engine, languagetool_url, cache_dir, no_cache),
        )

    def enabled_rules(self) -> list[Rule]:
        """Instances of the selected rules with their configured options.

        Built once per distinct selection and options and then shared: a batch
        gives every file its own Config (merged with the command line), and
        building forty rule objects per file cost ~2 ms a page. Rules keep no
        state between articles, so sharing them is safe, across threads too.
        """
        # Style rule classes by identity: two packs may define the same slug
        # differently (the cached instances keep the classes, so ids stay unique).
        styles = tuple(id(rule) for rule in self.style_rules)
        key = repr((self.select, self.extend_select, self.ignore, self.options, styles, self.grammar, self.path))
        with _RULES_LOCK:
            cached = _RULES_CACHE.get(key)
            if cached is not None:
                _RULES_CACHE.move_to_end(key)
                return list(cached)
        instances = self._build_rules()
        with _RULES_LOCK:
            _RULES_CACHE[key] = tuple(instances)
            while len(_RULES_CACHE) > 64:
                _RULES_CACHE.popitem(last=False)
        return instances

    def _build_rules(self) -> list[Rule]:
        rules = all_rules()
        if self.select is None:
            chosen = {code for code, rule in rules.items() if rule.default_enabled}
            chosen |= {rule.code for rule in self.style_rules}  # a listed pack is on
        else:
            chosen = set()
            for selector in self.select:
                chosen |= resolve_selector(selector, self._where)
        for selector in self.extend_select:
            chosen |= resolve_selector(selector, self._where)
        for selector in self.ignore:
            chosen -= resolve_selector(selector, self._where)
        instances = []
        styles = {rule.code: rule for rule in self.style_rules}
        for code in sorted(chosen):
            try:
                rule_class = rules.get(code) or styles.get(code)
                if rule_class is not None:  # not a code of another config's style pack
                    instances.append(rule_class(self.options.get(code), grammar=self.grammar))
            except ValueError as exc:
                raise ConfigError(f"{self._where}: {exc}") from exc
        return instances

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)

    @property
    def _where(self) -> str:
        return str(self.path) if self.path else "configuration"


def resolve_selector(selector: str, where: str) -> set[str]:
    """Codes matched by a selector: a code, a code prefix, a slug, a category or ALL."""
    rules = all_rules()
    key = selector.strip()
    upper = key.upper()
    styled = _style_codes(key)
    if upper == "ALL":
        return set(rules) | styled
    if (upper.startswith("CD") and upper[2:].isdigit()) or upper == "CD":
        matched = {code for code in rules if code.startswith(upper)}
        if matched:
            return matched
        raise ConfigError(f"{where}: no rule code matches {selector!r}")
    lower = key.lower()
    if lower in CATEGORIES:
        return {code for code, rule in rules.items() if rule.category == lower} | styled
    matched = {code for code, rule in rules.items() if rule.name == lower} | styled
    if matched:
        return matched
    raise ConfigError(f"{where}: unknown rule, prefix or category {selector!r} (see `copydesk rules`)")


def _style_codes(key: str) -> set[str]:
    """Codes of loaded style-pack rules a selector names: code, pack prefix, slug, category or ALL."""
    from copydesk.engine.style import known_style_rules

    upper, lower = key.upper(), key.lower()
    prefix = re.fullmatch(r"[A-Z]{2,6}\d{0,3}", upper) is not None
    return {
        code
        for code, rule in known_style_rules().items()
        if upper == "ALL" or (prefix and code.startswith(upper)) or lower in (rule.name, rule.category)
    }


def _rule_code(key: str, where: str) -> str:
    codes = resolve_selector(key, where)
    if len(codes) != 1:
        raise ConfigError(f"{where}: {key!r} names {len(codes)} rules; name exactly one rule by code or slug")
    return next(iter(codes))


def _string_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def parse_config(data: dict[str, Any], path: Path | None) -> Config:
    """Validate a ``[tool.copydesk]`` table (or a copydesk.toml's top level)."""
    where = str(path) if path else "configuration"
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KNOWN_KEYS))})"
        )
    # Packs first: select, ignore and severity may name their rules.
    styles, style_rules = _load_styles(data.get("styles", []), path, where)
    select = _string_list(data["select"], "select", where) if "select" in data else None
    extend = _string_list(data.get("extend-select", []), "extend-select", where)
    ignore = _string_list(data.get("ignore", []), "ignore", where)
    for selector in (*(select or ()), *extend, *ignore):
        resolve_selector(selector, where)
    severity: dict[str, Severity] = {}
    table = data.get("severity", {})
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: severity must be a table of rule = "error|warning|info"')
    for key, value in table.items():
        try:
            level = Severity(value)
        except ValueError:
            raise ConfigError(f"{where}: severity of {key!r} must be error, warning or info, not {value!r}") from None
        for code in resolve_selector(key, where):
            severity[code] = level
    options: dict[str, dict[str, Any]] = {}
    rules_table = data.get("rules", {})
    if not isinstance(rules_table, dict):
        raise ConfigError(f"{where}: rules must be a table of per-rule option tables")
    all_known = all_rules()
    for key, value in rules_table.items():
        code = _rule_code(key, where)
        if code not in all_known:
            raise ConfigError(f"{where}: rules.{key}: style-pack rules have no options")
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: rules.{key} must be a table of options")
        normalised = {name.replace("-", "_"): item for name, item in value.items()}
        try:
            all_known[code](normalised)
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from exc
        options[code] = normalised
    body_selector = data.get("body-selector")
    if body_selector is not None and not isinstance(body_selector, str):
        raise ConfigError(f"{where}: body-selector must be a CSS selector string")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_LEVELS:
        raise ConfigError(f"{where}: fail-on must be error, warning, info or never")
    try:
        grammar = parse_grammar(data.get("grammar", {}), path.parent if path is not None else Path.cwd())
    except GrammarConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    exclude = _string_list(data.get("exclude", []), "exclude", where)
    extend_exclude = _string_list(data.get("extend-exclude", []), "extend-exclude", where)
    return Config(
        select, extend, ignore, severity, options, body_selector, fail_on, path, styles, style_rules, grammar=grammar,
        exclude=exclude, extend_exclude=extend_exclude,
    )  # fmt: skip


def _load_styles(value: Any, path: Path | None, where: str) -> tuple[tuple[Path, ...], tuple[type[Rule], ...]]:
    """The ``styles`` packs (relative to the config file) and their rules; prefixes must differ."""
    from copydesk.engine.style import load_style, resolve_style_path

    entries = _string_list(value, "styles", where)
    base = path.parent if path is not None else Path.cwd()
    files: list[Path] = []
    rules: list[type[Rule]] = []
    prefixes: dict[str, Path] = {}
    for entry in entries:
        file = resolve_style_path(entry, base)
        if not file.is_file():
            raise ConfigError(f"{where}: styles: no style pack {entry!r} (looked for {file})")
        pack = load_style(file)
        if pack.prefix in prefixes:
            raise ConfigError(f"{where}: styles: {file} and {prefixes[pack.prefix]} both use the prefix {pack.prefix}")
        prefixes[pack.prefix] = file
        files.append(file)
        rules.extend(pack.rules)
    return tuple(files), tuple(rules)


def read_config_table(path: Path) -> dict[str, Any]:
    """One config file's copydesk table, unvalidated; for pyproject.toml only ``[tool.copydesk]`` counts."""
    data = read_toml(path, "config")
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("copydesk", {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [tool.copydesk] must be a table")
    return data


def load_config_file(path: Path) -> Config:
    """Read and validate one config file."""
    return parse_config(read_config_table(path), path)


#: Lists that a layer on top adds to rather than replaces (as ``--ignore`` adds to the config's).
_ADDED_LISTS = {("ignore",), ("extend-select",), ("grammar", "words")}


def layered(base: dict[str, Any], over: dict[str, Any], _at: tuple[str, ...] = ()) -> dict[str, Any]:
    """``over`` laid on ``base`` (two ``[tool.copydesk]`` tables), neither changed.

    Tables (``severity``, ``rules`` and each rule's options, ``grammar``)
    merge key by key; ``ignore``, ``extend-select`` and ``grammar.words``
    gain ``over``'s entries; any other value of ``over`` (``select``,
    ``body-selector``, ``fail-on``, ``grammar.engine``…) replaces ``base``'s.
    So a request to ``copydesk serve`` can ignore one more rule without
    dropping the house's own ignores.
    """
    if _at == ("grammar",):  # the grammar table takes words_file as well as words-file
        base = {key.replace("_", "-"): value for key, value in base.items()}
        over = {key.replace("_", "-"): value for key, value in over.items()}
    merged = dict(base)
    for key, value in over.items():
        at = (*_at, key)
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = layered(below, value, at)
        elif at in _ADDED_LISTS and isinstance(value, (list, str)) and isinstance(below, (list, str)):
            listed = [below] if isinstance(below, str) else list(below)
            added = [value] if isinstance(value, str) else value
            merged[key] = listed + [item for item in added if item not in listed]
        else:
            merged[key] = value
    return merged


class ConfigFinder:
    """Finds the config that applies to a file by walking up its directories (cached)."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load_config_file(explicit) if explicit else None
        self._by_directory: dict[Path, Config] = {}

    def for_path(self, path: Path | None) -> Config:
        if self._explicit is not None:
            return self._explicit
        if path is None:
            return self._search(Path.cwd())
        try:
            resolved = path.resolve()
        except (RuntimeError, OSError):  # a symlink loop (RuntimeError before Python 3.13): reading reports it
            resolved = Path(os.path.abspath(path))
        return self._search(resolved.parent)

    def _search(self, directory: Path) -> Config:
        if directory in self._by_directory:
            return self._by_directory[directory]
        config: Config | None = None
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_copydesk_table(candidate):
                    continue
                config = load_config_file(candidate)
                break
        if config is None:
            config = Config() if directory.parent == directory else self._search(directory.parent)
        self._by_directory[directory] = config
        return config


def _has_copydesk_table(path: Path) -> bool:
    return "copydesk" in read_toml(path, "config").get("tool", {})
