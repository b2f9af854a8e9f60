"""copydesk: a content-quality linter for news and web articles.

The in-process API (what a CMS calls before publishing)::

    import copydesk

    for finding in copydesk.check_html(page_html, path="story.html"):
        print(finding.line, finding.column, finding.rule, finding.message)

See :mod:`copydesk.frontends.api` for :func:`check_html`, :func:`check_bytes` and :func:`check_paths`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    # The version lives in one place, pyproject.toml; the installed metadata carries it here.
    __version__ = version("copydesk")
except PackageNotFoundError:  # pragma: no cover - imported from a source tree that was never installed
    __version__ = "0+unknown"

# After __version__: modules below import it, and may be loaded while this package is half-initialised.

from copydesk.engine.config import Config, ConfigError
from copydesk.engine.finding import FileResult, Finding
from copydesk.frontends.api import ConfigLike, check_bytes, check_html, check_paths
from copydesk.pipeline.batch import UNLIMITED, Limits

__all__ = [
    "UNLIMITED",
    "Config",
    "ConfigError",
    "ConfigLike",
    "FileResult",
    "Finding",
    "Limits",
    "__version__",
    "check_bytes",
    "check_html",
    "check_paths",
]
