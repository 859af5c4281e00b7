/**
 * Fault: notifications survive crashes, counted on what mock WeChat contacts received.
 * (a) The server dies after a status change is committed but before it answers (and before its
 *     relay ran): a NEW server on the same database finds the embedded outbox entry in its relay
 *     sweep and the update reaches the contact exactly once.
 * (b) The engine is killed while the bot is delivering a queue of updates and restarted on the
 *     same port and data: every update reaches its contact exactly once.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionDto } from '@bay/shared';
import { freshTestDatabaseUri, startTestServer, type TestServer } from '../../server/src/testing.js';
import { residentWithApplication, setStatus, sleep, startBotWorld, statusUpdates, tempStateDir, waitFor, type BotWorld, type MockUser } from '../../bot/src/__tests__/helpers/world.js';
import { startEngine, type Engine } from '../helpers/engine.mjs';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** How often each status word appears among the contact's status updates (English catalog). */
function countStatuses(contact: MockUser, words: string[]): Record<string, number> {
  const updates = statusUpdates(contact.received);
  return Object.fromEntries(words.map((w) => [w, updates.filter((t) => t.includes(w)).length]));
}

async function world(server: TestServer, outbox?: { sendGapMs?: number }): Promise<BotWorld> {
  const state = await tempStateDir();
  const w = await startBotWorld(server, state.dir, outbox ? { outbox } : {});
  cleanups.push(() => state.remove());
  cleanups.push(() => w.stop());
  return w;
}

describe('notification delivery under faults', () => {
  afterAll(async () => { await sleep(10); });

  it('delivers a status change exactly once when the server died before answering it', async () => {
    const mongoUri = freshTestDatabaseUri('fault_kill');
    // A relay sweep far in the future: only the NEW server may find the entry.
    const first = await startTestServer({ mongoUri, seed: true, relayIntervalMs: 3_600_000 });
    let firstClosed = false;
    cleanups.push(async () => { if (!firstClosed) await first.close(); });
    const { application, bindCode } = await residentWithApplication(first, 'fault-kill-resident', 'en');

    // The process "dies" after committing the change: its relay never runs and no response is sent.
    Object.assign(first.app.services.applicationRelay, { relayAfterChange: async () => undefined });
    await first.app.services.applications.changeStatus(application.id, 'under_review', 'reviewer');
    firstClosed = true;
    await first.close();

    const second = await startTestServer({ mongoUri, relayIntervalMs: 200 });
    cleanups.push(() => second.close());
    const stored = await second.app.services.models.applications.findById(application.id, { outbox: 1, status: 1 }).lean();
    expect(stored).toMatchObject({ status: 'under_review' });
    expect(stored!.outbox.map((e) => e.dedupeKey)).toEqual([`application:${application.id}:under_review`]);

    const w = await world(second);
    const contact = w.contact('wxid_fault_kill', 'Chan');
    contact.say(bindCode.code);
    await waitFor(() => statusUpdates(contact.received).length >= 2, 'both status updates', 15_000);
    await sleep(1500);
    expect(countStatuses(contact, ['Submitted', 'Under review'])).toEqual({ Submitted: 1, 'Under review': 1 });
    const notifications = await second.app.services.models.notifications.find({ dedupeKey: new RegExp(application.id) }).lean();
    expect(notifications.map((n) => n.state).sort()).toEqual(['sent', 'sent']);
    expect(await second.app.services.models.inboxItems.countDocuments({ dedupeKey: new RegExp(application.id) })).toBe(2);
  }, 60_000);

  describe('engine restart during delivery', () => {
    let dataDir: string;
    let engine: Engine;

    afterAll(async () => {
      await engine?.stop().catch(() => undefined);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('delivers every queued update exactly once across an engine kill and restart', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'bay-fault-delivery-'));
      engine = await startEngine({ dataDir });
      const server = await startTestServer({ mongoUri: `${engine.uri}/bay_fault_delivery`, seed: true, relayIntervalMs: 200 });
      cleanups.push(() => server.close());
      const reviewer: SessionDto = await server.devLogin('fault-delivery-reviewer', 'reviewer', 'en');
      // A pause between sends keeps the queue in flight long enough to kill the engine mid-delivery
      // (250 ms was not enough on a loaded machine once the bot polled again at once after a delivery).
      const w = await world(server, { sendGapMs: 700 });

      const residents: { applicationId: string; contact: MockUser }[] = [];
      for (let i = 0; i < 3; i++) {
        const { application, bindCode } = await residentWithApplication(server, `fault-delivery-${i}`, 'en');
        const contact = w.contact(`wxid_fault_delivery_${i}`, `Resident ${i}`);
        contact.say(bindCode.code);
        residents.push({ applicationId: application.id, contact });
      }
      await waitFor(() => residents.every((r) => statusUpdates(r.contact.received).length === 1), 'the submitted updates', 15_000);

      // Queue two more changes per application, then kill the engine once delivery has started.
      for (const r of residents) {
        await setStatus(server, reviewer, r.applicationId, 'under_review');
        await setStatus(server, reviewer, r.applicationId, 'interview');
      }
      const total = () => residents.reduce((sum, r) => sum + statusUpdates(r.contact.received).length, 0);
      await waitFor(() => total() >= 4, 'delivery to start', 15_000);
      // The bot claims in batches, so messages already in hand still go out while the engine is
      // down; what must cross the outage is their acknowledgement. Counted just before the kill.
      const ackedBeforeKill = await server.app.services.models.notifications.countDocuments({ state: 'sent' });
      await new Promise<void>((resolve) => { engine.process.once('exit', () => resolve()); engine.process.kill('SIGKILL'); });
      await sleep(1500);
      engine = await startEngine({ dataDir, port: engine.port });

      await waitFor(() => total() >= 9, 'every update after the restart', 60_000);
      await sleep(2500);
      for (const r of residents) {
        expect(countStatuses(r.contact, ['Submitted', 'Under review', 'Interview'])).toEqual({ Submitted: 1, 'Under review': 1, Interview: 1 });
      }
      expect(ackedBeforeKill).toBeLessThan(9);
      const states = await server.app.services.models.notifications.find({}, { state: 1 }).lean();
      expect(states.every((n) => n.state === 'sent')).toBe(true);
    }, 120_000);
  });
});
