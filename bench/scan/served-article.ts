/**
 * bench:scan's generated article (5 MB), written to a temporary folder and served from
 * 127.0.0.1, for the benchmarks that load it on its own.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../../tests/e2e/harness/fixture-server';
import { type GeneratedPage, generateArticlePage } from './pages';

export interface ServedArticle {
  /** The temporary folder: the page is in `pages/`, anything else the benchmark puts there. */
  work: string;
  /** The article's address. */
  url: string;
  article: GeneratedPage;
  /** Stops the server and removes the folder. */
  close(): Promise<void>;
}

/** Generates the article from `seed` (as bench:scan does) and serves it. */
export async function serveGeneratedArticle(name: string, seed: number): Promise<ServedArticle> {
  const work = await mkdtemp(join(tmpdir(), `backstory-${name}-`));
  const pagesDir = join(work, 'pages');
  await mkdir(pagesDir);
  const article = generateArticlePage({ seed, targetBytes: 5_000_000, mentions: 2_000 });
  await writeFile(join(pagesDir, 'article.html'), article.html);
  const server = await startFixtureServer(pagesDir);
  return {
    work,
    url: `${server.baseUrl}article.html`,
    article,
    async close() {
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
