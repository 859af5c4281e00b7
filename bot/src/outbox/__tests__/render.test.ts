import { describe, expect, it } from '@jest/globals';
import type { HandoffReplyOutboxMessageDto, StatusOutboxMessageDto } from '@bay/shared';
import { applicationLink, renderOutboxMessage, renderStatusUpdate } from '../render.js';

const message = (over: Partial<StatusOutboxMessageDto> = {}, note?: string): StatusOutboxMessageDto => ({
  id: 'n1',
  dedupeKey: 'application:a1:under_review',
  kind: 'application.status',
  lang: 'zh-Hant',
  contactId: 'c1',
  attempts: 1,
  payload: {
    applicationId: '65f0c0ffee0000000000abcd',
    title: { 'zh-Hans': '前台接待', 'zh-Hant': '前台接待員', en: 'Receptionist' },
    status: 'under_review',
    at: '2025-01-01T00:00:00.000Z',
    ...(note ? { note } : {}),
  },
  ...over,
});

describe('renderStatusUpdate', () => {
  it('writes the update in the message language with the localised status and a link', () => {
    const { text, card } = renderStatusUpdate(message(), { h5Url: 'http://h5.test/' });
    expect(text).toBe('【灣事通】你申請的「前台接待員」狀態更新：審核中\n查看詳情：http://h5.test/#/pages/applications/detail?id=65f0c0ffee0000000000abcd');
    expect(card).toBeUndefined();
  });

  it('adds the reviewer note when there is one', () => {
    const { text } = renderStatusUpdate(message({ lang: 'en' }, 'Bring your HKID'), { h5Url: 'http://h5.test' });
    expect(text.split('\n')[0]).toBe('[Bay Connect] Your application for "Receptionist" is now: Under review (note: Bring your HKID)');
  });

  it('describes a mini-program card only when both the appid and the username are configured', () => {
    expect(renderStatusUpdate(message(), { h5Url: 'http://h5.test', miniAppId: 'wx1' }).card).toBeUndefined();
    const { card } = renderStatusUpdate(message({ lang: 'zh-Hans' }), { h5Url: 'http://h5.test', miniAppId: 'wx1', miniAppUsername: 'gh_1' });
    expect(card).toEqual({ appid: 'wx1', username: 'gh_1', title: '前台接待 · 审核中', pagePath: 'pages/applications/detail?id=65f0c0ffee0000000000abcd' });
  });

  it('builds the H5 link through the hash router', () => {
    expect(applicationLink('http://127.0.0.1:10086///', 'x')).toBe('http://127.0.0.1:10086/#/pages/applications/detail?id=x');
  });
});

describe('renderOutboxMessage', () => {
  const handoff = (lang: HandoffReplyOutboxMessageDto['lang']): HandoffReplyOutboxMessageDto => ({
    id: 'n2',
    dedupeKey: 'handoff:t1:1',
    kind: 'handoff.reply',
    lang,
    contactId: 'c1',
    attempts: 1,
    payload: { ticketId: 't1', text: '  Please bring your permit to the counter.  ', at: '2025-01-01T00:00:00.000Z' },
  });

  it('renders a staff reply to a handoff ticket in the resident language, the text as written, without a card', () => {
    const options = { h5Url: 'http://h5.test', miniAppId: 'wx1', miniAppUsername: 'gh_1' };
    expect(renderOutboxMessage(handoff('zh-Hant'), options)).toEqual({ text: '【灣事通】真人客服回覆：Please bring your permit to the counter.' });
    expect(renderOutboxMessage(handoff('en'), options).text).toBe('[Bay Connect] Reply from our staff: Please bring your permit to the counter.');
  });

  it('renders a status change as before', () => {
    expect(renderOutboxMessage(message(), { h5Url: 'http://h5.test' })).toEqual(renderStatusUpdate(message(), { h5Url: 'http://h5.test' }));
  });
});
