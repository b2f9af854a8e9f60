#!/usr/bin/env python3
"""Freeze per-language function-word lists into lint/model/stopwords.json (issue #21).

jusText tells a sentence of language X from a label by stop-word density (the
share of a block's words that are the language's most frequent words). Its
stoplists would bring lxml and lxml_html_clean along for a few word lists;
wordfreq, already a dependency, ranks every word of 40-odd languages, so its
top ``N`` words per language are the same kind of list. They are frozen here
into a small data file so nothing is loaded from wordfreq at lint time.

    python scripts/build_stoplists.py [--top 80]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "lint" / "model" / "stopwords.json"
LANGUAGES = (
    "ar bg bn ca cs da de el en es fa fi fr he hi hu id it lt lv mk ms nb nl pl pt ro ru sk sl sv ta tr uk ur vi"
).split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=80)
    args = parser.parse_args()
    lists = {lang: wordfreq.top_n_list(lang, args.top) for lang in LANGUAGES}
    rows = [f"{json.dumps(lang)}: {json.dumps(lists[lang], ensure_ascii=False)}" for lang in sorted(lists)]
    OUT.write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lists)} languages, top {args.top})")


if __name__ == "__main__":
    main()
