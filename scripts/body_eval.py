"""Score body detection against the AEB pages' ground-truth article bodies.

For each ../shared/corpus/aeb page with a ``.ground-truth.json``, compares the
words of copydesk's copy blocks (the text rules see) with the words of the
true ``articleBody``: precision (share of our words that are body words) and
recall (share of body words we kept), as bags of words. Prints the medians and
the worst pages, so body detection is tuned by measurement.

    python scripts/body_eval.py [--worst 10]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter
from pathlib import Path

from copydesk.model.article import build_article
from copydesk.source.text import SourceText

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "aeb"
WORD = re.compile(r"\w+")


def bag(text: str) -> Counter[str]:
    return Counter(word.lower() for word in WORD.findall(text))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    rows = []
    for truth_path in sorted(CORPUS.glob("*.ground-truth.json")):
        page = truth_path.with_name(truth_path.name.replace(".ground-truth.json", ".html"))
        truth = bag(json.loads(truth_path.read_text())["articleBody"])
        article = build_article(SourceText.from_bytes(page.read_bytes(), str(page)))
        ours = bag(" ".join(block.text for block in article.copy_blocks()))
        common = sum((truth & ours).values())
        precision = common / max(1, sum(ours.values()))
        recall = common / max(1, sum(truth.values()))
        rows.append((precision, recall, page.name, article.body_reason))
    print(f"{len(rows)} pages")
    print(
        f"median precision {statistics.median(r[0] for r in rows):.3f}, mean {statistics.mean(r[0] for r in rows):.3f}"
    )
    print(
        f"median recall    {statistics.median(r[1] for r in rows):.3f}, mean {statistics.mean(r[1] for r in rows):.3f}"
    )
    print(f"pages with recall < 0.5: {sum(r[1] < 0.5 for r in rows)}; precision < 0.5: {sum(r[0] < 0.5 for r in rows)}")
    for precision, recall, name, reason in sorted(rows, key=lambda r: min(r[0], r[1]))[: args.worst]:
        print(f"  P={precision:.2f} R={recall:.2f} {name}: {reason}")


if __name__ == "__main__":
    main()
