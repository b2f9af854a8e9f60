"""copydesk: a content-quality linter for news and web articles."""

__version__ = "0.1.0"
