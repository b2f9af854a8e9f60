"""Batches: ``-j`` worker processes, input order, limits per file, the progress line.

The pool forks its workers, so a monkeypatch made in the test process is in
effect inside the workers too; that is how a crash or a slow file is planted
in a worker here.
"""

from __future__ import annotations

import gc
import io
import json
import os
import pickle
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.engine.config import Config, ConfigFinder
from copydesk.frontends.api import check_bytes, check_html, check_paths
from copydesk.frontends.cli import ByteSize, main
from copydesk.frontends.progress import Progress
from copydesk.model import inputs
from copydesk.pipeline import batch as batch_module
from copydesk.pipeline.batch import Limits, lint_paths

from .conftest import FIXTURES, ROOT

NO_GRAMMAR = ("--ignore", "CD8")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def batch(tmp_path: Path) -> list[str]:
    """Rule fixtures plus files that fail in different ways, mixed into the middle of the batch."""
    rule_files = sorted(str(path) for path in (FIXTURES / "rules").glob("CD[1-4]*.html"))
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return [*rule_files[:6], str(tmp_path / "missing.html"), str(tmp_path / "binary.html"), *rule_files[6:]]


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_two_jobs_print_exactly_what_one_job_prints(batch, output_format):
    one = run("check", "-j", "1", "--format", output_format, "--no-color", *NO_GRAMMAR, *batch)
    two = run("check", "-j", "2", "--format", output_format, "--no-color", *NO_GRAMMAR, *batch)
    assert one.exit_code == two.exit_code == 2  # the missing file is an input error
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert one.stdout.count("CD") > 20


def test_two_jobs_with_grammar_match_one_job(tmp_path):
    paths = [
        str(FIXTURES / "articles" / "nasa-japan-seed.html"),
        *sorted(map(str, (FIXTURES / "rules").glob("CD80*.html"))),
    ]
    outputs = []
    for jobs in ("1", "2"):
        result = run("check", "-j", jobs, "--format", "json", "--cache-dir", str(tmp_path / jobs), *paths)
        outputs.append(json.loads(result.stdout)["files"])
    assert outputs[0] == outputs[1]
    assert any(f["rule"].startswith("CD8") for file in outputs[0] for f in file["findings"])


def test_results_stream_in_input_order_from_the_pool(batch):
    results = list(lint_paths(batch, ConfigFinder(None), {"ignore": ("CD8",)}, jobs=2))
    assert [result.path for result in results] == batch
    assert results[6].error == "no such file or directory"
    assert results[7].error is None or "decode" in results[7].error


def test_a_crashing_worker_costs_only_its_own_file(batch, monkeypatch):
    real = batch_module.lint_path
    victim = batch[3]

    def crash_on_victim(path, *args, **kwargs):
        if path == victim:
            os._exit(70)  # a segfault in native code looks like this to the pool
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch_module, "lint_path", crash_on_victim)
    results = list(lint_paths(batch, ConfigFinder(None), {"ignore": ("CD8",)}, jobs=2))
    assert [result.path for result in results] == batch
    assert "crashed" in (results[3].error or "")
    others = [result for result in results if result.path not in (victim, batch[6], batch[7])]
    assert all(result.error is None for result in others)
    assert sum(len(result.findings) for result in others) > 20


def test_grammar_notice_is_printed_once_for_the_run_not_once_per_worker(tmp_path):
    files = []
    for number in range(4):
        path = tmp_path / f"story{number}.html"
        path.write_text("<p>The mayor said the vote was close, and the count went on.</p>\n", encoding="utf-8")
        files.append(str(path))
    # Nothing listens on port 9 (discard), so the server is unreachable at once.
    args = ["check", "-j", "2", "--grammar-engine", "both", "--languagetool-url", "http://127.0.0.1:9", "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-m", "copydesk", *args, *files], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert "Traceback" not in done.stderr
    notices = [line for line in done.stderr.splitlines() if line.startswith("copydesk:")]
    assert len(notices) == 1, done.stderr
    assert "LanguageTool" in notices[0] or "127.0.0.1:9" in notices[0]


def test_file_over_the_size_limit_is_skipped_and_the_batch_goes_on(tmp_path):
    big = tmp_path / "big.html"
    big.write_text("<p>" + "Words of copy. " * 10_000 + "</p>\n", encoding="utf-8")
    small = tmp_path / "small.html"
    small.write_text("<p>More about the launch. Update soon.</p>\n", encoding="utf-8")
    result = run("check", "-j", "1", "--max-file-size", "100KB", *NO_GRAMMAR, str(big), str(small))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{big}: error: skipped: 146.5 KB is larger than the 100 KB limit (--max-file-size)"
    assert f"{small}:1:27: CD101" in result.stdout
    assert run("check", "--max-file-size", "0", *NO_GRAMMAR, str(big)).exit_code == 0


