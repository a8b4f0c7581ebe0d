"""`--format html`: one self-contained page showing each document with its findings in place.

The page carries no markup built from document text: the run travels as one JSON blob
in a `<script type="application/json">` (UTF-8, CJK unescaped; `</` and `<!--` escaped
so the blob cannot end its script element), and a small inline script renders the
chosen document's lines with DOM text nodes, a chunk at a time as the reader scrolls,
so a 10 MB run opens fast and nothing quoted from a document is ever parsed as HTML.
No stylesheet, script or font is fetched: the file opens from disk anywhere.

Blob layout (compact lists, not the JSON output's keyed objects, to keep the page small):
  files: [[path, text or null], ...]
  rules: {code: [name, category]}
  diags: [[file, line, col, end_line, end_col, rule, severity, message, related, fix, folded_under], ...]
    related: [[file or path, line, col, end_line, message], ...]; fix: 0 none, 1 --fix, 2 --unsafe-fixes;
    folded_under: index of the copy finding it is folded under, or -1.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from reportlint import __version__
from reportlint.copies import fold, fixable_outside_copies
from reportlint.diagnostics import Diagnostic
from reportlint.output import Report
from reportlint.output.text_format import _defers

SEVERITY_INDEX = {"error": 0, "warning": 1, "info": 2}
# The page's own words in the report's language (Report.language): a string with {0}, {1}
# for the numbers, or an English [singular, plural] pair chosen by the first number.
LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "reportlint report", "filters": "Filters", "by_cat": "By category", "by_rule": "By rule",
        "files_h": "Files", "rule": "Rule", "all_rules": "all rules", "sev": ["error", "warning", "info"],
        "noscript": "This report needs JavaScript to show the documents; the findings are in the JSON block of this file.",
        "files": ["{0} file", "{0} files"], "n0": ["{0} error", "{0} errors"], "n1": ["{0} warning", "{0} warnings"],
        "n2": ["{0} info", "{0} infos"], "fix": "{0} fixable with --fix", "unsafe": " ({0} more with --unsafe-fixes)",
        "folded": "{0} folded under reported copies", "hidden": "{0} hidden by the baseline", "showing": "showing {0}",
        "chart": "findings along the document (click to jump)", "prev": "\u2191 previous", "next": "next finding \u2193",
        "findings": ["{0} finding", "{0} findings"], "lines": "{0} lines",
        "left_out": "text left out of this page (no findings)", "unread": "no text: the file could not be read",
        "excerpt": "a long run: only the lines near findings are included",
        "no_line": "Findings without a line shown here:", "gap": "\u22ee lines {0} not included (no findings)",
        "more": "show more ({0} of {1} rows shown)", "empty": "(nothing to show)", "line": "line {0}",
        "fix_safe": "[*] fixable with --fix", "fix_unsafe": "fixable with --unsafe-fixes", "see": "see",
        "folded_under": "folded under {0} (the copy at line {1})",
        "folded_here": ["{0} finding inside this copy repeats the original's and is folded under it",
                        "{0} findings inside this copy repeat the original's and are folded under it"],
        "show_in": "show in the document",
    },
    "zh": {
        "title": "reportlint 报告", "filters": "筛选", "by_cat": "按类别", "by_rule": "按规则", "files_h": "文件",
        "rule": "规则", "all_rules": "全部规则", "sev": ["错误", "警告", "提示"],
        "noscript": "本报告需要 JavaScript 才能显示文档；问题数据在本文件的 JSON 块中。",
        "files": "{0} 个文件", "n0": "{0} 个错误", "n1": "{0} 个警告", "n2": "{0} 个提示",
        "fix": "{0} 个可用 --fix 修复", "unsafe": "（另有 {0} 个可用 --unsafe-fixes 修复）",
        "folded": "{0} 个折叠于副本之下", "hidden": "{0} 个被基线隐藏", "showing": "显示 {0} 个",
        "chart": "问题在文中的分布（点击跳转）", "prev": "\u2191 上一个", "next": "下一个问题 \u2193",
        "findings": "{0} 个问题", "lines": "{0} 行", "left_out": "正文未收入本页（无问题）",
        "unread": "无正文：文件无法读取", "excerpt": "运行较大：仅收入问题附近的行",
        "no_line": "此处未显示所在行的问题：", "gap": "\u22ee 第 {0} 行未收入（无问题）",
        "more": "显示更多（已显示 {0}/{1} 行）", "empty": "（无内容）", "line": "第 {0} 行",
        "fix_safe": "[*] 可用 --fix 修复", "fix_unsafe": "可用 --unsafe-fixes 修复", "see": "参见",
        "folded_under": "折叠于 {0} 之下（第 {1} 行的副本）", "folded_here": "此副本内另有 {0} 个问题重复原文的问题，折叠于此",
        "show_in": "在文中显示",
    },
}
# Up to this much document text (UTF-8) the page carries every document whole. A larger
# run (a 10 MB corpus with its findings spread thin) carries only the lines around each
# finding and its related places, and leaves clean documents out: the page stays within
# about 3x the JSON output instead of becoming a copy of the corpus.
FULL_TEXT_BYTES = 4_000_000
CONTEXT_LINES = 2


def render(report: Report) -> str:
    data = _data(report)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script> only "</script" and "<!--" can end or derail the element; both are
    # turned into JSON escapes that parse back to the same string.
    blob = blob.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    words = data["t"]
    title = words["title"] + (f" — {data['files'][0][0]}" if len(data["files"]) == 1 else "")
    page = _PAGE
    for key in ("filters", "by_cat", "by_rule", "files_h", "rule", "all_rules", "noscript"):
        page = page.replace(f"@{key}@", escape(words[key]))
    return (page.replace("@TITLE@", escape(title)).replace("@LANG@", data["lang"])
            .replace("@CSS@", _CSS)
            .replace("@JS@", _JS)
            .replace("@DATA@", blob))


def _data(report: Report) -> dict[str, Any]:
    diags = sorted(report.diagnostics, key=Diagnostic.sort_key)
    paths: list[str] = []
    seen: dict[str, int] = {}

    def file_index(path: str) -> int:
        if path not in seen:
            seen[path] = len(paths)
            paths.append(path)
        return seen[path]

    for d in diags:
        file_index(d.path)
    for path in report.sources:  # clean files are listed too, after those with findings
        file_index(path)
    _, found = fold(diags, _defers(report.rules)) if report.fold else (diags, [])
    position = {id(d): i for i, d in enumerate(diags)}
    under = {id(f): position[id(cp.diagnostic)] for cp in found for f in cp.folded}
    fixable = fixable_outside_copies(diags)
    rules: dict[str, list[str]] = {r.code: [r.name, r.category] for r in report.rules}
    rows = []
    for d in diags:
        rules.setdefault(d.rule, [d.name, d.category])
        related = [[file_index(r.path) if r.path in seen else r.path, r.line, r.column, r.end_line or r.line,
                    r.message] for r in d.related]
        fix = 0
        if id(d) in fixable and d.fix is not None and d.fix.edits:
            fix = 1 if d.fix.safe else 2
        rows.append([seen[d.path], d.line, d.column, d.end_line, d.end_column, d.rule,
                     SEVERITY_INDEX[str(d.severity)], d.message, related, fix, under.get(id(d), -1)])
    lang = report.language if report.language in LABELS else "en"
    texts = {p: report.sources[p].text for p in paths if p in report.sources}
    whole = sum(len(t.encode("utf-8")) for t in texts.values()) <= FULL_TEXT_BYTES
    spans: dict[int, list[tuple[int, int]]] = {}
    if not whole:
        for d in diags:
            spans.setdefault(seen[d.path], []).extend(_near(d.line, d.end_line))
            for r in d.related:
                if r.path == d.path:
                    spans[seen[d.path]].extend(_near(r.line, r.end_line or r.line))
    files = []
    for i, path in enumerate(paths):
        text = texts.get(path)
        if text is None:
            files.append([path, None, None, 0])
            continue
        lines = text.split("\n")
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()
        if whole:
            files.append([path, text, None, len(lines)])
        else:
            files.append([path, None, _excerpt(lines, spans.get(i, [])), len(lines)])
    return {
        "tool": {"name": "reportlint", "version": __version__},
        "files": files,
        "rules": rules,
        "diags": rows,
        "hidden": report.hidden,
        "lang": lang,
        "t": LABELS[lang],
        "whole": whole,
        "context": CONTEXT_LINES,
    }


def _near(first: int, last: int) -> list[tuple[int, int]]:
    """The lines to show around a finding: its start and end with CONTEXT_LINES either side."""
    first, last = max(1, first), max(1, first, last)
    if last - first <= 2 * CONTEXT_LINES:
        return [(first - CONTEXT_LINES, last + CONTEXT_LINES)]
    return [(first - CONTEXT_LINES, first + CONTEXT_LINES), (last - CONTEXT_LINES, last + CONTEXT_LINES)]


def _excerpt(lines: list[str], spans: list[tuple[int, int]]) -> list[list[Any]]:
    """[[first line, those lines joined by newlines], ...] for the merged spans, in order."""
    out: list[list[Any]] = []
    end = 0
    for a, b in sorted(spans):
        a, b = max(1, a), min(len(lines), b)
        if a > b:
            continue
        if out and a <= end + 1:  # touching or overlapping the previous part: extend it
            if b > end:
                out[-1][1] += "\n" + "\n".join(lines[end:b])
                end = b
            continue
        out.append([a, "\n".join(lines[a - 1:b])])
        end = b
    return out


_PAGE = """<!DOCTYPE html>
<html lang="@LANG@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>@TITLE@</title>
<style>@CSS@</style>
</head>
<body>
<header id="top"><h1>@TITLE@</h1><div id="totals"></div></header>
<div id="layout">
<aside id="side">
<section id="filters"><h2>@filters@</h2><div id="f-sev"></div><div id="f-cat"></div>
<label>@rule@ <select id="f-rule"><option value="">@all_rules@</option></select></label></section>
<section id="summary"><h2>@by_cat@</h2><table id="by-cat"></table><h2>@by_rule@</h2><table id="by-rule"></table></section>
<section id="files-sec"><h2>@files_h@</h2><table id="by-file"></table></section>
</aside>
<main id="main"><div id="doc-head"></div><div id="doc"></div></main>
</div>
<div id="pop" hidden></div>
<noscript><p>@noscript@</p></noscript>
<script type="application/json" id="reportlint-data">@DATA@</script>
<script>@JS@</script>
</body>
</html>
"""

_CSS = """
:root{--err:#c62828;--warn:#d98c00;--info:#1e78c8;--bg:#fff;--fg:#1d1d1f;--mut:#666;--line:#eee}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:8px 16px;border-bottom:1px solid #ddd;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
h1{font-size:18px;margin:0}h2{font-size:13px;margin:12px 0 4px;text-transform:uppercase;color:var(--mut)}
#totals span{margin-right:14px}
#layout{display:flex;height:calc(100vh - 45px)}
#side{width:330px;min-width:260px;overflow:auto;padding:0 12px 24px;border-right:1px solid #ddd;font-size:13px}
#main{flex:1;overflow:auto;position:relative}
table{border-collapse:collapse;width:100%}td{padding:1px 4px;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
#by-file tr{cursor:pointer}#by-file tr:hover,#by-file tr.cur{background:#eef4ff}
#by-file td.p{word-break:break-all}
canvas.chart{display:block;width:100%;height:14px;cursor:pointer}
#doc-head{position:sticky;top:0;background:#fafafa;border-bottom:1px solid #ddd;padding:6px 12px;z-index:2}
#doc-head .path{font-weight:600;word-break:break-all}
#doc-head canvas.chart{height:22px;margin-top:4px}
#doc{font:13px/1.5 ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace;padding:4px 0 40vh}
.l{display:flex;white-space:pre-wrap;word-break:break-all;border-left:4px solid transparent}
.l .g{flex:none;width:5.5em;text-align:right;padding-right:10px;color:#999;user-select:none}
.l .t{flex:1;min-width:0;padding-right:12px}
.l.s0{border-left-color:var(--err)}.l.s1{border-left-color:var(--warn)}.l.s2{border-left-color:var(--info)}
.l.flash{background:#fff3b0}
.l.gap{color:var(--mut);font-style:italic;padding:4px 0 4px 6.2em;background:#f6f6f6}
.m{cursor:pointer;border-bottom:2px solid;background:rgba(0,0,0,.04)}
.m.s0{border-color:var(--err);background:rgba(198,40,40,.10)}
.m.s1{border-color:var(--warn);background:rgba(217,140,0,.12)}
.m.s2{border-color:var(--info);background:rgba(30,120,200,.10);border-bottom-style:dotted}
.m.multi{border-bottom-width:0;background-image:none}
.m.c-duplicate{box-shadow:inset 0 -1px 0 #7b1fa2}.m.c-number{box-shadow:inset 0 -1px 0 #00897b}
.m.c-markup{box-shadow:inset 0 -1px 0 #5d4037}.m.c-heading{box-shadow:inset 0 -1px 0 #3949ab}
.m.folded{border-bottom-style:dashed;opacity:.75}
.cat{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:4px}
.cat.c-duplicate{background:#7b1fa2}.cat.c-number{background:#00897b}.cat.c-markup{background:#5d4037}
.cat.c-heading{background:#3949ab}.cat.c-style{background:#757575}.cat.c-error{background:#000}
.sev{font-weight:600}.sev.s0{color:var(--err)}.sev.s1{color:var(--warn)}.sev.s2{color:var(--info)}
#pop{position:fixed;max-width:520px;background:#fff;border:1px solid #bbb;box-shadow:0 4px 16px rgba(0,0,0,.18);padding:8px 10px;z-index:9;font-size:13px;border-radius:4px}
#pop .f{padding:4px 0;border-top:1px solid var(--line)}#pop .f:first-child{border-top:0}
#pop a,#doc-head a,.more a{color:#1565c0;cursor:pointer;text-decoration:underline}
.msg{white-space:pre-wrap}.mut{color:var(--mut)}
.more{padding:8px 12px;color:var(--mut)}
#doc-head .nav{float:right}#doc-head .nav a{margin-left:12px}
#filters label{display:inline-block;margin-right:8px}
"""

_JS = r"""
(function(){
"use strict";
var HASH=location.hash;
var D=JSON.parse(document.getElementById("reportlint-data").textContent);
var W=D.t,SEV=W.sev, CHUNK=400, MAXLINE=20000;
var files=D.files, diags=D.diags, rules=D.rules;
var byFile=files.map(function(){return [];});
diags.forEach(function(d,i){byFile[d[0]].push(i);});
var foldedCount={};
diags.forEach(function(d){if(d[10]>=0)foldedCount[d[10]]=(foldedCount[d[10]]||0)+1;});
var cats=[],seenCat={};
Object.keys(rules).forEach(function(r){var c=rules[r][1];if(!seenCat[c]){seenCat[c]=1;cats.push(c);}});
var off={sev:{},cat:{}}, onlyRule="";
function cat(d){var r=rules[d[5]];return r?r[1]:"error";}
function shown(d){return !off.sev[d[6]]&&!off.cat[cat(d)]&&(!onlyRule||d[5]===onlyRule);}
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=String(text);return e;}
function T(k){var v=W[k],a=arguments;if(Array.isArray(v))v=v[a[1]===1?0:1];return v.replace(/\{(\d)\}/g,function(_,i){return a[+i+1];});}
function range(a,b){return b&&b!==a?a+"\u2013"+b:String(a);}

// Summary and filters
function totals(){
  var t=document.getElementById("totals");t.textContent="";
  var n=[0,0,0],fix=0,unsafe=0,vis=0,fold=0;
  diags.forEach(function(d){n[d[6]]++;if(d[9]===1)fix++;if(d[9]===2)unsafe++;if(shown(d))vis++;if(d[10]>=0)fold++;});
  t.appendChild(el("span",null,T("files",files.length)));
  SEV.forEach(function(s,i){t.appendChild(el("span","sev s"+i,T("n"+i,n[i])));});
  t.appendChild(el("span",null,T("fix",fix)+(unsafe?T("unsafe",unsafe):"")));
  if(fold)t.appendChild(el("span","mut",T("folded",fold)));
  if(D.hidden)t.appendChild(el("span","mut",T("hidden",D.hidden)));
  if(vis!==diags.length)t.appendChild(el("span","mut",T("showing",vis)));
}
function countTable(id,keyOf,label){
  var tb=document.getElementById(id);tb.textContent="";
  var c={},order=[];
  diags.forEach(function(d){if(!shown(d))return;var k=keyOf(d);if(!(k in c)){c[k]=0;order.push(k);}c[k]++;});
  order.sort(function(a,b){return c[b]-c[a]||(a<b?-1:1);});
  order.forEach(function(k){var tr=el("tr");var td=el("td");label(td,k);tr.appendChild(td);tr.appendChild(el("td","n",c[k]));tb.appendChild(tr);});
}
function filters(){
  var fs=document.getElementById("f-sev"),fc=document.getElementById("f-cat"),fr=document.getElementById("f-rule");
  SEV.forEach(function(s,i){fs.appendChild(box(s,"sev s"+i,function(v){off.sev[i]=!v;}));});
  cats.forEach(function(c){fc.appendChild(box(c,"c-"+c,function(v){off.cat[c]=!v;}));});
  Object.keys(rules).sort().forEach(function(r){var o=el("option",null,r+" "+rules[r][0]);o.value=r;fr.appendChild(o);});
  fr.onchange=function(){onlyRule=fr.value;refresh();};
}
function box(name,cls,set){
  var l=el("label"),i=el("input");i.type="checkbox";i.checked=true;
  i.onchange=function(){set(i.checked);refresh();};
  l.appendChild(i);var s=el("span",cls.indexOf("c-")===0?null:cls,name);
  if(cls.indexOf("c-")===0)l.appendChild(el("span","cat "+cls));l.appendChild(s);return l;
}
function fileTable(){
  var tb=document.getElementById("by-file");tb.textContent="";
  files.forEach(function(f,i){
    var n=0;byFile[i].forEach(function(j){if(shown(diags[j]))n++;});
    var tr=el("tr"+"");tr.dataset.i=i;if(i===cur)tr.className="cur";
    var td=el("td","p",f[0]);var cv=chart(i,10);if(cv)td.appendChild(cv);
    tr.appendChild(td);tr.appendChild(el("td","n",n));
    tr.onclick=function(){open(i,0);};tb.appendChild(tr);
  });
}
// A strip of bins along the document: height = findings in the bin, colour = the worst severity.
function lineCount(i){return Math.max(1,files[i][3]);}
function chart(i,h){
  if(!byFile[i].length)return null;
  var bins=80,c=new Array(bins).fill(0),w=new Array(bins).fill(3),n=lineCount(i);
  byFile[i].forEach(function(j){var d=diags[j];if(!shown(d))return;var b=Math.min(bins-1,Math.floor((d[1]-1)*bins/n));c[b]++;w[b]=Math.min(w[b],d[6]);});
  var max=Math.max.apply(null,c);if(!max)return null;
  var cv=el("canvas","chart");cv.width=bins*4;cv.height=h*2;var g=cv.getContext("2d");
  var col=["#c62828","#d98c00","#1e78c8"];
  for(var b=0;b<bins;b++){if(!c[b])continue;var bh=Math.max(2,Math.round(c[b]/max*h*2));g.fillStyle=col[w[b]];g.fillRect(b*4,h*2-bh,3,bh);}
  cv.title=T("chart");
  cv.onclick=function(e){e.stopPropagation();var r=cv.getBoundingClientRect();var b=Math.floor((e.clientX-r.left)/r.width*bins);
    var line=Math.max(1,Math.floor(b*n/bins)+1);var best=null;
    byFile[i].forEach(function(j){var d=diags[j];if(shown(d)&&d[1]>=line&&(best===null||d[1]<best))best=d[1];});
    open(i,best||line);};
  return cv;
}

// Document view: lines rendered lazily, CHUNK at a time.
var cur=-1,rows=null,rowOf=null,marks=null,done=0,observer=null,sentinel=null;
function open(i,line){
  if(i!==cur){cur=i;build();fileTable();}
  if(line>0)jump(line);
  // The address names the place (#path:L12), so a link or a reload comes back to it.
  try{history.replaceState(null,"","#"+encodeURIComponent(files[i][0])+(line>0?":L"+line:""));}catch(e){}
}
// Next / previous shown finding of the open document after / before the line at the top of the view.
function step(dir){
  if(cur<0)return;var top=1,main=document.getElementById("main"),rs=document.querySelectorAll("#doc .l[id]");
  for(var k=0;k<rs.length;k++){if(rs[k].offsetTop>=main.scrollTop+main.clientHeight/2){top=+rs[k].id.slice(1);break;}top=+rs[k].id.slice(1);}
  var ls=[];byFile[cur].forEach(function(j){var d=diags[j];if(shown(d)&&d[1]>0)ls.push(d[1]);});
  var t=null;ls.forEach(function(L){if(dir>0?(L>top&&(t===null||L<t)):(L<top&&(t===null||L>t)))t=L;});
  if(t!==null)open(cur,t);
}
// rows: [line number, text] for each line the page carries, [0, first, last] for a gap left out.
function rowsOf(f){
  var out=[];
  if(f[1]!=null){var ls=f[1].split("\n");if(ls.length>1&&ls[ls.length-1]==="")ls.pop();ls.forEach(function(t,k){out.push([k+1,t]);});return out;}
  if(f[2]==null)return out;
  var next=1;
  f[2].forEach(function(part){var ls=part[1].split("\n");
    if(part[0]>next)out.push([0,next,part[0]-1]);
    ls.forEach(function(t,k){out.push([part[0]+k,t]);});next=part[0]+ls.length;});
  if(next<=f[3])out.push([0,next,f[3]]);
  return out;
}
function build(){
  var f=files[cur],head=document.getElementById("doc-head"),doc=document.getElementById("doc");
  head.textContent="";doc.textContent="";done=0;
  var nav=el("span","nav");[[T("prev"),-1],[T("next"),1]].forEach(function(x){var a=el("a",null,x[0]);
    a.title=x[1]>0?"key n":"key p";a.onclick=function(){step(x[1]);};nav.appendChild(a);});
  head.appendChild(nav);
  head.appendChild(el("div","path",f[0]));
  var n=0;byFile[cur].forEach(function(j){if(shown(diags[j]))n++;});
  var note=f[1]==null&&f[2]==null?" \u00b7 "+T(f[3]?"left_out":"unread"):f[2]!=null?" \u00b7 "+T("excerpt"):"";
  head.appendChild(el("span","mut",T("findings",n)+" \u00b7 "+T("lines",f[3])+note));
  var cv=chart(cur,11);if(cv)head.appendChild(cv);
  rows=rowsOf(f);rowOf={};rows.forEach(function(r,k){if(r[0])rowOf[r[0]]=k;});
  marks={};
  byFile[cur].forEach(function(j){var d=diags[j];if(!shown(d))return;
    var a=Math.max(1,d[1]),b=Math.max(a,d[3]),placed=false;
    for(var L=a;L<=Math.min(b,f[3]);L++){if(L in rowOf){(marks[L]=marks[L]||[]).push(j);placed=true;}}
    if(!placed)(marks[0]=marks[0]||[]).push(j);});
  if(marks[0]){var box=el("div","more");box.appendChild(el("div",null,T("no_line")));
    marks[0].forEach(function(j){box.appendChild(finding(j));});doc.appendChild(box);}
  sentinel=el("div","more","\u2026");doc.appendChild(sentinel);
  if(observer)observer.disconnect();
  if(window.IntersectionObserver){observer=new IntersectionObserver(function(es){if(es[0].isIntersecting)more(done+CHUNK);},{root:document.getElementById("main"),rootMargin:"800px"});observer.observe(sentinel);}
  more(CHUNK);
}
function more(upto){
  var doc=document.getElementById("doc"),frag=document.createDocumentFragment();
  upto=Math.min(upto,rows.length);
  for(var k=done;k<upto;k++){var r=rows[k];
    frag.appendChild(r[0]?lineEl(r[0],r[1]):el("div","l gap",T("gap",range(r[1],r[2]))));}
  done=Math.max(done,upto);
  doc.insertBefore(frag,sentinel);
  if(done>=rows.length){sentinel.textContent=rows.length?"":T("empty");if(observer)observer.disconnect();}
  else{sentinel.textContent="";var a=el("a",null,T("more",done,rows.length));
    a.onclick=function(){more(done+CHUNK);};sentinel.appendChild(a);}
}
function cps(s){return /[\uD800-\uDFFF]/.test(s)?Array.from(s):null;}
function lineEl(L,text){
  var row=el("div","l"),ms=marks[L];row.id="L"+L;
  row.appendChild(el("span","g",L));
  var t=el("span","t");row.appendChild(t);
  var cut="";if(text.length>MAXLINE){cut=" \u2026 ("+(text.length-MAXLINE)+" more characters)";text=text.slice(0,MAXLINE);}
  if(!ms){t.textContent=text+cut;return row;}
  var arr=cps(text),len=arr?arr.length:text.length,pts={0:1},segs=[],worst=3;
  pts[len]=1;
  ms.forEach(function(j){var d=diags[j],a=d[1]===L?d[2]-1:0,b=d[3]===L?d[4]-1:len;
    a=Math.max(0,Math.min(a,len));b=Math.max(a,Math.min(b,len));if(b===a){if(a<len)b=a+1;else if(a>0)a=a-1;}
    segs.push([a,b,j,d[1]!==d[3]]);pts[a]=1;pts[b]=1;worst=Math.min(worst,d[6]);});
  if(worst<3)row.className+=" s"+worst;
  var p=Object.keys(pts).map(Number).sort(function(x,y){return x-y;});
  for(var k=0;k+1<p.length;k++){
    var a=p[k],b=p[k+1],piece=arr?arr.slice(a,b).join(""):text.slice(a,b),on=[];
    segs.forEach(function(s){if(s[0]<b&&a<s[1])on.push(s);});
    if(!on.length){t.appendChild(document.createTextNode(piece));continue;}
    var best=on[0];on.forEach(function(s){var d=diags[s[2]];if(d[6]<diags[best[2]][6]||(d[6]===diags[best[2]][6]&&!s[3]&&best[3]))best=s;});
    var d=diags[best[2]],m=el("span","m s"+d[6]+" c-"+cat(d)+(best[3]?" multi":"")+(on.every(function(s){return diags[s[2]][10]>=0;})?" folded":""),piece);
    m.title=on.map(function(s){var x=diags[s[2]];return SEV[x[6]]+" "+x[5]+": "+x[7];}).join("\n");
    m.dataset.d=on.map(function(s){return s[2];}).join(",");
    t.appendChild(m);
  }
  if(!len){var z=el("span","m s"+worst,"\u00a0");z.dataset.d=ms.join(",");z.title=ms.map(function(j){return diags[j][5]+": "+diags[j][7];}).join("\n");t.appendChild(z);}
  if(cut)t.appendChild(el("span","mut",cut));
  return row;
}
function jump(L){
  var k=rowOf[L];
  if(k==null){for(var x=L;x>0;x--){if(x in rowOf){k=rowOf[x];L=x;break;}}}
  if(k==null)return;
  if(k>=done)more(k+CHUNK);
  var r=document.getElementById("L"+L);if(!r)return;
  r.scrollIntoView({block:"center"});r.classList.add("flash");setTimeout(function(){r.classList.remove("flash");},1500);
}
// A finding in the pop-up: severity, rule, message, related places (links jump), what is folded under it.
function finding(j){
  var d=diags[j],box=el("div","f"),r=rules[d[5]]||["",""];
  var h=el("div");h.appendChild(el("span","sev s"+d[6],SEV[d[6]]+" "));h.appendChild(el("b",null,d[5]));
  h.appendChild(el("span","mut"," "+r[0]+" \u00b7 "+r[1]+" \u00b7 "+T("line",range(d[1],d[3]))+(d[9]===1?" \u00b7 "+T("fix_safe"):d[9]===2?" \u00b7 "+T("fix_unsafe"):"")));
  box.appendChild(h);box.appendChild(el("div","msg",d[7]));
  d[8].forEach(function(x){var line=el("div"),inFile=typeof x[0]==="number";
    var a=el("a",null,(x[4]||T("see"))+": "+(inFile&&x[0]===d[0]?"":(inFile?files[x[0]][0]:x[0])+": ")+T("line",range(x[1],x[3])));
    if(inFile)a.onclick=function(){hide();open(x[0],x[1]);};line.appendChild(el("span",null,"\u2192 "));line.appendChild(a);box.appendChild(line);});
  if(d[10]>=0){var u=diags[d[10]],a=el("a",null,T("folded_under",u[5],range(u[1],u[3])));
    a.onclick=function(){hide();open(u[0],u[1]);};var w=el("div","mut");w.appendChild(a);box.appendChild(w);}
  if(foldedCount[j])box.appendChild(el("div","mut",T("folded_here",foldedCount[j])));
  if(d[0]!==cur||d[1]<1){var g=el("a",null,T("show_in"));g.onclick=function(){hide();open(d[0],d[1]);};box.appendChild(g);}
  return box;
}
var pop=document.getElementById("pop");
function hide(){pop.hidden=true;}
document.getElementById("doc").addEventListener("click",function(e){
  var m=e.target.closest?e.target.closest(".m"):null;if(!m){hide();return;}
  pop.textContent="";m.dataset.d.split(",").forEach(function(j){pop.appendChild(finding(+j));});
  pop.hidden=false;var r=m.getBoundingClientRect();
  pop.style.left=Math.max(4,Math.min(r.left,window.innerWidth-540))+"px";
  var top=r.bottom+6;if(top+pop.offsetHeight>window.innerHeight)top=Math.max(4,r.top-pop.offsetHeight-6);pop.style.top=top+"px";
  e.stopPropagation();
});
document.addEventListener("keydown",function(e){
  if(e.key==="Escape")hide();
  if(e.target&&/^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName))return;
  if(e.key==="n"||e.key==="j")step(1);if(e.key==="p"||e.key==="k")step(-1);});
function refresh(){
  totals();
  countTable("by-cat",cat,function(td,k){td.appendChild(el("span","cat c-"+k));td.appendChild(document.createTextNode(k));});
  countTable("by-rule",function(d){return d[5];},function(td,k){td.appendChild(el("b",null,k));td.appendChild(el("span","mut"," "+((rules[k]||[""])[0])));});
  fileTable();
  if(cur>=0){var keep=cur;cur=-1;open(keep,0);}
}
filters();
// Open the first document with findings and text (an unreadable file has only its E001).
var first=-1;for(var i=0;i<files.length&&first<0;i++){if(byFile[i].length&&(files[i][1]!=null||files[i][2]!=null))first=i;}
for(i=0;i<files.length&&first<0;i++){if(byFile[i].length)first=i;}
if(first<0)first=0;
refresh();
if(files.length)open(first,0);
// When the first document's findings are in the page, in ms since navigation (the benchmark reads it).
document.body.setAttribute("data-first-render-ms",String(Math.round(performance.now())));
// #L12 (the opened document) or #<path>:L12 opens that place.
var hash=/^#(?:(.*?):)?L(\d+)$/.exec(HASH)||/^#(.+)()$/.exec(HASH);
if(hash){var want=null;try{want=hash[1]?decodeURIComponent(hash[1]):null;}catch(e){}var at=want==null?first:-1;
  for(i=0;i<files.length&&at<0;i++){if(files[i][0]===want)at=i;}
  if(at>=0)open(at,+hash[2]||0);}
})();
"""
