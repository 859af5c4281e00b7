import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for any OpenAI-compatible chat-completions API (vLLM, Ollama, a hosted Qwen or
 * DeepSeek): `POST <base>/chat/completions` with `{ model, messages: [{ role, content }], ... }`.
 * It validates the request shape (method, path, JSON content type, bearer key when one is set,
 * model, non-empty messages with system/user/assistant roles and string content) and answers 400
 * with an OpenAI-style error body when it is wrong.
 *
 * Modes: ok (answers `reply(request)` as choices[0].message.content), slow (answers after
 * `delayMs`), 500 (an error body), garbage (200 with a body that is not a completion).
 */
export type FakeLlmMode = 'ok' | 'slow' | '500' | 'garbage';

export interface FakeLlmRequest {
  model: string;
  messages: { role: string; content: string }[];
  [key: string]: unknown;
}

export interface FakeLlm {
  /** Base URL to put in LLM_BASE_URL (ends in /v1). */
  baseUrl: string;
  requests: FakeLlmRequest[];
  /** Requests refused as malformed, with the reason. */
  rejected: string[];
  setMode(mode: FakeLlmMode): void;
  close(): Promise<void>;
}

export interface FakeLlmOptions {
  mode?: FakeLlmMode;
  apiKey?: string;
  delayMs?: number;
  reply?: (req: FakeLlmRequest) => string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeLlm(opts: FakeLlmOptions = {}): Promise<FakeLlm> {
  let mode: FakeLlmMode = opts.mode ?? 'ok';
  const requests: FakeLlmRequest[] = [];
  const rejected: string[] = [];
  const reply = opts.reply ?? (() => 'PHRASED ANSWER');
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, raw = false) => {
      res.writeHead(status, { 'content-type': raw ? 'text/plain' : 'application/json' });
      res.end(raw ? String(body) : JSON.stringify(body));
    };
    const refuse = (reason: string) => {
      rejected.push(reason);
      send(400, { error: { message: reason, type: 'invalid_request_error' } });
    };
    const text = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: 'not found' } });
    if (!String(req.headers['content-type']).startsWith('application/json')) return refuse('content-type must be application/json');
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      rejected.push('bad api key');
      return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    }
    let body: FakeLlmRequest;
    try { body = JSON.parse(text) as FakeLlmRequest; } catch { return refuse('body is not JSON'); }
    if (typeof body.model !== 'string' || !body.model) return refuse('model is required');
    if (!Array.isArray(body.messages) || !body.messages.length) return refuse('messages must be a non-empty array');
    for (const m of body.messages) {
      if (!m || !['system', 'user', 'assistant'].includes(m.role) || typeof m.content !== 'string') return refuse('each message needs a role and string content');
    }
    requests.push(body);
    const completion = () => ({
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply(body) }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
    switch (mode) {
      case 'ok': return send(200, completion());
      case 'slow': {
        const t = setTimeout(() => { timers.delete(t); if (!res.destroyed) send(200, completion()); }, opts.delayMs ?? 2000);
        timers.add(t);
        return;
      }
      case '500': return send(500, { error: { message: 'The server had an error while processing your request', type: 'server_error' } });
      case 'garbage': return send(200, '<html>gateway says hi</html>', true);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    rejected,
    setMode(m) { mode = m; },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
