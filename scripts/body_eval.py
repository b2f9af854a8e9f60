"""Score body detection against the AEB pages' ground-truth article bodies, beside trafilatura.

For each ../shared/corpus/aeb page with a ``.ground-truth.json``, compares the
words of the blocks copydesk reads as the story (not chrome; the roles
``articleBody`` leaves out left out too, see ``NOT_BODY``) with the words of
the true ``articleBody``, as bags of words: precision (share of our words that
are body words), recall (share of body words we kept) and F1, per page, then
averaged over pages. Prints the means, medians and the worst pages, so body
detection is tuned by measurement.

``articleBody`` is the running text only. Measured on these 90 pages (blocks
copydesk reads as copy, matched in the ground truth): of the words in blocks
with role caption 96% are not in it (1,939 of 2,023), credit 94%, dek 96%,
dateline 100%, the way headline and byline are not. Captions and credits are
copy a desk edits, so copydesk keeps them (rules check them); the score leaves
those roles out, as it leaves out the headline. The row ``copydesk (all copy)``
scores every copy block but headline and byline, the older measure, so the
two can be compared.

trafilatura is the peer row: the same pages through ``trafilatura.extract``
(its defaults: no comments, no tables' chrome), scored the same way. It runs in
its own virtual environment, never in copydesk's::

    python scripts/body_eval.py --setup-trafilatura   # once: a venv with trafilatura
    python scripts/body_eval.py [--worst 10] [--no-peer] [--all-copy]
    python scripts/body_eval.py --why cleveland.com   # which blocks hold the words articleBody lacks

``--why`` lists, for each page whose name holds the text, every block read as
copy with how many of its words the ``articleBody`` lacks (the truth's words are
used up in reading order, so a block that repeats the story counts as extra),
its role and where it sits: the way to find what chrome still comes in.

The venv lives beside the benchmark peers' (``$COPYDESK_BENCH_PEERS``, default
``~/.cache/copydesk-bench/peers/trafilatura``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from copydesk.model.inputs import build_article_for
from copydesk.source.text import SourceText

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "aeb"
WORD = re.compile(r"\w+")
#: Roles the ground truth leaves out of ``articleBody`` (see the module docstring for the measurement).
NOT_BODY = frozenset(("headline", "byline", "caption", "credit", "dek", "dateline"))
#: The older measure's roles left out: headline and byline only.
NOT_BODY_ALL_COPY = frozenset(("headline", "byline"))
PEER_VENV = Path(os.environ.get("COPYDESK_BENCH_PEERS", Path.home() / ".cache" / "copydesk-bench" / "peers"))
PEER_VENV = PEER_VENV / "trafilatura"
#: Run by the peer venv's Python: page paths on stdin, {path: extracted text} on stdout.
_EXTRACT = """
import json, sys, trafilatura
out = {}
for path in sys.stdin.read().split("\\n"):
    if path:
        with open(path, "rb") as handle:
            out[path] = trafilatura.extract(handle.read()) or ""
print(json.dumps(out))
"""


def bag(text: str) -> Counter[str]:
    return Counter(word.lower() for word in WORD.findall(text))


@dataclass(frozen=True)
class Score:
    page: str
    precision: float
    recall: float
    note: str = ""

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(page: Path, truth: Counter[str], text: str, note: str = "") -> Score:
    ours = bag(text)
    common = sum((truth & ours).values())
    return Score(page.name, common / max(1, sum(ours.values())), common / max(1, sum(truth.values())), note)


def copydesk_text(page: Path, left_out: frozenset[str] = NOT_BODY) -> tuple[str, str]:
    """The story's text as copydesk reads it (copy blocks but the roles ``left_out``), and why it chose that body."""
    source = SourceText.from_bytes(page.read_bytes(), str(page))
    article = build_article_for(source, str(page))
    text = " ".join(block.text for block in article.copy_blocks() if block.role not in left_out)
    return text, article.body_reason


