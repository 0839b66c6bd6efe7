/**
 * What the dashboard's pages share: escaping, status badges, times, the page frame with its inline
 * styles and script, and the security headers that keep the pages off the network. Everything is
 * inline (no CDN, no web fonts); the Content-Security-Policy lets the browser load nothing else.
 */
import { createHash } from 'node:crypto';
import type { CampaignStatusName } from '../../domain/campaign-status.js';
import { constantHtml, html, type SafeHtml } from '../../lib/html.js';

/** The path of a campaign's page. */
export function campaignHref(name: string): string {
  return `/campaigns/${encodeURIComponent(name)}`;
}

/** A status badge; unknown names (from a newer controller) get the neutral colour. */
export function badge(status: CampaignStatusName | string): SafeHtml {
  const known = /^[A-Za-z]+$/.test(status) ? status : 'Unknown';
  return html`<span class="badge b-${known}">${status}</span>`;
}

/** `42 s ago`, `3 min ago`, `5 h ago`, `2 d ago`; the client script keeps it current. */
export function formatAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return Number.isNaN(seconds) ? '—' : `${span(seconds)} ago`;
}

/** `in 42 s`, `in 3 min`, `in 5 h`, `in 2 d`: a time ahead, as `formatAgo` says one behind. */
export function formatIn(at: number, now: number): string {
  return `in ${span(Math.max(0, Math.round((at - now) / 1000)))}`;
}

