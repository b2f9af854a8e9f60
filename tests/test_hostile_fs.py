"""Hostile input from the file system itself: pipes, devices, endless streams, odd names, odd ``-o`` targets.

``tests/test_hostile.py`` covers hostile *content*; these are the things a
path can be besides an article file. A named pipe nobody writes to blocks
``open()`` for ever and ``/dev/zero`` never ends, so a batch that meets one
must give one clear error line at once (``--timeout 0`` here: no alarm may be
what saves it). A file name may hold a newline, an escape sequence or bytes
that are not UTF-8; the text report must still be one line per finding and a
JSON report valid UTF-8 that names the file exactly. ``-o`` may name a device
or a pipe, which an atomic rename would replace with a regular file (as root,
``-o /dev/null`` removed ``/dev/null``). ``--fix`` never writes a file it could
not lint, and a file it rewrites keeps its owner.

Everything runs through a real ``python -m copydesk`` process: pipes, stdin
and the output encoding are what is being tested.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

SELECT = "CD1,CD5"
NORMAL = "<article><h1>Launch</h1><p>More about the launch. Update soon.</p></article>"
NORMAL_HIT = ":1:51: CD101 "
STRICT = {"PYTHONIOENCODING": "utf-8:strict"}  # as on a machine whose locale is en_US.UTF-8


def copydesk(
    *args: str, stdin=None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """``python -m copydesk ARGS`` as bytes (file names need not be UTF-8); a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "copydesk", *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def errors(process: subprocess.CompletedProcess[bytes]) -> list[str]:
    stderr = process.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if ": error: " in line]


@pytest.fixture
def normal(tmp_path: Path) -> Path:
    path = tmp_path / "normal.html"
    path.write_text(NORMAL)
    return path


# --- pipes, devices and endless streams ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need os.mkfifo (POSIX)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path: Path, normal: Path, jobs: str):
    """Given by name and met in a directory walk: one error line each, no hang even with no time limit."""
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    site = tmp_path / "site"
    site.mkdir()
    os.mkfifo(site / "inner.html")
    (site / "story.html").write_text(NORMAL)
    started = time.monotonic()
    process = copydesk("check", "-j", jobs, "--timeout", "0", "--select", SELECT, str(pipe), str(site), str(normal))
    assert time.monotonic() - started < 30
    reason = "cannot read: not a regular file (a named pipe); pipe a stream to `copydesk check -` instead"
    assert errors(process) == [f"{pipe}: error: {reason}", f"{site / 'inner.html'}: error: {reason}"]
    out = process.stdout.decode()
    assert f"{site / 'story.html'}{NORMAL_HIT}" in out and f"{normal}{NORMAL_HIT}" in out
    assert process.returncode == 2


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_given_as_a_file_is_refused_even_without_a_size_limit(normal: Path):
    """``/dev/zero`` never ends: with ``--max-file-size 0`` reading it would only stop when memory did."""
    started = time.monotonic()
    process = copydesk("check", "-j", "1", "--max-file-size", "0", "--timeout", "0", "--select", SELECT,
                       "/dev/zero", str(normal))  # fmt: skip
    assert time.monotonic() - started < 30
    assert errors(process) == [
        "/dev/zero: error: cannot read: not a regular file (a character device); "
        "pipe a stream to `copydesk check -` instead"
    ]
    assert f"{normal}{NORMAL_HIT}" in process.stdout.decode()
    assert process.returncode == 2


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_standard_input_stops_at_the_size_limit():
    """``copydesk check - < /dev/zero``: only the limit plus one byte is read, then one error line."""
    with open("/dev/zero", "rb") as zero:
        started = time.monotonic()
        process = copydesk("check", "--max-file-size", "1MB", "--select", SELECT, "-", stdin=zero)
    assert time.monotonic() - started < 30
    assert errors(process) == ["<stdin>: error: skipped: the input is larger than the 1 MB limit (--max-file-size)"]
    assert process.returncode == 2


def test_a_dangling_symlink_says_where_it_points(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "story.html").write_text(NORMAL)
    (site / "moved.html").symlink_to("gone/old-story.html")
    process = copydesk("check", "-j", "1", "--select", SELECT, str(site))
    assert errors(process) == [
        f"{site / 'moved.html'}: error: no such file: a dangling symbolic link to 'gone/old-story.html'"
    ]
    assert f"{site / 'story.html'}{NORMAL_HIT}" in process.stdout.decode()
    assert process.returncode == 2


def test_a_loop_of_symlinks_is_named_as_one(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "story.html").write_text(NORMAL)
    (site / "a.html").symlink_to("b.html")
    (site / "b.html").symlink_to("a.html")
    process = copydesk("check", "-j", "1", "--select", SELECT, str(site))
    assert errors(process) == [
        f"{site / 'a.html'}: error: cannot read: a loop of symbolic links",
        f"{site / 'b.html'}: error: cannot read: a loop of symbolic links",
    ]
    assert f"{site / 'story.html'}{NORMAL_HIT}" in process.stdout.decode()
    assert process.returncode == 2


