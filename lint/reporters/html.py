"""The editor report: one self-contained HTML file an editor opens in a browser.

Each article's text is shown in reading order with every flagged span
highlighted in place, the finding's message, rule and why beside it; a summary
table comes first when there are several files. Filters, keyboard stepping
(``j``/``k``) and a "not an error" toggle whose choices download as JSON are
done by one inline script; the page loads nothing from anywhere (a Content
Security Policy forbids every fetch and every script but that one).

Article content is untrusted: every piece of it is escaped and shown as text,
never as markup, attribute names or live links.

The text shown is the article the engine linted: each result carries a
:class:`~copydesk.engine.finding.ReadingView` (the body's blocks found with the
configured body selector, each with its source map), so findings land where
they were found and the reporter never re-reads or re-parses the file.

The report streams: each file's section is rendered as its result arrives and
spooled to a temporary file; only one summary row per file stays in memory
until the page's head, toolbar and summary (which need the totals) are written
in front of the sections.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from typing import TextIO

from copydesk.engine.finding import FileResult, Finding, ReadingBlock
from copydesk.engine.rule import all_rules
from copydesk.source.textmap import plain_span

SEVERITIES = ("error", "warning", "info")
_RANK = {"error": 3, "warning": 2, "info": 1}
# Roles shown as the article's text, and the element each is rendered as.
_ROLE_TAGS = {
    "headline": "h2",
    "subheading": "h3",
    "dek": "p",
    "byline": "p",
    "dateline": "p",
    "paragraph": "p",
    "blockquote": "blockquote",
    "pullquote": "blockquote",
    "list-item": "li",
    "caption": "figcaption",
    "credit": "figcaption",
}
#: Sections up to this size stay in memory while the report is assembled; bigger reports spool to disk.
_SPOOL_IN_MEMORY = 8 * 1024 * 1024
#: Outside-the-text notes quote at most this much of the flagged text.
_EXCERPT_CHARS = 160


def _e(text: object) -> str:
    """Escape for text and for double-quoted attribute values alike."""
    return escape(str(text), quote=True)


def _plural(count: int, word: str) -> str:
    """``3 errors``, ``1 warning``, ``3 info`` (info is a mass noun)."""
    return f"{count:,} {word}" + ("" if count == 1 or word == "info" else "s")


@dataclass
class _Placed:
    """A finding and where it is shown: a block of the text and a span in it, or ``block=None`` (at the top)."""

    order: int
    finding: Finding
    block: int | None = None
    start: int = 0
    end: int = 0
    number: int = 0


def _bounds(block: ReadingBlock) -> tuple[int, int] | None:
    """The source span a block's text comes from (segments need not be in source order)."""
    if not block.src_starts:
        return None
    return min(block.src_starts), max(block.src_ends)


def _place(findings: list[_Placed], blocks: Sequence[ReadingBlock]) -> None:
    """Put each finding in the block its span lies in.

    A finding whose span covers several blocks is about their container (the
    body, a blockquote), not about any one piece of text: it is listed at the
    top rather than painted over the first paragraph.
    """
    bounds = [_bounds(block) for block in blocks]
    for placed in findings:
        finding = placed.finding
        if finding.end <= finding.start and finding.start == 0:
            continue  # article-level finding with no position
        end = max(finding.end, finding.start + 1)
        touched = [i for i, span in enumerate(bounds) if span is not None and finding.start < span[1] and end > span[0]]
        if len(touched) > 1:
            inside = [i for i in touched if bounds[i][0] <= finding.start < bounds[i][1]]  # type: ignore[index]
            touched = inside[:1]
        for index in touched:
            span = plain_span(blocks[index], finding.start, finding.end)
            if span is not None:
                placed.block, (placed.start, placed.end) = index, span
                break


# --- rendering -----------------------------------------------------------------------------


class _Whys:
    """Each rule's short "why" (its first sentence), looked up once per rule for the whole report."""

    def __init__(self) -> None:
        self._rules = all_rules()
        self._cache: dict[str, str] = {}

    def __call__(self, code: str) -> str:
        if code not in self._cache:
            why = " ".join((getattr(self._rules.get(code), "why", "") or "").split())
            cut = why.find(". ")
            self._cache[code] = why if cut < 0 or cut > 300 else why[: cut + 1]
        return self._cache[code]


def _finding_attrs(placed: _Placed, path: str) -> str:
    f = placed.finding
    return (
        f'id="f{placed.number}" data-rule="{_e(f.rule)}" data-sev="{_e(f.severity)}" data-cat="{_e(f.category)}" '
        f'data-path="{_e(path)}" data-line="{f.line}" data-column="{f.column}" data-excerpt="{_e(f.excerpt)}"'
    )


def _quoted(excerpt: str) -> str:
    """The flagged text to quote in a note listed at the top, or "" when it is markup, not words."""
    text = " ".join(excerpt.split())
    if not text or text.startswith("<"):
        return ""
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 1].rstrip() + "\u2026"
    return f'<q class="excerpt">{_e(text)}</q>'


