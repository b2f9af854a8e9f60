"""Spelling recall on real misspellings planted into real sentences, and false alarms on the same sentences.

Two steps:

``python scripts/spelling_eval.py build --dictionary DICTIONARY.txt --corpus ../shared/corpus``
    makes ``eval/spelling/planted.jsonl`` (run once; needs the corpus, wordfreq and
    codespell's ``dictionary.txt``; see ``eval/spelling/README.md``). Entries of
    codespell's list whose correction is a common English word and whose misspelling is
    not a word are each planted, with a fixed seed, into a different English corpus
    paragraph (taken with copydesk's own article model) that holds the correct word,
    lower case, outside quotes and inline markup.

``python scripts/spelling_eval.py [run] [--show]``
    reads that file only (no corpus needed) and lints each planted paragraph and each
    unchanged one as a page of its own, with CD801 and CD802 on and no cache. It prints
    *recall* (planted misspellings for which CD801 reports a finding on the planted
    word) and the *control rate* (CD801/CD802 findings per 100 unchanged paragraphs).
    Targets: recall >= 0.90; at most 1 control finding per 100 paragraphs. ``--show``
    lists the misses and the control findings; ``--json`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "eval" / "spelling" / "planted.jsonl"
SEED = 20
#: How many misspellings are planted.
SIZE = 400
#: A correction at least this frequent (wordfreq Zipf) is a common English word.
MIN_CORRECTION_ZIPF = 3.5
#: A misspelling below this Zipf, and this much rarer than its correction, is no word of its own.
MAX_TYPO_ZIPF = 3.0
MIN_GAP = 2.0
CONFIG: dict[str, Any] = {"select": ["CD801", "CD802"], "grammar": {"cache": False}}


@dataclass(frozen=True)
class Item:
    """One planted misspelling: ``paragraph[offset:offset+len(correction)]`` is the correct word."""

    id: int
    page: str
    lang: str
    block: int
    correction: str
    misspelling: str
    offset: int
    paragraph: str

    @property
    def planted(self) -> str:
        end = self.offset + len(self.correction)
        return self.paragraph[: self.offset] + self.misspelling + self.paragraph[end:]


def load(path: Path = DATA) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        return [Item(**json.loads(line)) for line in handle if line.strip()]


def page_for(text: str, lang: str) -> str:
    """A minimal English article holding one paragraph, in the page's own dialect."""
    return (
        f'<!doctype html><html lang="{html.escape(lang)}"><head><title>Story</title></head>'
        f"<body><article><p>{html.escape(text, quote=False)}</p></article></body></html>"
    )


def evaluate(items: list[Item], show: bool = False) -> dict[str, Any]:
    from copydesk import check_html

    found = 0
    misses: list[str] = []
    control_findings: list[str] = []
    for item in items:
        page = page_for(item.planted, item.lang)
        findings = check_html(page, path=f"planted-{item.id}.html", config=CONFIG)
        text_start = page.index("<p>") + 3
        # The planted word's columns in the one-line page (html.escape may shift them: count on the escaped prefix).
        before = html.escape(item.planted[: item.offset], quote=False)
        start_col = text_start + len(before) + 1
        end_col = start_col + len(html.escape(item.misspelling, quote=False))
        hit = any(f.rule == "CD801" and f.column < end_col and start_col < f.end_column for f in findings)
        if hit:
            found += 1
        else:
            misses.append(f"{item.id}\t{item.misspelling} -> {item.correction}\t{item.page}")
        for finding in check_html(page_for(item.paragraph, item.lang), path=f"control-{item.id}.html", config=CONFIG):
            control_findings.append(f"{item.id}\t{finding.rule}\t{finding.excerpt!r}\t{finding.message}\t{item.page}")
    figures = {
        "planted": len(items),
        "found": found,
        "recall": round(found / len(items), 4) if items else 0.0,
        "controls": len(items),
        "control_findings": len(control_findings),
        "control_findings_per_100": round(100 * len(control_findings) / len(items), 2) if items else 0.0,
    }
    if show:
        print("missed:", *misses, sep="\n  ")
        print("control findings:", *control_findings, sep="\n  ")
    return figures


# --- building the set (needs the corpus, wordfreq and codespell's dictionary) ----------------

