/**
 * A round-robin HTTP load balancer for the system tests, standing where production's balancer
 * stands (nginx, a cloud LB): each request goes to the next instance; an instance that refuses the
 * connection is skipped for that request (the request is replayed on the next one, as nginx's
 * `proxy_next_upstream error` does for a connection that never reached it); when none answers,
 * 502. Bodies are small JSON, so each is read whole before it is forwarded.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** Requests each instance answered, by its URL. */
  served: Map<string, number>;
  close(): Promise<void>;
}

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer }

function forward(target: string, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  const { hostname, port } = new URL(target);
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers: { ...headers, host: `${hostname}:${port}`, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function startBalancer(targets: string[]): Promise<Balancer> {
  let next = 0;
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const start = next++;
      for (let i = 0; i < targets.length; i++) {
        const target = targets[(start + i) % targets.length]!;
        try {
          const answer = await forward(target, req.method ?? 'GET', req.url ?? '/', req.headers, body);
          served.set(target, (served.get(target) ?? 0) + 1);
          const { connection: _c, 'transfer-encoding': _t, ...headers } = answer.headers;
          res.writeHead(answer.status, headers).end(answer.body);
          return;
        } catch {
          // Refused or reset: this instance is down; try the next one.
        }
      }
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"badGateway","message":"no instance answered"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