def test_default_size_limit_is_ten_megabytes(tmp_path):
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)  # sparse: costs no disk
    result = run("check", *NO_GRAMMAR, str(huge))
    assert result.exit_code == 2
    assert "skipped: 10,485,761 bytes is larger than the 10,485,760-byte limit (--max-file-size)" in result.stderr


def test_size_limit_applies_to_standard_input():
    result = CliRunner().invoke(main, ["check", "--max-file-size", "10", "-"], input="<p>" + "x" * 100 + "</p>")
    assert result.exit_code == 2
    assert "<stdin>: error: skipped:" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10MB", 10 << 20), ("512kb", 512 << 10), ("1.5 MiB", int(1.5 * (1 << 20))), ("2G", 2 << 30), ("1000", 1000)],
)
def test_sizes_read_as_people_write_them(text, expected):
    assert ByteSize().convert(text, None, None) == expected


def test_a_nonsense_size_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "--max-file-size", "ten", "x.html"])
    assert result.exit_code == 2
    assert "'ten' is not a size" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_limit_is_given_up_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    slow = tmp_path / "slow.html"
    slow.write_text("<p>A page that takes forever.</p>\n", encoding="utf-8")
    fine = tmp_path / "fine.html"
    fine.write_text("<p>More about the launch. Update soon.</p>\n", encoding="utf-8")
    real = batch_module.lint_source

    def stall_on_slow(source, *args, **kwargs):
        if source.path.endswith("slow.html"):
            while True:  # pure Python, as a catastrophic regex or a runaway loop would be
                time.sleep(0.01)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(batch_module, "lint_source", stall_on_slow)
    started = time.monotonic()
    result = run("check", "-j", jobs, "--timeout", "0.5", *NO_GRAMMAR, str(slow), str(fine))
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert f"{slow}: error: skipped: took longer than the 0.5 s limit per file (--timeout)" in result.stderr
    assert f"{fine}:1:27: CD101" in result.stdout


def test_time_limit_is_not_armed_off_the_main_thread():
    import threading

    outcome: list[object] = []
    thread = threading.Thread(
        target=lambda: outcome.append(list(check_paths(str(FIXTURES / "rules"), limits=Limits(None, 0.001))))
    )
    thread.start()
    thread.join(120)
    assert outcome and all(result.error is None for result in outcome[0])  # type: ignore[union-attr]


def test_check_bytes_is_the_same_lint_and_pickles():
    page = (FIXTURES / "articles" / "nasa-japan-seed.html").read_bytes()
    config = {"ignore": ["CD8"]}
    result = check_bytes(page, path="seed.html", config=config)
    assert result.error is None and result.source_text is None
    assert result.findings == check_html(page.decode("utf-8"), path="seed.html", config=config)
    assert pickle.loads(pickle.dumps(result)) == result


def test_check_bytes_rejects_text():
    with pytest.raises(TypeError, match="must be bytes"):
        check_bytes("<p>text</p>")  # type: ignore[arg-type]


def test_check_paths_with_jobs_matches_serial():
    serial = list(check_paths(FIXTURES / "rules", config=Config(ignore=("CD8",))))
    pooled = list(check_paths(FIXTURES / "rules", config=Config(ignore=("CD8",)), jobs=2))
    assert [r.to_json() for r in pooled] == [r.to_json() for r in serial]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_shows_files_findings_and_rate():
    terminal = FakeTerminal()
    progress = Progress.for_run(terminal, 3, quiet=False)
    progress.advance(2)
    assert terminal.getvalue().startswith("\r\x1b[Kcopydesk: 1/3 files · 2 findings · ")
    assert "files/s" in terminal.getvalue()
    progress.clear()
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert progress.line(10.0) == "copydesk: 1/3 files · 2 findings · 0.1 files/s · 0:20 left"


@pytest.mark.parametrize(
    ("stream", "quiet", "total"), [(io.StringIO(), False, 5), (FakeTerminal(), True, 5), (FakeTerminal(), False, 1)]
)
def test_progress_is_silent_off_a_terminal_with_quiet_or_for_one_file(stream, quiet, total):
    progress = Progress.for_run(stream, total, quiet=quiet)
    for _ in range(total):
        progress.advance(1)
    progress.clear()
    assert stream.getvalue() == ""


