// Code that runs inside the page under test, in the browser, not in Node: playwright sends each
// function's source. Plain JavaScript, since the project's types are Node's and workerd's, not the DOM's.

/** Before any of a page's own code: record what the CSP blocks, as it happens. */
export function recordViolations() {
  const log = [];
  Object.defineProperty(window, '__violations', { value: log });
  // A blocked load is reported at the document: the element of the kind the directive governs
  // whose URL it was is where it came from.
  const HOSTS = { 'object-src': 'object, embed', 'frame-src': 'iframe, frame', 'child-src': 'iframe, frame', 'img-src': 'img' };
  const namedBy = (directive, blocked) =>
    [...document.querySelectorAll(HOSTS[directive] ?? '[src], [data], [href], [action]')].find((el) =>
      ['src', 'data', 'href', 'action'].some((name) => el.getAttribute(name)?.startsWith(blocked)),
    );
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      // A javascript: URL is reported at the document too: the link being clicked (see `causing`) ran it.
      const element = e.target instanceof Element ? e.target : (window.__cause ?? namedBy(e.effectiveDirective, e.blockedURI));
      log.push({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        what: element ? element.outerHTML.slice(0, 160) : `${String(e.target)} in ${location.href}`,
        // Inside a rendered markdown body, or the test's own control.
        inContent: element?.closest('.body, [data-probe]') != null,
      });
    },
    true,
  );
}

/** Name `element` (or nothing) as the cause of what the CSP reports at the document next. */
export const causing = (element) => {
  window.__cause = element ?? undefined;
};

/** The violations recorded in this frame. */
export const violations = () => window.__violations ?? [];

/** Everything in the page that could carry script, and whether it sits in a rendered markdown body. */
export function probe() {
  const found = (el, what = el.outerHTML.slice(0, 160)) => ({ inContent: el.closest('.body') !== null, what });
  const all = [...document.querySelectorAll('*')];
  // javascript: anywhere; data: where it would become a document (a navigation or an embed).
  const DOCUMENT_HOSTS = ['a', 'area', 'iframe', 'frame', 'object', 'embed', 'form', 'base', 'button', 'input'];
  const scriptUrl = (el, value) => {
    const scheme = URL.parse(value, document.baseURI)?.protocol;
    return scheme === 'javascript:' || scheme === 'vbscript:' || (scheme === 'data:' && DOCUMENT_HOSTS.includes(el.localName));
  };
  return {
    title: document.title,
    h1: document.querySelector('h1')?.textContent ?? '',
    // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, not script or style text.
    text: document.body.innerText,
    pwned: window.pwned,
    jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
    // The page's own stylesheets: any in a body came from an author.
    style: [...document.querySelectorAll('style')].filter((s) => !s.closest('.body')).map((s) => s.textContent),
    scripts: [...document.querySelectorAll('script:not([type="application/ld+json"])')].map((el) => found(el)),
    handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map(() => found(el))),
    scriptUrls: all.flatMap((el) =>
      ['href', 'src', 'action', 'data', 'formaction', 'xlink:href']
        .map((name) => el.getAttribute(name))
        .filter((value) => value !== null && scriptUrl(el, value))
        .map((value) => found(el, `<${el.localName}> ${value}`)),
    ),
    embedded: [
      ...document.querySelectorAll(
        'iframe, frame, object, embed, svg, math, base, form, meta[http-equiv], body link, body style, [style]',
      ),
    ]
      // The layout's own search form, a plain GET to this site, is the one form a page may have.
      .filter((el) => !el.matches('header.site > search > form.search[action="/search"][method="get"]'))
      .map((el) => found(el)),
  };
}

/** The scheme a link would follow, as the browser parses its href. */
export const protocolOf = (link) => URL.parse(link.getAttribute('href') ?? '', document.baseURI)?.protocol ?? '';

/** A control: an inline script added now must be blocked and reported too, or the probe is blind. */
export function addControlScript() {
  const script = document.createElement('script');
  script.dataset.probe = 'control';
  script.textContent = "window.pwned = 'control'";
  document.body.append(script);
}

/** Let events queued by the last actions (errors, toggles, reports) run. */
export const settle = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)));
