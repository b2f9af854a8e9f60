"""The editor report: one self-contained HTML file an editor opens in a browser.

Each article's text is shown in reading order with every flagged span
highlighted in place, the finding's message, rule and why beside it; a summary
table comes first when there are several files. Filters, keyboard stepping
(``j``/``k``) and a "not an error" toggle whose choices download as JSON are
done by one inline script; the page loads nothing from anywhere (a Content
Security Policy forbids every fetch and every script but that one).

Article content is untrusted: every piece of it is escaped and shown as text,
never as markup, attribute names or live links.

To place highlights the reporter needs the article's blocks. A reporter never
re-reads the file; it rebuilds the article model once from
``FileResult.source_text`` (the decoded text the engine linted), without the
configured body selector, which the reporter does not know.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import TextIO

from ..article import Article, Block
from ..finding import FileResult, Finding
from ..rule import all_rules
from ..source import SourceText
from ..textmap import MappedText

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


def _e(text: object) -> str:
    """Escape for text and for double-quoted attribute values alike."""
    return escape(str(text), quote=True)


# --- source offsets → plain-text offsets -------------------------------------------------


def plain_span(mapped: MappedText, start: int, end: int) -> tuple[int, int] | None:
    """The plain-text span of ``mapped`` whose characters' source spans meet ``[start, end)``.

    The inverse of :meth:`MappedText.to_source`: a character counts when its
    source span overlaps the finding's (an entity or a collapsed space maps as
    one unit to its whole source span). ``None`` when no character does.
    """
    end = max(end, start + 1)
    count = len(mapped.out_starts)
    first = last = None
    # A full scan: blocks are short, and segments need not be in source order.
    for i in range(count):
        src_start, src_end = mapped.src_starts[i], mapped.src_ends[i]
        if src_start >= end:
            continue
        out_start = mapped.out_starts[i]
        out_end = mapped.out_starts[i + 1] if i + 1 < count else len(mapped.text)
        if out_end <= out_start:
            continue
        if mapped.linear[i]:
            lo = max(start, src_start) - src_start
            hi = min(end, src_end) - src_start
            if hi <= lo:
                continue
            span = (out_start + lo, out_start + hi)
        else:
            if src_end <= start:
                continue
            span = (out_start, out_end)
        first = span[0] if first is None else min(first, span[0])
        last = span[1] if last is None else max(last, span[1])
    if first is None or last is None:
        return None
    return first, last


@dataclass
class _Placed:
    number: int
    finding: Finding
    block: int | None = None
    start: int = 0
    end: int = 0


def _place(findings: list[_Placed], blocks: list[Block]) -> None:
    for placed in findings:
        finding = placed.finding
        if finding.end <= finding.start and finding.start == 0:
            continue  # article-level finding with no position
        for index, block in enumerate(blocks):
            block_start, block_end = block.mapped.source_span
            if finding.start >= block_end or max(finding.end, finding.start + 1) <= block_start:
                continue
            span = plain_span(block.mapped, finding.start, finding.end)
            if span is not None:
                placed.block, (placed.start, placed.end) = index, span
                break


# --- rendering -----------------------------------------------------------------------------


def _short_why(code: str) -> str:
    rule = all_rules().get(code)
    why = " ".join((getattr(rule, "why", "") or "").split())
    if not why:
        return ""
    cut = why.find(". ")
    return why if cut < 0 or cut > 300 else why[: cut + 1]


def _finding_attrs(placed: _Placed, path: str) -> str:
    f = placed.finding
    return (
        f'id="f{placed.number}" data-rule="{_e(f.rule)}" data-sev="{_e(f.severity)}" data-cat="{_e(f.category)}" '
        f'data-path="{_e(path)}" data-line="{f.line}" data-column="{f.column}" data-excerpt="{_e(f.excerpt)}"'
    )


def _note(placed: _Placed, path: str) -> str:
    """One finding's card: message, rule, why and the "not an error" toggle."""
    f = placed.finding
    why = _short_why(f.rule)
    return (
        f'<li class="note sev-{_e(f.severity)}" {_finding_attrs(placed, path)} tabindex="-1">'
        f'<div class="note-head"><span class="badge sev-{_e(f.severity)}">{_e(f.severity)}</span> '
        f'<code class="rule">{_e(f.rule)}</code> <span class="slug">{_e(f.name)}</span> '
        f'<span class="pos">{f.line}:{f.column}</span></div>'
        f'<div class="msg">{_e(f.message)}</div>'
        + (f'<div class="why">{_e(why)}</div>' if why else "")
        + '<label class="waive"><input type="checkbox" class="waive-box"> not an error</label></li>'
    )