def why(pages: list[Path], truths: list[Counter[str]], match: str, least: int) -> None:
    """Print, per page matching ``match``, the copy blocks with ``least`` or more words not in its articleBody."""
    for page, truth in zip(pages, truths, strict=True):
        if match not in page.name:
            continue
        source = SourceText.from_bytes(page.read_bytes(), str(page))
        article = build_article_for(source, str(page))
        left = truth.copy()
        rows = []
        for block in article.copy_blocks():
            words = [word.lower() for word in WORD.findall(block.text)]
            extra = 0
            for word in words:
                if left[word] > 0:
                    left[word] -= 1
                else:
                    extra += 1
            if extra >= least:
                where = block.element.selector if block.element is not None else ""
                head = f"  {extra:4d}/{len(words):<4d} {block.role:<11} {where[-70:]}"
                rows.append(f"{head}\n         {block.text[:110]!r}")
        print(f"{page.name}: {article.body_reason}")
        print("\n".join(rows) if rows else "  (every block's words are in the articleBody)")


def trafilatura_texts(pages: list[Path]) -> dict[str, str] | None:
    """trafilatura's extraction of each page, from its own venv; None when that venv is missing."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        return None
    done = subprocess.run(
        [str(python), "-c", _EXTRACT], input="\n".join(map(str, pages)), capture_output=True, text=True, check=False
    )
    if done.returncode:
        print(f"trafilatura failed: {done.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    texts: dict[str, str] = json.loads(done.stdout)
    return texts


def setup_trafilatura() -> int:
    if not (PEER_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    done = subprocess.run(
        [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "-U", "trafilatura", "lxml_html_clean"]
    )
    return done.returncode


def summary(name: str, rows: list[Score]) -> str:
    mean_p = statistics.mean(r.precision for r in rows)
    mean_r = statistics.mean(r.recall for r in rows)
    mean_f = statistics.mean(r.f1 for r in rows)
    low = sum(r.recall < 0.5 for r in rows)
    return (
        f"{name:<19} precision {mean_p:.3f}  recall {mean_r:.3f}  F1 {mean_f:.3f}  "
        f"(medians {statistics.median(r.precision for r in rows):.3f} / {statistics.median(r.recall for r in rows):.3f}"
        f" / {statistics.median(r.f1 for r in rows):.3f}); pages with recall < 0.5: {low}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worst", type=int, default=10, help="how many of copydesk's worst pages to list")
    parser.add_argument("--no-peer", action="store_true", help="score copydesk only")
    parser.add_argument("--setup-trafilatura", action="store_true", help="create the peer's venv and exit")
    parser.add_argument(
        "--all-copy", action="store_true", help="list the worst pages by the all-copy row (the older measure)"
    )
    parser.add_argument("--why", metavar="PAGE", help="list the copy blocks (and extra words) of pages named so")
    parser.add_argument("--least", type=int, default=3, help="with --why: show blocks with this many extra words")
    args = parser.parse_args()
    if args.setup_trafilatura:
        return setup_trafilatura()
    truths = sorted(CORPUS.glob("*.ground-truth.json"))
    if not truths:
        print(f"no AEB pages with ground truth under {CORPUS}", file=sys.stderr)
        return 2
    pages = [path.with_name(path.name.replace(".ground-truth.json", ".html")) for path in truths]
    truth_bags = [bag(json.loads(path.read_text(encoding="utf-8"))["articleBody"]) for path in truths]
    if args.why is not None:
        why(pages, truth_bags, args.why, args.least)
        return 0
    ours = []
    all_copy = []
    for page, truth in zip(pages, truth_bags, strict=True):
        text, reason = copydesk_text(page)
        ours.append(score(page, truth, text, reason))
        text, reason = copydesk_text(page, NOT_BODY_ALL_COPY)
        all_copy.append(score(page, truth, text, reason))
    print(f"{len(ours)} AEB pages, word-bag precision / recall / F1 averaged over pages")
    print(summary("copydesk", ours))
    print(summary("copydesk (all copy)", all_copy))
    peer = None if args.no_peer else trafilatura_texts(pages)
    if peer is not None:
        theirs = [score(page, truth, peer[str(page)]) for page, truth in zip(pages, truth_bags, strict=True)]
        print(summary("trafilatura", theirs))
    elif not args.no_peer:
        print("trafilatura    not set up (python scripts/body_eval.py --setup-trafilatura)")
    for row in sorted(all_copy if args.all_copy else ours, key=lambda r: r.f1)[: args.worst]:
        print(f"  P={row.precision:.2f} R={row.recall:.2f} F1={row.f1:.2f} {row.page}: {row.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
