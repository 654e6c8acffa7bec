import { jsx } from 'hono/jsx';
import { describe, expect, it } from 'vitest';
import { HeadLink } from '../../src/render/head';

describe('HeadLink', () => {
  it('writes a <link> as hono/jsx does, its values escaped, an absent attribute left out', () => {
    const props = { rel: 'alternate', type: 'application/rss+xml', title: `"A" & <B>'s`, href: '/feed.xml?a=1&b=2' };
    const written = String(HeadLink(props));
    expect(written).toBe(
      '<link rel="alternate" type="application/rss+xml" title="&quot;A&quot; &amp; &lt;B&gt;&#39;s" href="/feed.xml?a=1&amp;b=2"/>',
    );
    expect(written).toBe(String(jsx('link', props)));
    expect(String(HeadLink({ rel: 'icon', href: 'data:,' }))).toBe('<link rel="icon" href="data:,"/>');
  });
});
