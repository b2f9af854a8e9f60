"""Slips a copy desk catches, planted in news sentences: the offline engine must flag each one.

This is the recall side of the rule selection in ``copydesk.grammar.harper``:
every rule picked from Harper's set-phrase groups for a slip is planted here,
with the corrected sentence as its near miss (which must stay clean). The
sentences are written for this test; none comes from a real article.
"""

from __future__ import annotations

import html

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_text
from copydesk.grammar.settings import GrammarSettings

#: (sentence with the slip, the flagged words, the corrected sentence).
SLIPS = [
    (
        "The council could of approved the plan last year.",
        "could of",
        "The council could have approved the plan last year.",
    ),
    (
        "Officials should of warned residents before the storm.",
        "should of",
        "Officials should have warned residents before the storm.",
    ),
    ("Residents say their going to protest on Monday.", "their", "Residents say they're going to protest on Monday."),
    ("The company said it's profits fell sharply.", "it's", "The company said its profits fell sharply."),
    (
        "Its been a difficult year for the team, the coach said.",
        "Its",
        "It's been a difficult year for the team, the coach said.",
    ),
    ("The officer was wearing a orange vest.", "a", "The officer was wearing an orange vest."),
    ("The two sides reached a agreement late on Friday.", "a", "The two sides reached an agreement late on Friday."),
    ("The new law will effect thousands of renters.", "effect", "The new law will affect thousands of renters."),
    (
        "The delay was longer then expected, officials said.",
        "then",
        "The delay was longer than expected, officials said.",
    ),
    ("She has went to the hearing twice this month.", "went", "She has gone to the hearing twice this month."),
    ("He had ran the company for a decade.", "ran", "He had run the company for a decade."),
    ("He don't know when the bridge will reopen.", "don't", "He doesn't know when the bridge will reopen."),
    ("The players are eager to get there revenge.", "there", "The players are eager to get their revenge."),
    (
        "Their is no evidence of wrongdoing, the report said.",
        "Their",
        "There is no evidence of wrongdoing, the report said.",
    ),
    ("The principle reason for the delay was cost.", "principle", "The principal reason for the delay was cost."),
    ("The mayor payed the fine on Friday.", "payed", "The mayor paid the fine on Friday."),
    ("The vaccine is suppose to arrive next week.", "suppose to", "The vaccine is supposed to arrive next week."),
    ("She said the decision was made on accident.", "on", "She said the decision was made by accident."),
    (
        "For all intensive purposes, the deal is done.",
        "For all intensive purposes",
        "For all intents and purposes, the deal is done.",
    ),
    ("The chief said the matter is a mute point now.", "mute point", "The chief said the matter is a moot point now."),
    (
        "Fans waited with baited breath for the result.",
        "baited breath",
        "Fans waited with bated breath for the result.",
    ),
    ("The budget is a case and point.", "case and point", "The budget is a case in point."),
    ("The two proposals are one in the same.", "one in the same", "The two proposals are one and the same."),
    (
        "The manager was made an escape goat for the loss.",
        "an escape goat",
        "The manager was made a scapegoat for the loss.",
    ),
    (
        "The new coach was given free reign over signings.",
        "free reign",
        "The new coach was given free rein over signings.",
    ),
    ("Investigators hope to hone in on the cause.", "hone in on", "Investigators hope to home in on the cause."),
    ("The studio released a sneak peak of the film.", "peak", "The studio released a sneak peek of the film."),
    ("The storm could wreck havoc on the coast.", "wreck havoc", "The storm could wreak havoc on the coast."),
    ("The statue of limitations has expired.", "statue of limitations", "The statute of limitations has expired."),
    ("That is an old wise tale, the doctor said.", "old wise tale", "That is an old wives' tale, the doctor said."),
    (
        "The council will have to make due with less money.",
        "make due with",
        "The council will have to make do with less money.",
    ),
    ("The launch was a damp squid.", "damp squid", "The launch was a damp squib."),
    ("The remark was tongue and cheek.", "tongue and cheek", "The remark was tongue in cheek."),
    (
        "Without further adieu, the mayor cut the ribbon.",
        "further adieu",
        "Without further ado, the mayor cut the ribbon.",
    ),
    ("Bare in mind that the rules have changed.", "Bare in mind", "Bear in mind that the rules have changed."),
]


def _page(sentences: list[str]) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(sentence, quote=False)}</p>" for sentence in sentences)
    head = '<!DOCTYPE html><html lang="en-US"><body><article>\n<h1>Desk test</h1>'
    return f"{head}\n{paragraphs}\n</article></body></html>"


@pytest.fixture(scope="module")
def findings_by_paragraph(tmp_path_factory):
    """One page of slips and one of corrections, linted once each (the engine runs per article)."""
    config = Config(select=("CD801", "CD802"), grammar=GrammarSettings(cache=False))
    results = {}
    for kind, column in (("slips", 0), ("fixed", 2)):
        sentences = [row[column] for row in SLIPS]
        page = _page(sentences)
        found: dict[str, list[str]] = {sentence: [] for sentence in sentences}
        lines = page.splitlines()
        for finding in lint_text(page, config):
            sentence = html.unescape(lines[finding.line - 1].removeprefix("<p>").removesuffix("</p>"))
            found[sentence].append(finding.excerpt)
        results[kind] = found
    return results


@pytest.mark.parametrize(("slip", "flagged", "fixed"), SLIPS, ids=[row[1] for row in SLIPS])
def test_the_slip_is_flagged_and_its_correction_is_not(findings_by_paragraph, slip, flagged, fixed):
    assert flagged in findings_by_paragraph["slips"][slip]
    assert findings_by_paragraph["fixed"][fixed] == []
