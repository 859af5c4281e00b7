import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { createFieldCipher, parseKeyRing } from '../crypto.js';
import { rotateEncryptedFields } from '../key-rotation.js';
import { encryptedFieldTargets } from '../../encrypted-fields.js';
import { seedDemoData } from '../../seed/seed.js';
import { startHarness, testEnv, type Harness } from '../../__tests__/harness.js';
import { runCli } from '../../__tests__/cli.js';

const K0 = `k0:${randomBytes(32).toString('base64')}`;
const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;
const HK_PHONES = ['51234567', '61234567', '91234560', '92345678', '93456789', '94567890'];

describe('key rotation (npm run rotate-keys -w @bay/server)', () => {
  let h: Harness;
  let after: Harness | undefined;
  const plainById = new Map<string, { phone: string; docNumber: string }>();
  const raw = () => h.conn.db!.collection('applications').find({}).sort({ _id: 1 }).toArray();
  const keyIds = async () => (await raw()).flatMap((d) => [d.phone, d.docNumber].map((v) => String(v).split(':')[2]));
  const cliEnv = (keys: string) => testEnv({ MONGODB_URI: h.config.mongoUri, DATA_ENCRYPTION_KEYS: keys, LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    // Written under k1 only.
    h = await startHarness('rotate', { DATA_ENCRYPTION_KEYS: K1 });
    await seedDemoData(h.conn);
    const jobIds = (await h.http.get('/api/jobs').query({ limit: 5 })).body.items.map((j: { id: string }) => j.id) as string[];
    const resident = await h.login('rotate-res', 'resident');
    for (const [i, jobId] of jobIds.entries()) {
      const phone = `+852${HK_PHONES[i]}`;
      const res = await h.http.post('/api/applications').set(resident.auth)
        .send({ jobId, name: `Rotate ${i}`, phone, docType: 'home_return_permit', docNumber: `H${String(12345670 + i)}`, resume: 'r' });
      expect(res.status).toBe(201);
      plainById.set(res.body.id, { phone, docNumber: `H${String(12345670 + i)}` });
    }
    // One application from before field encryption existed: plain values.
    const legacy = await h.conn.db!.collection('applications').findOne({});
    const legacyId = new Types.ObjectId();
    await h.conn.db!.collection('applications').insertOne({
      ...legacy, _id: legacyId, uniqueKey: `legacy:${legacyId}`, phone: '+85292345670', docNumber: 'M87654321', timeline: [], outbox: [],
    });
    plainById.set(String(legacyId), { phone: '+85292345670', docNumber: 'M87654321' });
  });
  afterAll(async () => {
    await after?.close();
    await h.close();
  });

  it('is resumable: an interrupted run leaves whole documents, the next run carries on', async () => {
    const cipher = createFieldCipher(parseKeyRing(`${K2},${K1}`));
    const targets = encryptedFieldTargets(h.app.services.models);
    const stop = new AbortController();
    const first = await rotateEncryptedFields(targets, cipher, { batchSize: 2, signal: stop.signal, onBatch: () => stop.abort() });
    expect(first.aborted).toBe(true);
    expect(first.collections.applications).toMatchObject({ scanned: 2, updated: 2 });
    const mixed = await raw();
    for (const d of mixed) expect(String(d.phone).split(':')[2]).toBe(String(d.docNumber).split(':')[2] ?? undefined);
    expect((await keyIds()).filter((k) => k === 'k2')).toHaveLength(4);

    const rest = await rotateEncryptedFields(targets, cipher, { batchSize: 2 });
    expect(rest.aborted).toBe(false);
    expect(rest.failures).toEqual([]);
    expect(rest.collections.applications).toMatchObject({ scanned: 6, updated: 4, current: 4, reencrypted: 6, encryptedPlaintext: 2 });
  });

  it('leaves every value under the new key, none under the old, all readable', async () => {
    expect(new Set(await keyIds())).toEqual(new Set(['k2']));
    const cipher = createFieldCipher(parseKeyRing(K2));
    for (const d of await raw()) {
      expect({ phone: cipher.decrypt(d.phone as string), docNumber: cipher.decrypt(d.docNumber as string) }).toEqual(plainById.get(String(d._id)));
    }
  });

  it('changes nothing when run again (the command itself, exit 0)', async () => {
    const before = await raw();
    const res = await runCli('rotate-keys', [], cliEnv(`${K2},${K1}`));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('applications: scanned 6, rewrote 0 documents (0 values re-encrypted, 0 plain values encrypted, 12 already under k2)\n'
      + 'identity_pending: scanned 0, rewrote 0 documents (0 values re-encrypted, 0 plain values encrypted, 0 already under k2)\n'
      + 'identity_profiles: scanned 0, rewrote 0 documents (0 values re-encrypted, 0 plain values encrypted, 0 already under k2)\n');
    expect(await raw()).toEqual(before);
  }, 60_000);

  it('serves the rotated data with the old key removed: masked in lists, full in a reveal', async () => {
    after = await startHarness('rotate-after', { MONGODB_URI: h.config.mongoUri, DATA_ENCRYPTION_KEYS: K2 });
    const reviewer = await after.login('rotate-rev', 'reviewer');
    const list = await after.http.get('/api/admin/applications').query({ limit: 50 }).set(reviewer.auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(6);
    for (const [id, plain] of plainById) {
      const res = await after.http.post(`/api/admin/applications/${id}/reveal`).set(reviewer.auth).send({ reason: 'Rotation check', fields: ['phone', 'docNumber'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(plain);
    }
  });

  it('rotates with the command, reports values it cannot decrypt and leaves them untouched', async () => {
    const k2 = createFieldCipher(parseKeyRing(K2));
    const k0 = createFieldCipher(parseKeyRing(K0));
    const [first] = await raw();
    // One value under a key no longer in the ring.
    const orphan = k0.encrypt('+85293456780');
    await h.conn.db!.collection('applications').updateOne({ _id: first!._id }, { $set: { phone: orphan } });

    const dry = await runCli('rotate-keys', ['--dry-run'], cliEnv(`k3:${randomBytes(32).toString('base64')},${K2}`));
    expect(dry.stdout).toMatch(/^applications: scanned 6, would rewrite 6 documents/);
    expect(new Set(await keyIds())).toEqual(new Set(['k0', 'k2']));

    const K3 = `k3:${randomBytes(32).toString('base64')}`;
    const res = await runCli('rotate-keys', ['--batch-size', '4'], cliEnv(`${K3},${K2}`));
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('applications: scanned 6, rewrote 6 documents (11 values re-encrypted, 0 plain values encrypted, 0 already under k3)\n'
      + 'identity_pending: scanned 0, rewrote 0 documents (0 values re-encrypted, 0 plain values encrypted, 0 already under k3)\n'
      + 'identity_profiles: scanned 0, rewrote 0 documents (0 values re-encrypted, 0 plain values encrypted, 0 already under k3)\n');
    expect(res.stderr).toBe(`cannot decrypt applications ${String(first!._id)} phone: unknownKey\n`);
    const [again] = await raw();
    expect(again!.phone).toBe(orphan);
    expect(String(again!.docNumber)).toMatch(/^enc:v1:k3:/);
    expect(k2.isCurrent(String(again!.docNumber))).toBe(false);
    for (const out of [res.stdout, res.stderr, dry.stdout, dry.stderr]) expect(out).not.toMatch(/9345678|H1234567|M8765432/);
  }, 60_000);

  it('refuses bad arguments with usage', async () => {
    const res = await runCli('rotate-keys', ['--batch-size', 'lots'], cliEnv(K2));
    expect(res).toMatchObject({ code: 64, stderr: 'usage: rotate-keys [--dry-run] [--batch-size <1-10000>]\n' });
  }, 60_000);
});
