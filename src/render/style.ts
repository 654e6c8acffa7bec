/** The whole stylesheet, inlined in every page and allowed by its hash in the CSP. */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fdfcf9;--fg:#1d1b18;--muted:#5c574f;--accent:#8a2b0e;--rule:#e2ded6;--box:#f4f1ea}
@media (prefers-color-scheme:dark){:root{--bg:#16150f;--fg:#ece8df;--muted:#b3ad9f;--accent:#f0a27f;--rule:#3a372f;--box:#221f18}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Iowan Old Style","Times New Roman",serif}
a{color:var(--accent)}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header.site,footer.site,main{max-width:42rem;margin:0 auto;padding:0 1.25rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between;padding-top:1.5rem;border-bottom:1px solid var(--rule)}
header.site .name{font-size:1.35rem;font-weight:bold;text-decoration:none;color:var(--fg)}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
search{flex:1 1 100%}
form.search{display:flex;gap:.4rem;align-items:center;font-size:.95rem;margin-bottom:.75rem}
form.search input{flex:1;min-width:0;font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);background:var(--bg);color:var(--fg)}
form.search button{font:inherit;padding:.3rem .75rem;border:1px solid var(--accent);background:var(--box);color:var(--fg)}
mark{background:#fde68a;color:#1d1b18}
.results .excerpt{margin:.25rem 0}
footer.site{margin-top:4rem;padding-bottom:2rem;border-top:1px solid var(--rule);color:var(--muted);font-size:.9rem}
h1,h2,h3{line-height:1.25;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
h1{font-size:2.1rem;margin:2rem 0 .5rem}
.meta,.muted{color:var(--muted);font-size:.95rem}
.provenance,.series-box,.toc,.corrections{background:var(--box);border-left:3px solid var(--accent);padding:.75rem 1rem;margin:1.5rem 0}
.series-box ol,.toc ol{margin:.25rem 0;padding-left:1.5rem}
.toc ol ol{list-style:lower-alpha;font-size:.95em}
.draft{color:var(--accent)}.draft-banner{border:2px dashed var(--accent);padding:.5rem 1rem;font-weight:bold}
.forthcoming{color:var(--muted);font-style:italic}
:root{--seen:#7a55c0}@media (prefers-color-scheme:dark){:root{--seen:#907ce6}}
.parts a:visited,.key .seen{color:var(--seen)}.key .unseen{color:var(--accent)}.key span{text-decoration:underline}
.list{list-style:none;padding:0}.list li{margin:1.75rem 0}.list h2{font-size:1.3rem;margin:0}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:2rem 0}
.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.related{border-top:1px solid var(--rule);margin-top:2rem}.related ul{display:block}.related li{margin:.4rem 0}
blockquote{margin:1.5rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
img{max-width:100%;height:auto}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--box);padding:1rem}
code{font-size:.9em}
.footnotes{border-top:1px solid var(--rule);margin-top:3rem;font-size:.95rem}
.cite{border-top:1px solid var(--rule);margin-top:2rem;font-size:.95rem;overflow-wrap:anywhere}
.fn{font:inherit;color:var(--accent);background:none;border:0;padding:0 .2em;line-height:1;cursor:pointer;text-decoration:underline}
.sn .p{display:block;margin-top:.5em}
.sn:popover-open{inset:auto 0 0;width:auto;max-height:60vh;margin:0;padding:1rem 1.25rem 1.5rem;border:0;border-top:3px solid var(--accent);background:var(--box);color:var(--fg);font-size:1rem}
@media screen and (min-width:76rem){.body{counter-reset:sn}.sn:not(:popover-open){all:unset;display:block;float:right;clear:right;width:14rem;margin:.3rem -16rem 1rem 0;font-size:.85rem;line-height:1.45;color:var(--muted)}.sn::before{counter-increment:sn;content:counter(sn) " "}.footnotes{display:none}}
@media print{.sn{display:none}}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{
 body{font-size:11pt;background:#fff;color:#000}
 header.site nav,form.search,.skip,.pager,footer.site{display:none}
 a{color:inherit}
 .body a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
 .provenance,.series-box,.toc,.corrections{background:none;border-left:1px solid #000}
 h2,h3{break-after:avoid}
 .key{display:none}
 .part{break-before:page}
 .part .body a[href^="/"]::after{content:" (" attr(href) ")";font-size:.85em}
}
`
  .trim()
  .replace(/\n/g, '');

let styleHash: Promise<string> | undefined;

/** `sha256-…` of STYLE for the CSP `style-src`, computed once per isolate. */
export function styleSourceHash(): Promise<string> {
  styleHash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(STYLE)).then((digest) => {
    let binary = '';
    for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
    return `'sha256-${btoa(binary)}'`;
  });
  return styleHash;
}
