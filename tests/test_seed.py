"""The page copydesk was born from: every defect found, nothing else at warning or above.

``fixtures/articles/nasa-japan-seed.html`` rebuilds ../shared/seed-article.txt
as a WordPress-style page (navigation, article, figure, comment form outside
the article, footer). ``nasa-japan-seed.expected`` is the golden output with
exact positions; ``COPYDESK_UPDATE_FIXTURES=1`` rewrites it.
"""

from __future__ import annotations

import os

from copydesk.engine.config import Config
from copydesk.pipeline.batch import lint_path

from .conftest import FIXTURES
from .test_rule_fixtures import render

SEED = FIXTURES / "articles" / "nasa-japan-seed.html"
# (rule, line, excerpt) of each defect the copy desk must catch on this page.
DEFECTS = [
    ("CD201", 34, "(Credit –"),  # the credit line that breaks off
    ("CD204", 34, "NASA strengthens ties with Japan"),  # the headline reused as the image's alt …
    ("CD204", 34, "NASA strengthens ties with Japan"),  # … and as its caption (the credit is CD201's)
    ("CD304", 38, "us"),  # "will enable us to work together …, according to Nelson." without quotes
    ("CD101", 42, "Update soon"),  # placeholder left in
    ("CD502", 42, "…."),  # ellipsis plus a period
    ("CD401", 43, "Also Read"),  # related-links widget scraped into the body
    ("CD503", 43, "ReadButterfly"),  # and the space it lost at the tag boundary
]


def seed_findings():
    result = lint_path(str(SEED), Config())
    assert result.error is None
    return result.findings


def test_every_seed_defect_is_found():
    found = {(f.rule, f.line, f.excerpt) for f in seed_findings()}
    missing = [defect for defect in DEFECTS if defect not in found]
    assert not missing, f"seed defects not found: {missing}"


def test_nothing_else_at_warning_or_above():
    expected_lines = {(rule, line) for rule, line, _ in DEFECTS}
    extra = [
        (f.rule, f.line, f.excerpt)
        for f in seed_findings()
        if f.severity in ("error", "warning") and (f.rule, f.line) not in expected_lines
    ]
    assert not extra, f"false alarms on the seed: {extra}"


def test_comment_form_outside_the_article_is_not_boilerplate():
    assert not [f for f in seed_findings() if "Leave a Comment" in f.excerpt]


def test_seed_snapshot():
    rendered = render(seed_findings())
    expected = SEED.with_suffix(".expected")
    if os.environ.get("COPYDESK_UPDATE_FIXTURES") == "1":
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")
