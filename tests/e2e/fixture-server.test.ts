/** The fixture server serves files with the right types and headers, and nothing else. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer } from './harness/fixture-server';
import type { FixtureServer } from './harness/fixture-server';

describe('startFixtureServer', () => {
  let root = '';
  let server: FixtureServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'backstory-e2e-fixtures-'));
    await mkdir(join(root, 'nested'));
    await writeFile(join(root, 'page.html'), '<p>Mujahedin-e Khalq — ünïcode</p>');
    await writeFile(join(root, 'nested', 'data.json'), '{"ok":true}');
    await writeFile(join(root, 'strict.html'), '<p>strict</p>');
    await writeFile(
      join(root, 'strict.html.headers.json'),
      JSON.stringify({ 'Content-Security-Policy': "default-src 'none'" }),
    );
    await writeFile(join(root, 'broken.html'), '<p>broken</p>');
    await writeFile(join(root, 'broken.html.headers.json'), JSON.stringify({ 'X-Count': 3 }));
    server = await startFixtureServer(root);
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 at a free port', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it.each([
    ['page.html', 'text/html; charset=utf-8'],
    ['nested/data.json', 'application/json; charset=utf-8'],
  ])('serves %s as %s', async (path, contentType) => {
    const response = await fetch(new URL(path, server.baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves UTF-8 text intact and ignores the query string', async () => {
    const response = await fetch(new URL('page.html?v=2#top', server.baseUrl));
    expect(await response.text()).toBe('<p>Mujahedin-e Khalq — ünïcode</p>');
  });

  it('adds the headers from a .headers.json sidecar', async () => {
    const response = await fetch(new URL('strict.html', server.baseUrl));
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(await response.text()).toBe('<p>strict</p>');
  });

  it('fails loudly on a malformed sidecar, naming the bad header', async () => {
    const response = await fetch(new URL('broken.html', server.baseUrl));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('X-Count');
  });

  it.each([['missing.html'], ['strict.html.headers.json'], ['nested/'], [''], ['%E0%A4%A']])(
    'answers 404 for "%s"',
    async (path) => {
      const response = await fetch(new URL(path, server.baseUrl));
      expect(response.status).toBe(404);
    },
  );

  it('never serves files outside its folder', async () => {
    // fetch() normalises `..` away, so send the raw path.
    const status = await new Promise<number | undefined>((done, fail) => {
      const { port } = new URL(server.baseUrl);
      request({ host: '127.0.0.1', port, path: '/../package.json' }, (response) => {
        response.resume();
        done(response.statusCode);
      })
        .on('error', fail)
        .end();
    });
    expect(status).toBe(404);
  });

  it('only answers GET and HEAD', async () => {
    const head = await fetch(new URL('page.html', server.baseUrl), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(new URL('page.html', server.baseUrl), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
