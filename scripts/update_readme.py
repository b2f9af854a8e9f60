"""Regenerate the README's rules table and the per-rule pages under docs/rules/ from rule metadata.

Tests check both are fresh (tests/test_rule_docs.py), so a rule added or
changed shows up everywhere after one run of this script.
"""

from __future__ import annotations

from pathlib import Path

from copydesk.engine.rule import all_rules
from copydesk.engine.ruledocs import DOCS_DIR, rule_page, rules_markdown

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- rules-table:start -->\n", "<!-- rules-table:end -->"


def expected_pages() -> dict[Path, str]:
    """Every rule's page: path → text."""
    return {ROOT / DOCS_DIR / f"{code}.md": rule_page(rule) for code, rule in all_rules().items()}


def main() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + START + rules_markdown(list(all_rules().values())) + END + tail, encoding="utf-8")
    pages = expected_pages()
    (ROOT / DOCS_DIR).mkdir(parents=True, exist_ok=True)
    for stale in (ROOT / DOCS_DIR).glob("CD*.md"):
        if stale not in pages:
            stale.unlink()
    for path, page in pages.items():
        path.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
