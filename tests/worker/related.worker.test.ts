import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { articleFile, contentFiles } from '../support/fixtures';
import { createApp, publish, request } from '../support/worker';

// Related reading is computed at publish time with spares; the published view skips a related
// article until it is due, so the page never links to a 404 and shows it from its time on.
const DUE = '2030-05-01T09:00:00Z';
const CANALS = 'The canal lock lifts the barge; the towpath runs beside the canal.';
let release: Release;

beforeAll(async () => {
  const canal = (slug: string, title: string, date: string, tags = ['canals']) =>
    articleFile({ slug, title, date, tags, body: CANALS });
  release = await publish(
    contentFiles({
      articles: [
        canal('first', 'First Lock', '2026-01-01'),
        canal('second', 'Second Lock', '2026-01-02'),
        canal('third', 'Third Lock', '2026-01-03'),
        canal('fourth', 'Fourth Lock', '2026-01-04'),
        canal('home', 'The Home Canal', '2026-01-05', ['canals', 'locks']),
        canal('soon', 'The Coming Canal', DUE, ['canals', 'locks']),
        articleFile({ slug: 'orchards', title: 'Orchards', date: '2026-01-06', body: 'Orchards bloom in spring.' }),
      ],
    }),
  );
});

async function related(iso: string, slug = 'home', root = release.root): Promise<string[] | null> {
  const res = await request(createApp(root, { clock: () => new Date(iso) }), `/articles/${slug}`);
  expect(res.status).toBe(200);
  const nav =
    /<nav class="related" aria-labelledby="site:related"><h2 id="site:related">Related reading<\/h2><ul>(.*?)<\/ul><\/nav>/.exec(
      await res.text(),
    );
  return nav && [...nav[1].matchAll(/<li><a href="\/articles\/([^"]+)">[^<]+<\/a><\/li>/g)].map((m) => m[1]);
}

describe('related reading on the article page', () => {
  it('is a nav with a heading and at most three links, skipping one not yet due', async () => {
    expect(await related('2030-05-01T08:59:59.999Z')).toEqual(['fourth', 'third', 'second']);
  });

  it('shows the related article from its time on', async () => {
    expect(await related(DUE)).toEqual(['soon', 'fourth', 'third']);
  });

  it('is left out while nothing related is due', async () => {
    const pair = await publish(
      contentFiles({
        articles: [
          articleFile({ slug: 'alone', date: '2026-01-01', body: CANALS }),
          articleFile({ slug: 'later', date: DUE, body: CANALS }),
        ],
      }),
    );
    expect(await related('2030-05-01T08:59:59.999Z', 'alone', pair.root)).toBeNull();
    expect(await related(DUE, 'alone', pair.root)).toEqual(['later']);
  });
});
