"""Every rule carries complete metadata, and its documented examples behave.

Docs, ``copydesk rules`` and ``copydesk explain`` render from this metadata,
so a rule missing any of it would ship undocumented. As ESLint does with its
doc examples, the bad example must trigger the rule and the good one must not.
"""

from __future__ import annotations

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.engine.rule import CATEGORIES, CODE_PATTERN, SLUG_PATTERN, Severity, all_rules
from copydesk.source.text import SourceText

from .conftest import FIXTURES

RULES = list(all_rules().values())


def test_there_are_rules_in_every_foundation_family():
    families = {rule.code[:3] for rule in RULES}
    assert {"CD1", "CD2", "CD3", "CD4", "CD5"} <= families


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_metadata_is_complete(rule):
    assert CODE_PATTERN.fullmatch(rule.code)
    assert SLUG_PATTERN.fullmatch(rule.name), rule.name
    assert rule.category in CATEGORIES
    assert isinstance(rule.severity, Severity)
    for attribute in ("summary", "why", "bad", "good"):
        value = getattr(rule, attribute)
        assert isinstance(value, str) and value.strip(), f"{rule.code} lacks {attribute}"
    assert "\n" not in rule.summary and len(rule.summary) <= 100


def test_codes_and_slugs_are_unique():
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_bad_example_triggers_and_good_does_not(rule):
    # A rule that gives notices, not findings (CD804), shows its bad example as a notice under its code.
    def reported(html: str) -> list[str]:
        result = lint_source(SourceText(html, "example.html"), Config(select=(rule.code,)))
        return [f.rule for f in result.findings] + [n.code for n in result.notices if n.code == rule.code]

    assert rule.code in reported(rule.bad), f"{rule.code}: bad example not flagged"
    assert not reported(rule.good), f"{rule.code}: good example flagged"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_a_fixture(rule):
    assert list((FIXTURES / "rules").glob(f"{rule.code}*.html")), f"no fixture for {rule.code}"
