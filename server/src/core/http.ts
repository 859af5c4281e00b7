import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * The HTTP server in front of the Koa app, with the connection limits Node does not set by itself
 * (its defaults let one client hold a connection for 300 s by sending one byte every few seconds):
 *
 * - a request must arrive whole within `requestTimeoutMs` and its headers within `headersTimeoutMs`;
 *   Node answers 408 and closes the connection otherwise. Node checks these deadlines every
 *   `connectionsCheckingInterval` (30 s by default), so that is set to a fraction of them.
 * - at most `perAddress` open connections per client address (0: no cap); one more is closed as
 *   soon as it opens. Behind a load balancer every connection comes from it: raise or switch off.
 *
 * Used by main.ts and by the tests' servers alike, so tests meet the limits production has.
 */
export function createHttpServer(
  handler: RequestListener<typeof IncomingMessage, typeof ServerResponse>,
  limits: Config['connections'],
  logger?: Logger,
): Server {
  const server = createServer({
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  }, handler);
  if (limits.perAddress > 0) capConnectionsPerAddress(server, limits.perAddress, logger);
  return server;
}

function capConnectionsPerAddress(server: Server, cap: number, logger?: Logger): void {
  const open = new Map<string, number>();
  let warned = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      // Once a minute at most: a flood would otherwise write one line per refused connection.
      if (Date.now() - warned > 60_000) {
        warned = Date.now();
        logger?.warn({ cap }, 'connections refused: too many open from one address');
      }
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
