import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { ApplicationDto } from '@bay/shared';
import { seedDemoData } from '../../../seed/seed.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

/** Every way the plain values could appear: as typed, normalised, or with the HKID brackets. */
const MAINLAND_ID = '11010519491231002X';
const PLAIN = ['+852 9876 5432', '+85298765432', '98765432', '9876 5432', 'Z683365(A)', 'Z683365A', 'Z683365', MAINLAND_ID, MAINLAND_ID.slice(0, 14)];

describe('personal data at rest', () => {
  let h: Harness;
  let created: ApplicationDto[];

  beforeAll(async () => {
    h = await startHarness('atrest');
    await seedDemoData(h.conn);
    const jobIds = (await h.http.get('/api/jobs').query({ limit: 2 })).body.items.map((j: { id: string }) => j.id) as string[];
    const resident = await h.login('atrest-res', 'resident', 'en');
    const reviewer = await h.login('atrest-rev', 'reviewer', 'en');
    created = [];
    for (const [jobId, docType, docNumber] of [[jobIds[0], 'hkid', 'Z683365(A)'], [jobIds[1], 'mainland_id', MAINLAND_ID]] as const) {
      const res = await h.http.post('/api/applications').set(resident.auth)
        .send({ jobId, name: 'Raw Check', phone: '+852 9876 5432', docType, docNumber, resume: 'r' });
      expect(res.status).toBe(201);
      created.push(res.body as ApplicationDto);
    }
    // A status change and a reveal, so the timeline, outbox, notifications and audit are all written too.
    await h.http.post(`/api/admin/applications/${created[0]!.id}/status`).set(reviewer.auth).send({ status: 'under_review' });
    await h.http.post(`/api/admin/applications/${created[0]!.id}/reveal`).set(reviewer.auth).send({ reason: 'Raw document check', fields: ['phone', 'docNumber'] });
  });
  afterAll(async () => { await h.close(); });

  it('stores phone and identity numbers only as ciphertext under the current key', async () => {
    const raw = await h.conn.db!.collection('applications').findOne({ _id: new Types.ObjectId(created[0]!.id) });
    expect(raw!.phone).toMatch(/^enc:v1:k1:/);
    expect(raw!.docNumber).toMatch(/^enc:v1:k1:/);
    expect(h.app.services.cipher.decrypt(raw!.phone as string)).toBe('+85298765432');
    expect(h.app.services.cipher.decrypt(raw!.docNumber as string)).toBe('Z683365A');
  });

  it('leaves no plain phone or identity number anywhere in the database, read through the driver', async () => {
    const db = h.conn.db!;
    const collections = await db.listCollections().toArray();
    expect(collections.map((c) => c.name)).toEqual(expect.arrayContaining(['applications', 'audit', 'notifications', 'users']));
    let documents = 0;
    for (const { name } of collections) {
      for (const doc of await db.collection(name).find({}).toArray()) {
        documents++;
        const text = JSON.stringify(doc);
        for (const plain of PLAIN) {
          expect({ collection: name, found: text.includes(plain) ? plain : null }).toEqual({ collection: name, found: null });
        }
      }
    }
    expect(documents).toBeGreaterThan(60);
  });

  it('still answers masked values through the API', async () => {
    expect(created[0]).toMatchObject({ phone: '+852****5432', docNumber: '****365A' });
    expect(created[1]).toMatchObject({ docNumber: '**************002X' });
  });
});
