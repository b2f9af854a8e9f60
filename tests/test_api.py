"""The Python API a CMS calls in-process: check_html, check_paths, and the README's snippet."""

from __future__ import annotations

import collections.abc
import dataclasses
import json
import re
import types
import typing
from pathlib import Path

import copydesk
import pytest
from click.testing import CliRunner
from copydesk.frontends.cli import main

from .conftest import ROOT

BAD = "<p>More about the launch. Update soon.</p>\n"
GOOD = "<p>The launch went ahead on Tuesday, officials said.</p>\n"
TYPO = "<p>The the launch went ahead ,  officials said.</p>\n"


def test_check_html_matches_the_cli_json(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(BAD + TYPO, encoding="utf-8")
    cli = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(page)]).output)
    findings = copydesk.check_html(BAD + TYPO, path=str(page))
    assert [f.to_json() for f in findings] == cli["files"][0]["findings"]
    assert [f.rule for f in findings][:1] == ["CD101"] and len(findings) >= 3


def test_finding_is_a_frozen_dataclass_with_the_json_fields():
    (finding,) = copydesk.check_html(BAD)
    assert isinstance(finding, copydesk.Finding) and dataclasses.is_dataclass(finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "CD999"  # type: ignore[misc]
    fields = {field.name for field in dataclasses.fields(finding)}
    assert set(finding.to_json()) <= fields
    assert (finding.line, finding.column, finding.end_column, finding.excerpt) == (1, 27, 38, "Update soon")
    assert finding.selector == "p"


def test_check_html_with_nothing_to_flag():
    assert copydesk.check_html(GOOD) == []


def test_config_as_a_pyproject_shaped_dict():
    assert [f.rule for f in copydesk.check_html(BAD, config={"ignore": ["CD101"]})] == []
    only_typography = copydesk.check_html(BAD + TYPO, config={"select": ["typography"]})
    assert only_typography and {f.category for f in only_typography} == {"typography"}
    (finding,) = copydesk.check_html(BAD, config={"severity": {"CD101": "info"}})
    assert finding.severity == "info"
    extra = copydesk.check_html(
        "<p>NEED PHOTO here.</p>", config={"rules": {"placeholder-text": {"extra_patterns": [r"\bNEED PHOTO\b"]}}}
    )
    assert [f.excerpt for f in extra] == ["NEED PHOTO"]


def test_config_object_is_accepted():
    config = copydesk.Config(select=("CD5",))
    assert {f.rule for f in copydesk.check_html(BAD + TYPO, config=config)} <= {f"CD5{n:02d}" for n in range(100)}


@pytest.mark.parametrize(
    "config",
    [
        {"ignroe": ["CD101"]},  # misspelt key
        {"select": ["CD999"]},  # no such rule
        {"rules": {"placeholder-text": {"no_such_option": 1}}},
        {"severity": {"CD101": "fatal"}},
    ],
)
def test_invalid_config_raises_config_error(config):
    with pytest.raises(copydesk.ConfigError):
        copydesk.check_html(BAD, config=config)
    with pytest.raises(copydesk.ConfigError):
        copydesk.check_paths(["anything.html"], config=config)  # at once, before any file


def test_check_html_raises_what_the_caller_must_fix():
    # A malformed suppression comment is the page's problem, not the caller's: a finding on it (CD607).
    findings = copydesk.check_html("<!-- copydesk: disable CD999 --><p>Update soon.</p>")
    assert [(f.rule, f.column) for f in findings] == [("CD607", 1), ("CD101", 36)]
    with pytest.raises(ValueError):
        copydesk.check_html(BAD, config={"body-selector": "div[[["})
    with pytest.raises(TypeError):
        copydesk.check_html(BAD.encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        copydesk.check_html(BAD, config=["CD101"])  # type: ignore[arg-type]


def test_path_only_names_the_page(tmp_path, monkeypatch):
    """No disk access: a config file next to ``path`` or in the cwd is not consulted."""
    (tmp_path / "copydesk.toml").write_text('ignore = ["CD101"]\n')
    monkeypatch.chdir(tmp_path)
    assert [f.rule for f in copydesk.check_html(BAD, path=str(tmp_path / "story.html"))] == ["CD101"]


def test_check_paths_yields_one_result_per_file_lazily(tmp_path):
    (tmp_path / "desk" / "day").mkdir(parents=True)
    (tmp_path / "desk" / "a.html").write_text(BAD)
    (tmp_path / "desk" / "day" / "b.htm").write_text(GOOD)
    (tmp_path / "desk" / "broken.html").write_bytes(b"\x00\x01\x02\x03binary\x00")
    results = copydesk.check_paths([tmp_path / "desk", str(tmp_path / "missing.html")])
    assert isinstance(results, types.GeneratorType)
    first = next(results)
    assert isinstance(first, copydesk.FileResult) and Path(first.path).name == "a.html"
    rest = list(results)
    by_name = {Path(r.path).name: r for r in [first, *rest]}
    assert list(by_name) == ["a.html", "broken.html", "b.htm", "missing.html"]
    assert [f.rule for f in by_name["a.html"].findings] == ["CD101"] and by_name["a.html"].error is None
    assert by_name["b.htm"].findings == [] and by_name["b.htm"].error is None
    assert by_name["broken.html"].error and by_name["missing.html"].error == "no such file or directory"


def test_check_paths_config_discovery_and_override(tmp_path):
    (tmp_path / "copydesk.toml").write_text('ignore = ["CD101"]\n')
    (tmp_path / "a.html").write_text(BAD)
    (found,) = copydesk.check_paths(tmp_path / "a.html")  # a single path is fine too
    assert found.findings == [], "the copydesk.toml beside the file applies"
    (given,) = copydesk.check_paths([str(tmp_path / "a.html")], config={"select": ["placeholder"]})
    assert [f.rule for f in given.findings] == ["CD101"], "an explicit config replaces discovery"


def test_public_surface_is_typed():
    assert set(copydesk.__all__) >= {"check_html", "check_paths", "Finding", "FileResult", "Config", "ConfigError"}
    assert (Path(copydesk.__file__).parent / "py.typed").is_file()
    hints = typing.get_type_hints(copydesk.check_html)
    assert hints["html"] is str and hints["return"] == list[copydesk.Finding]
    assert typing.get_origin(typing.get_type_hints(copydesk.check_paths)["return"]) is collections.abc.Iterator


def test_readme_api_snippet_runs(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") :]
    snippet = re.search(r"```python\n(.*?)```", section, re.S)
    assert snippet, "the README's Python API section has a python snippet"
    exec(compile(snippet.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "CD101 [error]" in out and "in article > p" in out
