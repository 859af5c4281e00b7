import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { IDENTITY_API, type SessionDto } from '@bay/shared';
import { startFakeIdp, type FakeIdp } from '../../../../../tests/fakes/oidc-provider.js';
import { createApp } from '../../../app.js';
import { loadConfig } from '../../../core/config.js';
import { connectDb, ensureIndexes } from '../../../core/db.js';
import { testEnv } from '../../../__tests__/harness.js';
import { freshTestDatabaseUri } from '../../../testing.js';

const REDIRECT_URI = 'http://127.0.0.1:3999/api/identity/callback';

describe('cross-border identity logs', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } }));
  let idp: FakeIdp;
  let http: ReturnType<typeof supertest>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    idp = await startFakeIdp({
      redirectUris: [REDIRECT_URI],
      users: {
        'hk-log': { nameZh: '張學友', nameEn: 'CHEUNG, Hok Yau', docType: 'hkid', docNumber: 'A123456(3)', birthdate: '1961-07-10', address: { formatted: '香港大坑道 1 號' } },
      },
    });
    const config = loadConfig(testEnv({
      MONGODB_URI: freshTestDatabaseUri('idlogs'),
      IDP_ISSUER: idp.issuer,
      IDP_CLIENT_ID: idp.clientId,
      IDP_CLIENT_SECRET: idp.clientSecret,
      IDP_REDIRECT_URI: REDIRECT_URI,
    }));
    const conn = await connectDb(config.mongoUri);
    const app = createApp(config, { conn, logger });
    await ensureIndexes(app.services.models);
    http = supertest(app.callback());
    close = async () => { await conn.dropDatabase(); await conn.close(); await idp.close(); };
  });
  afterAll(async () => { await close?.(); });

  it('never writes codes, states, tokens, claims or document numbers, even when an exchange fails', async () => {
    const { token } = (await http.post('/api/auth/dev-login').send({ handle: 'log-identity' })).body as SessionDto;
    const auth = { Authorization: `Bearer ${token}` };
    const { authorizationUrl, state } = (await http.post(IDENTITY_API.start).set(auth).send({})).body as { authorizationUrl: string; state: string };
    const back = await idp.signIn(authorizationUrl, 'hk-log');
    const code = back.searchParams.get('code')!;
    expect((await http.get(back.pathname + back.search)).status).toBe(302);
    // A failed exchange logs a warning: the replayed code with a fresh state.
    const { state: fresh } = (await http.post(IDENTITY_API.start).set(auth).send({})).body as { state: string };
    const replay = new URL(back);
    replay.searchParams.set('state', fresh);
    expect((await http.get(replay.pathname + replay.search)).status).toBe(400);

    const log = lines.join('');
    expect(log).toContain('identity code exchange failed');
    for (const secret of [code, state, fresh, token, 'A1234563', 'A123456', '張學友', 'CHEUNG', '1961-07-10', '大坑道', 'hk-log', idp.clientSecret]) {
      expect({ secret, logged: log.includes(secret) }).toEqual({ secret, logged: false });
    }
  });
});
