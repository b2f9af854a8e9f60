"""Coverage-guided fuzzing of the whole pipeline with atheris (libFuzzer), for long sessions.

``tests/test_fuzz.py`` (hypothesis) generates HTML from pieces copy desks see;
this script lets libFuzzer mutate raw bytes guided by which branches of
copydesk they reach, so it finds inputs no grammar of HTML would write. Each
input is bytes → decoding → article model (HTML, Markdown or text, chosen by
the first byte) → the default rules without grammar → findings, and must hold
the same properties as the hypothesis tests (they share ``check_findings``):
no exception escapes, no "internal error", every position inside the file,
every excerpt what its span says.

atheris is not a copydesk dependency. Install it in a scratch environment that
can also import copydesk, e.g.::

    python -m venv /tmp/atheris-venv && /tmp/atheris-venv/bin/pip install atheris
    /tmp/atheris-venv/bin/pip install -e '.[dev]'      # or point a .pth at copydesk's venv
    nice -n 19 /tmp/atheris-venv/bin/python scripts/fuzz_atheris.py -max_total_time=1800 \\
        -artifact_prefix=/tmp/atheris/ /tmp/atheris/corpus fixtures/articles fixtures/rules fixtures/markdown

Any libFuzzer flag works (``-max_len``, ``-timeout``, ``-rss_limit_mb``, ``-runs``). A
failing input is written as ``crash-…`` under ``-artifact_prefix``; run the
script on that one file to reproduce it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.test_fuzz's shared checks

try:
    import atheris
except ImportError:  # pragma: no cover - a scratch-environment tool
    sys.exit("scripts/fuzz_atheris.py needs atheris (pip install atheris in a scratch environment; see the docstring)")

with atheris.instrument_imports(include=["copydesk"]):
    from copydesk.engine.config import parse_config
    from copydesk.engine.lint import lint_source
    from copydesk.model.inputs import format_for
    from copydesk.source.text import DecodeError, SourceText

from tests.test_fuzz import check_findings  # noqa: E402 - needs sys.path set above

CONFIG = parse_config({"ignore": ["CD8"]}, None)
NAMES = ("page.html", "page.md", "page.txt")


def one_input(data: bytes) -> None:
    """Lint one fuzzer input; an AssertionError (or any escaping exception) is a finding for libFuzzer."""
    if not data:
        return
    path = NAMES[data[0] % len(NAMES)]
    try:
        source = SourceText.from_bytes(data[1:], path)
    except DecodeError:
        return  # a clean refusal: the CLI prints it as the file's one error line
    result = lint_source(source, CONFIG, statistics=True)
    assert result.error is None or not result.error.startswith("internal error"), result.error
    check_findings(source.text, result.findings, format_for(path))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
