import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { ApiErrorBody } from '@bay/shared';
import type { Logger } from '../logger.js';
import { SimulatorError, type ChatSimulator, type SimulatorEvent } from './chat.js';

/**
 * The chat simulator's HTTP side (node:http; the bot has no web framework and needs none for six
 * routes). Every refusal is `{ error: { code, message, fields? } }` with a 4xx status; only a bug
 * answers 5xx.
 *
 *   GET  /                                 the page (page.html, self-contained)
 *   GET  /api/conversations                200 { seq, self, adminRoomTopic, h5Url, conversations }
 *   GET  /api/conversations/:id/messages   200 { messages } | 404
 *   POST /api/contacts { name }            201 { conversation } | 400 | 409 (name taken, full)
 *   POST /api/conversations/:id/messages { text, as? }   201 { message } | 400 | 404
 *   GET  /api/events                       text/event-stream: `message` (id = seq) and `conversation`
 *                                          events; Last-Event-ID (or ?after=<seq>) replays what was missed
 * POSTs must be application/json (so a plain cross-site form cannot post), at most 16 KB.
 */

const MAX_BODY_BYTES = 16 * 1024;
const HEARTBEAT_MS = 15_000;

const NewContact = z.object({
  name: z.string({ error: 'required' }).trim().min(1, { error: 'must be 1 to 32 characters' }).max(32, { error: 'must be 1 to 32 characters' }),
});
const NewMessage = z.object({
  text: z.string({ error: 'required' }).trim().min(1, { error: 'must be 1 to 2000 characters' }).max(2000, { error: 'must be 1 to 2000 characters' }),
  as: z.string({ error: 'must be a contact id' }).max(64, { error: 'must be a contact id' }).optional(),
});

const PAGE_URL = new URL('./page.html', import.meta.url);

export interface SimulatorServerOptions {
  simulator: ChatSimulator;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Base URL of the H5 build (the page links cards to it). */
  h5Url: string;
  logger: Logger;
}

export interface SimulatorServer {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: { status: number; code: string; message: string; fields?: Record<string, string> }) {
  // The server's error shape, with the simulator's own codes (a development tool's API, not ERROR_CODES).
  const body: { error: Omit<ApiErrorBody['error'], 'code'> & { code: string } } = { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
  sendJson(res, error.status, body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', `At most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_json', 'The body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = issue.path.length ? issue.path.join('.') : '_';
    fields[name] ??= issue.message;
  }
  throw new HttpError(400, 'validation_failed', 'Invalid input', fields);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const hostnameOf = (hostHeader: string) => (hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!);

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const { simulator, logger } = options;
  const log = logger.child({ component: 'chat-simulator' });
  const page = readFileSync(PAGE_URL, 'utf8');
  const streams = new Set<ServerResponse>();
  // On loopback, only loopback names: a page on another site that rebinds its DNS to 127.0.0.1 is refused.
  const loopbackOnly = LOOPBACK.has(options.host);

  function openEvents(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const write = (event: SimulatorEvent) => {
      if (event.type === 'message') res.write(`id: ${event.message.seq}\nevent: message\ndata: ${JSON.stringify(event.message)}\n\n`);
      else res.write(`event: conversation\ndata: ${JSON.stringify(event.conversation)}\n\n`);
    };
    // A reconnecting EventSource sends Last-Event-ID; the page's first connection says ?after=<the last seq it loaded>.
    const lastSeen = Number(req.headers['last-event-id'] ?? new URL(req.url ?? '/', 'http://simulator').searchParams.get('after') ?? NaN);
    if (Number.isInteger(lastSeen) && lastSeen >= 0) {
      for (const message of simulator.messagesAfter(lastSeen)) write({ type: 'message', message });
    }
    const unsubscribe = simulator.subscribe(write);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    res.on('close', end);
    res.on('error', end);
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    if (loopbackOnly && !LOOPBACK.has(hostnameOf(req.headers.host ?? ''))) {
      throw new HttpError(403, 'forbidden_host', 'Open the simulator through 127.0.0.1 or localhost');
    }
    const { pathname } = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    const allow = (methods: string[]) => {
      if (!methods.includes(method)) throw new HttpError(405, 'method_not_allowed', `Use ${methods.join(' or ')}`);
    };

    if (pathname === '/' || pathname === '/index.html') {
      allow(['GET', 'HEAD']);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      });
      res.end(method === 'HEAD' ? undefined : page);
      return;
    }
    if (pathname === '/api/conversations') {
      allow(['GET']);
      sendJson(res, 200, { seq: simulator.lastSeq(), self: simulator.self, adminRoomTopic: simulator.adminRoomTopic, h5Url: options.h5Url, conversations: simulator.conversations() });
      return;
    }
    if (pathname === '/api/events') {
      allow(['GET']);
      openEvents(req, res);
      return;
    }
    if (pathname === '/api/contacts') {
      allow(['POST']);
      const { name } = parse(NewContact, await readJson(req));
      sendJson(res, 201, { conversation: simulator.createContact(name) });
      return;
    }
    const messages = /^\/api\/conversations\/([^/]+)\/messages$/.exec(pathname);
    if (messages) {
      allow(['GET', 'POST']);
      let id: string;
      try {
        id = decodeURIComponent(messages[1]!);
      } catch {
        throw new HttpError(404, 'not_found', 'No such conversation');
      }
      if (method === 'GET') {
        const list = simulator.messages(id);
        if (!list) throw new HttpError(404, 'not_found', 'No such conversation');
        sendJson(res, 200, { messages: list });
        return;
      }
      if (!simulator.conversation(id)) throw new HttpError(404, 'not_found', 'No such conversation');
      const body = parse(NewMessage, await readJson(req));
      sendJson(res, 201, { message: simulator.say(id, body.text, body.as) });
      return;
    }
    throw new HttpError(404, 'not_found', 'No such route');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError || error instanceof SimulatorError) {
        sendError(res, error);
        return;
      }
      log.error({ err: error, method: req.method, url: req.url }, 'chat simulator request failed');
      sendError(res, { status: 500, code: 'internal', message: 'Internal error' });
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
