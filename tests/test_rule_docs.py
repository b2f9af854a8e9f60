"""Every place users read about a rule is rendered from the rule's own metadata, and kept fresh."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from copydesk.engine.rule import all_rules
from copydesk.engine.ruledocs import DOCS_DIR, details, explain_text, rule_page

ROOT = Path(__file__).resolve().parent.parent


def _update_readme_module():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "scripts" / "update_readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_rule_has_a_fresh_page_and_no_page_outlives_its_rule():
    expected = _update_readme_module().expected_pages()
    on_disk = {path: path.read_text(encoding="utf-8") for path in (ROOT / DOCS_DIR).glob("CD*.md")}
    stale = sorted(path.name for path in expected if on_disk.get(path) != expected[path])
    orphans = sorted(path.name for path in on_disk if path not in expected)
    assert not stale and not orphans, f"run python scripts/update_readme.py (stale {stale}, orphans {orphans})"


def test_readme_table_links_each_rule_to_its_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in all_rules():
        assert f"[{code}]({DOCS_DIR}/{code}.md)" in readme


def test_a_rules_docstring_reaches_explain_and_its_page():
    rules = all_rules()
    repeated = rules["CD501"]
    assert "Walla Walla" in details(repeated)  # from the class docstring, a multi-line first paragraph kept
    assert "How it decides:" in explain_text(repeated) and "Walla Walla" in explain_text(repeated)
    page = rule_page(repeated)
    assert page.startswith("# CD501 repeated-word\n") and "## How it decides" in page and "Walla Walla" in page
    assert repeated.bad.strip() in page and repeated.good.strip() in page


def test_a_rule_without_details_has_no_empty_section():
    class Bare:
        __doc__ = "Only a summary line."

    assert details(Bare) == ""  # type: ignore[arg-type]

    class SummaryThenDetail:
        __doc__ = "One line.\n\n    How it works."

    assert details(SummaryThenDetail) == "How it works."  # type: ignore[arg-type]
