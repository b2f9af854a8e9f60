"""House style as data: TOML style packs of existence, substitution and consistency rules.

A newsroom's style (``programme`` → ``program``, one spelling of ``COVID-19``,
no ``very unique``) is data, not code, so editors can own it. A pack is its own
TOML file, listed in the config (``styles = ["styles/house.toml"]``, relative
to the config file, or a bare name such as ``"us-newsroom"`` for a pack that
ships with copydesk), like Vale's styles::

    [style]
    name = "house"                 # the pack's slug
    prefix = "HSE"                 # every rule code of the pack: HSE001, HSE002, …
    description = "Our house style."

    [[rule]]
    code = "HSE001"
    name = "british-spelling"      # slug, unique among all rules
    kind = "substitution"          # existence | substitution | consistency
    message = "house style: {replacement!r}, not {text!r}"
    severity = "warning"           # error | warning | info
    swap = { programme = "program", "per cent" = "percent" }
    examples.bad = ["The programme starts today."]
    examples.good = ["The program starts today."]

Rule codes: built-in rules own ``CDnnn``; a pack declares its own prefix of 2
to 6 capital letters (never starting with ``CD``) and numbers its rules with
three digits, so codes never collide with built-ins, ``--select``/``ignore``
take a pack's prefix (``HSE``) like a family prefix, and two packs in one
config must use different prefixes. Slugs must not repeat a built-in's.

Every rule has ``message``, ``severity``, ``case-sensitive`` (default false),
``word-boundaries`` (default true), ``regex`` (entries are regular expressions
rather than literal phrases; default false; patterns that nest repeats are
refused) and ``in-quotes`` (default false: quoted speech is other people's
words, not ours to correct), plus the examples that ``copydesk style test``
runs: every ``bad`` example must be flagged by the rule, no ``good`` one.

Errors name the file and the key (``styles/house.toml: rule[2].kind: …``) and
are :class:`~copydesk.engine.config.ConfigError` s (exit code 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copydesk.engine.kinds import ConsistencyRule, ExistenceRule, Phrase, SubstitutionRule, check_linear
from copydesk.engine.rule import REGISTRY, SLUG_PATTERN, Rule, Severity, all_rules
from copydesk.engine.tomlfile import ConfigError, read_toml
from copydesk.model.plaintext import build_plain_article
from copydesk.source.text import SourceText

KINDS = ("existence", "substitution", "consistency")
#: Where the packs that ship with copydesk live (package data).
PACKAGED_STYLES = Path(__file__).resolve().parent.parent / "styles"
PREFIX_PATTERN = re.compile(r"[A-Z]{2,6}")
_STYLE_KEYS = {"name", "prefix", "description"}
_COMMON_KEYS = {
    "code",
    "name",
    "kind",
    "message",
    "severity",
    "summary",
    "description",
    "case-sensitive",
    "word-boundaries",
    "regex",
    "in-quotes",
    "examples",
}
_KIND_KEYS = {"existence": "tokens", "substitution": "swap", "consistency": "variants"}
_DEFAULT_MESSAGES = {
    "existence": "{text!r} is against house style",
    "substitution": "use {replacement!r} instead of {text!r}",
    "consistency": ConsistencyRule.template,
}
# Placeholders each kind's message may use.
_PLACEHOLDERS: dict[str, dict[str, object]] = {
    "existence": {"text": "x"},
    "substitution": {"text": "x", "replacement": "y"},
    "consistency": {"text": "x", "preferred": "y", "count": 2},
}


class StyleError(ConfigError):
    """A style pack that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class StylePack:
    """A loaded pack: its metadata and one generated rule class per ``[[rule]]``."""

    name: str
    prefix: str
    description: str
    path: Path
    rules: tuple[type[Rule], ...]
    examples: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # code → (bad, good)


# Every style rule loaded in this process, by code: what selectors (select,
# ignore, severity, suppression comments) may name besides the built-ins.
_CACHE: dict[tuple[Path, int, int], StylePack] = {}


def known_style_rules() -> dict[str, type[Rule]]:
    """Style rules of every pack loaded so far, by code."""
    return REGISTRY.house()


def bundled_style_names() -> list[str]:
    """Names of the packs that ship with copydesk (``us-newsroom``), for messages that list them."""
    return sorted(path.stem for path in PACKAGED_STYLES.glob("*.toml"))


def is_style_name(entry: str) -> bool:
    """A bare name (no directory, no ``.toml``) names a bundled pack, wherever a pack is named."""
    return "/" not in entry and "\\" not in entry and not entry.endswith(".toml")


def resolve_style_path(entry: str, base: Path) -> Path:
    """A ``styles`` entry as a file: a bare name is a packaged pack, anything else a path from ``base``."""
    if is_style_name(entry):
        return PACKAGED_STYLES / f"{entry}.toml"
    path = Path(entry).expanduser()
    return path if path.is_absolute() else base / path


