"""Hostile input through the real command line: never a traceback, never a hang, never a lost file.

Each file of the hostile set is run through ``copydesk check`` alone and then
with all the others and a normal article in one batch. A file yields valid
findings at exact positions (computed here from the text the test wrote, not
from copydesk) or exactly one ``PATH: error: …`` line on stderr; the other
files of the batch are still linted; the exit code follows the contract of
``lint/cli.py`` (0 clean, 1 findings at or above ``--fail-on``, 2 an input
error anywhere in the batch); and "Traceback" never appears.

Big inputs are generated in a temporary directory, never committed. The
grammar engine (CD8xx) is left out with ``--select``: it is not what these
cases are about and it is the slowest stage; placeholders (CD1), credits
(CD2), quotes (CD3) and typography (CD5) give findings whose positions can be
checked. Single files go through click's CliRunner (in process: faithful for
everything but pipes and signals, and it saves an interpreter start per
case); the batch, the pipe and the size limit go through a real subprocess.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.frontends.cli import main

SELECT = "CD1,CD2,CD3,CD5"
NORMAL = "<article><h1>Launch</h1><p>More about the launch. Update soon.</p></article>"
WORDS = ["alpha", "beta", "gamma", "delta", "launch", "rocket", "orbit", "crew", "Moon", "NASA"]


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line:column of ``text[index]``, counting ``\\r\\n``, ``\\r`` and ``\\n`` as one break each."""
    line, column, k = 1, 1, 0
    while k < index:
        if text[k] == "\r" and k + 1 < len(text) and text[k + 1] == "\n":
            if k + 1 == index:  # inside a CRLF: not a place a finding can start
                break
            k += 1
        if text[k] in "\r\n":
            line, column = line + 1, 1
        else:
            column += 1
        k += 1
    return line, column


@dataclass
class Case:
    """A hostile file and what it must produce."""

    name: str
    data: bytes
    #: (rule, excerpt, text the position is counted in, index of the excerpt in that text)
    findings: list[tuple[str, str, str, int]] = field(default_factory=list)
    error: str | None = None  # what the one stderr line must contain
    clean: bool = False  # no finding at all

    def expected(self) -> list[tuple[str, int, int, str]]:
        return [(rule, *position(text, index), excerpt) for rule, excerpt, text, index in self.findings]


