"""Regenerate the README's rules table from rule metadata (a test checks it)."""

from __future__ import annotations

from pathlib import Path

from copydesk.engine.rule import all_rules
from copydesk.frontends.cli import rules_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- rules-table:start -->\n", "<!-- rules-table:end -->"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + START + rules_markdown(list(all_rules().values())) + END + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
