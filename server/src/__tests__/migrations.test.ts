import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { runMigrations } from '../migrations.js';
import type { NotificationDoc } from '../modules/notifications/notification.model.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness('migrations'); });
afterAll(async () => { await h?.close(); });

const title = { 'zh-Hans': '港车北上 · AB 1234', 'zh-Hant': '港車北上 · AB 1234', en: 'Northbound Travel · AB 1234' };

describe('start-up data migrations', () => {
  it('renames an application title stored as jobTitle: the application, its waiting outbox entry and its sent messages; twice is harmless', async () => {
    const models = h.app.services.models;
    const _id = new Types.ObjectId();
    const userId = new Types.ObjectId();
    const at = new Date();
    const oldPayload = { applicationId: String(_id), jobTitle: title, status: 'submitted', at: at.toISOString() };
    // As stored before issue 17 (written past the schema, which no longer knows jobTitle).
    await models.applications.collection.insertOne({
      _id, uniqueKey: `${String(userId)}:northbound:hk:AB 1234`, type: 'northbound', userId, jobTitle: title,
      northbound: { scheme: 'hk', plate: 'AB 1234' }, status: 'submitted', name: 'Chan', phone: 'x', docType: 'hkid', docNumber: 'x',
      verified: false, resume: '', timeline: [{ status: 'submitted', at, by: 'resident' }],
      outbox: [{ dedupeKey: `application:${String(_id)}:submitted`, kind: 'application.status', payload: oldPayload, createdAt: at }],
      createdAt: at, updatedAt: at,
    });
    await models.notifications.collection.insertOne({
      dedupeKey: `application:${String(_id)}:old`, userId, kind: 'application.status', payload: oldPayload, lang: 'en', state: 'sent',
      topic: 'application', channel: 'bot', urgent: true, attempts: 1, nextAttemptAt: at, createdAt: at, updatedAt: at,
    });

    await runMigrations(models);
    const app = await models.applications.collection.findOne({ _id });
    expect(app).toMatchObject({ title });
    expect(app).not.toHaveProperty('jobTitle');
    expect(app!.outbox[0].payload).toEqual({ applicationId: String(_id), title, status: 'submitted', at: at.toISOString() });
    const sent = await models.notifications.collection.findOne({ dedupeKey: `application:${String(_id)}:old` });
    expect(sent!.payload).toEqual({ applicationId: String(_id), title, status: 'submitted', at: at.toISOString() });

    await runMigrations(models);
    expect(await models.applications.collection.findOne({ _id })).toEqual(app);
    // The relay now hands the migrated entry to the outbox, and the bot is given the title.
    await h.app.services.applicationRelay.relayApplication(_id);
    const relayed = await models.notifications.findOne({ dedupeKey: `application:${String(_id)}:submitted` }).lean<NotificationDoc>();
    expect(relayed!.kind === 'application.status' && relayed!.payload.title).toEqual(title);
  });
});
