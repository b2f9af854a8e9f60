"""A rule's documentation, rendered from its metadata: one source for every place users read it.

``copydesk explain``, ``copydesk rules`` (text, JSON, Markdown), the service's
rule list, the README's rules table and the per-rule pages under
``docs/rules/`` all come from the class attributes a rule declares
(:class:`~copydesk.engine.rule.Rule`), so none of them can drift from the code.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from copydesk.engine.rule import Rule

#: Where the per-rule pages live, relative to the repository root (and to the README).
DOCS_DIR = "docs/rules"


def details(rule: type[Rule]) -> str:
    """How the rule decides: its class docstring, less a one-line first paragraph (which restates the summary).

    The docstring is where a rule's author explains its reach and its
    exceptions ("what it does not flag"); rendering it here makes that text
    reach users instead of staying in the source.
    """
    doc = inspect.cleandoc(rule.__doc__ or "")
    first, _, rest = doc.partition("\n\n")
    return rest.strip() if "\n" not in first else doc


def rules_markdown(rules: list[type[Rule]]) -> str:
    """The README's rules table, rendered from rule metadata; each code links to its page."""
    lines = ["| code | name | category | severity | fix | what it flags |", "|---|---|---|---|---|---|"]
    for rule in rules:
        summary = rule.summary.replace("|", "\\|") + ("" if rule.default_enabled else " *(off by default)*")
        fix = "yes" if rule.fixable else ""
        code = f"[{rule.code}]({DOCS_DIR}/{rule.code}.md)"
        lines.append(f"| {code} | `{rule.name}` | {rule.category} | {rule.severity.value} | {fix} | {summary} |")
    return "\n".join(lines) + "\n"


def rule_page(rule: type[Rule]) -> str:
    """The rule's page under ``docs/rules/``: everything ``explain`` says, as Markdown."""
    facts = [
        ("code", f"`{rule.code}`"),
        ("slug", f"`{rule.name}`"),
        ("category", rule.category),
        ("default severity", rule.severity.value),
        (
            "on by default",
            "yes"
            if rule.default_enabled
            else "no (turn on with `extend-select`)" + (f": {rule.opt_in_because}" if rule.opt_in_because else ""),
        ),
        (
            "fix",
            ("safe, applied by `--fix`" if rule.safe_fix else "suggested, never applied unattended")
            if rule.fixable
            else "none",
        ),
    ]
    out = [f"# {rule.code} {rule.name}", "", rule.summary.strip(), "", "| | |", "|---|---|"]
    out += [f"| {key} | {value} |" for key, value in facts]
    out += ["", "## Why it matters", "", inspect.cleandoc(rule.why)]
    if details(rule):
        out += ["", "## How it decides", "", details(rule)]
    out += [
        "",
        "## Flagged",
        "",
        "```html",
        rule.bad.strip(),
        "```",
        "",
        "## Fine",
        "",
        "```html",
        rule.good.strip(),
        "```",
    ]
    if rule.options:
        out += [
            "",
            f"## Options (`[tool.copydesk.rules.{rule.name}]`)",
            "",
            "| option | default | what it does |",
            "|---|---|---|",
        ]
        out += [
            f"| `{o.name}` | `{_toml_value(o.default)}` | {o.description.replace('|', chr(92) + '|')} |"
            for o in rule.options
        ]
    out += [
        "",
        "## Turning it off",
        "",
        f'`ignore = ["{rule.code}"]` in config, `--ignore {rule.code}` on the command line, or '
        f"`<!-- copydesk: disable-next {rule.code} -->` before a block.",
        "",
        "*This page is generated from the rule's metadata by `python scripts/update_readme.py`; edit the rule, "
        "not the page.*",
    ]
    return "\n".join(out) + "\n"


def rule_json(rule: type[Rule]) -> dict[str, Any]:
    """A rule's metadata as JSON (``copydesk rules --format json``, the service's ``/rules``)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "why": rule.why,
        "bad": rule.bad,
        "good": rule.good,
        "fixable": rule.fixable,
        "default_enabled": rule.default_enabled,
        "opt_in_because": rule.opt_in_because,
        "options": [{"name": o.name, "default": o.default, "description": o.description} for o in rule.options],
    }


def explain_text(rule: type[Rule]) -> str:
    """``copydesk explain``: the rule's documentation, from its metadata only."""
    flags = [rule.category, f"default severity {rule.severity.value}"]
    if rule.fixable:
        flags.append("has a safe fix")
    if not rule.default_enabled:
        flags.append("off by default")
    sections = [
        f"{rule.code} {rule.name} ({', '.join(flags)})",
        rule.summary,
        "Why it matters:\n" + _indent(rule.why),
    ]
    if not rule.default_enabled and rule.opt_in_because:
        sections.append("Why it is off by default:\n" + _indent(rule.opt_in_because))
    if details(rule):
        sections.append("How it decides:\n" + _indent(details(rule)))
    sections += [
        "Flagged:\n" + _indent(rule.bad),
        "Fine:\n" + _indent(rule.good),
    ]
    if rule.options:
        options = "\n".join(f"{o.name} = {_toml_value(o.default)}\n    {o.description}" for o in rule.options)
        sections.append(f"Options ([tool.copydesk.rules.{rule.name}]):\n{_indent(options)}")
    sections.append(
        f'Turn it off: ignore = ["{rule.code}"] in config, --ignore {rule.code}, '
        f"or <!-- copydesk: disable-next {rule.code} --> before a block."
    )
    return "\n\n".join(sections) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip().splitlines())


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json.dumps(item) for item in value) + "]"
    return json.dumps(value)
