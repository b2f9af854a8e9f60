"""The engine layer: the rule base and registry, configuration, suppressions,
findings, and :func:`~copydesk.engine.lint.lint_article`, which runs the
enabled rules over an article model and positions what they report."""
