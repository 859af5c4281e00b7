import { describe, expect, it } from '@jest/globals';
import { templateData } from '../subscribe.worker.js';

const createdAt = new Date('2026-12-07T02:00:00Z');

describe('subscribe message template data', () => {
  it("fills thing1 with the application's title and links its page", () => {
    const title = { 'zh-Hans': '前台接待', 'zh-Hant': '前台接待員', en: 'Receptionist' };
    const out = templateData({ kind: 'application.status', payload: { applicationId: 'a1', title, status: 'under_review', at: createdAt.toISOString() }, createdAt }, 'zh-Hant');
    expect(out.data.thing1).toBe('前台接待員');
    expect(out.page).toContain('a1');
  });

  it("fills thing1 with a job alert's job title in the resident's language and links the job (it was empty)", () => {
    const jobTitle = { 'zh-Hans': '咖啡师', 'zh-Hant': '咖啡師', en: 'Barista' };
    const out = templateData({ kind: 'job.alert', payload: { alertId: 'al1', jobId: 'job1', jobTitle, city: 'shenzhen' }, createdAt }, 'en');
    expect(out.data.thing1).toBe('Barista');
    expect(out.page).toContain('job1');
  });

  it("fills thing1 with a broadcast's title and links what it links", () => {
    const out = templateData({ kind: 'broadcast', payload: { broadcastId: 'b1', title: 'Holiday hours', body: 'x', link: 'pages/notices/index' }, createdAt }, 'en');
    expect(out).toMatchObject({ data: { thing1: 'Holiday hours' }, page: 'pages/notices/index' });
  });
});
