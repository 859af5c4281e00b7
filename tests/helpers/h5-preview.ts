import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { repoRoot } from './engine.mjs';
import { createProxyMiddleware } from 'http-proxy-middleware';

/**
 * Serves the mini-program's H5 build and forwards /api, /internal-free paths and /healthz to the
 * API server, so the page talks to its own origin (no CORS in the preview or the browser tests).
 */
/**
 * Where the H5 build is: miniapp/dist/h5, or BAY_H5_DIST (an absolute folder, for a build of one's
 * own beside the default one; build into it with TARO_OUTPUT_ROOT set to the same folder).
 */
export const h5DistDir = process.env.BAY_H5_DIST || join(repoRoot, 'miniapp', 'dist', 'h5');

export interface H5Preview {
  url: string;
  close(): Promise<void>;
}

export async function startH5Preview(opts: { distDir: string; apiUrl: string; port?: number; host?: string }): Promise<H5Preview> {
  if (!existsSync(join(opts.distDir, 'index.html'))) {
    throw new Error(`No H5 build at ${opts.distDir}: run "npm run build:h5 -w @bay/miniapp" first`);
  }
  const statics = sirv(opts.distDir, { single: true, dev: true, etag: true });
  // Only the public API is forwarded; the bot's /internal API is never reachable through the preview.
  const proxy = createProxyMiddleware({ target: opts.apiUrl, changeOrigin: false, pathFilter: ['/api', '/healthz'] });
  const server: Server = createServer((req, res) => {
    proxy(req, res, () => statics(req, res, () => { res.statusCode = 404; res.end('not found'); }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
