import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BayApiError, createApiClient } from '../client.js';

/** A stand-in server that answers each path as scripted, to pin the client's error mapping. */
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const handlers = new Map<string, Handler>();
const seen: { path: string; auth?: string; body: string }[] = [];
let server: Server;
let baseUrl: string;
const token = 't'.repeat(40);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
      const handler = handlers.get(req.url ?? '');
      if (handler) handler(req, body, res);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

async function caught(promise: Promise<unknown>): Promise<BayApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BayApiError) return error;
    throw error;
  }
  throw new Error('expected a BayApiError');
}

describe('createApiClient', () => {
  it('posts the bind request with the bot token and returns the bound user', async () => {
    handlers.set('/internal/bind', (_req, _body, res) => json(res, 200, { userId: 'u1', lang: 'zh-Hant' }));
    const api = createApiClient({ baseUrl: `${baseUrl}/`, token });
    await expect(api.bind({ code: 'AB23CD', contactId: 'c1', contactName: '陳大文' })).resolves.toEqual({ userId: 'u1', lang: 'zh-Hant' });
    const request = seen.at(-1)!;
    expect(request.auth).toBe(`Bearer ${token}`);
    expect(JSON.parse(request.body)).toEqual({ code: 'AB23CD', contactId: 'c1', contactName: '陳大文' });
  });

  it('carries the server error code and message; a 4xx is not retryable', async () => {
    handlers.set('/internal/bind', (_req, _body, res) => json(res, 400, { error: { code: 'bindCodeInvalid', message: '綁定碼無效' } }));
    const error = await caught(createApiClient({ baseUrl, token }).bind({ code: 'AB23CD', contactId: 'c1' }));
    expect(error).toMatchObject({ status: 400, code: 'bindCodeInvalid', retryable: false });
    expect(error.message).toContain('綁定碼無效');
  });

  it('treats 5xx (and 503) as retryable', async () => {
    handlers.set('/internal/outbox/claim', (_req, _body, res) => json(res, 503, { error: { code: 'unavailable', message: 'later' } }));
    const error = await caught(createApiClient({ baseUrl, token }).claim({ workerId: 'w1' }));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryable: true });
  });

  it('treats a refused connection as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await caught(createApiClient({ baseUrl: `http://127.0.0.1:${port}`, token }).claim({ workerId: 'w1' }));
    expect(error).toMatchObject({ status: 0, code: 'network', retryable: true });
  });

  it('gives up after the timeout with a retryable timeout error', async () => {
    handlers.set('/internal/outbox/claim', (_req, _body, res) => setTimeout(() => json(res, 200, { messages: [] }), 500));
    const error = await caught(createApiClient({ baseUrl, token, timeoutMs: 100 }).claim({ workerId: 'w1' }));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('unwraps claimed messages, posts a round\'s acks together and a failure to the message\'s path', async () => {
    handlers.set('/internal/outbox/claim', (_req, _body, res) => json(res, 200, { messages: [{ id: 'm1' }] }));
    handlers.set('/internal/outbox/ack', (_req, _body, res) => json(res, 200, { sent: ['m1'], refused: [{ id: 'm2', code: 'conflict' }] }));
    handlers.set('/internal/outbox/m1/fail', (_req, _body, res) => json(res, 200, { id: 'm1', state: 'pending' }));
    const api = createApiClient({ baseUrl, token });
    await expect(api.claim({ workerId: 'w1', limit: 5, leaseMs: 2000 })).resolves.toEqual([{ id: 'm1' }]);
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ workerId: 'w1', limit: 5, leaseMs: 2000 });
    await expect(api.ack(['m1', 'm2'], 'w1')).resolves.toEqual({ sent: ['m1'], refused: [{ id: 'm2', code: 'conflict' }] });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ workerId: 'w1', ids: ['m1', 'm2'] });
    await api.fail('m1', 'w1', 'socket hang up');
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ workerId: 'w1', error: 'socket hang up', reason: 'sendFailed' });
    // The server acts on the reason (re-routes a gone contact), never on the wording.
    await api.fail('m1', 'w1', 'contact wxid_1 not found', 'contactGone');
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ workerId: 'w1', error: 'contact wxid_1 not found', reason: 'contactGone' });
  });

  it('refuses a claim answer of the wrong shape', async () => {
    handlers.set('/internal/outbox/claim', (_req, _body, res) => json(res, 200, { nope: true }));
    const error = await caught(createApiClient({ baseUrl, token }).claim({ workerId: 'w1' }));
    expect(error.code).toBe('badResponse');
  });
});
