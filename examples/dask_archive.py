"""Lint an archive of articles with Dask: the pattern for millions of pages on a cluster.

copydesk's per-article function, :func:`copydesk.check_bytes`, is pure (bytes
and a config in, a picklable result out; nothing read but the page), so any
engine that maps a function over partitions can run it. Here a ``dask.bag``
holds the file paths; each worker reads its files and lints them, and the
driver only sums counts and collects the files that failed, so nothing grows
with the archive except those totals (and the optional JSON-lines output,
written per partition).

Run locally (the same code runs on a cluster: see "Linting an archive at
scale" in the README)::

    python examples/dask_archive.py fixtures/rules --ignore CD8
    python examples/dask_archive.py ARCHIVE --scheduler threads --jsonl out/

``--scheduler processes`` (the default) pickles the function and results, as a
distributed cluster would, so it is the honest local rehearsal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import dask
import dask.bag as db
from copydesk import check_bytes
from copydesk.pipeline.batch import InputError, expand_paths


def lint_partition(paths: Iterable[str], config: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Lint one partition's files; each becomes the JSON contract's file object.

    Reading happens on the worker, so only paths travel from the driver. A file
    that cannot be read is a result with ``error`` set, like a file that cannot
    be decoded, so one bad file never fails the partition.
    """
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            yield {"path": path, "error": f"cannot read: {exc.strerror or exc}", "findings": []}
            continue
        yield check_bytes(data, path=path, config=config).to_json()


def lint_partition_totals(paths: list[str], config: dict[str, Any], jsonl: str | None, number: int) -> dict[str, Any]:
    """Lint one partition and keep only its totals (and, when asked, its results as JSON lines).

    Each partition writes its own ``part-NNNNN.jsonl``, so workers never share
    a file; the driver receives counts, not findings.
    """
    rules: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    errors: list[tuple[str, str]] = []
    files = 0
    handle = open(Path(jsonl) / f"part-{number:05d}.jsonl", "w", encoding="utf-8") if jsonl else None  # noqa: SIM115
    try:
        for result in lint_partition(paths, config):
            files += 1
            if handle is not None:
                handle.write(json.dumps(result, ensure_ascii=False) + "\n")
            if result["error"] is not None:
                errors.append((result["path"], result["error"]))
            for finding in result["findings"]:
                rules[finding["rule"]] += 1
                severities[finding["severity"]] += 1
    finally:
        if handle is not None:
            handle.close()
    return {"files": files, "rules": rules, "severities": severities, "errors": errors}


def combine(totals: list[dict[str, Any]]) -> dict[str, Any]:
    """The archive's summary from the partitions' totals."""
    rules: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    errors: list[tuple[str, str]] = []
    for part in totals:
        rules.update(part["rules"])
        severities.update(part["severities"])
        errors.extend(part["errors"])
    return {
        "files": sum(part["files"] for part in totals),
        "findings": sum(rules.values()),
        "by_rule": dict(sorted(rules.items())),
        "by_severity": dict(sorted(severities.items())),
        "errors": sorted(errors),
    }


class ArchiveError(Exception):
    """A root that is not there, or holds no article: a mistyped path must not look like a clean archive."""


def lint_archive(
    roots: list[str], config: dict[str, Any], *, partitions: int | None = None, jsonl: str | None = None
) -> dict[str, Any]:
    """Lint every article file under ``roots`` and return the summary (writing JSON lines when asked).

    Raises :class:`ArchiveError` when a root does not exist or no root holds an
    article file, rather than reporting ``"files": 0`` as if all were well.
    """
    items = list(expand_paths(roots))
    missing = [item.path for item in items if isinstance(item, InputError)]
    if missing:
        raise ArchiveError(f"no such file or directory: {', '.join(missing)}")
    paths = [item for item in items if isinstance(item, str)]
    if not paths:
        raise ArchiveError(f"no article files (.html, .htm, .xhtml, .md, .markdown, .txt) under {', '.join(roots)}")
    if jsonl is not None:
        Path(jsonl).mkdir(parents=True, exist_ok=True)
    count = partitions or min(len(paths), max(1, (os.cpu_count() or 1) * 4))
    parts = db.from_sequence(paths, npartitions=count).to_delayed()
    totals = [dask.delayed(lint_partition_totals)(part, config, jsonl, number) for number, part in enumerate(parts)]
    return dask.delayed(combine)(totals).compute()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="+", help="files or directories of articles")
    parser.add_argument("--scheduler", choices=["processes", "threads", "synchronous"], default="processes")
    parser.add_argument("--partitions", type=int, help="number of partitions (default: 4 per core)")
    parser.add_argument("--jsonl", metavar="DIR", help="also write each file's result as JSON lines into DIR")
    parser.add_argument("--ignore", action="append", default=[], help="rules to skip, e.g. CD8 (grammar)")
    args = parser.parse_args(argv)
    config: dict[str, Any] = {"ignore": args.ignore} if args.ignore else {}
    try:
        with dask.config.set(scheduler=args.scheduler):
            summary = lint_archive(args.roots, config, partitions=args.partitions, jsonl=args.jsonl)
    except ArchiveError as exc:
        print(f"dask_archive.py: error: {exc}", file=sys.stderr)
        return 2
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 2 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