# --- file names that are not one line of UTF-8 -----------------------------------------------------


@pytest.fixture
def odd_names(tmp_path: Path) -> tuple[Path, list[bytes]]:
    """A folder of stories named with a newline, an escape sequence and bytes that are not UTF-8."""
    folder = tmp_path / "names"
    folder.mkdir()
    names = [b"bad-\xff\xfe-bytes.html", b"new\nline.html", b"tab\tand-esc\x1b[31m.html"]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(NORMAL.encode())
    return folder, names


def test_text_report_shows_each_odd_name_on_one_line(odd_names: tuple[Path, list[bytes]]):
    folder, _ = odd_names
    process = copydesk("check", "-j", "1", "-q", "--select", "CD101", str(folder), env=STRICT)
    assert errors(process) == []
    lines = process.stdout.decode("utf-8").splitlines()  # valid UTF-8, whatever the names' bytes
    assert lines == [
        f"{folder}/bad-\\xff\\xfe-bytes.html{NORMAL_HIT}[error] filler 'Update soon' left in the copy",
        f"{folder}/new\\nline.html{NORMAL_HIT}[error] filler 'Update soon' left in the copy",
        f"{folder}/tab\\tand-esc\\x1b[31m.html{NORMAL_HIT}[error] filler 'Update soon' left in the copy",
    ]
    assert process.returncode == 1


def test_error_line_for_an_odd_name_is_one_line(tmp_path: Path):
    missing = os.path.join(os.fsencode(tmp_path), b"gone-\xff\n.html")
    process = copydesk("check", "--select", SELECT, os.fsdecode(missing), env=STRICT)
    assert errors(process) == [f"{tmp_path}/gone-\\xff\\n.html: error: no such file or directory"]
    assert process.returncode == 2


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "-o"])
def test_json_report_names_odd_files_exactly_in_valid_utf8(
    odd_names: tuple[Path, list[bytes]], tmp_path: Path, to_file: bool
):
    """The JSON escape of an undecodable byte's surrogate reads back as that byte (``os.fsencode``)."""
    folder, names = odd_names
    report = tmp_path / "report.json"
    output = ["-o", str(report)] if to_file else []
    process = copydesk("check", "-j", "1", "--format", "json", "--select", "CD101", *output, str(folder), env=STRICT)
    assert errors(process) == []
    raw = report.read_bytes() if to_file else process.stdout
    data = json.loads(raw.decode("utf-8"))  # strict UTF-8: no raw 0xff in the report
    paths = [os.fsencode(entry["path"]) for entry in data["files"]]
    assert paths == sorted(os.path.join(os.fsencode(folder), name) for name in names)
    assert all(len(entry["findings"]) == 1 for entry in data["files"])
    assert process.returncode == 1


# --- -o that names a device or a pipe -------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="mknod of a device needs root")
def test_report_to_a_device_node_keeps_the_device(tmp_path: Path, normal: Path):
    """``-o`` naming a character device (a private copy of /dev/null) writes to it; the node stays a device."""
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    process = copydesk("check", "-j", "1", "--select", SELECT, "-o", str(device), str(normal))
    assert errors(process) == []
    assert stat.S_ISCHR(os.stat(device).st_mode), "the device node was replaced by a regular file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["normal.html", "null"]  # no temporary left
    assert process.returncode == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need os.mkfifo (POSIX)")
def test_report_to_a_named_pipe_reaches_its_reader_and_the_pipe_stays(tmp_path: Path, normal: Path):
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    process = None
    while time.monotonic() < deadline:  # the reader's open() must be in place before copydesk opens the pipe
        process = copydesk("check", "-j", "1", "--select", SELECT, "-q", "-o", str(pipe), str(normal))
        if process.returncode != 2:
            break
        time.sleep(0.1)
    assert process is not None and process.returncode == 1, process
    reader.join(10)
    assert received and received[0].decode().startswith(f"{normal}{NORMAL_HIT}")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need os.mkfifo (POSIX)")
