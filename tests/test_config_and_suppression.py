"""Configuration files, per-rule severity and options, and inline suppression."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.engine.config import Config, ConfigError, ConfigFinder, load_config_file, parse_config
from copydesk.frontends.cli import main

from .conftest import lint, spans

PLACEHOLDER = "<p>Update soon.</p>"


def check_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}


def test_pyproject_table_found_by_walking_up(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.copydesk]\nignore = ["CD101"]\n')
    (tmp_path / "desk" / "today").mkdir(parents=True)
    story = tmp_path / "desk" / "today" / "story.html"
    story.write_text(PLACEHOLDER)
    code, data = check_json(str(story))
    assert code == 0 and data["summary"]["findings"] == 0


def test_nearest_config_wins_and_pyproject_without_table_is_skipped(tmp_path: Path):
    (tmp_path / "copydesk.toml").write_text('select = ["CD101"]\n[severity]\nCD101 = "info"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    story = tmp_path / "sub" / "story.html"
    story.write_text(PLACEHOLDER)
    code, data = check_json(str(story))
    assert data["files"][0]["findings"][0]["severity"] == "info"
    assert code == 0, "info is below the default fail-on of warning"


def test_explicit_config_and_fail_on(tmp_path: Path):
    config = tmp_path / "strict.toml"
    config.write_text('fail-on = "info"\n[severity]\nplaceholder = "info"\n')
    story = tmp_path / "story.html"
    story.write_text(PLACEHOLDER)
    code, data = check_json("--config", str(config), str(story))
    assert code == 1 and data["files"][0]["findings"][0]["severity"] == "info"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('selct = ["CD101"]', "unknown key(s) selct"),
        ('ignore = ["CD999"]', "no rule code matches 'CD999'"),
        ('ignore = ["no-such-rule"]', "unknown rule, prefix or category 'no-such-rule'"),
        ('[severity]\nCD101 = "fatal"', "must be error, warning or info"),
        ("[rules.CD101]\nno_such_option = 1", "has no option 'no_such_option'"),
        ("select = [", "invalid TOML"),
        ('fail-on = "sometimes"', "fail-on must be"),
    ],
)
def test_config_errors_are_clear_and_exit_2(tmp_path: Path, toml: str, message: str):
    (tmp_path / "copydesk.toml").write_text(toml + "\n")
    story = tmp_path / "story.html"
    story.write_text(PLACEHOLDER)
    result = CliRunner().invoke(main, ["check", str(story)], catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.output + result.stderr
    assert "Traceback" not in result.output


def test_parse_config_resolves_selectors():
    config = parse_config({"select": ["CD1"], "ignore": ["CD102"], "severity": {"CD101": "warning"}}, None)
    codes = {rule.code for rule in config.enabled_rules()}
    assert "CD101" in codes and "CD102" not in codes and all(code.startswith("CD1") for code in codes)
    assert config.severity["CD101"].value == "warning"


def test_unreadable_config_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config_file(tmp_path / "missing.toml")


def test_config_finder_caches_per_directory(tmp_path: Path):
    (tmp_path / "copydesk.toml").write_text('ignore = ["CD101"]\n')
    finder = ConfigFinder()
    first = finder.for_path(tmp_path / "a.html")
    assert finder.for_path(tmp_path / "b.html") is first
    assert first.ignore == ("CD101",)


# Inline suppression -------------------------------------------------------


def test_disable_enable_range():
    html = (
        "<p>Update soon.</p>\n<!-- copydesk: disable CD101 -->\n<p>Update soon.</p>\n"
        "<!-- copydesk: enable CD101 -->\n<p>Update soon.</p>\n"
    )
    assert [f.line for f in lint(html, "CD101")] == [1, 5]


def test_disable_without_enable_runs_to_end_and_other_rules_still_fire():
    html = "<!-- copydesk: disable CD101 -->\n<p>Update soon.</p>\n<p>Update soon.</p>\n"
    assert lint(html, "CD101") == []
    assert lint("<!-- copydesk: disable CD102 -->\n<p>Update soon.</p>", "CD101")


def test_disable_next_covers_only_the_next_block():
    html = "<!-- copydesk: disable-next CD101 -->\n<p>Update soon.</p>\n<p>Update soon.</p>\n"
    assert [f.line for f in lint(html, "CD101")] == [3]


def test_disable_by_slug_category_and_all():
    for spec in ("placeholder-text", "placeholder", "all", ""):
        html = f"<!-- copydesk: disable-next {spec} -->\n<p>Update soon.</p>"
        assert lint(html, "CD101") == [], spec


def test_ignore_attribute_covers_the_subtree():
    html = (
        '<div data-copydesk-ignore="CD101"><p>Update soon.</p><div><p>Update soon.</p></div></div>\n<p>Update soon.</p>'
    )
    assert [(f.line, f.column) for f in lint(html, "CD101")] == [(2, 4)]


def test_bad_suppression_is_reported_not_ignored():
    # The mistyped comment is a finding where it stands (CD607); the file is still linted, not an error.
    result = CliRunner().invoke(main, ["check", "-"], input=b"<!-- copydesk: disable CD999 --><p>Update soon.</p>")
    assert result.exit_code == 1
    assert "<stdin>:1:1: CD607 [warning] suppression comment at 1:1: no rule code matches 'CD999'" in result.stdout
    assert "CD101" in result.stdout and "error" not in result.stderr


def test_lint_text_api_defaults():
    assert spans(lint(PLACEHOLDER, "CD101"))[0][:3] == ("CD101", 1, 4)
    assert isinstance(Config().enabled_rules(), list)


def test_layered_merges_tables_adds_to_ignores_and_replaces_the_rest():
    from copydesk.engine.config import layered

    house = {
        "select": ["ALL"],
        "ignore": ["CD5"],
        "severity": {"CD101": "info"},
        "rules": {"CD901": {"max_words": 40}},
        "grammar": {"words": ["Zorblat"], "check-quotes": False, "language": "en-US"},
    }
    request = {
        "select": ["CD1"],
        "ignore": ["CD5", "CD9"],
        "severity": {"CD102": "error"},
        "rules": {"CD901": {"min_words": 3}},
        "grammar": {"words": "Frobnitz", "check_quotes": True},
        "fail-on": "warning",
    }
    assert layered(house, request) == {
        "select": ["CD1"],
        "ignore": ["CD5", "CD9"],
        "severity": {"CD101": "info", "CD102": "error"},
        "rules": {"CD901": {"max_words": 40, "min_words": 3}},
        "grammar": {"words": ["Zorblat", "Frobnitz"], "check-quotes": True, "language": "en-US"},
        "fail-on": "warning",
    }
    assert house["ignore"] == ["CD5"] and house["severity"] == {"CD101": "info"}  # neither input changed
    assert layered({}, request)["ignore"] == ["CD5", "CD9"] and layered(house, {}) == house