_ENTRY = re.compile(r"^([a-z]+)->([a-z]+),?$")


def candidates(dictionary: Path) -> list[tuple[str, str]]:
    """codespell entries (misspelling, correction) with one correction, a common word, and a misspelling
    that is no word: rare in wordfreq's English list and far rarer than its correction."""
    from wordfreq import zipf_frequency

    pairs = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        match = _ENTRY.match(line.strip())
        if match is None:
            continue
        typo, correction = match.groups()
        if len(correction) < 4:
            continue
        correct_zipf = zipf_frequency(correction, "en")
        typo_zipf = zipf_frequency(typo, "en")
        if correct_zipf >= MIN_CORRECTION_ZIPF and typo_zipf < MAX_TYPO_ZIPF and correct_zipf - typo_zipf >= MIN_GAP:
            pairs.append((typo, correction))
    return pairs


def paragraphs(corpus: Path) -> list[tuple[str, str, int, Any]]:
    """The English pages' body paragraphs (page, lang, block index, block), from copydesk's model."""
    from copydesk.grammar.checker import looks_english
    from copydesk.model.inputs import build_article_for
    from copydesk.source.text import DecodeError, SourceText

    found = []
    for path in sorted(corpus.rglob("*.html")):
        try:
            source = SourceText.from_bytes(path.read_bytes(), str(path))
        except DecodeError:
            continue
        article = build_article_for(source, str(path), None)
        lang = (article.lang or "").strip()
        if lang and not lang.lower().startswith("en"):
            continue
        for index, block in enumerate(article.blocks):
            if block.role != "paragraph" or block.chrome or not 120 <= len(block.text) <= 1200:
                continue
            if looks_english(block.text):
                found.append(
                    (str(path.relative_to(corpus)), lang if lang.lower().startswith("en") else "en", index, block)
                )
    return found


def build(dictionary: Path, corpus: Path, out: Path) -> int:
    rng = random.Random(SEED)
    pairs = candidates(dictionary)
    rng.shuffle(pairs)
    paras = paragraphs(corpus)
    used: set[tuple[str, int]] = set()
    items: list[Item] = []
    for typo, correction in pairs:
        if len(items) >= SIZE:
            break
        word = re.compile(rf"(?<![\w'’-]){re.escape(correction)}(?![\w'’-])")
        places = []
        for page, lang, index, block in paras:
            if (page, index) in used:
                continue
            for match in word.finditer(block.text):
                start, end = match.span()
                in_quote = any(q.start <= start < q.end for q in block.quotes)
                in_inline = any(s.start < end and start < s.end for s in block.spans)
                if not in_quote and not in_inline:
                    places.append((page, lang, index, block, start))
                    break
        if not places:
            continue
        page, lang, index, block, start = rng.choice(places)
        used.add((page, index))
        items.append(Item(len(items) + 1, page, lang, index, correction, typo, start, block.text))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item.__dict__, ensure_ascii=False) + "\n")
    print(f"{len(pairs)} candidate entries; {len(items)} planted into {len(used)} paragraphs -> {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    make = sub.add_parser("build", help="make the planted set from codespell's dictionary and the corpus")
    make.add_argument("--dictionary", type=Path, required=True, help="codespell_lib/data/dictionary.txt")
    make.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    make.add_argument("--out", type=Path, default=DATA)
    run = sub.add_parser("run", help="measure recall and the control rate (the default)")
    for target in (parser, run):
        target.add_argument("--data", type=Path, default=DATA)
        target.add_argument("--show", action="store_true", help="list misses and control findings")
        target.add_argument("--json", action="store_true", help="print the figures as JSON")
        target.add_argument("--limit", type=int, default=0, help="only the first N items (a quick look)")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.dictionary, args.corpus, args.out)
    items = load(args.data)
    if args.limit:
        items = items[: args.limit]
    figures = evaluate(items, show=args.show)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"recall {figures['recall']:.3f} ({figures['found']}/{figures['planted']} planted misspellings found "
            f"by CD801 at the planted word; target >= 0.90)\n"
            f"controls {figures['control_findings_per_100']:.2f} CD801/CD802 findings per 100 unchanged paragraphs "
            f"({figures['control_findings']} in {figures['controls']}; target <= 1)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
