/** The admin's style sheet, served by the router at /admin/admin.css (kept in code: no build step copies assets). */
export const ADMIN_CSS = String.raw`
:root {
  color-scheme: light;
  --bg: #f4f5f7; --surface: #fff; --text: #1a1d21; --muted: #4a5361; --border: #cdd3db;
  --accent: #1d4e89; --accent-hover: #163d6c; --accent-soft: #e8eff8; --link: #1a4b85;
  --ok: #1e6b34; --ok-bg: #e3f3e7; --warn: #7a4b00; --warn-bg: #fdf0d5; --bad: #9b1c1c; --bad-bg: #fbe4e4;
  --focus: #174ea6; --radius: 0.6rem; --tap: 2.75rem;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Arial, sans-serif, "Noto Color Emoji";
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 1rem/1.5 var(--font); overflow-wrap: break-word; }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--surface); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; top: .5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.top { background: var(--accent); color: #fff; }
.top-inner { max-width: 90rem; margin: 0 auto; padding: .5rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; }
.brand { font-weight: 700; margin-right: auto; color: #fff; text-decoration: none; padding: .5rem 0; }
.nav { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
.nav a, .nav button { display: inline-flex; align-items: center; min-height: var(--tap); padding: 0 .75rem; color: #fff; text-decoration: none; border-radius: .4rem; background: transparent; border: 0; font: inherit; cursor: pointer; }
.nav a:hover, .nav button:hover, .nav a[aria-current="page"] { background: rgb(255 255 255 / .18); }
.nav form { margin: 0; }
.who { font-size: .875rem; opacity: .9; margin-left: .35rem; }
.count { display: inline-block; min-width: 1.5rem; margin-left: .35rem; padding: 0 .4rem; border-radius: 1rem; background: #fff; color: var(--accent); font-size: .8rem; font-weight: 700; text-align: center; }

main { max-width: 90rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.lead { color: var(--muted); margin-top: -.5rem; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1rem; margin: 0 0 1rem; }

.flash { padding: .75rem 1rem; border-radius: var(--radius); margin: 0 0 1rem; border-left: .3rem solid; }
.flash-ok { background: var(--ok-bg); border-color: var(--ok); }
.flash-warn { background: var(--warn-bg); border-color: var(--warn); }
.flash-error { background: var(--bad-bg); border-color: var(--bad); }
.flash ul { margin: .25rem 0 0; padding-left: 1.25rem; }

label, .label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.hint { color: var(--muted); font-size: .875rem; font-weight: 400; margin: .1rem 0 .25rem; }
input[type="text"], input[type="password"], input[type="search"], select, textarea {
  width: 100%; min-height: var(--tap); padding: .5rem .65rem; border: 1px solid #6b7480; border-radius: .4rem;
  background: #fff; color: var(--text); font: inherit;
}
textarea { min-height: 8rem; resize: vertical; line-height: 1.45; }
textarea.answer { min-height: 16rem; }
.check { display: flex; gap: .5rem; align-items: flex-start; font-weight: 400; margin: .5rem 0; }
.check input { width: 1.25rem; height: 1.25rem; margin-top: .15rem; flex: none; }
button, .button {
  display: inline-flex; align-items: center; justify-content: center; min-height: var(--tap); padding: .5rem 1rem;
  border: 1px solid var(--accent); border-radius: .5rem; background: var(--surface); color: var(--accent);
  font: inherit; font-weight: 600; text-decoration: none; cursor: pointer;
}
button:hover, .button:hover { background: var(--accent-soft); }
button.primary { background: var(--accent); color: #fff; }
button.primary:hover { background: var(--accent-hover); }
button.danger { border-color: var(--bad); color: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0 0; align-items: center; }
.inline { display: inline; margin: 0; }

.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .25rem 1rem; align-items: end; }
.filters label { margin-top: .25rem; }
.table-wrap { overflow-x: auto; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid var(--border); }
th { font-size: .85rem; color: var(--muted); white-space: nowrap; }
tbody tr:hover { background: #f8fafc; }
td.num { text-align: right; white-space: nowrap; }
.entry-id { font-weight: 600; white-space: nowrap; }
.entry-question { display: block; color: var(--muted); font-size: .875rem; }

.badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge-ok { background: var(--ok-bg); color: var(--ok); }
.badge-missing { background: var(--bad-bg); color: var(--bad); }
.badge-changed, .badge-stale, .badge-pending { background: var(--warn-bg); color: var(--warn); }
.badge-role { background: var(--accent-soft); color: var(--accent); }

.tabs { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.tabs a { display: inline-flex; gap: .4rem; align-items: center; min-height: var(--tap); padding: 0 .8rem; border: 1px solid var(--border); border-radius: .5rem; background: var(--surface); text-decoration: none; color: var(--text); }
.tabs a[aria-current="page"] { border-color: var(--accent); box-shadow: inset 0 -3px 0 var(--accent); font-weight: 700; }

.side-by-side { display: grid; gap: 1rem; }
@media (min-width: 62rem) { .side-by-side { grid-template-columns: 1fr 1fr; } }
.reference { background: #f9fafb; }
.reference .reply-text { border: 1px dashed var(--border); border-radius: .4rem; padding: .5rem .75rem; background: #fff; }
.reference ol, .reference ul { padding-left: 1.25rem; }
fieldset.place { border: 1px solid var(--border); border-radius: var(--radius); padding: .75rem 1rem; margin: 0 0 1rem; }
fieldset.place legend { font-weight: 600; padding: 0 .25rem; }
fieldset.place .reference { padding: .5rem; border-radius: .4rem; margin: .25rem 0 .5rem; }
textarea.short { min-height: 3.5rem; }
.shared { margin-top: 1rem; }

.previews { display: grid; gap: 1rem; }
@media (min-width: 62rem) { .previews { grid-template-columns: 1fr 1fr; } }
.preview-title { font-size: .9rem; font-weight: 700; color: var(--muted); margin: 0 0 .4rem; }

/* Telegram: white bubble on a grey-blue chat background, text as sent (HTML parse mode, line breaks kept). */
.tg { background: #dfe7ee; border-radius: var(--radius); padding: .75rem; }
.tg-msg { background: #fff; border-radius: .9rem .9rem .9rem .25rem; padding: .5rem .75rem; white-space: pre-wrap; max-width: 34rem; font-size: .95rem; box-shadow: 0 1px 1px rgb(0 0 0 / .12); margin-bottom: .4rem; }
.tg-msg a { color: #168acd; }
.tg-keyboard { display: grid; gap: .25rem; max-width: 34rem; }
.tg-button { display: block; text-align: center; background: rgb(80 110 140 / .45); color: #fff; border-radius: .5rem; padding: .45rem; font-size: .9rem; }

/* Web chat: the page's own reply bubble. */
.wc { background: #f3f4f6; border-radius: var(--radius); padding: .75rem; }
.wc-bubble { background: #fff; border: 1px solid var(--border); border-radius: .875rem .875rem .875rem .25rem; padding: .75rem 1rem; max-width: 42rem; }
.wc .reply-text > :first-child { margin-top: 0; }
.wc .reply-text > :last-child { margin-bottom: 0; }
.wc .reply-text p { margin: 0 0 .625rem; }
.wc .reply-text ul, .wc .reply-text ol { margin: 0 0 .625rem; padding-left: 1.35rem; }
.wc-sources { margin-top: .75rem; padding-top: .5rem; border-top: 1px solid var(--border); font-size: .9375rem; }
.wc-sources-label { margin: 0; color: var(--muted); font-size: .8125rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.wc-sources ul { display: flex; flex-wrap: wrap; gap: 0 1rem; margin: 0; padding: 0; list-style: none; }
.wc-reviewed { margin: .25rem 0 0; color: var(--muted); font-size: .875rem; }
.wc-buttons { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; }
.wc-button { padding: .45rem .8rem; border: 1px solid var(--accent); border-radius: .75rem; background: #fff; color: var(--accent); font-weight: 500; font-size: .9rem; }

.problems { margin: .25rem 0 0; padding-left: 1.25rem; }
.diff { margin: .5rem 0 0; padding: .5rem 0; background: #fbfbfc; border: 1px solid var(--border); border-radius: .4rem; overflow-x: auto; font: .8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.diff span { display: block; padding: 0 .75rem; white-space: pre; }
.diff .add { background: #e6f6ea; color: #124d22; }
.diff .del { background: #fbe9e9; color: #7d1515; }
.diff .hunk { color: var(--muted); background: #eef1f5; }
details > summary { cursor: pointer; min-height: var(--tap); display: flex; align-items: center; gap: .5rem; }
summary h2 { margin: 0; }
details > summary::before { content: "▸"; color: var(--muted); }
details[open] > summary::before { content: "▾"; }
summary::-webkit-details-marker { display: none; }
td.date { white-space: nowrap; }

.groups { display: grid; gap: 1rem; }
.group-head { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
.group-text { font-size: 1.05rem; font-weight: 600; margin: 0; }
.meta { color: var(--muted); font-size: .875rem; }
.group-actions { display: grid; gap: .5rem 1rem; margin-top: .75rem; }
@media (min-width: 48rem) { .group-actions { grid-template-columns: 2fr 1fr auto; align-items: end; } }
.questions-list { margin: .25rem 0 0; padding-left: 1.25rem; }
.login { max-width: 26rem; margin: 3rem auto; }
`;