def test_piped_run_has_no_progress_line():
    done = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", *NO_GRAMMAR, str(FIXTURES / "rules")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert "\r" not in done.stderr and "files/s" not in done.stderr


def test_json_report_streams_each_file_before_the_next_is_linted():
    from copydesk.engine.finding import FileResult
    from copydesk.reporters import json as json_reporter

    out = io.StringIO()

    def results():
        for name in ("one.html", "two.html", "three.html"):
            yield FileResult(name)
            # By the time the next file is asked for, this one is already written.
            assert f'"path": "{name}"' in out.getvalue()

    json_reporter.write(results(), out)
    assert json.loads(out.getvalue()) == json_reporter.report(
        [FileResult("one.html"), FileResult("two.html"), FileResult("three.html")]
    )


def test_pool_after_the_parent_used_the_grammar_engine(tmp_path):
    """A CMS may call check_html (building Harper, whose threads do not survive fork) before a pooled batch."""
    story = "<p>The mayor sayd the vote was close, and the count went on.</p>\n"
    assert any(f.rule == "CD801" for f in check_html(story, config={"grammar": {"cache": False}}))
    paths = []
    for number in range(3):
        path = tmp_path / f"story{number}.html"
        path.write_text(story, encoding="utf-8")
        paths.append(path)
    config = Config(ignore=("CD5", "CD6", "CD9"))
    pooled = list(check_paths(paths, config=config, jobs=2))
    assert [r.to_json() for r in pooled] == [r.to_json() for r in check_paths(paths, config=config)]
    assert all(any(f.rule == "CD801" for f in result.findings) for result in pooled)


def test_dead_pages_are_freed_after_enough_text_and_the_collector_is_left_as_it_was(tmp_path, monkeypatch):
    """A parsed page is a tree of reference cycles: only the cyclic collector frees it, so the engine
    collects before a page that would take the dead pages and itself past ``COLLECT_EVERY`` characters
    (its long-lived objects frozen meanwhile) rather than let dead pages pile up."""
    trees: list[weakref.ref] = []
    build = inputs.build_article

    def remembering(source, *args, **kwargs):
        built = build(source, *args, **kwargs)
        trees.append(weakref.ref(built.body))
        return built

    monkeypatch.setattr(inputs, "build_article", remembering)
    paragraph = "<p>A sentence of the story, <b>once</b> more.</p>"
    page = "<html><body><article>" + paragraph * 200 + "</article></body></html>"
    paths = []
    for number in range(5):
        path = tmp_path / f"{number}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(str(path))
    monkeypatch.setattr(batch_module, "COLLECT_EVERY", 2 * len(page))
    monkeypatch.setattr(batch_module, "_read_since_collection", 0)
    alive: list[list[bool]] = []
    gc.disable()  # only the engine's own collections may free the trees
    try:
        for result in lint_paths(paths, ConfigFinder(), {"ignore": ("CD8",)}):
            assert result.error is None and gc.get_freeze_count() > 0  # the run's long-lived objects
            alive.append([tree() is not None for tree in trees])
    finally:
        gc.enable()
    # Two pages' worth may wait: collected before the third page and the fifth, never in between.
    assert alive == [[True], [True, True], [False, False, True], [False, False, True, True], [False] * 4 + [True]]
    assert gc.get_freeze_count() == 0


def test_nothing_of_a_linted_page_outlives_it(tmp_path, monkeypatch):
    """Rules, engines and caches live for the whole run; nothing of a page may stay with them.

    A rule instance once kept its last block, and so its page's whole tree,
    alive into the next page; ``--jobs`` workers and a long run then held two
    pages at their peak instead of one.
    """
    pieces: list[weakref.ref] = []
    build = inputs.build_article

    def remembering(source, *args, **kwargs):
        built = build(source, *args, **kwargs)
        pieces.extend(weakref.ref(piece) for piece in (built.body, *built.blocks))
        return built

    monkeypatch.setattr(inputs, "build_article", remembering)
    seed = FIXTURES / "articles" / "nasa-japan-seed.html"
    results = list(lint_paths([str(seed), str(seed)], ConfigFinder(), {"cache_dir": tmp_path}, keep_source=False))
    assert all(result.error is None and result.findings for result in results)
    assert len(pieces) > 20
    gc.collect()
    assert [piece for piece in pieces if piece() is not None] == []
