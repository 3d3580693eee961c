/**
 * Serves the built web UI (`dist/web`): a file when the path names one inside the folder, else
 * `index.html` (the UI routes on the client). It must never serve a file outside the folder, and
 * it says how to build the UI when the folder is missing.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The response for `pathname` from the UI in `root`. */
export async function serveWebFile(root: string, pathname: string): Promise<Response> {
  const base = resolve(root);
  const index = resolve(base, 'index.html');
  if (!(await isFile(index))) {
    return new Response('The Dateline web UI is not built. Build it into dist/web (see README.md, "HTTP API and web UI"), then reload.\nThe API is at /api (see /api/openapi.json).\n', {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' },
    });
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  let file = decoded.includes('\0') ? index : resolve(base, '.' + decoded);
  if (!file.startsWith(base + sep) || !(await isFile(file))) file = index;
  const body = await readFile(file);
  const immutable = file.startsWith(resolve(base, 'assets') + sep);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
}