def _render_block(block: Block, marks: list[_Placed]) -> str:
    text = block.text
    cuts = {0, len(text)}
    for placed in marks:
        cuts.update((placed.start, placed.end))
    points = sorted(cuts)
    out = []
    for lo, hi in pairwise(points):
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


def _render_text(blocks: list[Block], placed: list[_Placed], path: str) -> str:
    """The article's text, a row per block: the block on the left, its findings' notes beside it."""
    by_block: dict[int, list[_Placed]] = {}
    for p in placed:
        if p.block is not None:
            by_block.setdefault(p.block, []).append(p)
    parts: list[str] = []
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        tag = _ROLE_TAGS.get(block.role, "p")
        marks = sorted(by_block.get(index, []), key=lambda p: (p.start, p.end))
        inner = _render_block(block, marks)
        role = "".join(ch for ch in block.role if ch.isalnum() or ch == "-")
        edge = (" first" if index == 0 else "") + (" last" if index == last else "")
        notes = "".join(_note(p, path) for p in marks)
        parts.append(
            f'<div class="tcell{edge}"><{tag} class="blk role-{role}">{inner}</{tag}></div>'
            f'<ul class="ncell">{notes}</ul>'
        )
    return "\n".join(parts)


def _article_of(result: FileResult) -> Article | None:
    if result.source_text is None:
        return None
    from ..inputs import build_article_for

    try:
        return build_article_for(SourceText(result.source_text, result.path), result.path, None)
    except Exception:  # a report without the text beats no report
        return None


def _counts(findings: list[Finding]) -> Counter[str]:
    return Counter(f.severity for f in findings)


def _section(number: int, result: FileResult, start: int) -> tuple[str, int, str]:
    """The HTML of one file's section, the next finding number, and its title."""
    article = _article_of(result)
    blocks = [b for b in article.blocks if not b.chrome and b.role in _ROLE_TAGS] if article else []
    placed = [_Placed(start + i, f) for i, f in enumerate(result.findings)]
    _place(placed, blocks)
    title = (article.headline if article else None) or result.path
    counts = _counts(result.findings)
    categories = Counter(f.category for f in result.findings)
    chips = "".join(
        f'<span class="chip sev-{s}">{counts[s]} {s}{"" if counts[s] == 1 else "s"}</span>' for s in SEVERITIES
    )
    cats = "".join(f'<span class="chip cat">{_e(c)} {n}</span>' for c, n in sorted(categories.items()))
    parts = [
        f'<section class="article" id="a{number}">',
        f'<header class="art-head"><div class="path">{_e(result.path)}</div>'
        f'<h1 class="art-title">{_e(title)}</h1><div class="chips">{chips}{cats}</div></header>',
    ]
    if result.error is not None:
        parts.append(f'<p class="file-error">Could not lint this file: {_e(result.error)}</p>')
    outside = [p for p in placed if p.block is None]
    if outside:
        parts.append('<div class="outside"><h2>Outside the text: metadata, attributes, missing parts</h2><ul>')
        parts.extend(_note(p, result.path) for p in outside)
        parts.append("</ul></div>")
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
    if blocks:
        parts.append(f'<div class="reading">{_render_text(blocks, placed, result.path)}</div>')
    elif result.error is None:
        parts.append('<p class="no-text">The article text is not available for this file.</p>')
    parts.append("</section>")
    return "\n".join(parts), start + len(placed), title