def _finding(rule: str, excerpt: str, text: str, occurrence: int = 0) -> tuple[str, str, str, int]:
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(excerpt, index + 1)
    return rule, excerpt, text, index


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def build_cases() -> list[Case]:
    cases: list[Case] = []

    text = (
        "<html><body><article><h1>Launch day</h1><p>The rocket lifted off. Update soon.</p>"
        '<p>More on the <b>crew <a href="/crew'
    )
    cases.append(Case("truncated.html", text.encode(), [_finding("CD101", "Update soon", text)]))

    text = "<div>" * 20_000 + "<p>The rocket lifted off. Update soon.</p>" + "</div>" * 10
    cases.append(Case("deep.html", text.encode(), [_finding("CD101", "Update soon", text)]))

    body = " ".join(WORDS[k % len(WORDS)] for k in range(300_000))[:2_000_000]
    text = f"<p>{body}. Update soon.</p>"  # one line of 2 MB
    cases.append(Case("long-line.html", text.encode(), [_finding("CD101", "Update soon", text)]))

    noise = random.Random(8).randbytes(4096)
    cases.append(Case("binary.html", noise, error="cannot decode: binary data"))
    cases.append(Case("image.html", _png(), error="cannot decode: binary data"))
    cases.append(
        Case("nul.html", b"<p>The rocket lifted off.\x00 Update soon.</p>", error="cannot decode: binary data")
    )

    # Invalid UTF-8 in a page that claims UTF-8: read with one character per byte here
    # (windows-1252 or replacement characters), so the column is the byte index.
    data = b"<meta charset=utf-8><p>caf\xc3 \xff\xfe rocket. Update soon.</p>"
    latin = data.decode("latin-1")
    cases.append(Case("invalid-utf8.html", data, [_finding("CD101", "Update soon", latin)]))

    text = "<p>Caf\u00e9 \U0001f600 and the the end.</p>\r\n<p>\u201cQuote\u201d \U0001f680 Update soon.</p>"
    cases.append(
        Case(
            "utf16.html",
            text.encode("utf-16"),  # with its byte order mark
            [_finding("CD501", "the the", text), _finding("CD101", "Update soon", text)],
        )
    )

    text = (
        "<html><head><meta charset=windows-1252></head><body>\n"
        "<p>Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve and the the end.</p>\r\n"
        "<p>\u2018Fa\u00e7ade\u2019 \u2013 Update soon.</p></body></html>"
    )
    cases.append(
        Case(
            "cp1252.html",
            text.encode("cp1252"),
            [_finding("CD501", "the the", text), _finding("CD101", "Update soon", text)],
        )
    )

    text = (
        "<html><head><meta charset=shift_jis></head><body>\n"
        "<p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b\u3067\u3059\u3002 and the the end.</p>\n"
        "<p>\u6771\u4eac\u304b\u3089\u3002 Update soon.</p></body></html>"
    )
    cases.append(
        Case(
            "shift-jis.html",
            text.encode("shift_jis"),
            [_finding("CD501", "the the", text), _finding("CD101", "Update soon", text)],
        )
    )

    cases.append(Case("empty.html", b"", clean=True))
    cases.append(Case("whitespace.html", b"  \n\t\r\n \f ", clean=True))

    # English copy (the quote rules only judge English), 50,000 words after an opening mark
    # that is never closed; a filler inside it would read as quoted, so it follows after.
    sentence = "the crew said that the launch went well and the rocket reached its orbit on time "
    words = " ".join((sentence * (50_000 // 16 + 1)).split()[:50_000])
    text = f"<p>The director said \u201c{words}.</p>\n<p>More to come. Update soon.</p>"
    cases.append(
        Case(
            "open-quote.html",
            text.encode(),
            [_finding("CD303", "\u201c", text), _finding("CD101", "Update soon", text)],
        )
    )

    text = "".join(f"<p>Paragraph {k} about the launch.</p>\n" for k in range(59_999))
    text += "<p>The last one. Update soon.</p>\n"
    cases.append(Case("paragraphs.html", text.encode(), [_finding("CD101", "Update soon", text)]))

    # Every kind of line end in one file: a lone CR, LF, CRLF, then an empty CRLF and an empty CR line.
    text = "<article><h1>Mixed</h1>\r<p>One TK here.</p>\n<p>Two and the the end.</p>\r\n\r\n\r<p>Update soon.</p>"
    cases.append(
        Case(
            "mixed-line-ends.html",
            text.encode(),
            [_finding("CD102", "TK", text), _finding("CD501", "the the", text), _finding("CD101", "Update soon", text)],
        )
    )

    attributes = "".join(f' data-a{k}="v{k}"' for k in range(100_000))
    text = f"<article><h1>Attributes</h1><p{attributes}>The plan. Update soon.</p></article>"
    cases.append(Case("many-attributes.html", text.encode(), [_finding("CD101", "Update soon", text)]))

    inline = ["b", "i", "span", "a", "em"]
    text = "<p>" + "".join(f"<{inline[k % 5]}>" for k in range(30_000)) + "The plan. Update soon.</p>"
    cases.append(Case("deep-inline.html", text.encode(), [_finding("CD101", "Update soon", text)]))

    gzipped = gzip.compress(NORMAL.encode() * 50, mtime=0)
    cases.append(Case("gzip.html", gzipped, error="cannot decode: binary data (gzip-compressed)"))

    # UTF-16 saved without a byte order mark (NULs in every other byte, all on one side).
    text = "<p>Caf\u00e9 \U0001f680 and the the end.</p>\n<p>\u201cQuote\u201d. Update soon.</p>"
    for codec in ("utf-16-le", "utf-16-be"):
        found = [_finding("CD501", "the the", text), _finding("CD101", "Update soon", text)]
        cases.append(Case(f"{codec}-no-bom.html", text.encode(codec), found))
    return cases


CASES = build_cases()


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for case in CASES:
        (folder / case.name).write_bytes(case.data)
    (folder / "normal.html").write_text(NORMAL)
    return folder


def cli(*args: str) -> tuple[int, str, str]:
    """``copydesk ARGS`` in process: (exit code, stdout, stderr); an exception fails the test."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def subprocess_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "copydesk", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def check_json(*paths: str, jobs: str = "1") -> tuple[int, dict, str]:
    code, out, err = cli("check", "--format", "json", "-j", jobs, "--select", SELECT, *paths)
    return code, json.loads(out), err


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def assert_case(case: Case, result: dict, path: str, stderr: str) -> None:
    assert "Traceback" not in stderr
    mine = [line for line in error_lines(stderr) if line.startswith(f"{path}: error: ")]
    if case.error is not None:
        assert result["error"] is not None and case.error in result["error"], result
        assert mine == [f"{path}: error: {result['error']}"], stderr
        assert result["findings"] == []
        return
    assert result["error"] is None, result
    assert mine == [], stderr
    got = [(f["rule"], f["line"], f["column"], f["excerpt"]) for f in result["findings"]]
    if case.clean:
        assert got == []
    for expected in case.expected():
        assert expected in got, (expected, got[:10])


def _exit_code(case: Case) -> int:
    if case.error is not None:
        return 2
    return 0 if case.clean else 1  # every expected finding here is a warning or an error


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_one_hostile_file_alone(case: Case, hostile_dir: Path):
    path = str(hostile_dir / case.name)
    started = time.monotonic()
    code, report, stderr = check_json(path)
    assert time.monotonic() - started < 180, "no hang (generous: the machine is shared)"
    (result,) = report["files"]
    assert_case(case, result, path, stderr)
    assert code == _exit_code(case), (code, stderr)


@pytest.mark.slow  # the long tier: `python -m pytest -m slow` (issue #22, item 14)
def test_all_hostile_files_in_one_batch_with_a_normal_article(hostile_dir: Path):
    """The real CLI, two worker processes: every file as when alone, the normal article still linted, exit 2."""
    paths = [str(hostile_dir / case.name) for case in CASES]
    normal = str(hostile_dir / "normal.html")
    process = subprocess_cli("check", "--format", "json", "-j", "2", "--select", SELECT, *paths, normal)
    assert "Traceback" not in process.stderr
    report = json.loads(process.stdout)
    by_path = {result["path"]: result for result in report["files"]}
    assert list(by_path) == [*paths, normal]
    for case, path in zip(CASES, paths, strict=True):
        assert_case(case, by_path[path], path, process.stderr)
    assert [f["rule"] for f in by_path[normal]["findings"]] == ["CD101"]
    assert len(error_lines(process.stderr)) == sum(case.error is not None for case in CASES)
    assert process.returncode == 2


def test_text_format_batch_has_one_error_line_per_bad_file(hostile_dir: Path):
    """The default text output, the small files only: one ``PATH: error:`` line each, findings for the rest."""
    small = [case for case in CASES if len(case.data) < 100_000]
    paths = [str(hostile_dir / case.name) for case in small]
    code, out, err = cli("check", "-j", "1", "--no-color", "--select", SELECT, *paths, str(hostile_dir / "normal.html"))
    assert "Traceback" not in err
    why = {
        "gzip.html": "binary data (gzip-compressed), not an HTML or text article: decompress it first",
    }
    assert error_lines(err) == [
        f"{path}: error: cannot decode: {why.get(case.name, 'binary data (NUL bytes), not an HTML or text article')}"
        for case, path in zip(small, paths, strict=True)
        if case.error
    ]
    for case, path in zip(small, paths, strict=True):
        for rule, line, column, _ in case.expected():
            assert f"{path}:{line}:{column}: {rule} " in out
    assert f"{hostile_dir / 'normal.html'}:1:51: CD101 " in out
    assert code == 2


# --- size limit ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty_megabytes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "fifty.html"
    block = ("<p>" + " ".join(WORDS) + ". Update soon.</p>\n").encode()
    with open(path, "wb") as handle:
        handle.write(block * (50 * 1024 * 1024 // len(block) + 1))
    return path


def test_file_above_max_file_size_is_skipped_with_one_error_line(fifty_megabytes: Path, hostile_dir: Path):
    normal = str(hostile_dir / "normal.html")
    started = time.monotonic()
    process = subprocess_cli("check", "--max-file-size", "1MB", "--select", SELECT, str(fifty_megabytes), normal)
    assert time.monotonic() - started < 30, "a skipped file must not be read"
    assert "Traceback" not in process.stderr
    (line,) = error_lines(process.stderr)
    assert line.startswith(f"{fifty_megabytes}: error: skipped: ")
    assert "50 MB" in line and "1 MB" in line and "--max-file-size" in line
    assert f"{normal}:1:51: CD101" in process.stdout
    assert process.returncode == 2


def test_fifty_megabytes_is_skipped_by_the_default_limit(fifty_megabytes: Path):
    code, _, err = cli("check", "-j", "1", "--select", SELECT, str(fifty_megabytes))
    assert error_lines(err) == [
        f"{fifty_megabytes}: error: skipped: 50 MB is larger than the 10 MB limit (--max-file-size)"
    ]
    assert code == 2


# --- files that go away or cannot be read -------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: root reads a chmod 000 file anyway")
def test_unreadable_file_chmod_000(tmp_path: Path):
    locked = tmp_path / "locked.html"
    locked.write_text(NORMAL)
    locked.chmod(0)
    normal = tmp_path / "normal.html"
    normal.write_text(NORMAL)
    try:
        code, out, err = cli("check", "-j", "1", "--select", SELECT, str(locked), str(normal))
    finally:
        locked.chmod(0o644)
    assert error_lines(err) == [f"{locked}: error: permission denied"]
    assert f"{normal}:1:51: CD101" in out
    assert code == 2


def test_unreadable_file_through_open_raising_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same path as chmod 000 for a user who is not root: ``os.open`` refuses the file."""
    locked = tmp_path / "locked.html"
    locked.write_text(NORMAL)
    normal = tmp_path / "normal.html"
    normal.write_text(NORMAL)
    real_open = os.open

    def refusing_open(file, *args, **kwargs):
        if os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    code, out, err = cli("check", "-j", "1", "--select", SELECT, str(locked), str(normal))
    assert "Traceback" not in err
    assert error_lines(err) == [f"{locked}: error: permission denied"]
    assert f"{normal}:1:51: CD101" in out
    assert code == 2


def test_directory_with_a_folder_symlink_loop(tmp_path: Path):
    """A walk does not follow linked folders, so ``sub/up -> ..`` cannot make it endless."""
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "story.html").write_text(NORMAL)
    (root / "sub" / "up").symlink_to("..")
    started = time.monotonic()
    code, out, err = cli("check", "-j", "1", "--select", SELECT, str(root))
    assert time.monotonic() - started < 30
    assert "Traceback" not in err
    assert f"{root / 'sub' / 'story.html'}:1:51: CD101" in out
    assert out.count("CD101") == 1  # the story once, not again through sub/up/sub/…
    assert code == 1


def test_directory_with_a_file_symlink_loop(tmp_path: Path):
    """``self.html -> self.html`` inside a folder: one error line for it, the story still linted."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "story.html").write_text(NORMAL)
    (root / "self.html").symlink_to("self.html")
    code, out, err = cli("check", "-j", "1", "--select", SELECT, str(root))
    assert "Traceback" not in err
    assert f"{root / 'story.html'}:1:51: CD101" in out
    assert error_lines(err) == [f"{root / 'self.html'}: error: cannot read: a loop of symbolic links"]
    assert code == 2


def test_file_deleted_between_listing_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import copydesk.pipeline.batch as batch

    doomed = tmp_path / "a-doomed.html"
    doomed.write_text(NORMAL)
    normal = tmp_path / "b-normal.html"
    normal.write_text(NORMAL)
    listing: Callable = batch.expand_paths_lazily

    def list_then_delete(paths):
        items = list(listing(paths))
        assert str(doomed) in items
        doomed.unlink()  # gone after the listing, before the read
        return iter(items)

    monkeypatch.setattr(batch, "expand_paths_lazily", list_then_delete)
    code, out, err = cli("check", "-j", "1", "--select", SELECT, str(tmp_path))
    assert "Traceback" not in err
    assert error_lines(err) == [f"{doomed}: error: no such file"]
    assert f"{normal}:1:51: CD101" in out
    assert code == 2


# --- stdout closed early --------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stdout_closed_early_by_head(tmp_path: Path, jobs: str):
    """``copydesk check … | head -1`` through a real pipe: quiet, prompt, no BrokenPipeError."""
    story = tmp_path / "story.html"
    story.write_text(NORMAL)
    many = " ".join([str(story)] * 400)
    script = f'{sys.executable} -m copydesk check -j {jobs} --select {SELECT} {many} 2>"{tmp_path}/err" | head -1'
    started = time.monotonic()
    process = subprocess.run(
        ["bash", "-c", script + '; echo "${PIPESTATUS[0]}" > ' + f'"{tmp_path}/status"'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 45
    assert process.stdout.startswith(f"{story}:1:51: CD101 ")
    assert process.stdout.count("\n") == 1
    stderr = (tmp_path / "err").read_text()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr and "Exception ignored" not in stderr
    assert (tmp_path / "status").read_text().strip() == "1"  # findings were found before the pipe closed


# --- bugs the hostile and fuzz tests found ------------------------------------------------------


def test_stray_ampersand_hash_does_not_turn_the_rest_of_the_page_into_text():
    """html.parser gave up at an ``&#`` with no ";" after it (or a second one with one) and
    handed the rest of the page over as text: tags, attributes and all (found by tests/test_fuzz.py)."""
    from copydesk.model.html import build_article
    from copydesk.source.text import SourceText

    for page in ("&#<article><h1>Council</h1>\n<p>The council met.</p></article>",
                 "<p>a &# b</p><p>c &# d;</p><h2>Head</h2><p>f</p>"):  # fmt: skip
        blocks = [block.text for block in build_article(SourceText(page)).blocks]
        assert not any("<" in text for text in blocks), blocks
    blocks = build_article(SourceText("<p>a &# b</p><p>c &# d;</p><h2>Head</h2><p>f</p>")).blocks
    assert [(block.role, block.text) for block in blocks] == [
        ("paragraph", "a &# b"), ("paragraph", "c &# d;"), ("subheading", "Head"), ("paragraph", "f"),
    ]  # fmt: skip


def test_legacy_entity_prefix_maps_only_the_prefix():
    """``&ampUpdate`` reads ``&Update``: a finding on ``Update`` starts at ``U``, not at ``&`` (found by fuzzing)."""
    from copydesk.frontends.api import check_html

    page = "<p>x &ampUpdate soon</p>"
    (finding,) = check_html(page, config={"select": ["CD101"]})
    assert page[finding.start : finding.end] == finding.excerpt == "Update soon"
    assert (finding.line, finding.column) == (1, page.index("Update") + 1)


def test_hard_to_read_text_file_does_not_crash_the_readability_rule(tmp_path: Path):
    """A ``.txt`` or ``.md`` article below the reading-ease floor was an internal error: the
    rule anchored its finding on the HTML body, which text files do not have (found by fuzzing)."""
    hard = "Notwithstanding multitudinous administrative considerations, intergovernmental " * 6
    for suffix in (".txt", ".md"):
        story = tmp_path / f"hard{suffix}"
        story.write_text(f"Budget vote\n\n{hard}\n")
        code, out, err = cli("check", "-j", "1", "--format", "json", "--select", "CD9", str(story))
        (result,) = json.loads(out)["files"]
        assert result["error"] is None, result
        assert "Traceback" not in err
        assert code in (0, 1)


def test_markdown_nul_keeps_positions_exact():
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    text = "\x00the the end"
    (finding,) = lint_source(SourceText(text, "story.md"), Config(select=("CD501",))).findings
    assert text[finding.start : finding.end] == finding.excerpt == "the the"


def test_markdown_c1_reference_keeps_positions_exact():
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    text = "&#133;\nthe the end"
    (finding,) = lint_source(SourceText(text, "story.md"), Config(select=("CD501",))).findings
    assert text[finding.start : finding.end] == finding.excerpt == "the the"


# --- killed mid-write: --fix, -o and --update-baseline leave the old file or the new one -------

_SLOW_WRITER = """
import os, sys, time
real_fsync = os.fsync
def fsync_then_wait(fd):
    # copydesk.pipeline.atomic flushes the temporary file with fsync before renaming it over the
    # target: stop right there, the new bytes written but not yet in place, to be killed.
    real_fsync(fd)
    sys.stdout.write("WRITING\\n")
    sys.stdout.flush()
    time.sleep(120)
os.fsync = fsync_then_wait
sys.argv = ["copydesk", *sys.argv[1:]]
from copydesk.frontends.cli import run
run()
"""


def _kill_while_writing(*args: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # the report itself goes to a file, so stdout is ours
            if line == "WRITING\n":
                break
        else:
            raise AssertionError(f"never reached the write: {process.stderr.read() if process.stderr else ''}")
        process.kill()  # SIGKILL: no handler, no cleanup
    finally:
        process.kill()
        process.wait(30)
    assert process.returncode == -9


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_killed_during_fix_leaves_the_article_intact(tmp_path: Path):
    story = tmp_path / "story.html"
    original = b"<p>The plan was approved....</p>\r\n<p>Then  it failed the the end.</p>\r\n"
    story.write_bytes(original)
    _kill_while_writing("check", "-j", "1", "--select", "CD501,CD502,CD504", "--fix", str(story))
    assert story.read_bytes() == original  # byte-identical: the new text never replaced it
    assert _leftovers(tmp_path), "the kill came after the temporary file was written"
    # The next run is not confused by the leftover (hidden, .tmp) and fixes the file.
    code, _, err = cli("check", "-j", "1", "--select", "CD501,CD502,CD504", "--fix", str(tmp_path))
    assert "Traceback" not in err and "fixed" in err
    assert story.read_bytes() != original and b"the the" not in story.read_bytes()
    assert code in (0, 1)


def test_killed_while_writing_the_report_leaves_the_previous_report(tmp_path: Path):
    story = tmp_path / "story.html"
    story.write_text(NORMAL)
    report = tmp_path / "report.json"
    report.write_text('{"previous": true}\n')
    _kill_while_writing("check", "-j", "1", "--select", SELECT, "--format", "json", "-o", str(report), str(story))
    assert report.read_text() == '{"previous": true}\n'
    code, _, _ = cli("check", "-j", "1", "--select", SELECT, "--format", "json", "-o", str(report), str(story))
    assert code == 1 and json.loads(report.read_text())["summary"]["findings"] == 1


def test_killed_while_updating_the_baseline_leaves_the_old_baseline(tmp_path: Path):
    story = tmp_path / "story.html"
    story.write_text(NORMAL)
    baseline = tmp_path / "baseline.json"
    code, _, _ = cli(
        "check", "-j", "1", "--select", SELECT, "--baseline", str(baseline), "--update-baseline", str(story)
    )
    assert code == 0
    before = baseline.read_bytes()
    story.write_text(NORMAL.replace("</p>", " TK.</p>"))
    _kill_while_writing(
        "check", "-j", "1", "--select", SELECT, "--baseline", str(baseline), "--update-baseline", str(story)
    )
    assert baseline.read_bytes() == before
    code, _, _ = cli("check", "-j", "1", "--select", SELECT, "--baseline", str(baseline), str(story))
    assert code == 1  # the TK is new against the old, intact baseline


def test_bogus_marked_section_is_a_comment_not_a_rejected_page():
    """``<![INSERT QUOTE]>`` made html.parser raise and BeautifulSoup reject the page: an internal
    error for the file (found by the long fuzz session). Browsers read it as a bogus comment."""
    from copydesk.frontends.api import check_html

    page = "<p>Before.</p><![INSERT QUOTE]><p>The plan. Update soon.</p><p>End <![x"
    findings = check_html(page, config={"select": ["CD101"]})
    assert [(f.rule, f.excerpt, f.start) for f in findings] == [("CD101", "Update soon", page.index("Update"))]


def test_positions_after_a_bogus_marked_section_are_exact():
    """``<![-- note -->`` is a bogus comment too; html.parser moved its position past the "<![" before
    raising, so every later finding was 3 characters late (found by atheris)."""
    from copydesk.frontends.api import check_html

    page = "<p>Before.</p>\n<![-- copydesk note -->\nUpdate soon, says the desk.\n<p>Then TK.</p>"
    findings = check_html(page, config={"select": ["CD101", "CD102"]})
    assert [(f.rule, f.line, f.column, f.excerpt) for f in findings] == [
        ("CD101", 3, 1, "Update soon"),
        ("CD102", 4, 9, "TK"),
    ]


# --- positions counted by hand -----------------------------------------------------------------


def test_windows_1252_positions_counted_by_hand(tmp_path: Path):
    """Curly quotes and an ellipsis are single bytes in windows-1252 and single columns in the report.

    Line 3 is ``<p>The owner said: “We’re ready.” Update soon….</p>``: ``<p>`` is
    columns 1-3, ``The owner said: `` 4-19, ``“`` 20, ``We`` 21-22, ``’`` 23, ``re`` 24-25,
    a space 26, ``ready.`` 27-32, ``”`` 33, a space 34, so ``Update`` starts at 35 and
    ``Update soon`` ends before 46, where the ``…`` (byte 0x85) of ``….`` is. The
    numbers are written out, not computed, so a decoding or a line-end slip shows.
    """
    page = (
        b'<html><head><meta charset="windows-1252"><title>Caf\xe9 news</title></head>\r\n'
        b"<body><article><h1>Caf\xe9 opens</h1>\r\n"
        b"<p>The owner said: \x93We\x92re ready.\x94 Update soon\x85.</p>\r\n"
        b"</article></body></html>\r\n"
    )
    for name, data in (
        ("declared.html", page),
        ("undeclared.html", page.replace(b'<meta charset="windows-1252">', b"")),
    ):
        story = tmp_path / name
        story.write_bytes(data)
        code, report, err = check_json(str(story))
        (result,) = report["files"]
        assert result["error"] is None and "Traceback" not in err
        got = {
            (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["excerpt"])
            for f in result["findings"]
        }
        assert ("CD101", 3, 35, 3, 46, "Update soon") in got, (name, got)
        assert ("CD502", 3, 46, 3, 48, "\u2026.") in got, (name, got)
        assert code == 1


def test_a_real_page_slower_than_the_time_limit_is_given_up(tmp_path: Path):
    """3 MB of one unclosed tag (under the 10 MB limit) takes many seconds to model; ``--timeout 1``
    gives it up after about a second, with no help from a monkeypatch, and the batch goes on."""
    slow = tmp_path / "one-tag.html"
    slow.write_bytes(b"<b>" * 1_000_000 + b"<p>Update soon.</p>")
    normal = tmp_path / "normal.html"
    normal.write_text(NORMAL)
    started = time.monotonic()
    process = subprocess_cli("check", "-j", "1", "--timeout", "1", "--select", SELECT, str(slow), str(normal))
    assert time.monotonic() - started < 60
    assert "Traceback" not in process.stderr
    assert error_lines(process.stderr) == [
        f"{slow}: error: skipped: took longer than the 1 s limit per file (--timeout)"
    ]
    assert f"{normal}:1:51: CD101" in process.stdout
    assert process.returncode == 2


def test_lone_surrogates_in_a_page_given_as_str_are_read_as_replacement_characters():
    """A CMS's ``str`` may hold lone surrogates (bytes decoded with ``surrogateescape``, JSON's
    ``"\\ud800"``); the grammar cache could not hash them (UnicodeEncodeError out of ``check_html``,
    found by the hostile-file pass). They read as U+FFFD, one code point each: columns unchanged."""
    from copydesk.frontends.api import check_html

    page = "<p>Caf\udce9 opens \ud800 today. Update soon.</p>"
    findings = check_html(page)  # the default rules, grammar included
    placeholder = [f for f in findings if f.rule == "CD101"]
    assert [(f.column, f.excerpt) for f in placeholder] == [(page.index("Update") + 1, "Update soon")]