def test_report_to_a_named_pipe_nobody_reads_is_an_error_not_a_hang(tmp_path: Path, normal: Path):
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    started = time.monotonic()
    process = copydesk("check", "-j", "1", "--select", SELECT, "-o", str(pipe), str(normal))
    assert time.monotonic() - started < 30
    assert errors(process) == [f"{pipe}: error: cannot write the report: a named pipe that nobody reads"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert process.returncode == 2


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_report_to_dev_stdout(normal: Path):
    process = copydesk("check", "-j", "1", "--select", SELECT, "--format", "json", "-o", "/dev/stdout", str(normal))
    assert errors(process) == []
    assert json.loads(process.stdout)["summary"]["findings"] == 1
    assert process.returncode == 1


# --- --fix: a file that was not linted is not touched; a rewritten file keeps its owner --------------


def test_fix_never_touches_a_file_it_gave_up_on(tmp_path: Path):
    """A file over the time limit has fixable findings the run never saw: its bytes and mtime stay."""
    slow = tmp_path / "slow.html"
    slow.write_bytes(b"<p>The the plan....</p>" + b"<b>" * 1_000_000)  # seconds to model: given up at 1 s
    fixable = tmp_path / "fixable.html"
    fixable.write_bytes(b"<p>The plan was approved....</p>\r\n")
    before = slow.stat()
    process = copydesk(
        "check", "-j", "1", "--timeout", "1", "--select", "CD501,CD502", "--fix", str(slow), str(fixable)
    )
    assert errors(process) == [f"{slow}: error: skipped: took longer than the 1 s limit per file (--timeout)"]
    after = slow.stat()
    assert slow.read_bytes().startswith(b"<p>The the plan....</p>")
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == (before.st_mtime_ns, before.st_ino, before.st_size)
    assert fixable.read_bytes() == b"<p>The plan was approved...</p>\r\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["fixable.html", "slow.html"]
    assert process.returncode == 2


@pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="chown to another user needs root")
def test_fix_keeps_the_owner_and_mode_of_the_file(tmp_path: Path):
    """Run as root (a CI job, a cron), ``--fix`` must not hand a CMS user's article over to root."""
    story = tmp_path / "story.html"
    story.write_bytes(b"<p>The plan was approved....</p>\n")
    os.chown(story, 4321, 4321)
    story.chmod(0o640)
    process = copydesk("check", "-j", "1", "--select", "CD502", "--fix", str(story))
    assert errors(process) == []
    status = story.stat()
    assert story.read_bytes() == b"<p>The plan was approved...</p>\n"
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4321, 4321, 0o640)


# --- standard streams that are closed or full; a bug is one line, not a traceback -------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_a_full_disk_under_stdout_is_one_error_line(normal: Path, output_format: str):
    with open("/dev/full", "w") as full:
        process = subprocess.run(
            [sys.executable, "-m", "copydesk", "check", "--format", output_format, "--select", SELECT, str(normal)],
            stdout=full, stderr=subprocess.PIPE, timeout=60, check=False,
        )  # fmt: skip
    assert errors(process) == ["<stdout>: error: cannot write the report: No space left on device"]
    assert process.returncode == 2


@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        ("<&-", "standard input is closed: there is nothing to read for -"),
        (">&-", "standard output is closed: give -o FILE for the report"),
    ],
    ids=["stdin-closed", "stdout-closed"],
)
def test_a_closed_standard_stream_is_a_usage_error(redirect: str, message: str):
    command = f'"{sys.executable}" -m copydesk check --select {SELECT} - {redirect}'
    process = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, check=False)
    stderr = process.stderr.decode()
    assert "Traceback" not in stderr
    assert f"Error: {message}" in stderr
    assert process.returncode == 2


_BUGGY = """
import sys
import copydesk.frontends.cli as cli
def broken(*args, **kwargs):
    raise RuntimeError("a bug in\\nthe engine")
cli.lint_paths = broken
sys.argv = ["copydesk", *sys.argv[1:]]
cli.run()
"""


def test_an_unexpected_exception_is_one_internal_error_line(normal: Path):
    """A bug that escapes (injected here) ends the run with exit 2 and one line; COPYDESK_TRACEBACK=1 shows it."""
    command = [sys.executable, "-c", _BUGGY, "check", "--select", SELECT, str(normal)]
    quiet = {key: value for key, value in os.environ.items() if key != "COPYDESK_TRACEBACK"}
    process = subprocess.run(command, capture_output=True, timeout=60, check=False, env=quiet)
    assert process.stderr.decode().splitlines() == [
        "copydesk: internal error (RuntimeError: a bug in\\nthe engine); please report it"
        " (COPYDESK_TRACEBACK=1 shows where)"
    ]
    assert process.returncode == 2
    shown = subprocess.run(command, capture_output=True, timeout=60, check=False,
                           env={**quiet, "COPYDESK_TRACEBACK": "1"})  # fmt: skip
    assert b"Traceback" in shown.stderr and b"RuntimeError: a bug in" in shown.stderr
    assert shown.returncode == 1


def test_diff_quotes_an_odd_name_as_git_does(tmp_path: Path):
    """``--diff`` headers are one line each: a name with a newline or a non-UTF-8 byte is quoted and escaped."""
    story = os.path.join(os.fsencode(tmp_path), b"fix\nme-\xff.html")
    with open(story, "wb") as handle:
        handle.write(b"<p>The plan was approved....</p>\n")
    process = copydesk("check", "--select", "CD502", "--diff", os.fsdecode(story), env=STRICT)
    assert errors(process) == []
    name = f"{tmp_path}/fix\\nme-\\xff.html".lstrip("/")
    assert process.stdout.decode("utf-8").splitlines()[:2] == [f'--- "a/{name}"', f'+++ "b/{name}"']
    assert process.returncode == 1
