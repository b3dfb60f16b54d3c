/**
 * The recording proxy's own behaviour (it runs in the test process, so an error it leaves
 * unhandled fails the whole e2e run): clients that hang up at any point are shrugged off.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer } from './harness/fixture-server';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy';

/** Opens a raw connection to the proxy, writes `request`, then resets the connection at once. */
async function writeAndReset(proxy: RecordingProxy, request: string): Promise<void> {
  const { hostname, port } = new URL(proxy.url);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((done) => socket.once('connect', () => done()));
  socket.write(request);
  await new Promise((resolve) => setTimeout(resolve, 20));
  socket.resetAndDestroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('startRecordingProxy', () => {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  let proxy: RecordingProxy | undefined;

  afterEach(async () => {
    process.off('uncaughtException', onUncaught);
    await proxy?.close();
    proxy = undefined;
    uncaught.length = 0;
  });

  it('records a CONNECT whose client resets the connection, with no error left unhandled', async () => {
    process.on('uncaughtException', onUncaught);
    proxy = await startRecordingProxy();
    for (let i = 0; i < 5; i++) {
      await writeAndReset(
        proxy,
        'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      );
    }
    expect(proxy.requests().map((r) => r.method)).toEqual(Array(5).fill('CONNECT'));
    expect(uncaught).toEqual([]);
  });

  it('serves a mapped host from the fixture server, and survives a client that hangs up mid-page', async () => {
    process.on('uncaughtException', onUncaught);
    const fixtures = await startFixtureServer('tests/fixtures/pages');
    try {
      proxy = await startRecordingProxy({ serve: { 'insecure-site.test': fixtures.baseUrl } });
      const { hostname, port } = new URL(proxy.url);
      const page = await fetchThroughProxy(
        hostname,
        Number(port),
        'http://insecure-site.test/article.html',
      );
      expect(page).toMatch(/^HTTP\/1\.1 200/);
      await writeAndReset(
        proxy,
        'GET http://insecure-site.test/article.html HTTP/1.1\r\nHost: insecure-site.test\r\n\r\n',
      );
    } finally {
      await fixtures.close();
    }
    expect(uncaught).toEqual([]);
  });
});

/** A plain-HTTP request in absolute form, as a browser sends it to a proxy; the raw answer. */
async function fetchThroughProxy(host: string, port: number, url: string): Promise<string> {
  const socket = connect(port, host);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(`GET ${url} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nConnection: close\r\n\r\n`);
  await new Promise<void>((done) => socket.once('close', () => done()));
  return Buffer.concat(chunks).toString('utf8');
}