/** `42 s`, `3 min`, `5 h`, `2 d`: a span of whole seconds in its largest readable unit. */
function span(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** `2026-11-24 06:05:06 UTC`. */
export function formatTime(iso: string | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '—';
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A relative time element (`3 min ago`) with the absolute time as its tooltip. */
export function timeAgo(iso: string | undefined, now: number): SafeHtml {
  if (!iso || Number.isNaN(Date.parse(iso))) return html`—`;
  return html`<time datetime="${iso}" data-ago title="${formatTime(iso)}">${formatAgo(iso, now)}</time>`;
}

/** How often every page refreshes itself, seconds: one interval for the index and the campaign pages. */
export const REFRESH_SECONDS = 3;

/** A Git revision, shortened, with the full one as its tooltip. */
export function revision(full: string | undefined): SafeHtml {
  return full ? html`<code class="rev" title="${full}">${full.slice(0, 10)}</code>` : html`—`;
}

/** A fraction as a percentage: `0.0098` → `0.98%`. */
export function percent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '—';
}

const STYLES = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d1d9e0;--link:#0969da}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:var(--fg);background:var(--bg)}
header.top{background:#24292f;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}
header.top a{color:#fff;text-decoration:none;font-weight:600;font-size:1.1rem}
header.top .meta{color:#d1d9e0;font-size:.85rem;overflow-wrap:anywhere}
main{padding:1rem;max-width:1200px;margin:0 auto}
h1{font-size:1.35rem;margin:.2rem 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
.card>h2{margin-top:.1rem}
a{color:var(--link)}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
time,code.rev{white-space:nowrap}
small,.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
th{white-space:nowrap;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);background:#f0f3f6}
tr:last-child td{border-bottom:0}
td.num{font-variant-numeric:tabular-nums}
.badge{display:inline-block;color:#fff;border-radius:1rem;padding:.05rem .6rem;font-size:.8rem;font-weight:600;white-space:nowrap;background:#59636e}
.b-Synced{background:#1a7f37}.b-OutOfSync{background:#9a6700}.b-Drifted{background:#bc4c00}.b-Invalid{background:#cf222e}
.b-Blocked{background:#8250df}.b-Suspended{background:#59636e}.b-Failed{background:#cf222e}.b-RolledBack{background:#a40e26}.b-Paused{background:#0969da}
.chips{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}
.chips a{text-decoration:none}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.75rem 0}
.filters label{display:flex;gap:.4rem;align-items:center}
select,button{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--card);max-width:100%}
.js .nojs{display:none}
#updated{font-size:.8rem}
#updated.stale{color:#fff;background:#cf222e;padding:.1rem .5rem;border-radius:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:0 1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.bar{position:relative;height:1.1rem;background:#eaeef2;border-radius:4px;margin:.25rem 0 .6rem}
.bar>span{position:absolute;left:0;top:0;bottom:0;border-radius:4px;background:#1a7f37}
.bar>span.over{background:#cf222e}.bar>span.info{background:#0969da}
.bar>i{position:absolute;top:-.25rem;bottom:-.25rem;width:2px;background:#1f2328}
.chart{margin:0}.chart>svg{width:100%;height:auto;display:block}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem;margin:.25rem 0;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.3rem}.legend svg{width:28px;height:10px;flex:none}
ul.plain{margin:.25rem 0;padding-left:1.2rem}
.empty{color:var(--muted);font-style:italic}
@media (min-width:701px){table.campaigns td.c-name{white-space:nowrap}}
@media (max-width:700px){
  main{padding:.6rem}
  .chart>svg text{font-size:18px}
  table.rows,table.rows tbody,table.rows tr,table.rows td{display:block;width:100%}
  table.rows thead{display:none}
  table.rows tr{border-bottom:1px solid var(--line);padding:.35rem 0}
  table.rows tr:last-child{border-bottom:0}
  table.rows td{border:0;padding:.15rem .75rem}
  table.rows td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}
  table.campaigns tr{display:flex;flex-wrap:wrap;align-items:baseline}
  table.campaigns tr::after{content:"";order:3;flex-basis:100%;height:0}
  table.campaigns td{width:auto;padding-right:0}
  table.campaigns td.c-name{order:1;font-size:1.05rem}table.campaigns td.c-status{order:2}
  table.campaigns td.c-fact{order:4;font-size:.85rem}table.campaigns td.c-reason{order:5;flex-basis:100%;padding-right:.75rem}
}
`;

/**
 * The client script of every page. It marks the page as scripted, keeps relative times current,
 * re-fetches the page itself every `data-refresh` seconds and swaps in its `#live` part (one
 * renderer on the server, so the escaping is the server's), and applies the dashboard's filters
 * (kept in the URL query, which the server reads too); it asks for the charts at their container's
 * width (`chartWidth`), again after a resize. Without JavaScript the page still works:
 * a meta refresh and a submit button take over.
 */
const SCRIPT = `(function(){'use strict';
var d=document,root=d.documentElement;root.classList.add('js');
var every=Math.max(1,Number(d.body.getAttribute('data-refresh'))||5),lastOk=Date.now();
function ago(iso,now){var t=Date.parse(iso);if(isNaN(t))return'\\u2014';var s=Math.max(0,Math.round((now-t)/1000));
if(s<90)return s+' s ago';if(s<5400)return Math.round(s/60)+' min ago';if(s<172800)return Math.round(s/3600)+' h ago';return Math.round(s/86400)+' d ago';}
function tick(){var now=Date.now();d.querySelectorAll('time[data-ago]').forEach(function(t){t.textContent=ago(t.getAttribute('datetime'),now);});
var u=d.getElementById('updated');if(u&&u.classList.contains('stale'))u.textContent='Connection lost: showing data from '+ago(new Date(lastOk).toISOString(),now)+', retrying';}
function filter(){var s=d.getElementById('f-status'),t=d.getElementById('f-team');if(!s||!t)return;
var sv=s.value,tv=t.value,shown=0,total=0;d.querySelectorAll('tr[data-status]').forEach(function(r){total++;
var ok=(!sv||r.getAttribute('data-status')===sv)&&(!tv||r.getAttribute('data-team')===tv);r.hidden=!ok;if(ok)shown++;});
var c=d.getElementById('shown');if(c)c.textContent=(sv||tv)?shown+' of '+total+' shown':total+' campaigns';
var e=d.getElementById('no-match');if(e)e.hidden=!(total>0&&shown===0);}
function remember(){var s=d.getElementById('f-status'),t=d.getElementById('f-team'),url=new URL(location.href);
[['status',s],['team',t]].forEach(function(p){if(p[1]&&p[1].value)url.searchParams.set(p[0],p[1].value);else url.searchParams.delete(p[0]);});
history.replaceState(null,'',url.toString());filter();}
['f-status','f-team'].forEach(function(id){var el=d.getElementById(id);if(el)el.addEventListener('change',remember);});
function teams(doc){var cur=d.getElementById('f-team'),next=doc.getElementById('f-team');if(!cur||!next||d.activeElement===cur)return;
var v=cur.value;cur.innerHTML=next.innerHTML;cur.value=v;if(cur.value!==v){cur.value='';remember();}}
function fetchUrl(){var f=d.querySelector('figure.chart[data-width]'),url=new URL(location.href);if(f&&f.clientWidth>0)url.searchParams.set('chartWidth',String(f.clientWidth));return url.toString();}
function swap(html){var doc=new DOMParser().parseFromString(html,'text/html');
var next=doc.getElementById('live'),cur=d.getElementById('live');if(!next||!cur)throw new Error('no #live');
var open=[];cur.querySelectorAll('details[id][open]').forEach(function(x){open.push(x.id);});
cur.replaceWith(d.importNode(next,true));open.forEach(function(id){var x=d.getElementById(id);if(x)x.open=true;});return doc;}
function load(){return fetch(fetchUrl(),{headers:{accept:'text/html'},cache:'no-store',credentials:'same-origin'}).then(function(r){
if(!r.ok)throw new Error('HTTP '+r.status);return r.text();}).then(swap);}
function refresh(){if(d.hidden){setTimeout(refresh,every*1000);return;}load().then(function(doc){
d.title=doc.title;teams(doc);filter();lastOk=Date.now();var u=d.getElementById('updated');
if(u){u.classList.remove('stale');u.textContent='Live: refreshes every '+every+' s';}tick();}).catch(function(){
var u=d.getElementById('updated');if(u)u.classList.add('stale');tick();}).then(function(){setTimeout(refresh,every*1000);});}
function chartFits(){var f=d.querySelector('figure.chart[data-width]');return !f||Math.abs(f.clientWidth-Number(f.getAttribute('data-width')))<8;}
function refit(){if(!chartFits())load().then(tick,function(){});}
var resized;window.addEventListener('resize',function(){clearTimeout(resized);resized=setTimeout(refit,300);});
filter();tick();setInterval(tick,1000);refit();setTimeout(refresh,every*1000);})();`;

const STYLE_HTML = constantHtml(STYLES);
const SCRIPT_HTML = constantHtml(SCRIPT);
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** Headers of every dashboard page: nothing but this origin, and only the inline script above. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface PageOptions {
  title: string;
  /** The part the script re-fetches and swaps: it must hold everything that changes. */
  live: SafeHtml;
  /** Above `live`, left alone by refreshes (the filters, which the user may be using). */
  before?: SafeHtml;
  refreshSeconds: number;
}

/** The complete page: title bar, the refresh indicator and the content. */
export function renderPage(options: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title><link rel="icon" href="data:,">
<noscript><meta http-equiv="refresh" content="${options.refreshSeconds}"></noscript>
<style>${STYLE_HTML}</style></head>
<body data-refresh="${options.refreshSeconds}">
<header class="top"><a href="/">cxone-gitops</a><span id="updated" class="meta" role="status">Refreshes every ${options.refreshSeconds} s</span></header>
<main>
${options.before}
<div id="live">
${options.live}
</div>
</main>
<script>${SCRIPT_HTML}</script>
</body></html>`;
}
