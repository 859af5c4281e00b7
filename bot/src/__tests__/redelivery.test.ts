/**
 * At-least-once delivery without duplicates: the server offers a message again when its lease
 * ends without an ack; the bot's journal (in BOT_STATE_DIR) turns that into an ack, across restarts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { SessionDto } from '@bay/shared';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { BayApiError } from '../api/client.js';
import { POLL_MS, residentWithApplication, setStatus, sleep, startBotWorld, statusUpdates as updates, tempStateDir, waitFor, waitForAsync, type BotWorld } from './helpers/world.js';

let server: TestServer;
let reviewer: SessionDto;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer({ seed: true, relayIntervalMs: 200 });
  reviewer = await server.devLogin('redelivery-reviewer', 'reviewer');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await server?.close();
});

async function world(stateDir: string): Promise<BotWorld> {
  const w = await startBotWorld(server, stateDir);
  cleanups.push(() => w.stop());
  return w;
}
async function stateDir(): Promise<string> {
  const state = await tempStateDir();
  cleanups.push(() => state.remove());
  return state.dir;
}
const notificationStates = async (applicationId: string) =>
  (await server.app.services.models.notifications.find({ dedupeKey: new RegExp(applicationId) }).sort({ _id: 1 }).lean()).map((n) => n.state);
const allSent = (applicationId: string) => async () => (await notificationStates(applicationId)).every((s) => s === 'sent');

describe('redelivery', () => {
  it('does not send again after a crash between send and ack: a restarted bot with the same state only acknowledges', async () => {
    const dir = await stateDir();
    const first = await world(dir);
    const { application, bindCode } = await residentWithApplication(server, 'crash-resident', 'zh-Hant');
    const before = first.contact('contact-crash', '何先生');
    first.api.failNext.ack = [new BayApiError('simulated crash before the ack', 0, 'network', true)];
    before.say(bindCode.code);

    await waitFor(() => first.api.calls.some((c) => c.method === 'ack'), 'the failed ack', 5000);
    await first.stop(); // "crash": the message was sent and journaled, the server never heard back
    expect(updates(before.received)).toHaveLength(1);
    expect(await notificationStates(application.id)).toEqual(['sending']);

    const second = await world(dir);
    const after = second.contact('contact-crash', '何先生');
    await waitForAsync(allSent(application.id), 'the ack of the re-offered message', 5000);
    expect(await notificationStates(application.id)).toEqual(['sent']);
    expect(second.api.calls.filter((c) => c.method === 'ack')).toHaveLength(1);
    await sleep(POLL_MS * 4);
    expect(after.received).toEqual([]);

    // The restarted bot goes on delivering new changes, once each.
    await setStatus(server, reviewer, application.id, 'under_review');
    await waitFor(() => updates(after.received).length === 1, 'the next update after the restart', 5000);
    await sleep(POLL_MS * 6);
    expect(updates(after.received)).toHaveLength(1);
    expect(updates(after.received)[0]).toContain('審核中');
    expect(updates(before.received)).toHaveLength(1);
  });

  it('only acknowledges when the same bot is offered a message again after a lost ack', async () => {
    const bot = await world(await stateDir());
    const { application, bindCode } = await residentWithApplication(server, 'lost-ack-resident', 'zh-Hans');
    const contact = bot.contact('contact-lost-ack', '李女士');
    bot.api.failNext.ack = [new BayApiError('lost ack', 503, 'unavailable', true)];
    contact.say(bindCode.code);

    await waitFor(() => bot.api.calls.filter((c) => c.method === 'ack').length >= 2, 'a second ack after the lease ended', 6000);
    await waitForAsync(allSent(application.id), 'the message marked sent', 3000);
    expect(await notificationStates(application.id)).toEqual(['sent']);
    await sleep(POLL_MS * 4);
    expect(updates(contact.received)).toHaveLength(1);
  });

  it('keeps polling through server errors and delivers once the server answers again', async () => {
    const bot = await world(await stateDir());
    const { application, bindCode } = await residentWithApplication(server, 'flaky-resident', 'en');
    const contact = bot.contact('contact-flaky', 'Flaky');
    bot.api.failNext.claim = [
      new BayApiError('POST /internal/outbox/claim → 503', 503, 'unavailable', true),
      new BayApiError('POST /internal/outbox/claim failed: ECONNREFUSED', 0, 'network', true),
      new Error('something unexpected'),
    ];
    contact.say(bindCode.code);
    await waitFor(() => updates(contact.received).length === 1, 'the update', 20_000);
    expect(bot.api.failNext.claim).toEqual([]); // all three errors were met, and the loop went on
    await waitForAsync(allSent(application.id), 'the message marked sent', 3000);
    await sleep(POLL_MS * 4);
    expect(updates(contact.received)).toHaveLength(1);
  });
});
