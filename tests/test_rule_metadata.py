"""Every rule carries complete metadata, and its documented examples behave.

Docs, ``copydesk rules`` and ``copydesk explain`` render from this metadata,
so a rule missing any of it would ship undocumented. As ESLint does with its
doc examples, the bad example must trigger the rule and the good one must not.
"""

from __future__ import annotations

import pytest
from copydesk.engine.rule import CATEGORIES, CODE_PATTERN, SLUG_PATTERN, Severity, all_rules

from .conftest import FIXTURES, lint

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
    assert any(f.rule == rule.code for f in lint(rule.bad, rule.code)), f"{rule.code}: bad example not flagged"
    assert not lint(rule.good, rule.code), f"{rule.code}: good example flagged"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_a_fixture(rule):
    assert list((FIXTURES / "rules").glob(f"{rule.code}*.html")), f"no fixture for {rule.code}"
