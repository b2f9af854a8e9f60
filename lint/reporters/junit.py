"""JUnit XML, for CI systems that show test reports but not SARIF (GitLab, Jenkins).

Each linted file is one ``<testcase>`` (so a desk sees "story.html failed"),
each finding one ``<failure>`` inside it, and a file that could not be linted
an ``<error>``. Notices (part of a file not checked) are no failures: they go in
the test case's ``<system-out>``, one ``note:`` line each. The suite's
``tests``/``failures``/``errors`` count test cases,
as JUnit consumers expect: ``failures`` is the number of files with findings.

The XML is built with :mod:`xml.etree.ElementTree`, which escapes markup; what
it does not do is drop characters XML 1.0 cannot carry at all (C0 controls
other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). Scraped pages contain
such characters, and one of them would make the whole report unparseable, so
they are replaced with U+FFFD before they reach the tree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from copydesk.engine.finding import FileResult

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def tree(results: Iterable[FileResult]) -> ET.Element:
    """The ``<testsuites>`` element for one run."""
    suite = ET.Element("testsuite", name="copydesk")
    total = ET.SubElement(ET.SubElement(suite, "properties"), "property", name="findings")  # JUnit puts it first
    tests = failures = errors = findings = 0
    for result in results:
        tests += 1
        path = xml_text(result.path)
        case = ET.SubElement(suite, "testcase", classname="copydesk", name=path, file=path)
        if result.error is not None:
            errors += 1
            error = ET.SubElement(case, "error", type="input-error", message=xml_text(result.error))
            error.text = xml_text(f"{result.path}: {result.error}")
            continue
        if result.findings:
            failures += 1
        for finding in result.findings:
            findings += 1
            summary = f"{finding.line}:{finding.column}: {finding.rule} [{finding.severity}] {finding.message}"
            failure = ET.SubElement(case, "failure", type=f"{finding.rule} {finding.name}", message=xml_text(summary))
            details = f"{result.path}:{summary}\nexcerpt: {finding.excerpt}"
            if finding.selector:
                details += f"\nselector: {finding.selector}"
            failure.text = xml_text(details)
        if result.notices:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text(
                "".join(
                    f"{result.path}:{n.line}:{n.column}: note: {n.code} {n.message}\n"
                    if n.line is not None
                    else f"{result.path}: note: {n.code} {n.message}\n"
                    for n in result.notices
                )
            )
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}
    suite.attrib.update(counts, skipped="0")
    root = ET.Element("testsuites", {"name": "copydesk", **counts})
    root.append(suite)
    total.set("value", str(findings))
    return root


def render(results: Iterable[FileResult]) -> str:
    root = tree(results)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(results: Iterable[FileResult], out: TextIO) -> None:
    out.write(render(results))
