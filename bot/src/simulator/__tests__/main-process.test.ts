/**
 * The bot process (src/main.ts, as `npm start -w @bay/bot` runs it) starts the chat simulator on
 * the mock puppet outside production, logs 'chat simulator ready' with its URL, and gives the
 * mock bot the demo admin group; with BOT_SIMULATOR_PORT=0 or NODE_ENV=production it stays off.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { tempStateDir } from '../../__tests__/helpers/world.js';
import { DEMO_ADMIN_ROOM_TOPIC, DEMO_RESIDENT } from '../index.js';

const botDir = fileURLToPath(new URL('../../..', import.meta.url));

let server: TestServer;
let state: Awaited<ReturnType<typeof tempStateDir>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer({ seed: false });
  state = await tempStateDir();
});

afterAll(async () => {
  await Promise.all(children.map((child) => stop(child)));
  await server?.close();
  await state?.remove();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface LogLine { msg: string; url?: string; [key: string]: unknown }

/** Starts src/main.ts and collects its JSON log lines until `until` matches one (or the process ends). */
async function startBot(env: Record<string, string>, until: (line: LogLine) => boolean): Promise<{ child: ChildProcess; lines: LogLine[]; match: LogLine }> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'src/main.ts'], {
    cwd: botDir,
    env: {
      PATH: process.env.PATH ?? '',
      BAY_API_URL: server.url,
      BOT_API_TOKEN: server.botToken,
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      BOT_STATE_DIR: `${state.dir}-${children.length}`,
      BOT_POLL_INTERVAL_MS: '500',
      LOG_LEVEL: 'info',
      WECHATY_LOG: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: LogLine[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const match = await new Promise<LogLine>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching log line within 40 s; got ${JSON.stringify(lines.map((l) => l.msg))}; stderr ${stderr.slice(-2000)}`)), 40_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const raw = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        let line: LogLine;
        try {
          line = JSON.parse(raw) as LogLine;
        } catch {
          continue;
        }
        lines.push(line);
        if (until(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited (${code}); log ${JSON.stringify(lines.map((l) => l.msg))}; stderr ${stderr.slice(-2000)}`));
    });
  });
  return { child, lines, match };
}

describe('the bot process on the mock puppet', () => {
  it("starts the chat simulator and logs 'chat simulator ready' with its url", async () => {
    const port = await freePort();
    const { child, match } = await startBot({ NODE_ENV: 'development', BOT_SIMULATOR_PORT: String(port), BOT_ADMIN_ROOM_TOPIC: '' }, (l) => l.msg === 'chat simulator ready');
    expect(match.url).toBe(`http://127.0.0.1:${port}`);
    const res = await fetch(`${match.url}/api/conversations`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { adminRoomTopic: string; conversations: { id: string; name: string }[] };
    expect(body.conversations[0]).toMatchObject(DEMO_RESIDENT);
    // BOT_ADMIN_ROOM_TOPIC unset: the bot takes the demo group's topic, so admin commands work there.
    expect(body.adminRoomTopic).toBe(DEMO_ADMIN_ROOM_TOPIC);
    const sent = await fetch(`${match.url}/api/conversations/${encodeURIComponent(body.conversations.at(-1)!.id)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '/help' }),
    });
    expect(sent.status).toBe(201);
    const deadline = Date.now() + 10_000;
    let replies: { from: string }[] = [];
    while (Date.now() < deadline) {
      const history = (await (await fetch(`${match.url}/api/conversations/${encodeURIComponent(body.conversations.at(-1)!.id)}/messages`)).json()) as { messages: { from: string }[] };
      replies = history.messages.filter((m) => m.from === 'bot');
      if (replies.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(replies).toHaveLength(1); // the AdminCommands plugin answered in the demo group
    await stop(child);
  });

  it.each([
    ['BOT_SIMULATOR_PORT=0', { NODE_ENV: 'development', BOT_SIMULATOR_PORT: '0' }],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
  ])('leaves the simulator off with %s', async (_what, env) => {
    const port = await freePort();
    const { child, lines } = await startBot({ BOT_SIMULATOR_PORT: String(port), ...env }, (l) => l.msg === 'logged in');
    await new Promise((r) => setTimeout(r, 1000));
    expect(lines.map((l) => l.msg)).not.toContain('chat simulator ready');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    await stop(child);
  });
});