def _summary(rows: list[tuple[int, FileResult, str]]) -> str:
    def worst(row: tuple[int, FileResult, str]) -> tuple[int, int, int, str]:
        c = _counts(row[1].findings)
        return (-c["error"], -c["warning"], -c["info"], row[1].path)

    lines = [
        '<section class="summary"><h2>Summary</h2><table id="summary"><thead><tr>'
        '<th data-key="0" data-type="text" tabindex="0">Article</th>'
        '<th data-key="1" data-type="num" tabindex="0">Errors</th>'
        '<th data-key="2" data-type="num" tabindex="0">Warnings</th>'
        '<th data-key="3" data-type="num" tabindex="0">Info</th></tr></thead><tbody>'
    ]
    for number, result, title in sorted(rows, key=worst):
        c = _counts(result.findings)
        lines.append(
            f'<tr><td data-v="{_e(title)}"><a href="#a{number}">{_e(title)}</a>'
            f'<div class="path">{_e(result.path)}</div></td>'
            + "".join(f'<td class="n sev-{s}" data-v="{c[s]}">{c[s]}</td>' for s in SEVERITIES)
            + "</tr>"
        )
    lines.append("</tbody></table></section>")
    return "\n".join(lines)


def _filters(results: list[FileResult]) -> str:
    categories = sorted({f.category for r in results for f in r.findings})
    sev = "".join(
        f'<label class="flt sev-{s}"><input type="checkbox" data-filter="sev" value="{s}" checked> {s}</label>'
        for s in SEVERITIES
    )
    cat = "".join(
        f'<label class="flt"><input type="checkbox" data-filter="cat" value="{_e(c)}" checked> {_e(c)}</label>'
        for c in categories
    )
    return (
        '<nav class="toolbar" aria-label="Report controls"><div class="group">' + sev + "</div>"
        '<div class="group">' + cat + "</div>"
        '<div class="group nav-btns"><button type="button" id="prev" title="Previous finding (k)">&#8593; prev</button>'
        '<button type="button" id="next" title="Next finding (j)">&#8595; next</button>'
        '<span id="where" class="where"></span>'
        '<button type="button" id="download" title="Download the findings marked &#8220;not an error&#8221;">'
        'Download waivers (<span id="waived">0</span>)</button></div></nav>'
    )


def render(results: Iterable[FileResult]) -> str:
    results = list(results)
    sections: list[str] = []
    rows: list[tuple[int, FileResult, str]] = []
    next_number = 1
    for number, result in enumerate(results, 1):
        html, next_number, title = _section(number, result, next_number)
        sections.append(html)
        rows.append((number, result, title))
    total = Counter(f.severity for r in results for f in r.findings)
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; form-action 'none'; base-uri 'none'"
    )
    heading = f"{len(results)} file{'' if len(results) == 1 else 's'}: " + ", ".join(
        f"{total[s]} {s}{'' if total[s] == 1 else 's'}" for s in SEVERITIES
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>copydesk report: {_e(heading)}</title>\n<style>{STYLE}</style></head>\n"
        f'<body><header class="top"><div class="brand">copydesk</div><div class="totals">{_e(heading)}</div>'
        '<div class="keys">j / k: next / previous finding &middot; x: not an error</div></header>\n'
        + _filters(results)
        + '\n<main id="main">\n'
        + (_summary(rows) if len(results) > 1 else "")
        + "\n".join(sections)
        + f"</main>\n<script>{SCRIPT}</script>\n</body></html>\n"
    )


def write(results: Iterable[FileResult], out: TextIO) -> None:
    out.write(render(results))


