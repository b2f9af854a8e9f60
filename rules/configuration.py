"""CD607: configuration that the page gave no hold to, so it was not applied.

A suppression comment that names no rule (``disable CD999``) and a body
selector that matches nothing both leave copydesk doing something other than
what the desk wrote down. Neither voids the file: the comment silences
nothing, the body is detected as if no selector were set, every other rule
runs, and this one finding says what was not applied and where.
"""

from __future__ import annotations

from collections.abc import Iterator

from copydesk.engine.rule import Rule, Severity, Violation, register
from copydesk.engine.suppress import suppression_problems
from copydesk.model.article import Article


@register
class UnappliedConfiguration(Rule):
    """Flags a suppression directive that names no known rule
    (``<!-- copydesk: disable CD999 -->``, ``data-copydesk-ignore="nope"``),
    at the comment or the element's start tag, and a configured body selector
    (``body-selector``, ``--body-selector``) that matches nothing on the page,
    at the body that was detected instead.

    Not flagged: directives naming a code, prefix, slug or category that
    exists (style-pack codes included), ``all`` or nothing (every rule);
    ordinary HTML comments; a selector on Markdown or plain text, which are all
    body and take none.

    Severity: warning. Nothing in the copy is wrong, but the file was checked
    differently from what its author or the desk configured: findings meant to
    be silenced are reported, or another part of the page was linted.

    Fix safety: none; which rule or which container was meant is the author's call.
    """

    code = "CD607"
    name = "unapplied-configuration"
    category = "structure"
    severity = Severity.WARNING
    summary = "A suppression comment names no rule, or the body selector matches nothing: it was not applied."
    why = (
        "A mistyped suppression (“disable CD999”) silences nothing, and a body selector that matches nothing "
        "makes copydesk detect the body itself. Both are reported where they stand instead of voiding the "
        "file or passing in silence, so the rest of the page is still checked and the author learns why "
        "findings they meant to silence still appear, or why another part of the page was linted."
    )
    bad = "<!-- copydesk: disable CD999 -->\n<p>The council approved the budget on Tuesday.</p>"
    good = "<!-- copydesk: disable CD101 -->\n<p>The council approved the budget on Tuesday.</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.body_selector_missed is not None:
            yield Violation(
                article.body_anchor(),
                0,
                0,
                f"the body selector {article.body_selector_missed!r} matches nothing on this page; "
                f"the body was detected instead: {article.body_path}",
            )
        for problem in suppression_problems(article):
            yield Violation(
                None,
                0,
                0,
                f"{problem.message}; this directive silences nothing",
                source_span=(problem.start, problem.end),
            )