def _note(placed: _Placed, path: str, whys: _Whys, *, outside: bool = False) -> str:
    """One finding's card: message, rule, why and the "not an error" toggle."""
    f = placed.finding
    why = whys(f.rule)
    return (
        f'<li class="note sev-{_e(f.severity)}" {_finding_attrs(placed, path)} tabindex="-1">'
        f'<div class="note-head"><span class="badge sev-{_e(f.severity)}">{_e(f.severity)}</span> '
        f'<span class="slug">{_e(f.name.replace("-", " "))}</span> <code class="rule">{_e(f.rule)}</code>'
        f'<span class="pos" title="line {f.line}, column {f.column} of the file">{f.line}:{f.column}</span></div>'
        f'<div class="msg">{_e(f.message)}</div>'
        + (_quoted(f.excerpt) if outside else "")
        + (f'<div class="why">{_e(why)}</div>' if why else "")
        + '<label class="waive"><input type="checkbox" class="waive-box"> not an error</label></li>'
    )


def _occurrence(placed: _Placed, path: str) -> str:
    """One finding of a group listed at the top: where it is, what it quotes, and its own toggle."""
    f = placed.finding
    quoted = _quoted(f.excerpt)
    return (
        f'<li class="note occ sev-{_e(f.severity)}{" quoting" if quoted else ""}" {_finding_attrs(placed, path)} '
        f'tabindex="-1"><label class="waive" title="not an error"><input type="checkbox" class="waive-box"> '
        f'<span class="pos" title="line {f.line}, column {f.column} of the file">line {f.line}</span></label>'
        f"{quoted}</li>"
    )


def _outside_groups(outside: list[_Placed]) -> list[list[_Placed]]:
    """The findings listed at the top, those with the same rule and message together, in file order.

    A real page easily has dozens of images without alt text or empty
    paragraphs; one card per finding made the top of the article a wall of
    identical cards. A group says the message and why once and lists each
    finding compactly, each still with its own "not an error" toggle.
    """
    groups: dict[tuple[str, str], list[_Placed]] = {}
    for placed in outside:
        groups.setdefault((placed.finding.rule, placed.finding.message), []).append(placed)
    return list(groups.values())


def _render_outside(groups: list[list[_Placed]], path: str, whys: _Whys) -> str:
    parts = ['<div class="outside"><h2>Not in the text: page data, image descriptions, missing parts</h2><ul>']
    for group in groups:
        if len(group) == 1:
            parts.append(_note(group[0], path, whys, outside=True))
            continue
        f = group[0].finding
        why = whys(f.rule)
        parts.append(
            f'<li class="same sev-{_e(f.severity)}"><div class="note-head">'
            f'<span class="badge sev-{_e(f.severity)}">{_e(f.severity)}</span> '
            f'<span class="slug">{_e(f.name.replace("-", " "))}</span> <code class="rule">{_e(f.rule)}</code>'
            f'<span class="times">&times;&thinsp;{len(group)}</span></div>'
            f'<div class="msg">{_e(f.message)}</div>'
            + (f'<div class="why">{_e(why)}</div>' if why else "")
            + '<ul class="occs">'
            + "".join(_occurrence(p, path) for p in group)
            + "</ul></li>"
        )
    parts.append("</ul></div>")
    return "".join(parts)


def _render_block(text: str, marks: list[_Placed]) -> str:
    cuts = {0, len(text)}
    for placed in marks:
        cuts.update((placed.start, placed.end))
    out = []
    for lo, hi in pairwise(sorted(cuts)):
        if hi <= lo:
            continue
        covering = [p for p in marks if p.start <= lo and p.end >= hi]
        piece = _e(text[lo:hi])
        if not covering:
            out.append(piece)
            continue
        worst = max(covering, key=lambda p: _RANK.get(p.finding.severity, 0)).finding.severity
        refs = " ".join(f"f{p.number}" for p in covering)
        out.append(f'<mark class="hl sev-{_e(worst)}" data-refs="{refs}">{piece}</mark>')
    return "".join(out)


def _render_text(blocks: list[ReadingBlock], by_block: dict[int, list[_Placed]], path: str, whys: _Whys) -> str:
    """The article's text, a grid row per block: the block on the left, its findings' notes beside it.

    A block without findings has no notes cell at all (the grid places every
    text cell in the first column), which keeps a long article's page small.
    """
    parts: list[str] = []
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        tag = _ROLE_TAGS.get(block.role, "p")
        marks = by_block.get(index, [])
        role = "".join(ch for ch in block.role if ch.isalnum() or ch == "-")
        edge = (" first" if index == 0 else "") + (" last" if index == last else "")
        parts.append(
            f'<div class="tcell{edge}"><{tag} class="blk role-{role}">{_render_block(block.text, marks)}</{tag}></div>'
        )
        if marks:
            parts.append('<ul class="ncell">' + "".join(_note(p, path, whys) for p in marks) + "</ul>")
    return "\n".join(parts)