STYLE = """
:root{--ink:#1f2328;--muted:#6b6f76;--paper:#fbfaf7;--rule:#e4e1d8;
--err:#c62828;--err-bg:#fde2e0;--warn:#a86500;--warn-bg:#fff0c2;--info:#1d5fa8;--info-bg:#e1edfb}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.top{display:flex;gap:1.5rem;align-items:baseline;padding:.8rem 2rem;background:#22252a;color:#f4f1ea}
.brand{font-weight:700;letter-spacing:.04em;font-variant:small-caps;font-size:1.15rem}
.totals{flex:1}.keys{color:#b9b4aa;font-size:.85rem}
.toolbar{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;align-items:center;
padding:.5rem 2rem;background:#fffdf8ee;border-bottom:1px solid var(--rule);font-size:.85rem;backdrop-filter:blur(4px)}
.toolbar .group{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center}
.flt{cursor:pointer;white-space:nowrap}.flt.sev-error{color:var(--err)}.flt.sev-warning{color:var(--warn)}
.flt.sev-info{color:var(--info)}
button{font:inherit;padding:.2rem .7rem;border:1px solid #c9c4b8;border-radius:4px;background:#fff;cursor:pointer}
button:hover,button:focus{border-color:#777}.where{color:var(--muted);min-width:5em}
main{max-width:78rem;margin:0 auto;padding:1rem 2rem 4rem}
.summary table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--rule)}
.summary th,.summary td{padding:.45rem .8rem;border-bottom:1px solid var(--rule);text-align:left}
.summary th{cursor:pointer;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;
color:var(--muted);user-select:none}
.summary th[aria-sort=ascending]::after{content:" \\25B2"}.summary th[aria-sort=descending]::after{content:" \\25BC"}
.summary td.n{text-align:right;font-variant-numeric:tabular-nums;width:7em}
td.sev-error{color:var(--err);font-weight:600}td.sev-warning{color:var(--warn)}td.sev-info{color:var(--info)}
.summary a{color:var(--ink);text-decoration:none;font-weight:600}.summary a:hover{text-decoration:underline}
.path{color:var(--muted);font:.8rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.article{margin:2.5rem 0 3rem;padding-top:1rem;border-top:3px double var(--rule)}
.art-title{font:700 1.9rem/1.2 Georgia,"Times New Roman",serif;margin:.3rem 0 .6rem}
.chips{display:flex;flex-wrap:wrap;gap:.35rem}
.chip{font-size:.75rem;padding:.1rem .55rem;border-radius:999px;background:#eeebe3;color:#444}
.chip.sev-error{background:var(--err-bg);color:var(--err)}.chip.sev-warning{background:var(--warn-bg);color:var(--warn)}
.chip.sev-info{background:var(--info-bg);color:var(--info)}
.outside{margin:1.2rem 0;padding:.6rem 1rem;background:#fff;border:1px solid var(--rule);border-radius:6px}
.outside h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:.2rem 0 .4rem}
.outside ul,.ncell{list-style:none;margin:0;padding:0}
.reading{display:grid;grid-template-columns:minmax(0,40rem) minmax(16rem,1fr);column-gap:2.5rem;margin-top:1.2rem;
  position:relative}
.reading.laid .ncell{height:0;overflow:visible}
.tcell{background:#fff;padding:0 2.4rem 1.05rem;border:1px solid var(--rule);border-width:0 1px;
font:1.1rem/1.7 Georgia,"Iowan Old Style","Times New Roman",serif}
.tcell.first{padding-top:2rem;border-top-width:1px;border-radius:6px 6px 0 0}
.tcell.last{padding-bottom:2rem;border-bottom-width:1px;border-radius:0 0 6px 6px}
.tcell.first.last{border-radius:6px}
.tcell>*{margin:0}
.tcell h2.role-headline{font-size:1.7rem;line-height:1.25;padding-bottom:.3rem}
.tcell h3{font-size:1.25rem;padding-top:.6rem}
.tcell .role-byline,.tcell .role-dateline{font:.9rem system-ui,sans-serif;color:var(--muted)}
.tcell .role-dek{font-size:1.2rem;color:#444;font-style:italic}
.tcell .role-list-item{padding-left:1.3rem;position:relative}
.tcell .role-list-item::before{content:"\\2022";position:absolute;left:.3rem;color:var(--muted)}
.tcell blockquote{padding:.2rem 0 .2rem 1.2rem;border-left:3px solid #c9c4b8;color:#333;font-style:italic}
.tcell figcaption{font:.85rem/1.45 system-ui,sans-serif;color:var(--muted);padding:.5rem .8rem;
background:#f5f3ee;border-radius:4px}
mark.hl{background:none;color:inherit;border-bottom:2px solid;padding:0 1px;cursor:pointer;border-radius:2px}
mark.sev-error{background:var(--err-bg);border-color:var(--err)}
mark.sev-warning{background:var(--warn-bg);border-color:var(--warn)}
mark.sev-info{background:var(--info-bg);border-color:var(--info)}
mark.current,.note.current{outline:2px solid #22252a;outline-offset:2px}
mark.off{background:none;border-bottom:1px dotted #bbb}
.note{background:#fff;border:1px solid var(--rule);border-left:4px solid;border-radius:4px;padding:.5rem .7rem;
margin:0 0 .6rem;font-size:.85rem;line-height:1.4;cursor:pointer}
.note.sev-error{border-left-color:var(--err)}.note.sev-warning{border-left-color:var(--warn)}
.note.sev-info{border-left-color:var(--info)}
.note.hidden,mark.hidden-f{display:none}
.note.waived{opacity:.5}.note.waived .msg{text-decoration:line-through}
.note-head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:baseline}
.badge{font-size:.68rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.badge.sev-error{color:var(--err)}.badge.sev-warning{color:var(--warn)}.badge.sev-info{color:var(--info)}
.rule{font-size:.78rem;background:#f1efe9;padding:0 .3rem;border-radius:3px}
.slug,.cat,.pos{color:var(--muted);font-size:.78rem}.pos{margin-left:auto;font-family:ui-monospace,monospace}
.msg{margin:.2rem 0 .1rem}.why{display:none;color:var(--muted);font-size:.8rem;margin-top:.2rem}
.note:hover .why,.note.current .why,.note:focus-within .why,.outside .why{display:block}
.waive{display:inline-block;margin-top:.15rem;font-size:.75rem;color:var(--muted);cursor:pointer}
.file-error{color:var(--err)}.no-text{color:var(--muted);font-style:italic}
@media (max-width:900px){.reading{grid-template-columns:1fr}.reading.laid .ncell{height:auto}}
"""