def load_style(path: Path) -> StylePack:
    """Read, validate and compile one pack (cached while the file is unchanged)."""
    try:
        stat = path.stat()
        key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise StyleError(f"{path}: cannot read style pack: {exc.strerror or exc}") from exc
    if key in _CACHE:
        return _CACHE[key]
    data = read_toml(path, "style pack", StyleError)
    pack = parse_style(data, path)
    _CACHE[key] = pack
    for rule in pack.rules:
        REGISTRY.add_house(rule)
    return pack


def _fail(path: Path, key: str, problem: str) -> StyleError:
    return StyleError(f"{path}: {key}: {problem}")


def _string(table: dict[str, Any], key: str, path: Path, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{where}{key}", "must be a non-empty string" if key in table else "is missing")
    return value.strip()


def _flag(table: dict[str, Any], key: str, default: bool, path: Path, where: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise _fail(path, f"{where}{key}", f"must be true or false, not {value!r}")
    return value


def _strings(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) and item.strip() for item in value):
        raise _fail(path, key, "must be a non-empty list of non-empty strings")
    return tuple(item.strip() for item in value)


def parse_style(data: dict[str, Any], path: Path) -> StylePack:
    """Validate a pack's TOML data and generate its rule classes."""
    unknown = set(data) - {"style", "rule"}
    if unknown:
        raise _fail(path, ", ".join(sorted(unknown)), "unknown top-level key(s) (known: style, rule)")
    style = data.get("style")
    if not isinstance(style, dict):
        raise _fail(path, "style", "missing [style] table (name, prefix, description)")
    unknown = set(style) - _STYLE_KEYS
    if unknown:
        raise _fail(path, "style." + sorted(unknown)[0], f"unknown key (known: {', '.join(sorted(_STYLE_KEYS))})")
    name = _string(style, "name", path, "style.")
    prefix = _string(style, "prefix", path, "style.")
    if not PREFIX_PATTERN.fullmatch(prefix) or prefix.startswith("CD"):
        raise _fail(
            path, "style.prefix", f"{prefix!r} must be 2 to 6 capital letters not starting with CD (built-ins' codes)"
        )
    description = style.get("description", "")
    if not isinstance(description, str):
        raise _fail(path, "style.description", "must be a string")
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries or not all(isinstance(item, dict) for item in entries):
        raise _fail(path, "rule", "a pack needs at least one [[rule]] table")
    builtin_slugs = {rule.name for rule in all_rules().values()}
    rules: list[type[Rule]] = []
    examples: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for number, entry in enumerate(entries, start=1):
        rule, bad, good = _rule_class(entry, f"rule[{number}].", path, name, prefix, description)
        if any(other.code == rule.code for other in rules):
            raise _fail(path, f"rule[{number}].code", f"{rule.code} is used twice in the pack")
        if rule.name in builtin_slugs or any(other.name == rule.name for other in rules):
            raise _fail(path, f"rule[{number}].name", f"{rule.name!r} is already the slug of another rule")
        rules.append(rule)
        examples[rule.code] = (bad, good)
    return StylePack(name, prefix, description, path, tuple(rules), examples)


def _rule_class(
    entry: dict[str, Any], where: str, path: Path, pack: str, prefix: str, pack_description: str
) -> tuple[type[Rule], tuple[str, ...], tuple[str, ...]]:
    kind = _string(entry, "kind", path, where)
    if kind not in KINDS:
        raise _fail(path, f"{where}kind", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    items_key = _KIND_KEYS[kind]
    allowed = _COMMON_KEYS | {items_key}
    unknown = set(entry) - allowed
    if unknown:
        known = ", ".join(sorted(allowed))
        raise _fail(path, where + sorted(unknown)[0], f"unknown key for a {kind} rule (known: {known})")
    code = _string(entry, "code", path, where)
    if not re.fullmatch(re.escape(prefix) + r"\d{3}", code):
        raise _fail(path, f"{where}code", f"{code!r} must be the pack's prefix {prefix} and three digits ({prefix}001)")
    slug = _string(entry, "name", path, where)
    if not SLUG_PATTERN.fullmatch(slug):
        raise _fail(path, f"{where}name", f"{slug!r} must be a lower-case slug (words joined by hyphens)")
    message = _string(entry, "message", path, where, _DEFAULT_MESSAGES[kind])
    try:
        message.format(**_PLACEHOLDERS[kind])
    except (KeyError, IndexError, ValueError) as exc:
        known = ", ".join("{" + name + "}" for name in _PLACEHOLDERS[kind])
        raise _fail(path, f"{where}message", f"bad placeholder {exc} (a {kind} message may use {known})") from None
    severity_name = entry.get("severity", "warning")
    try:
        severity = Severity(severity_name)
    except ValueError:
        raise _fail(path, f"{where}severity", f"must be error, warning or info, not {severity_name!r}") from None
    case_sensitive = _flag(entry, "case-sensitive", False, path, where)
    word_boundaries = _flag(entry, "word-boundaries", True, path, where)
    regex = _flag(entry, "regex", False, path, where)
    in_quotes = _flag(entry, "in-quotes", False, path, where)
    examples = entry.get("examples")
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise _fail(path, f"{where}examples", "must be a table with bad = [...] and good = [...]")
    bad = _strings(examples.get("bad"), path, f"{where}examples.bad")
    good = _strings(examples.get("good"), path, f"{where}examples.good")

    raw_items = entry.get(items_key)
    if kind == "substitution":
        if not isinstance(raw_items, dict) or not raw_items:
            raise _fail(path, f"{where}swap", 'must be a table of "avoid" = "use instead" pairs')
        pairs = []
        for avoid, use in raw_items.items():
            if not isinstance(use, str) or not avoid.strip():
                raise _fail(path, f"{where}swap.{avoid}", "must map a phrase to the string to use instead")
            pairs.append((avoid.strip(), use))
        patterns = tuple(avoid for avoid, _ in pairs)
    else:
        patterns = _strings(raw_items, path, f"{where}{items_key}")
        if kind == "consistency" and len(patterns) < 2:
            raise _fail(path, f"{where}variants", "a consistency rule needs at least two spellings")
    for pattern in patterns:
        _check_pattern(pattern, regex, case_sensitive, word_boundaries, path, f"{where}{items_key}")

    default_summary = {
        "existence": "Avoid " + ", ".join(repr(item) for item in patterns[:4]),
        "substitution": "Use " + ", ".join(f"{use!r} for {avoid!r}" for avoid, use in pairs[:4])
        if kind == "substitution"
        else "",
        "consistency": "One spelling throughout: " + " or ".join(repr(item) for item in patterns[:4]),
    }[kind]
    summary = entry.get("summary") or default_summary
    if not isinstance(summary, str):
        raise _fail(path, f"{where}summary", "must be a string")
    description = entry.get("description") or pack_description or f"House style of the {pack} pack."
    if not isinstance(description, str):
        raise _fail(path, f"{where}description", "must be a string")
    attributes: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"{summary} (style pack {pack!r}, {path.name}).",
        "code": code,
        "name": slug,
        "category": "style",
        "severity": severity,
        "summary": summary,
        "why": description,
        "bad": "\n".join(bad),
        "good": "\n".join(good),
        "pack": pack,
    }
    base: type[Rule]
    if kind == "consistency":
        base = ConsistencyRule
        attributes.update(
            variants=patterns,
            literal=not regex,
            case_sensitive=case_sensitive,
            word_boundaries=word_boundaries,
            in_quotes=in_quotes,
            template=message,
        )
    else:
        base = SubstitutionRule if kind == "substitution" else ExistenceRule
        replacements = dict(pairs) if kind == "substitution" else {}
        attributes["phrases"] = tuple(
            Phrase(
                pattern,
                message,
                literal=not regex,
                case_sensitive=case_sensitive,
                word_boundaries=word_boundaries,
                in_quotes=in_quotes,
                replacement=replacements.get(pattern),
            )
            for pattern in patterns
        )
    class_name = "Style" + "".join(part.capitalize() for part in slug.split("-"))
    return type(class_name, (base,), attributes), bad, good


def _check_pattern(pattern: str, regex: bool, case_sensitive: bool, bounds: bool, path: Path, key: str) -> None:
    if not regex:
        return
    try:
        check_linear(pattern)
        Phrase(pattern, "", case_sensitive=case_sensitive, word_boundaries=bounds).compile()
    except (ValueError, re.error) as exc:
        raise _fail(path, key, str(exc)) from None


# --- running a pack's examples (``copydesk style test``) ---


@dataclass(frozen=True)
class ExampleResult:
    """One example of one rule: whether the rule behaved (flagged a bad one, left a good one alone)."""

    code: str
    name: str
    expect: str  # "bad" (must be flagged) or "good" (must not be)
    text: str
    findings: tuple[str, ...]  # the flagged excerpts

    @property
    def passed(self) -> bool:
        return bool(self.findings) == (self.expect == "bad")


def run_examples(pack: StylePack) -> list[ExampleResult]:
    """Lint every example of every rule of the pack, as plain text, with that rule alone."""
    results: list[ExampleResult] = []
    for rule_class in pack.rules:
        rule = rule_class()
        bad, good = pack.examples[rule_class.code]
        for expect, texts in (("bad", bad), ("good", good)):
            for text in texts:
                article = build_plain_article(SourceText(text, "<example>"))
                excerpts = tuple(
                    violation.unit.text[violation.start : violation.end]
                    for violation in rule.check(article)
                    if violation.unit is not None
                )
                results.append(ExampleResult(rule_class.code, rule_class.name, expect, text, excerpts))
    return results
