import { describe, expect, it } from 'vitest';
import { siteFeedWindow, siteWindow } from '../../src/cli/feed-window';
import { decodeFeedItems, encodeRendered } from '../../src/content/framed';
import { hashOf, keptKey } from '../../src/content/keys';
import { feedBody } from '../../src/render/feed-body';
import { rendererId, renderMarkdown } from '../../src/render/markdown';
import { compile } from '../support/compile';
import { articleFile, contentFiles } from '../support/fixtures';

const JUNE = new Date('2026-06-01T00:00:00Z');

async function site() {
  const months = ['01', '02', '03', '04', '05', '07'];
  const articles = months.map((m) => articleFile({ slug: `in-${m}`, date: `2026-${m}-01`, body: `Written *in* month ${m}.` }));
  return compile(contentFiles({ articles }));
}

describe("the site feed's window kept at publish", () => {
  it('holds the articles due at publish, newest first, under the key the worker reads', async () => {
    const release = await site();
    const kept = await siteFeedWindow(release, new Map(), JUNE);
    if (!kept) throw new Error('no window for a site with articles');
    const [key, value] = kept;
    const items = decodeFeedItems(value);
    // July's article is scheduled: not in June's window.
    expect(items?.articles.map((a) => a.slug)).toEqual(['in-05', 'in-04', 'in-03', 'in-02', 'in-01']);
    expect(key).toBe((await siteWindow(release.root, JUNE, () => []))?.key);
    expect(key.startsWith(`feed/${rendererId(release.root.site)}/`)).toBe(true);
    // Once July's article is due, the window is another one, with another key.
    const july = await siteFeedWindow(release, new Map(), new Date('2026-07-02T00:00:00Z'));
    expect(decodeFeedItems(july?.[1])?.articles[0].slug).toBe('in-07');
    expect(july?.[0]).not.toBe(key);
  });

  it('carries each body as a feed carries it, taking the renders this publish made', async () => {
    const release = await site();
    const items = decodeFeedItems((await siteFeedWindow(release, new Map(), JUNE))?.[1]);
    const newest = items?.articles[0];
    if (!newest) throw new Error('no newest article');
    const markdown = release.entries.get(newest.bodyKey) ?? '';
    expect(items?.html[0]).toBe(feedBody(renderMarkdown(markdown, release.root.site).html, newest, release.root.site));
    expect(items?.html[0]).toContain('<em>in</em> month 05');
    // A body rendered by this publish is taken as it is, not rendered again.
    const renderKey = keptKey('html', rendererId(release.root.site), hashOf(newest.bodyKey));
    const rendered = new Map([[renderKey, encodeRendered({ html: '<p>as rendered</p>', toc: [] })]]);
    const fromMap = decodeFeedItems((await siteFeedWindow(release, rendered, JUNE))?.[1]);
    expect(fromMap?.html[0]).toBe('<p>as rendered</p>');
  });

  it('is not built again for a target that has it', async () => {
    const release = await site();
    const [key] = (await siteFeedWindow(release, new Map(), JUNE)) ?? [];
    expect(await siteFeedWindow(release, new Map(), JUNE, new Set([key ?? '']))).toBeNull();
  });

  it('is not kept for a site with nothing due yet', async () => {
    const release = await site();
    expect(await siteFeedWindow(release, new Map(), new Date('2025-12-01T00:00:00Z'))).toBeNull();
  });
});
