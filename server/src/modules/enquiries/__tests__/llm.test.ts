import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EnquiryAnswerDto } from '@bay/shared';
import { startFakeLlm, type FakeLlm } from '../../../../../tests/fakes/openai-compatible.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { FIXTURE_ENTRIES } from './fixtures.js';

let llm: FakeLlm;
let h: Harness;

beforeAll(async () => {
  llm = await startFakeLlm({ apiKey: 'sk-test-key', delayMs: 1500, reply: (req) => `PHRASED(${req.messages.at(-1)!.content})` });
  // No answer cache, so every question reaches the model.
  h = await startHarness('enq-llm', { LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'qwen2.5-7b-instruct', LLM_API_KEY: 'sk-test-key', LLM_TIMEOUT_MS: '300', ENQUIRY_CACHE_SIZE: '0' });
  await h.app.services.models.kb.insertMany(FIXTURE_ENTRIES.map(({ id, ...rest }) => ({ _id: id, ...rest, origin: 'seed' })));
  await h.app.services.enquiries.rebuild();
});
afterAll(async () => { await h.close(); await llm.close(); });

const ask = async (question: string) => {
  const res = await h.http.post('/api/enquiries/answer').send({ question });
  expect(res.status).toBe(200);
  return res.body as EnquiryAnswerDto;
};

describe('LLM mode (OpenAI-compatible chat completions)', () => {
  it('phrases the answer from the retrieved entries only and keeps the retrieval citations', async () => {
    llm.setMode('ok');
    const before = llm.requests.length;
    const body = await ask('羅湖口岸幾點開門');
    expect(body.answer).toMatch(/^PHRASED\(羅湖口岸幾點開門\)\n詳情：/);
    expect(body).toMatchObject({ intent: 'faq', lang: 'zh-Hant', sources: [{ id: 'lowu-hours', title: '測試機構', url: 'https://example.gov.hk/page' }] });
    const req = llm.requests[before]!;
    expect(req.model).toBe('qwen2.5-7b-instruct');
    expect(req.messages[0]!.role).toBe('system');
    expect(req.messages[0]!.content).toMatch(/ONLY the knowledge-base entries/);
    expect(req.messages[0]!.content).toContain('羅湖口岸旅檢通道每日 6:30 至 24:00 開放');
    expect(req.messages[0]!.content).toContain('Traditional Chinese');
    expect(llm.rejected).toEqual([]);
  });

  it('falls back to the retrieval answer on timeout', async () => {
    llm.setMode('slow');
    const started = Date.now();
    const body = await ask('罗湖口岸几点开门');
    // The fake answers after 2 s; the 300 ms timeout must have given up long before that.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(body.answer).toMatch(/^罗湖口岸旅检通道每天 6:30 至 24:00 开放。/);
    expect(body.sources[0]!.id).toBe('lowu-hours');
  });

  it('falls back on HTTP 500', async () => {
    llm.setMode('500');
    const body = await ask('HRP expired');
    expect(body.answer).toMatch(/^Renew the Home Return Permit/);
    expect(body.sources[0]!.id).toBe('hrp-renew');
  });

  it('falls back on a malformed response', async () => {
    llm.setMode('garbage');
    const body = await ask('港車北上要買咩保險');
    expect(body.answer).toMatch(/^港車北上須購買內地交強險/);
    expect(body.sources[0]!.id).toBe('northbound-insurance');
  });

  it('is not used for commands and personal intents', async () => {
    llm.setMode('ok');
    const before = llm.requests.length;
    expect((await ask('hello')).intent).toBe('greeting');
    expect((await ask('转人工')).intent).toBe('handoff');
    expect(llm.requests.length).toBe(before);
  });
});