@dataclass
class _Row:
    """What the summary table and the totals keep of one file once its section is written."""

    number: int
    path: str
    title: str
    counts: Counter[str]
    categories: Counter[str] = field(default_factory=Counter)
    error: str | None = None


def _height_estimate(blocks: list[ReadingBlock], outside: int) -> int:
    """Roughly how tall a section is, in CSS pixels, so the page can skip rendering it until it is near.

    Only a placeholder: the browser remembers the real height once it has
    rendered the section. A closer guess keeps the scroll bar honest.
    """
    lines = sum(max(1, -(-len(block.text) // 72)) for block in blocks)
    return 180 + 95 * outside + 30 * lines + 18 * len(blocks)


def _section(number: int, result: FileResult, first_number: int, whys: _Whys) -> tuple[str, _Row]:
    """The HTML of one file's section (its findings numbered from ``first_number``), and its summary row."""
    view = result.reading
    blocks = [b for b in view.blocks if b.role in _ROLE_TAGS] if view is not None else []
    placed = [_Placed(i, f) for i, f in enumerate(result.findings)]
    _place(placed, blocks)
    # Named by its headline, else its <title>, else its file name (the path is shown beneath anyway).
    named = (view.headline or view.title) if view is not None else None
    title = named or os.path.basename(result.path) or result.path
    # The section header already shows the headline; repeating it as the first line of the
    # text only doubles it, unless a finding is marked in it.
    marked = {p.block for p in placed if p.block is not None}
    shown = [
        i for i, b in enumerate(blocks) if not (b.role == "headline" and i not in marked and b.text.strip() == title)
    ]
    if len(shown) < len(blocks):
        remap = {old: new for new, old in enumerate(shown)}
        blocks = [blocks[i] for i in shown]
        for p in placed:
            if p.block is not None:
                p.block = remap[p.block]
    # Number the findings in the order they are shown (the top list, then the text), so the
    # page's document order is the reading order and j/k need not sort anything.
    groups = _outside_groups([p for p in placed if p.block is None])
    outside = [p for group in groups for p in group]
    inside = sorted((p for p in placed if p.block is not None), key=lambda p: (p.block, p.start, p.end, p.order))
    for offset, p in enumerate([*outside, *inside]):
        p.number = first_number + offset
    by_block: dict[int, list[_Placed]] = {}
    for p in inside:
        by_block.setdefault(p.block, []).append(p)  # type: ignore[arg-type]

    counts = Counter(f.severity for f in result.findings)
    categories = Counter(f.category for f in result.findings)
    chips = "".join(f'<span class="chip sev-{s}">{_plural(counts[s], s)}</span>' for s in SEVERITIES if counts[s])
    if not result.findings and result.error is None:
        chips = '<span class="chip clean">no findings</span>'
    cats = "".join(f'<span class="chip cat">{_e(c)} {n}</span>' for c, n in sorted(categories.items()))
    height = _height_estimate(blocks, len(groups))
    parts = [
        f'<section class="article" id="a{number}" style="contain-intrinsic-size:auto {height}px">',
        f'<header class="art-head"><div class="path">{_e(result.path)}</div>'
        f'<h1 class="art-title">{_e(title)}</h1><div class="chips">{chips}{cats}</div></header>',
    ]
    if result.error is not None:
        parts.append(f'<p class="file-error">Could not check this file: {_e(result.error)}</p>')
    for notice in result.notices:  # what was not checked: a note, never a finding card
        where = f" (line {notice.line})" if notice.line is not None else ""
        parts.append(f'<p class="file-notice">Note{where}: {_e(notice.message)} <code>{_e(notice.code)}</code></p>')
    if groups:
        parts.append(_render_outside(groups, result.path, whys))
    if blocks:
        parts.append(f'<div class="reading">{_render_text(blocks, by_block, result.path, whys)}</div>')
    elif result.error is None:
        parts.append('<p class="no-text">The article text is not available for this file.</p>')
    parts.append("</section>\n")
    return "\n".join(parts), _Row(number, result.path, title, counts, categories, result.error)


def _common_folder(paths: list[str]) -> str:
    """The folder every path lies in ("" when none), so the summary need not repeat it on every row."""
    if len(paths) < 2:
        return ""
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # absolute mixed with relative paths
        return ""
    return common if common and all(path.startswith(common + os.sep) for path in paths) else ""


def _summary(rows: list[_Row]) -> str:
    def worst(row: _Row) -> tuple[int, int, int, int, str]:
        c = row.counts
        return (row.error is None, -c["error"], -c["warning"], -c["info"], row.path)

    folder = _common_folder([row.path for row in rows])
    clean = sum(1 for row in rows if not sum(row.counts.values()) and row.error is None)
    failed = sum(1 for row in rows if row.error is not None)
    facts = [_plural(len(rows), "article"), "worst first"]
    if clean:
        facts.append(f"{clean:,} with no findings")
    if failed:
        facts.append(f"{failed:,} could not be checked")
    lines = [
        '<section class="summary"><h2>Summary</h2>'
        f'<p class="summary-facts">{_e(" · ".join(facts))}'
        + (f' &middot; in <span class="path">{_e(folder)}</span>' if folder else "")
        + "</p>"
        '<table id="summary"><thead><tr>'
        '<th data-key="0" data-type="text" tabindex="0">Article</th>'
        '<th data-key="1" data-type="num" tabindex="0">Errors</th>'
        '<th data-key="2" data-type="num" tabindex="0">Warnings</th>'
        '<th data-key="3" data-type="num" tabindex="0">Info</th></tr></thead><tbody>'
    ]
    cut = len(folder) + 1 if folder else 0
    for row in sorted(rows, key=worst):
        c = row.counts
        state = f'<div class="row-error">could not be checked: {_e(row.error)}</div>' if row.error else ""
        lines.append(
            f'<tr><td data-v="{_e(row.title)}"><a href="#a{row.number}">{_e(row.title)}</a>'
            f'<div class="path">{_e(row.path[cut:])}</div>{state}</td>'
            + "".join(
                f'<td class="n{f" sev-{s}" if c[s] else " zero"}" data-v="{c[s]}">{c[s]:,}</td>' for s in SEVERITIES
            )
            + "</tr>"
        )
    lines.append("</tbody></table></section>")
    return "\n".join(lines)


def _filters(total: Counter[str], categories: Counter[str]) -> str:
    sev = "".join(
        f'<label class="flt sev-{s}"><input type="checkbox" data-filter="sev" value="{s}" checked> '
        f'{s} <span class="count">{total[s]:,}</span></label>'
        for s in SEVERITIES
    )
    cat = "".join(
        f'<label class="flt"><input type="checkbox" data-filter="cat" value="{_e(c)}" checked> '
        f'{_e(c)} <span class="count">{n:,}</span></label>'
        for c, n in sorted(categories.items())
    )
    return (
        '<nav class="toolbar" aria-label="Report controls">'
        '<div class="group sevs" role="group" aria-label="Severity">' + sev + "</div>"
        '<div class="group cats" role="group" aria-label="Category">' + cat + "</div>"
        '<div class="group nav-btns"><button type="button" id="prev" title="Previous finding (k)">&#8593; prev</button>'
        '<button type="button" id="next" title="Next finding (j)">&#8595; next</button>'
        '<span id="where" class="where"></span>'
        '<button type="button" id="download" disabled title="Download the findings marked &#8220;not an error&#8221; '
        'as a waiver file for copydesk --baseline">Download waivers (<span id="waived">0</span>)</button></div></nav>'
    )


def _head(rows: list[_Row], total: Counter[str], categories: Counter[str]) -> str:
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; form-action 'none'; base-uri 'none'"
    )
    heading = f"{_plural(len(rows), 'article')}: " + ", ".join(_plural(total[s], s) for s in SEVERITIES)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>copydesk report: {_e(heading)}</title>\n<style>{STYLE}</style></head>\n"
        f'<body><header class="top"><div class="brand">copydesk</div><div class="totals">{_e(heading)}</div>'
        '<div class="keys"><kbd>j</kbd> <kbd>k</kbd> next / previous finding &middot; '
        "<kbd>x</kbd> not an error</div></header>\n"
        + _filters(total, categories)
        + '\n<main id="main">\n'
        + (_summary(rows) if len(rows) > 1 else "")
    )


def write(results: Iterable[FileResult], out: TextIO) -> None:
    """Write the report for ``results``, consuming them one at a time (see the module docstring)."""
    whys = _Whys()
    rows: list[_Row] = []
    total: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    next_number = 1
    # A file name's undecodable bytes (lone surrogates) are written as escapes, never a crash.
    with tempfile.SpooledTemporaryFile(
        max_size=_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", errors="backslashreplace"
    ) as sections:
        for number, result in enumerate(results, 1):
            html, row = _section(number, result, next_number, whys)
            next_number += len(result.findings)
            sections.write(html)
            rows.append(row)
            total.update(row.counts)
            categories.update(row.categories)
        out.write(_head(rows, total, categories))
        sections.seek(0)
        shutil.copyfileobj(sections, out)
    out.write(f"</main>\n<script>{SCRIPT}</script>\n</body></html>\n")


def render(results: Iterable[FileResult]) -> str:
    """The whole report as one string (for the Python API and tests; the CLI streams with :func:`write`)."""
    buffer = io.StringIO()
    write(results, buffer)
    return buffer.getvalue()


STYLE = """
:root{--ink:#1d1f23;--muted:#666a70;--paper:#f6f4ef;--card:#fff;--rule:#e2ded4;
--err:#b3261e;--err-bg:#fbe1de;--warn:#935c00;--warn-bg:#fdefc3;--info:#1c5aa0;--info-bg:#e3eefb;
--serif:Charter,"Bitstream Charter","Iowan Old Style",Georgia,"Noto Serif","DejaVu Serif",serif;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:15px/1.5 var(--sans)}
.top{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;align-items:baseline;padding:.7rem 2rem;background:#23262b;
color:#f4f1ea}
.brand{font-weight:700;letter-spacing:.06em;font-variant:small-caps;font-size:1.1rem}
.totals{flex:1}.keys{color:#b9b4aa;font-size:.8rem}
kbd{font:600 .75rem var(--mono);padding:0 .35rem;border:1px solid #6d6a63;border-radius:3px;color:#f4f1ea}
.toolbar{position:sticky;top:0;z-index:5;display:grid;grid-template-columns:minmax(0,1fr) auto;
grid-template-areas:"sev nav" "cat cat";gap:.3rem 1.2rem;align-items:center;
padding:.4rem 2rem;background:#fffdf9;border-bottom:1px solid var(--rule);font-size:.78rem;
box-shadow:0 1px 3px #0000000d}
.toolbar .group{display:flex;flex-wrap:wrap;gap:.25rem;align-items:center}
.flt{cursor:pointer;white-space:nowrap;display:inline-flex;align-items:center;gap:.25rem;
padding:.05rem .5rem .05rem .3rem;
border:1px solid var(--rule);border-radius:999px;background:#fff;user-select:none}
.flt input{margin:0;accent-color:#4a4d52}.flt .count{color:var(--muted);font-variant-numeric:tabular-nums}
.flt:has(input:not(:checked)){opacity:.55;background:transparent}
.flt.sev-error{color:var(--err)}.flt.sev-error input{accent-color:var(--err)}
.flt.sev-warning{color:var(--warn)}.flt.sev-warning input{accent-color:var(--warn)}
.flt.sev-info{color:var(--info)}.flt.sev-info input{accent-color:var(--info)}
.toolbar .sevs{grid-area:sev}.toolbar .cats{grid-area:cat}.toolbar .nav-btns{grid-area:nav;flex-wrap:nowrap}
button{font:inherit;padding:.2rem .7rem;border:1px solid #c9c4b8;border-radius:4px;background:#fff;
color:inherit;cursor:pointer}
button:hover:not(:disabled),button:focus-visible{border-color:#6b6f76}button:disabled{opacity:.5;cursor:default}
.where{color:var(--muted);min-width:6em;text-align:center;font-variant-numeric:tabular-nums}
main{max-width:76rem;margin:0 auto;padding:1.2rem 2rem 5rem}
.summary{margin-bottom:3rem}
.summary h2{font:700 1.5rem/1.2 var(--serif);margin:.6rem 0 .2rem}
.summary-facts{color:var(--muted);margin:0 0 .8rem}
.summary table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--rule)}
.summary th,.summary td{padding:.4rem .8rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
.summary th{cursor:pointer;font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);
user-select:none;background:#faf9f6}
.summary th[aria-sort=ascending]::after{content:" \\25B2"}.summary th[aria-sort=descending]::after{content:" \\25BC"}
.summary td.n{text-align:right;font-variant-numeric:tabular-nums;width:6.5em}
.summary tbody tr:hover{background:#fbfaf7}
td.sev-error{color:var(--err);font-weight:700}td.sev-warning{color:var(--warn);font-weight:600}
td.sev-info{color:var(--info)}td.zero{color:#c4c0b7}
.summary a{color:var(--ink);text-decoration:none;font-weight:600}.summary a:hover{text-decoration:underline}
.row-error{color:var(--err);font-size:.8rem}
.file-notice{font-size:.85rem;opacity:.8;margin:.3rem 0}
.path{color:var(--muted);font:.76rem/1.4 var(--mono);word-break:break-all}
.article{margin:0 0 3.5rem;content-visibility:auto;scroll-margin-top:5.5rem}
.summary+.article,.article+.article{padding-top:2rem;border-top:1px solid var(--rule)}
.art-title{font:700 2rem/1.2 var(--serif);margin:.25rem 0 .6rem;max-width:40rem;text-wrap:balance}
.chips{display:flex;flex-wrap:wrap;gap:.3rem}
.chip{font-size:.74rem;padding:.05rem .55rem;border-radius:999px;background:#ebe8e0;color:#4a4d52}
.chip.sev-error{background:var(--err-bg);color:var(--err);font-weight:600}
.chip.sev-warning{background:var(--warn-bg);color:var(--warn);font-weight:600}
.chip.sev-info{background:var(--info-bg);color:var(--info);font-weight:600}.chip.clean{background:#e2f0e3;
color:#2e6b34}
.outside{margin:1.2rem 0 0;padding:.8rem 1rem .4rem;background:var(--card);border:1px solid var(--rule);
border-radius:6px}
.outside h2{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 .5rem}
.outside ul,.ncell{list-style:none;margin:0;padding:0}
.outside .note,.outside .same{border:0 solid;border-left-width:3px;border-radius:0;padding:.15rem .8rem .3rem;
margin-bottom:.6rem;background:var(--card);font-size:.84rem;line-height:1.4}
.same.sev-error{border-left-color:var(--err)}.same.sev-warning{border-left-color:var(--warn)}
.same.sev-info{border-left-color:var(--info)}.same:not(:has(li.note:not(.hidden))){display:none}
.times{color:var(--muted);font-weight:600;font-size:.78rem}
.occs{list-style:none;margin:.3rem 0 .1rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .4rem}
.outside .occ{margin:0;padding:.05rem .45rem;border:1px solid var(--rule);border-radius:4px;font-size:.76rem}
.outside .occ.quoting{flex-basis:100%;display:flex;gap:.6rem;align-items:baseline;border-width:0 0 0 1px}
.occ .waive{margin:0}.occ .pos{margin:0;color:var(--muted)}.occ .excerpt{margin:0;font-size:.84rem}
.outside .occ.current{box-shadow:0 0 0 2px #23262b}
.excerpt{display:block;margin:.2rem 0;font:.92rem/1.45 var(--serif);color:#33363b}
.excerpt::before{content:"\\201C"}.excerpt::after{content:"\\201D"}
.reading{display:grid;grid-template-columns:minmax(0,40rem) minmax(15rem,1fr);column-gap:2rem;margin-top:1.2rem;
align-items:start}
.reading.laid .ncell{height:0;overflow:visible}
.tcell{grid-column:1;background:var(--card);padding:0 2.6rem 1.1rem;border:1px solid var(--rule);border-width:0 1px;
font:1.13rem/1.65 var(--serif);align-self:stretch;hyphens:auto;overflow-wrap:break-word}
.tcell.first{padding-top:2.2rem;border-top-width:1px;border-radius:6px 6px 0 0}
.tcell.last{padding-bottom:2.2rem;border-bottom-width:1px;border-radius:0 0 6px 6px}
.tcell.first.last{border-radius:6px}
.ncell{grid-column:2}
.tcell>*{margin:0}
.tcell h2.role-headline{font-size:1.7rem;line-height:1.25;padding-bottom:.3rem}
.tcell h3{font:700 1.15rem/1.4 var(--sans);padding-top:.5rem}
.tcell .role-byline,.tcell .role-dateline{font:.85rem/1.5 var(--sans);color:var(--muted);letter-spacing:.01em}
.tcell .role-dek{font-size:1.25rem;line-height:1.5;color:#3d4046}
.tcell .role-list-item{padding-left:1.3rem;position:relative;display:block}
.tcell .role-list-item::before{content:"\\2022";position:absolute;left:.3rem;color:var(--muted)}
.tcell blockquote{padding:.1rem 0 .1rem 1.2rem;border-left:3px solid #cfc9bc;color:#33363b;font-style:italic}
.tcell figcaption{font:.84rem/1.5 var(--sans);color:var(--muted);padding:.1rem 0 .1rem .8rem;
border-left:2px solid var(--rule)}
mark.hl{background:none;color:inherit;padding:0 1px;cursor:pointer;border-radius:2px;
text-decoration:underline 2px;text-underline-offset:.2em;text-decoration-skip-ink:none}
mark.sev-error{background:var(--err-bg);text-decoration-color:var(--err)}
mark.sev-warning{background:var(--warn-bg);text-decoration-color:var(--warn)}
mark.sev-info{text-decoration:underline dotted 2px var(--info);text-underline-offset:.22em}
mark.hl.off{background:none;text-decoration:underline dotted 1px #c4c0b7}
mark.hl.current{background:#f3c9c4;text-decoration-thickness:3px}
mark.sev-warning.current{background:#f7d98a}mark.sev-info.current{background:#c9dcf5}
.note{background:var(--card);border:1px solid var(--rule);border-left:3px solid;border-radius:4px;padding:.4rem .7rem;
margin:0 0 .5rem;font-size:.84rem;line-height:1.4;cursor:pointer}
.note.current{box-shadow:0 0 0 2px #23262b}
.note.sev-error{border-left-color:var(--err)}.note.sev-warning{border-left-color:var(--warn)}
.note.sev-info{border-left-color:var(--info)}
.note.hidden{display:none}
.note.waived{opacity:.55}.note.waived .msg{text-decoration:line-through}
.note-head{display:flex;flex-wrap:wrap;gap:.15rem .45rem;align-items:baseline}
.badge{font-size:.66rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em}
.badge.sev-error{color:var(--err)}.badge.sev-warning{color:var(--warn)}.badge.sev-info{color:var(--info)}
.slug{color:#4a4d52;font-weight:600;font-size:.78rem}
.rule{font:.72rem var(--mono);color:var(--muted)}
.pos{margin-left:auto;color:#a19d94;font:.7rem var(--mono)}
.msg{margin:.15rem 0 .1rem}.why{display:none;color:var(--muted);font-size:.8rem;margin-top:.25rem}
.note.current .why,.outside .why{display:block}
.waive{display:inline-flex;gap:.3rem;align-items:center;margin-top:.15rem;font-size:.74rem;color:var(--muted);
cursor:pointer}
.waive input{margin:0}
.file-error{color:var(--err);background:var(--err-bg);padding:.5rem .8rem;border-radius:4px}
.no-text{color:var(--muted);font-style:italic}
@media (max-width:900px){.top,.toolbar{padding-left:1rem;padding-right:1rem}main{padding:1rem}
.reading{grid-template-columns:1fr}.tcell,.ncell{grid-column:1}.reading.laid .ncell{height:auto}
.ncell{padding:.4rem 0 .6rem}.tcell{padding-left:1.2rem;padding-right:1.2rem}}
@media print{.toolbar,.waive{display:none}.article{content-visibility:visible}}
"""

SCRIPT = """
(function(){
"use strict";
var root=document.documentElement;
window.addEventListener("error",function(e){root.setAttribute("data-js-error",String(e.message));});
function all(sel,el){return Array.prototype.slice.call((el||document).querySelectorAll(sel));}
function refs(m){return m.getAttribute("data-refs").split(" ");}
/* Notes come in reading order (the report numbers them so): no sorting at load. */
var notes=all("li.note"),marks=all("mark.hl"),cur=-1,byId={},noteById={},place={};
notes.forEach(function(n,i){noteById[n.id]=n;place[n.id]=i;});
marks.forEach(function(m){refs(m).forEach(function(id){(byId[id]=byId[id]||[]).push(m);});});
function marksOf(id){return byId[id]||[];}
function visible(n){return !n.classList.contains("hidden");}
var shown=notes.slice();
function live(m){return refs(m).some(function(id){var n=noteById[id];
  return n&&visible(n)&&!n.classList.contains("waived");});}
function paint(ms){ms.forEach(function(m){m.classList.toggle("off",!live(m));});}
/* Margin notes take no height in the grid: each group is pushed down only as far as needed not
   to overlap the one before. A corpus report holds hundreds of articles, so a box is laid out
   only when it comes near the screen (and again after a filter change), never all at once. */
var boxes=all(".reading"),dirty=new Set(boxes),near=new Set(),narrow=window.matchMedia("(max-width:900px)");
function layout(r){
  dirty.delete(r);r.classList.add("laid");r.style.paddingBottom="";
  var cells=all(".ncell",r);cells.forEach(function(c){c.style.transform="";});
  if(narrow.matches||!cells.length)return;
  var h=r.offsetHeight,tops=cells.map(function(c){return c.offsetTop;}),
      hs=cells.map(function(c){return c.scrollHeight;}),bottom=-1e9;
  cells.forEach(function(c,i){var shift=Math.max(0,bottom+10-tops[i]);
    if(shift)c.style.transform="translateY("+shift+"px)";
    if(hs[i]>0)bottom=tops[i]+shift+hs[i];});
  if(bottom>h)r.style.paddingBottom=(bottom-h)+"px";
}
function relayout(){boxes.forEach(function(r){dirty.add(r);});near.forEach(layout);}
var watch=("IntersectionObserver" in window)?new IntersectionObserver(function(es){es.forEach(function(e){
  if(e.isIntersecting){near.add(e.target);if(dirty.has(e.target))layout(e.target);}else near.delete(e.target);});},
  {rootMargin:"1500px 0px"}):null;
if(watch)boxes.forEach(function(r){watch.observe(r);});else boxes.forEach(function(r){near.add(r);});
if(boxes.length)layout(boxes[0]);
var resizing=0;window.addEventListener("resize",function(){clearTimeout(resizing);resizing=setTimeout(relayout,100);});
function applyFilters(){
  var on={sev:{},cat:{}};
  all("input[data-filter]").forEach(function(b){on[b.getAttribute("data-filter")][b.value]=b.checked;});
  notes.forEach(function(n){
    n.classList.toggle("hidden",!(on.sev[n.getAttribute("data-sev")]&&on.cat[n.getAttribute("data-cat")]));});
  shown=notes.filter(visible);
  paint(marks);relayout();
  if(cur>=0&&!visible(notes[cur]))select(null);else where();
}
function anchor(n){return marksOf(n.id)[0]||n;}
function onScreen(el){var r=el.getBoundingClientRect(),bar=document.querySelector(".toolbar").offsetHeight;
  return r.bottom>bar&&r.top<window.innerHeight&&(r.width||r.height);}
function where(){var n=notes[cur];document.getElementById("where").textContent=
  (n?(shown.indexOf(n)+1).toLocaleString("en")+" / ":"")+shown.length.toLocaleString("en")+(n?"":" findings");}
function select(n){
  all(".current").forEach(function(el){el.classList.remove("current");});
  var old=cur>=0?notes[cur].closest(".reading"):null;
  cur=n?place[n.id]:-1;
  if(old)layout(old);
  if(!n){where();return;}
  lost=false;var ms=marksOf(n.id),box=n.closest(".reading");n.classList.add("current");
  ms.forEach(function(m){m.classList.add("current");});
  if(box)layout(box);
  var target=ms[0]||n,r=target.getBoundingClientRect(),far=Math.abs(r.top)>2*window.innerHeight;
  target.scrollIntoView({block:"center",behavior:far?"auto":"smooth"});
  n.focus({preventScroll:true});where();
}
/* j/k go on from the current finding; once the editor has scrolled by hand (or followed a
   summary link) they start from what is on screen instead, found by bisection. Our own smooth
   scrolling fires none of the events below, so stepping quickly never loses its place. */
var lost=false;
function scrolledByHand(){lost=true;}
["wheel","touchmove","hashchange"].forEach(function(t){window.addEventListener(t,scrolledByHand,{passive:true});});
document.addEventListener("mousedown",function(e){if(e.target===root)lost=true;});
document.addEventListener("keydown",function(e){
  if(["PageDown","PageUp","Home","End","ArrowDown","ArrowUp"," "].indexOf(e.key)>=0)lost=true;});
function step(d){var list=shown;if(!list.length)return;
  var i=cur>=0?list.indexOf(notes[cur]):-1;
  if(i>=0&&!(lost&&!onScreen(anchor(list[i]))))i=(i+d+list.length)%list.length;
  else{var lo=0,hi=list.length;while(lo<hi){var mid=(lo+hi)>>1;
      if(anchor(list[mid]).getBoundingClientRect().bottom<=0)lo=mid+1;else hi=mid;}
    i=((d>0?lo:lo-1)+list.length)%list.length;}
  select(list[i]);}
function waived(){var count=all("li.note.waived").length;document.getElementById("waived").textContent=count;
  document.getElementById("download").disabled=!count;}
function waive(n,on){n.classList.toggle("waived",on);paint(marksOf(n.id));waived();
  var box=n.closest(".reading");if(box)layout(box);}
all(".waive-box").forEach(function(box){box.addEventListener("change",function(){
  waive(box.closest("li.note"),box.checked);});
  box.addEventListener("click",function(e){e.stopPropagation();});});
notes.forEach(function(n){n.addEventListener("click",function(){select(n);});});
marks.forEach(function(m){m.addEventListener("click",function(){
  var ids=refs(m).filter(function(id){return noteById[id]&&visible(noteById[id]);});
  var at=ids.indexOf(cur>=0?notes[cur].id:"");var n=noteById[ids[(at+1)%ids.length]];if(n)select(n);});});
all("input[data-filter]").forEach(function(b){b.addEventListener("change",applyFilters);});
document.getElementById("next").addEventListener("click",function(){step(1);});
document.getElementById("prev").addEventListener("click",function(){step(-1);});
document.addEventListener("keydown",function(e){
  if(e.ctrlKey||e.metaKey||e.altKey)return;
  var t=e.target&&e.target.tagName;if(t==="INPUT"&&e.target.type!=="checkbox"||t==="TEXTAREA")return;
  if(e.key==="j"||e.key==="n"){step(1);e.preventDefault();}
  else if(e.key==="k"||e.key==="p"){step(-1);e.preventDefault();}
  else if(e.key==="x"&&cur>=0){var b=notes[cur].querySelector(".waive-box");b.checked=!b.checked;
    waive(notes[cur],b.checked);e.preventDefault();}
  else if(e.key==="Escape"&&cur>=0){select(null);}
});
document.getElementById("download").addEventListener("click",function(){
  var data=all("li.note.waived").map(function(n){return {rule:n.getAttribute("data-rule"),
    path:n.getAttribute("data-path"),line:+n.getAttribute("data-line"),
    column:+n.getAttribute("data-column"),excerpt:n.getAttribute("data-excerpt")};});
  var blob=new Blob([JSON.stringify(data,null,2)+"\\n"],{type:"application/json"});
  var a=document.createElement("a");a.href=URL.createObjectURL(blob);a.download="copydesk-waivers.json";
  document.body.appendChild(a);a.click();setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},0);
});
var table=document.getElementById("summary");
if(table){all("th",table).forEach(function(th){
  function sort(){var k=+th.getAttribute("data-key"),num=th.getAttribute("data-type")==="num";
    var asc=th.getAttribute("aria-sort")!=="ascending";if(num&&!th.hasAttribute("aria-sort"))asc=false;
    all("th",table).forEach(function(o){o.removeAttribute("aria-sort");});
    th.setAttribute("aria-sort",asc?"ascending":"descending");
    var body=table.tBodies[0],rows=all("tr",body).sort(function(a,b){
      var x=a.cells[k].getAttribute("data-v"),y=b.cells[k].getAttribute("data-v");
      var c=num?(+x)-(+y):x.localeCompare(y);return asc?c:-c;});
    var frag=document.createDocumentFragment();rows.forEach(function(r){frag.appendChild(r);});body.appendChild(frag);}
  th.addEventListener("click",sort);
  th.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){sort();e.preventDefault();}});});}
paint(marks);where();waived();
root.setAttribute("data-report-ready","1");
})();
"""
