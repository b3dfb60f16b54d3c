/**
 * A tiny static HTTP server for the e2e fixture pages.
 *
 * Only what real-browser tests need: files from one folder, correct content types, and per-file
 * extra response headers from an optional sidecar (`article.html.headers.json` next to
 * `article.html`), so a test can serve a page under e.g. a strict Content-Security-Policy.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import * as v from 'valibot';

/** A running fixture server. */
export type FixtureServer = {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  readonly baseUrl: string;
  /** Stops listening and drops open keep-alive connections. */
  close(): Promise<void>;
};

/** Suffix of the sidecar file that gives extra response headers for the file it is named after. */
export const HEADERS_SIDECAR_SUFFIX = '.headers.json';

const SidecarHeadersSchema = v.record(v.string(), v.string());

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

/** Maps a file name to the Content-Type it is served with. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Starts serving `rootDir` on 127.0.0.1 at a free port.
 *
 * Requests are resolved by path only (the query string is ignored); anything that is not a regular
 * file inside `rootDir` is a 404, and so are the sidecar files themselves.
 */
export async function startFixtureServer(rootDir: string): Promise<FixtureServer> {
  const root = resolve(rootDir);
  const server = createServer((request, response) => {
    serve(root, request, response).catch((error: unknown) => {
      sendText(response, 500, `fixture server error: ${String(error)}`);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        // Browsers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function serve(root: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendText(response, 405, 'method not allowed');
    return;
  }
  const file = resolveRequestPath(root, request.url ?? '/');
  if (!file || file.endsWith(HEADERS_SIDECAR_SUFFIX) || !(await isFile(file))) {
    sendText(response, 404, 'not found');
    return;
  }
  const [body, extraHeaders] = await Promise.all([readFile(file), readSidecarHeaders(file)]);
  response.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': body.byteLength,
    // Every test gets the file as it is on disk now, never a cached copy.
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The absolute file a request URL names, or undefined when it is malformed or escapes root. */
function resolveRequestPath(root: string, requestUrl: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://fixture.invalid').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const file = resolve(root, `.${pathname}`);
  return file.startsWith(root + sep) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Reads `<file>.headers.json` (an object of header name to string value) if there is one. */
async function readSidecarHeaders(file: string): Promise<Record<string, string>> {
  const sidecar = file + HEADERS_SIDECAR_SUFFIX;
  if (!(await isFile(sidecar))) return {};
  const result = v.safeParse(SidecarHeadersSchema, JSON.parse(await readFile(sidecar, 'utf8')));
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`${sidecar}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  return result.output;
}

function sendText(response: ServerResponse, status: number, text: string) {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
