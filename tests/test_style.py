"""House style packs: loading and validation, the three kinds, config, and ``copydesk style test``."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.engine.config import Config, ConfigError, load_config_file
from copydesk.engine.kinds import match_case, word_alternation
from copydesk.engine.lint import lint_source
from copydesk.engine.style import PACKAGED_STYLES, StyleError, load_style
from copydesk.frontends.cli import main
from copydesk.source.text import SourceText

from .conftest import ROOT, spans

US_NEWSROOM = PACKAGED_STYLES / "us-newsroom.toml"

PACK = """
[style]
name = "house"
prefix = "HSE"

[[rule]]
code = "HSE001"
name = "house-spelling"
kind = "substitution"
message = "house style: {replacement!r}, not {text!r}"
swap = { programme = "program", "per cent" = "percent" }
examples.bad = ["The programme ran."]
examples.good = ["The program ran."]

[[rule]]
code = "HSE002"
name = "house-banned"
kind = "existence"
severity = "error"
tokens = ["very unique"]
examples.bad = ["A very unique idea."]
examples.good = ["A unique idea."]

[[rule]]
code = "HSE003"
name = "house-covid"
kind = "consistency"
case-sensitive = true
variants = ["COVID-19", "Covid-19"]
examples.bad = ["COVID-19 rose. Covid-19 fell."]
examples.good = ["COVID-19 rose. COVID-19 fell."]
"""


def _write(directory: Path, pack: str = PACK, config: str = 'styles = ["styles/house.toml"]') -> Path:
    (directory / "styles").mkdir(exist_ok=True)
    (directory / "styles" / "house.toml").write_text(textwrap.dedent(pack), encoding="utf-8")
    config_path = directory / "copydesk.toml"
    config_path.write_text(config + "\n", encoding="utf-8")
    return config_path


def _lint(config_path: Path, text: str, path: str = "story.txt") -> list:
    result = lint_source(SourceText(text, path), load_config_file(config_path))
    assert result.error is None, result.error
    return result.findings


def test_shipped_pack_examples_pass():
    result = CliRunner().invoke(main, ["style", "test", str(US_NEWSROOM)])
    assert result.exit_code == 0, result.output
    assert "ok   USN001 british-spelling" in result.output and "All examples behave." in result.output


def test_shipped_pack_is_off_by_default_and_packaged():
    assert (ROOT / "lint" / "styles" / "us-newsroom.toml").is_file()
    result = lint_source(SourceText("The programme ran towards the end.", "a.txt"), Config())
    assert not [f for f in result.findings if f.rule.startswith("USN")]


def test_substitution_with_fix_in_the_same_case(tmp_path):
    config = _write(tmp_path)
    text = "Storm hits coast\n\nThe Programme grew 4 per cent. “The programme is fine,” he said.\n"
    findings = _lint(config, text)
    assert spans(findings) == [
        ("HSE001", 3, 5, 3, 14, "Programme"),
        ("HSE001", 3, 22, 3, 30, "per cent"),
    ]  # the quoted "programme" is someone's words: skipped
    assert [f.fix for f in findings] == ["Program", "percent"]
    assert findings[0].message == "house style: 'Program', not 'Programme'"
    assert findings[0].category == "style" and findings[0].severity == "warning"


def test_match_case():
    assert match_case("program", "programme") == "program"
    assert match_case("program", "Programme") == "Program"
    assert match_case("percent", "PER CENT") == "PERCENT"


def test_word_alternation_matches_exactly_its_words():
    words = ["said", "says", "say", "saying", "told", "to", "a.m.", "x"]
    pattern = re.compile(word_alternation(words))
    for word in words:
        assert pattern.fullmatch(word), word
    for other in ["sa", "sai", "sayings", "tol", "t", "a.m", "am", "xx", "", "Said"]:
        assert pattern.fullmatch(other) is None, other
    # In a word-bounded regex it finds the same spans as the plain alternation, longest word first.
    text = "She said: saying, says, say, told to. Sayings sa"
    plain = re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    tree = re.compile(r"\b(?:" + word_alternation(words) + r")\b", re.IGNORECASE)
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert plain.findall(text) == ["said", "saying", "says", "say", "told", "to"]


def test_in_quotes_opt_in(tmp_path):
    pack = PACK.replace('tokens = ["very unique"]', 'tokens = ["very unique"]\nin-quotes = true')
    config = _write(tmp_path, pack)
    found = spans(_lint(config, "Intro.\n\n“It is very unique,” she said.\n"))
    assert found == [("HSE002", 3, 8, 3, 19, "very unique")]


def test_consistency_flags_the_minority(tmp_path):
    config = _write(tmp_path)
    text = "Intro.\n\nCOVID-19 rose. Covid-19 fell.\n\nCOVID-19 again.\n"
    findings = _lint(config, text)
    assert spans(findings) == [("HSE003", 3, 16, 3, 24, "Covid-19")]
    assert "'COVID-19' elsewhere in the article (2×)" in findings[0].message


def test_selectors_name_pack_rules(tmp_path):
    config = _write(tmp_path, config='styles = ["styles/house.toml"]\nignore = ["HSE00"]')
    assert _lint(config, "Intro.\n\nThe programme is very unique.\n") == []
    config = _write(tmp_path, config='styles = ["styles/house.toml"]\nignore = ["house-spelling"]')
    assert [f.rule for f in _lint(config, "Intro.\n\nThe programme is very unique.\n")] == ["HSE002"]
    config = _write(tmp_path, config='styles = ["styles/house.toml"]\n[severity]\nHSE001 = "info"')
    assert [f.severity for f in _lint(config, "Intro.\n\nThe programme ran.\n")] == ["info"]


def test_packaged_pack_by_name(tmp_path):
    config = tmp_path / "copydesk.toml"
    config.write_text('styles = ["us-newsroom"]\n', encoding="utf-8")
    findings = _lint(config, "Intro.\n\nThe programme moved towards Mars.\n", path="a.md")
    assert [(f.rule, f.excerpt, f.fix) for f in findings] == [
        ("USN001", "programme", "program"),
        ("USN002", "towards", "toward"),
    ]


def test_style_rules_run_on_html(tmp_path):
    config = _write(tmp_path)
    html = "<article><h1>Launch</h1><p>The <b>programme</b> &amp; more.</p></article>"
    assert spans(_lint(config, html, path="a.html")) == [("HSE001", 1, 35, 1, 44, "programme")]


def test_bad_toml_is_a_clear_error_with_exit_2(tmp_path):
    pack = tmp_path / "broken.toml"
    pack.write_text('[style]\nname = "x"\nprefix = \n', encoding="utf-8")
    result = CliRunner().invoke(main, ["style", "test", str(pack)])
    assert result.exit_code == 2
    assert f"{pack}: invalid TOML" in result.output
    config = _write(tmp_path, pack="[style\n")
    with pytest.raises(ConfigError, match=r"house\.toml: invalid TOML"):
        load_config_file(config)
    story = tmp_path / "story.txt"
    story.write_text("Intro.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(story)])
    assert result.exit_code == 2 and "invalid TOML" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "existence"', 'kind = "forbid"'), r"rule\[2\]\.kind: unknown kind 'forbid'"),
        (('code = "HSE002"', 'code = "CD999"'), r"rule\[2\]\.code: 'CD999' must be the pack's prefix HSE"),
        (('prefix = "HSE"', 'prefix = "CDX"'), r"style\.prefix: 'CDX' must be 2 to 6 capital letters"),
        (('name = "house-banned"', 'name = "placeholder-text"'), r"rule\[2\]\.name: 'placeholder-text' is already"),
        (('tokens = ["very unique"]', 'tokens = ["(a+)+"]\nregex = true'), r"rule\[2\]\.tokens: .*nests repeated"),
        (('severity = "error"', 'severity = "fatal"'), r"rule\[2\]\.severity: must be error, warning or info"),
        (('examples.bad = ["A very unique idea."]', ""), r"rule\[2\]\.examples\.bad: must be a non-empty list"),
        (("{replacement!r}", "{replace}"), r"rule\[1\]\.message: bad placeholder 'replace'"),
        (('tokens = ["very unique"]', 'tokens = ["very unique"]\ncolour = 1'), r"rule\[2\]\.colour: unknown key"),
    ],
)
def test_pack_validation_names_file_and_key(tmp_path, change, message):
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK.replace(*change), encoding="utf-8")
    with pytest.raises(StyleError, match=rf"pack\.toml: {message}"):
        load_style(pack)


def test_style_test_reports_misbehaving_examples(tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK.replace('examples.good = ["A unique idea."]', 'examples.good = ["So very unique."]'), "utf-8")
    result = CliRunner().invoke(main, ["style", "test", str(pack)])
    assert result.exit_code == 1
    assert "FAIL HSE002 house-banned: 1/2 examples behave" in result.output
    assert "good example flagged ('very unique'): 'So very unique.'" in result.output


def test_missing_pack_and_duplicate_prefix(tmp_path):
    config = tmp_path / "copydesk.toml"
    config.write_text('styles = ["nope/missing.toml"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"styles: no style pack 'nope/missing\.toml'"):
        load_config_file(config)
    config = _write(tmp_path, config='styles = ["styles/house.toml", "./styles/house.toml"]')
    with pytest.raises(ConfigError, match="both use the prefix HSE"):
        load_config_file(config)


def test_style_test_takes_a_bundled_pack_by_name(tmp_path, monkeypatch):
    """`copydesk style test us-newsroom` reads the pack `styles = ["us-newsroom"]` names (issue #22, item 7)."""
    monkeypatch.chdir(tmp_path)  # no file of that name here: the bundled pack it is
    result = CliRunner().invoke(main, ["style", "test", "us-newsroom"])
    assert result.exit_code == 0, result.output
    assert "us-newsroom: style pack 'us-newsroom' (USN)" in result.output
    assert "All examples behave." in result.output


def test_style_test_unknown_name_lists_the_bundled_packs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["style", "test", "uk-newsroom"])
    assert result.exit_code == 2
    assert "no style pack 'uk-newsroom': not a file, nor a bundled pack (us-newsroom)" in result.output
    assert "Traceback" not in result.output
