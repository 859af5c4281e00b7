import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { log as wechatyLog } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { API, type ApplicationDto, type BindCodeDto, type JobDto, type Page, type SessionDto } from '@bay/shared';
import type { TestServer } from '@bay/server/testing';
import { createApiClient, type BayApi } from '../../api/client.js';
import { loadConfig } from '../../config.js';
import { createBayBot, type BayBot } from '../../index.js';

wechatyLog.level('silent');

export const BOT_SELF_ID = 'bay-bot-self';
export const POLL_MS = 200;
export const MINIAPP = { appid: 'wx0000000000000000', username: 'gh_bayconnect', h5: 'http://127.0.0.1:10086' };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function waitForAsync(probe: () => Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The status updates among what a contact received (each carries the application link). */
export const statusUpdates = (received: string[]) => received.filter((text) => text.includes('/#/pages/applications/detail'));

export async function tempStateDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'bay-bot-'));
  return { dir: join(root, 'state'), remove: () => rm(root, { recursive: true, force: true }) };
}

/** Every call the bot makes to the server, with hooks to make one fail. */
export interface SpyApi extends BayApi {
  calls: { method: keyof BayApi; args: unknown[] }[];
  failNext: Partial<Record<keyof BayApi, Error[]>>;
}

export function spyApi(inner: BayApi): SpyApi {
  const calls: SpyApi['calls'] = [];
  const failNext: SpyApi['failNext'] = {};
  const wrap = <K extends keyof BayApi>(method: K) =>
    (async (...args: unknown[]) => {
      calls.push({ method, args });
      const injected = failNext[method]?.shift();
      if (injected) throw injected;
      return (inner[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    }) as BayApi[K];
  return {
    calls, failNext, bind: wrap('bind'), answer: wrap('answer'), feedback: wrap('feedback'), claim: wrap('claim'), ack: wrap('ack'), fail: wrap('fail'),
    reportRooms: wrap('reportRooms'), adminRole: wrap('adminRole'), adminPreview: wrap('adminPreview'), adminBroadcast: wrap('adminBroadcast'), adminStats: wrap('adminStats'),
  };
}

export interface BotWorld {
  mocker: mock.Mocker;
  puppet: PuppetMock;
  self: mock.ContactMock;
  bay: BayBot;
  api: SpyApi;
  /** A mock WeChat user, with everything the bot sends it (privately) collected in `received`. */
  contact(id: string, name: string): MockUser;
  /** The `contacts` option's mock users, by id. */
  users: Map<string, MockUser>;
  stop(): Promise<void>;
}

export interface MockUser {
  mock: mock.ContactMock;
  received: string[];
  say(text: string): void;
}

/** A bot on a fresh wechaty-puppet-mock, logged in, talking to the given server. */
export interface BotWorldOptions {
  api?: (inner: BayApi) => BayApi;
  /** Extra bot environment (e.g. BOT_ADMIN_ROOM_TOPIC). */
  env?: Record<string, string>;
  /** Runs before the bot logs in (e.g. create the rooms it is already in). */
  beforeLogin?: (mocker: mock.Mocker, self: mock.ContactMock) => void;
  /** Outbox tuning (defaults: lease 1 s, back-off ≤ 1 s). */
  outbox?: { leaseMs?: number; batchSize?: number; maxBackoffMs?: number; sendGapMs?: number };
  /** Mock contacts to create before the bot logs in (and may claim messages for them): `world.users`. */
  contacts?: { id: string; name: string }[];
}

export async function startBotWorld(server: Pick<TestServer, 'url' | 'botToken'>, stateDir: string, options: BotWorldOptions = {}): Promise<BotWorld> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const self = mocker.createContact({ id: BOT_SELF_ID, name: '湾事通助手' });
  const config = loadConfig({
    BAY_API_URL: server.url,
    BOT_API_TOKEN: server.botToken,
    BOT_WORKER_ID: `test-${Math.random().toString(36).slice(2, 8)}`,
    BOT_POLL_INTERVAL_MS: String(POLL_MS),
    BOT_STATE_DIR: stateDir,
    MINIAPP_APP_ID: MINIAPP.appid,
    MINIAPP_USERNAME: MINIAPP.username,
    MINIAPP_H5_URL: MINIAPP.h5,
    LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const real = createApiClient({ baseUrl: config.BAY_API_URL, token: config.BOT_API_TOKEN, timeoutMs: 5000 });
  const api = spyApi(options.api ? options.api(real) : real);
  const bay = createBayBot({
    config,
    puppet,
    api,
    logger: pino({ level: config.LOG_LEVEL }),
    outbox: { leaseMs: 1000, maxBackoffMs: 1000, ...options.outbox },
  });
  function contact(id: string, name: string): MockUser {
    const user = mocker.createContact({ id, name });
    const received: string[] = [];
    user.on('message', (msg) => {
      if (msg.payload.talkerId === BOT_SELF_ID && msg.payload.listenerId === id && !msg.payload.roomId) received.push(msg.text() ?? '');
    });
    return { mock: user, received, say: (text) => user.say(text).to(self) };
  }
  const users = new Map((options.contacts ?? []).map(({ id, name }) => [id, contact(id, name)] as const));
  await bay.start();
  options.beforeLogin?.(mocker, self);
  const loggedIn = new Promise((resolve) => bay.bot.once('login', resolve));
  mocker.login(self);
  await loggedIn;

  return {
    mocker,
    puppet,
    self,
    bay,
    api,
    contact,
    users,
    async stop() {
      await bay.stop();
      await puppet.stop();
    },
  };
}

/** The public API as the mini-program uses it. */
export async function call<T>(server: Pick<TestServer, 'url'>, session: SessionDto | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session.token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const SAMPLE_APPLICATION = {
  name: '陳大文',
  phone: '+852 9123 4567',
  docType: 'hkid',
  docNumber: 'A123456(3)',
  resume: '十年酒店前台經驗，熟悉粵語、普通話及英語。',
} as const;

/** A resident who has applied for a job and holds a fresh bind code. */
export async function residentWithApplication(server: TestServer, handle: string, lang: 'zh-Hans' | 'zh-Hant' | 'en') {
  const session = await server.devLogin(handle, 'resident', lang);
  const jobs = await call<Page<JobDto>>(server, session, 'GET', `${API.jobs}?limit=1`);
  const job = jobs.items[0]!;
  const application = await call<ApplicationDto>(server, session, 'POST', API.applications, { jobId: job.id, ...SAMPLE_APPLICATION });
  const bindCode = await call<BindCodeDto>(server, session, 'POST', API.bindCodes);
  return { session, job, application, bindCode };
}

export async function setStatus(server: Pick<TestServer, 'url'>, reviewer: SessionDto, applicationId: string, status: string, note?: string) {
  return call<ApplicationDto>(server, reviewer, 'POST', API.adminApplicationStatus(applicationId), { status, ...(note ? { note } : {}) });
}
