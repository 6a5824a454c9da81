import { createHash } from 'node:crypto';

// The report's only style and script, inlined; the Content-Security-Policy allows exactly this script (by hash)
// and nothing from the network.

export const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0b4f8a;
--pass:#1a7f37;--fail:#cf222e;--error:#bc4c00;--manual:#0969da;--na:#8c959f;--ni:#b6bec6;--sup:#8250df}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--soft)}
main{max-width:1200px;margin:0 auto;padding:24px}
header.top{background:var(--accent);color:#fff;padding:20px 24px}
header.top .inner{max-width:1200px;margin:0 auto}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:600}
header.top p{margin:0;opacity:.85}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.panel{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 20px}
.panel h2{margin:0 0 12px;font-size:18px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
.warnings{color:var(--error)}
.cards{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:0 0 16px}
.card{flex:1 1 120px;border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:8px 12px;display:flex;flex-direction:column}
.card.zero{opacity:.55}
.card-n{font-size:26px;font-weight:700;color:var(--c)}
.card-label{font-weight:600;font-size:12px;letter-spacing:.02em}
.card-sub{color:var(--muted);font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px}
.chart{margin:0}
.chart figcaption{font-weight:600;margin-bottom:6px}
.bar-row{display:grid;grid-template-columns:minmax(120px,220px) 1fr 36px;gap:8px;align-items:center;margin:3px 0}
.bar-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:var(--muted)}
.bar{display:flex;height:18px;border-radius:4px;overflow:hidden;background:var(--soft)}
.seg{background:var(--c);color:#fff;font-size:11px;line-height:18px;text-align:center;overflow:hidden;min-width:2px}
.bar-total{text-align:right;color:var(--muted)}
.legend{color:var(--muted);font-size:12px;margin:10px 0 0}
.dot{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--c);margin:0 4px 0 10px;vertical-align:-1px}
.st-pass{--c:var(--pass)}.st-fail{--c:var(--fail)}.st-error{--c:var(--error)}.st-manual{--c:var(--manual)}
.st-not-applicable{--c:var(--na)}.st-not-implemented{--c:var(--ni)}.st-suppressed{--c:var(--sup)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:0 0 20px;display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.filters[hidden]{display:none}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px;align-items:center}
.filters legend{float:left;margin-right:6px;color:var(--muted);font-size:12px}
.filters button{font:inherit;font-size:12px;border:1px solid var(--line);background:var(--bg);border-radius:999px;padding:2px 10px;cursor:pointer}
.filters button[aria-pressed=true]{background:var(--c,var(--accent));border-color:var(--c,var(--accent));color:#fff}
.filters input[type=search],.filters select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px}
.filters input[type=search]{min-width:300px}
#f-count{color:var(--muted);font-size:12px;margin-left:auto}
.group h3{font-size:15px;margin:18px 0 6px;color:var(--accent)}
details.control{background:var(--bg);border:1px solid var(--line);border-left:5px solid var(--c);border-radius:6px;margin:0 0 6px}
details.control.filtered-out,.group.filtered-out{display:none}
details.control>summary{display:grid;grid-template-columns:64px 140px 80px 1fr auto;gap:10px;align-items:center;padding:8px 12px;cursor:pointer;list-style:none}
details.control>summary::-webkit-details-marker{display:none}
details.control>summary::before{content:"▸";position:absolute;margin-left:-10px;color:var(--muted)}
details.control[open]>summary::before{content:"▾"}
details.control[open]>summary{border-bottom:1px solid var(--line)}
.cid{font-weight:700}
.ctitle{min-width:0}
.nf{color:var(--muted);font-size:12px;white-space:nowrap}
.badge{display:inline-block;background:var(--c);color:#fff;border-radius:4px;padding:1px 6px;font-size:11px;font-weight:600;text-align:center;justify-self:start}
.sev{font-size:11px;font-weight:600;letter-spacing:.03em}
.sev-critical{color:#82071e}.sev-high{color:var(--fail)}.sev-medium{color:var(--error)}.sev-low{color:var(--muted)}
.body{padding:10px 14px 14px}
.reason{margin:0 0 4px;font-weight:500}
.cmeta,.muted{color:var(--muted);font-size:12px}
table.findings{width:100%;border-collapse:collapse;margin:8px 0;font-size:13px;table-layout:fixed}
table.findings th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:4px 6px}
table.findings th:nth-child(1){width:130px}table.findings th:nth-child(3){width:90px}
table.findings td{vertical-align:top;border-bottom:1px solid var(--soft);padding:5px 6px;overflow-wrap:anywhere}
ul.evidence{margin:0;padding-left:16px}
.field{font-weight:600}
.expected{color:var(--muted)}
.error{color:var(--error);font-size:12px}
.remediation{background:var(--soft);border-radius:6px;padding:8px 12px;margin-top:8px}
.remediation h4{margin:0 0 4px;font-size:13px}.remediation p{margin:2px 0}
code.cmd{background:#1f2328;color:#fff;padding:2px 6px;border-radius:4px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:12px}
.js .card{cursor:pointer}.js .card:hover{background:var(--soft)}
@media (max-width:760px){main{padding:12px}.filters{position:static}details.control>summary{grid-template-columns:auto auto 1fr}.ctitle{grid-column:1/-1}.nf{display:none}
.bar-row{grid-template-columns:100px 1fr 28px}table.findings{table-layout:auto}}
@media print{
body{background:#fff;font-size:11px}
header.top{background:none;color:var(--fg);border-bottom:2px solid var(--fg);padding:0 0 8px}
main{padding:0;max-width:none}
.filters{display:none!important}
.panel{border:0;padding:0}
details.control.filtered-out,.group.filtered-out{display:block}
details.control{break-inside:avoid-page;border-left-width:4px}
details.control>summary::before{content:none}
details.control::details-content{content-visibility:visible;display:block;height:auto}
.card{flex-basis:90px;padding:4px 8px}.card-n{font-size:18px}
section.benchmark+section.benchmark{break-before:page}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

// Filters, search and print expansion. It only toggles classes and attributes on elements the page already has,
// so with JavaScript disabled the whole report is still there.
export const SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('details.control'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.group'));
  var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var search = document.getElementById('f-search');
  var section = document.getElementById('f-section');
  var count = document.getElementById('f-count');
  function pressed(name) {
    return Array.prototype.slice.call(form.querySelectorAll('button[data-filter="' + name + '"][aria-pressed="true"]'))
      .map(function (b) { return b.value; });
  }
  function apply() {
    var st = pressed('status'), sv = pressed('severity'), sec = section.value, q = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = (st.length === 0 || st.indexOf(r.getAttribute('data-status')) >= 0) &&
        (sv.length === 0 || sv.indexOf(r.getAttribute('data-severity')) >= 0) &&
        (sec === '' || sec === r.getAttribute('data-section')) &&
        (q === '' || text[i].indexOf(q) >= 0);
      r.classList.toggle('filtered-out', !ok);
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.classList.toggle('filtered-out', !g.querySelector('details.control:not(.filtered-out)')); });
    count.textContent = shown + ' of ' + rows.length + ' controls shown';
  }
  form.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    if (!b) return;
    if (b.getAttribute('data-filter')) b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
    else if (b.id === 'f-reset') {
      form.querySelectorAll('button[data-filter]').forEach(function (x) { x.setAttribute('aria-pressed', 'false'); });
      search.value = ''; section.value = '';
    } else if (b.id === 'f-expand' || b.id === 'f-collapse') {
      var open = b.id === 'f-expand';
      rows.forEach(function (r) { if (!r.classList.contains('filtered-out')) r.open = open; });
    }
    apply();
  });
  // A status card in a summary toggles that status's filter.
  document.querySelectorAll('.card[data-card-status]').forEach(function (card) {
    card.addEventListener('click', function () {
      form.querySelector('button[data-filter="status"][value="' + card.getAttribute('data-card-status') + '"]').click();
    });
  });
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = rows.filter(function (r) { return !r.open; });
    closed.forEach(function (r) { r.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (r) { r.open = false; }); closed = []; });
  form.hidden = false;
  document.documentElement.classList.add('js');
  apply();
})();`;

export const SCRIPT_HASH = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;

/** Inline style (and style attributes for the bars) and this one script; no fetch, image, font, frame or form target. */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;