SCRIPT = """
(function(){
"use strict";
var root=document.documentElement;
window.addEventListener("error",function(e){root.setAttribute("data-js-error",String(e.message));});
function all(sel,el){return Array.prototype.slice.call((el||document).querySelectorAll(sel));}
var notes=all("li.note"), marks=all("mark.hl"), cur=-1;
/* Index marks by finding and fix the reading order once: a corpus report has thousands of
   notes, and searching every mark on each keypress made j/k take seconds. */
var byId={};marks.forEach(function(m){m.getAttribute("data-refs").split(" ").forEach(function(id){
  (byId[id]=byId[id]||[]).push(m);});});
function marksOf(id){return byId[id]||[];}
function visible(n){return !n.classList.contains("hidden");}
var place={};notes.forEach(function(n,i){place[n.id]=i;});
var reading=notes.slice().sort(function(a,b){if(a===b)return 0;
  var ma=marksOf(a.id)[0]||a, mb=marksOf(b.id)[0]||b;
  if(ma===mb)return place[a.id]-place[b.id];
  return ma.compareDocumentPosition(mb)&Node.DOCUMENT_POSITION_FOLLOWING?-1:1;});
function order(){return reading.filter(visible);}
function applyFilters(){
  var on={sev:{},cat:{}};
  all("input[data-filter]").forEach(function(b){on[b.getAttribute("data-filter")][b.value]=b.checked;});
  notes.forEach(function(n){
    n.classList.toggle("hidden",!(on.sev[n.getAttribute("data-sev")]&&on.cat[n.getAttribute("data-cat")]));});
  marks.forEach(function(m){
    var live=m.getAttribute("data-refs").split(" ").some(function(id){
      var n=document.getElementById(id);return n&&visible(n)&&!n.classList.contains("waived");});
    m.classList.toggle("off",!live);});
  layoutNotes();
}
/* Margin notes: a paragraph with many notes used to stretch its grid row and leave a gap in
   the text. Notes now take no height in the grid and are pushed down only as far as needed
   not to overlap the previous group; reads are batched before writes (one layout pass). */
function layoutNotes(){
  var boxes=all(".reading"),narrow=window.matchMedia("(max-width:900px)").matches;
  boxes.forEach(function(r){r.classList.add("laid");r.style.paddingBottom="";
    all(".ncell",r).forEach(function(c){c.style.transform="";});});
  if(narrow)return;
  var plan=boxes.map(function(r){var cells=all(".ncell",r);
    return {r:r,h:r.offsetHeight,cells:cells,tops:cells.map(function(c){return c.offsetTop;}),
      hs:cells.map(function(c){return c.scrollHeight;})};});
  plan.forEach(function(p){var bottom=-1e9;
    p.cells.forEach(function(c,i){var shift=Math.max(0,bottom+12-p.tops[i]);
      if(shift)c.style.transform="translateY("+shift+"px)";
      if(p.hs[i]>0)bottom=p.tops[i]+shift+p.hs[i];});
    if(bottom>p.h)p.r.style.paddingBottom=(bottom-p.h)+"px";});
}
window.addEventListener("resize",layoutNotes);
function focusNote(n){
  all(".current").forEach(function(el){el.classList.remove("current");});
  if(!n)return;
  var ms=marksOf(n.id);n.classList.add("current");ms.forEach(function(m){m.classList.add("current");});
  (ms[0]||n).scrollIntoView({block:"center",behavior:"smooth"});
  n.focus({preventScroll:true});
  var list=order();document.getElementById("where").textContent=(list.indexOf(n)+1)+" / "+list.length;
}
function step(d){var list=order();if(!list.length)return;
  var i=list.indexOf(notes[cur]);i=i<0?(d>0?0:list.length-1):(i+d+list.length)%list.length;
  cur=notes.indexOf(list[i]);focusNote(list[i]);}
function waivedCount(){document.getElementById("waived").textContent=all("li.note.waived").length;}
all(".waive-box").forEach(function(box){box.addEventListener("change",function(){
  var n=box.closest("li.note");n.classList.toggle("waived",box.checked);waivedCount();applyFilters();});
  box.addEventListener("click",function(e){e.stopPropagation();});});
notes.forEach(function(n){n.addEventListener("click",function(){cur=notes.indexOf(n);focusNote(n);});});
marks.forEach(function(m){m.addEventListener("click",function(){
  var id=m.getAttribute("data-refs").split(" ")[0];var n=document.getElementById(id);
  if(n){cur=notes.indexOf(n);focusNote(n);}});});
all("input[data-filter]").forEach(function(b){b.addEventListener("change",applyFilters);});
document.getElementById("next").addEventListener("click",function(){step(1);});
document.getElementById("prev").addEventListener("click",function(){step(-1);});
document.addEventListener("keydown",function(e){
  if(e.ctrlKey||e.metaKey||e.altKey)return;
  var t=e.target&&e.target.tagName;if(t==="INPUT"&&e.target.type!=="checkbox"||t==="TEXTAREA")return;
  if(e.key==="j"||e.key==="n"){step(1);e.preventDefault();}
  else if(e.key==="k"||e.key==="p"){step(-1);e.preventDefault();}
  else if(e.key==="x"&&notes[cur]){var b=notes[cur].querySelector(".waive-box");b.checked=!b.checked;
    b.dispatchEvent(new Event("change"));e.preventDefault();}
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
    var body=table.tBodies[0];all("tr",body).sort(function(a,b){
      var x=a.cells[k].getAttribute("data-v"),y=b.cells[k].getAttribute("data-v");
      var c=num?(+x)-(+y):x.localeCompare(y);return asc?c:-c;}).forEach(function(r){body.appendChild(r);});}
  th.addEventListener("click",sort);
  th.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){sort();e.preventDefault();}});});}
applyFilters();
root.setAttribute("data-report-ready","1");
})();
"""
