import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown';
import { articleFile, contentFiles, SITE_YAML } from '../support/fixtures';
import { request, useSite } from '../support/worker';

const hostile = articleFile({
  slug: 'hostile',
  title: '</title><script>alert(1)</script>',
  body: 'Hi <script>alert(2)</script> <img src=x onerror=alert(3)> [click](javascript:alert(4)) ![i](data:text/html,boom)',
});

// Pages carry one <script>: the JSON-LD data block, which browsers never execute. With `<` escaped
// inside it, it runs to its own end tag; what is left must hold no script at all.
const withoutJsonLd = (html: string): string => html.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, '');

describe('hostile content', () => {
  it('escapes front matter and raw HTML, and drops script URLs, by default', async () => {
    const files = contentFiles({ articles: [hostile] });
    files.articles[0].text = files.articles[0].text.replace(
      'summary: "Summary of hostile."',
      'summary: "<b onmouseover=alert(5)>"',
    );
    const app = (await useSite(files)).app;
    const html = await (await request(app, '/articles/hostile')).text();
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; — Test Site</title>');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toContain('content="&lt;b onmouseover=alert(5)&gt;"');
    expect(withoutJsonLd(html)).not.toMatch(/<script|javascript:|<img src=x|data:text/i);
    const home = await (await request(app, '/')).text();
    expect(withoutJsonLd(home)).not.toContain('<script');
  });

  it('drops script URLs however their scheme is spelled, in both modes', () => {
    const hrefs = [
      '&#106;avascript:alert(1)',
      'java&#x09;script:alert(2)',
      'javascript&colon;alert(3)',
      '&#x6A&#x61vascript&#58;alert(4)',
    ];
    hrefs.push('&#1;javascript:alert(5)', 'java&NewLine;script:alert(6)', '<JaVa\tScRiPt:alert(7)>');
    for (const allowHtml of [false, true]) {
      for (const href of hrefs)
        expect(renderMarkdown(`[x](${href})`, { allowHtml }).html, href).toBe('<p><a href="#">x</a></p>\n');
    }
    expect(renderMarkdown('[ok](/search?a=1&amp;b=2)', { allowHtml: false }).html).toContain('href="/search?a=1&amp;b=2"');
  });

  it('escapes text that a browser would read as a tag, and keeps typographic quotes', () => {
    const markdown = 'a <svg/onload=alert(1)> b <img/src/onerror=alert(2)> c <kbd><svg/onload=alert(3)></kbd> "d" &copy; e & f';
    expect(renderMarkdown(markdown, { allowHtml: false }).html).toBe(
      '<p>a &lt;svg/onload=alert(1)&gt; b &lt;img/src/onerror=alert(2)&gt; c &lt;kbd&gt;&lt;svg/onload=alert(3)&gt;&lt;/kbd&gt; &#8220;d&#8221; &copy; e &amp; f</p>\n',
    );
    // Not a tag to CommonMark, so escaped even where raw HTML is allowed.
    expect(renderMarkdown('a <svg/onload=alert(1)> b', { allowHtml: true }).html).toBe(
      '<p>a &lt;svg/onload=alert(1)&gt; b</p>\n',
    );
  });

  it('keeps an allowed tag whole when an attribute value holds < or >', () => {
    const markdown = '<img src="/a.png" alt="a > b"> and <abbr title="<x>">X</abbr> "quoted"';
    expect(renderMarkdown(markdown, { allowHtml: true }).html).toBe(
      '<p><img src="/a.png" alt="a &gt; b"> and <abbr title="&lt;x&gt;">X</abbr> &#8220;quoted&#8221;</p>\n',
    );
  });

  it('lets trusted authors write raw HTML when site.yaml allows it', async () => {
    const trusted = articleFile({ slug: 'trusted', body: 'A <abbr title="Member of Parliament">MP</abbr> spoke.' });
    const files = contentFiles({
      site: { path: 'content/site.yaml', text: `${SITE_YAML}allowHtml: true\n` },
      articles: [trusted],
    });
    const app = (await useSite(files)).app;
    const html = await (await request(app, '/articles/trusted')).text();
    expect(html).toContain('<abbr title="Member of Parliament">MP</abbr>');
  });
});
