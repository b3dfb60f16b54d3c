/**
 * A recording HTTP proxy for the privacy test: a browser started with it in its environment sends
 * every request through it, whichever context makes it (page, content script, extension page,
 * background page or service worker), because a proxy sits below all of them. Browsers never proxy
 * loopback addresses, so the fixture server is not seen here. Every request is answered with an
 * error: nothing ever leaves the machine.
 */
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the browser sent to the network. */
export type RecordedRequest = {
  /** `GET`, `POST`, … for plain HTTP; `CONNECT` for an HTTPS (or WebSocket over TLS) tunnel. */
  method: string;
  /** The full URL (plain HTTP) or `host:port` (CONNECT). */
  target: string;
  /** The host name, without the port. */
  hostname: string;
  /** The `Origin` or `Referer` header, when the browser sent one. */
  initiator: string | undefined;
};

/** A running recording proxy. */
export type RecordingProxy = {
  /** `http://127.0.0.1:<port>`, for the `http_proxy` environment variables. */
  readonly url: string;
  /** Every request so far, oldest first. */
  requests(): RecordedRequest[];
  close(): Promise<void>;
};

/** Options for {@link startRecordingProxy}. */
export type RecordingProxyOptions = {
  /**
   * Plain-HTTP hosts the proxy serves from a local base URL instead of refusing, e.g.
   * `{ 'insecure-site.test': 'http://127.0.0.1:1234/' }`: a page the browser sees at a
   * non-loopback http address, which is not a secure context.
   */
  serve?: Record<string, string>;
};

/** Starts the proxy on 127.0.0.1 at a free port. */
export async function startRecordingProxy(
  options: RecordingProxyOptions = {},
): Promise<RecordingProxy> {
  const recorded: RecordedRequest[] = [];
  const record = (request: IncomingMessage, method: string) => {
    const target = request.url ?? '';
    let hostname = '';
    try {
      hostname = new URL(method === 'CONNECT' ? `http://${target}` : target).hostname;
    } catch {
      // Origin-form: someone talked to the proxy as if it were the server. Recorded all the same.
      hostname = request.headers.host ?? '';
    }
    recorded.push({
      method,
      target,
      hostname,
      initiator: request.headers.origin ?? request.headers.referer,
    });
  };
  const server = createServer((request, response) => {
    record(request, request.method ?? '');
    const served = servedUrl(request.url ?? '', options.serve ?? {});
    if (served && request.method === 'GET') {
      // Only loopback fixture pages: still nothing leaves the machine. No pooled connection
      // (`agent: false`): one kept open would be reset when the fixture server closes.
      get(served, { agent: false }, (upstream) => {
        response.writeHead(upstream.statusCode ?? 502, upstream.headers);
        // The browser or the fixture server may hang up mid-page (a test closing its browser).
        upstream.on('error', () => response.destroy());
        upstream.pipe(response);
      }).on('error', () => {
        if (response.headersSent) response.destroy();
        else response.writeHead(502).end();
      });
      return;
    }
    response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('recorded, not forwarded');
  });
  server.on('connect', (request: IncomingMessage, socket) => {
    record(request, 'CONNECT');
    // The socket is ours now, with no error listener of the server's: a browser that resets it
    // (closing while the answer is on its way) would otherwise be an uncaught ECONNRESET.
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...recorded],
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        // Browsers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

/** The local URL that serves `target` (an absolute proxy request URL), if its host is served. */
function servedUrl(target: string, serve: Record<string, string>): string | undefined {
  try {
    const url = new URL(target);
    const base = url.protocol === 'http:' ? serve[url.hostname] : undefined;
    return base ? new URL(url.pathname.slice(1) + url.search, base).href : undefined;
  } catch {
    return undefined;
  }
}
