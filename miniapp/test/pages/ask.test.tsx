import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { EnquiryAnswerDto } from '@bay/shared';
import Ask, { splitAnswer } from '../../src/packages/ask';
import { fail, ok, serveApi, startApp, taroMock } from '../helpers';

const faq = (over: Partial<EnquiryAnswerDto> = {}): EnquiryAnswerDto => ({
  answer: '回乡证过期后可在内地出入境管理部门或香港中旅社办理换证。\n详情：http://127.0.0.1:10086/#/packages/jobs/list/index',
  lang: 'zh-Hans',
  intent: 'faq',
  confidence: 0.92,
  sources: [{ id: 'hrp-renew', title: '国家移民管理局', url: 'https://www.nia.gov.cn/' }],
  ...over,
});

const clarify: EnquiryAnswerDto = {
  answer: '你想问的是哪一个？',
  lang: 'zh-Hans',
  intent: 'clarify',
  confidence: 0.4,
  sources: [],
  suggestions: [
    { id: 'hrp-renew', title: '回乡证怎么续期' },
    { id: 'hrp-lost', title: '回乡证丢了怎么办' },
    { id: 'hrp-child', title: '小朋友怎么办回乡证' },
  ],
};

const typeQuestion = (text: string) => fireEvent.change(document.getElementById('ask-input')!, { target: { value: text } });
const body = (n = -1) => taroMock.requests.at(n)!.data as Record<string, unknown>;

beforeEach(() => {
  window.open = jest.fn() as unknown as typeof window.open;
});

describe('ask (packages/ask)', () => {
  it('offers quick questions on an empty conversation, in the chosen language', () => {
    startApp({ lang: 'zh-Hant', user: null });
    render(<Ask />);
    expect(document.getElementById('ask-quick-0')!.textContent).toBe('羅湖口岸幾點開門');
    expect(document.getElementById('ask-quick-3')).not.toBeNull();
    expect((document.getElementById('ask-input') as HTMLInputElement).placeholder).toContain('回鄉證');
  });

  it('sends the question, shows it on the right, then the answer with its source and a details link', async () => {
    startApp({ lang: 'zh-Hans' });
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    taroMock.onRequest(async (req) => {
      await answered;
      return req.url === '/api/enquiries/answer' ? ok(faq()) : fail(404, 'notFound', 'no');
    });
    render(<Ask />);
    typeQuestion('回乡证过期怎么办');
    fireEvent.click(document.getElementById('ask-send')!);

    expect(document.getElementById('ask-message-0')!.className).toContain('ask-bubble--user');
    expect(document.getElementById('ask-message-0')!.textContent).toBe('回乡证过期怎么办');
    expect(document.getElementById('ask-loading')).not.toBeNull();
    expect(document.getElementById('ask-send')!.getAttribute('aria-busy')).toBe('true');
    expect((document.getElementById('ask-input') as HTMLInputElement).value).toBe('');
    await act(async () => release());

    const answer = await waitFor(() => document.getElementById('ask-message-1')!);
    expect(answer.className).toContain('ask-bubble--bot');
    expect(answer.textContent).toContain('回乡证过期后可在内地出入境管理部门');
    expect(answer.textContent).not.toContain('http://'); // the link line became the details link
    expect(document.getElementById('ask-loading')).toBeNull();
    expect(body()).toEqual({ question: '回乡证过期怎么办', lang: 'zh-Hans' });
    expect(taroMock.requests.at(-1)!.header.Authorization).toBe('Bearer test-token');

    const source = document.getElementById('ask-source-1')!;
    expect(source.textContent).toBe('来源：国家移民管理局');
    fireEvent.click(source);
    await waitFor(() => expect(window.open).toHaveBeenCalledWith('https://www.nia.gov.cn/', '_blank', 'noopener'));
    fireEvent.click(document.getElementById('ask-details-1')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/jobs/list/index' });
  });

  it('sends the recent turns with a follow-up question', async () => {
    startApp({ lang: 'en', user: null });
    serveApi({ 'POST /api/enquiries/answer': ok(faq({ lang: 'en', answer: 'Renew it at an exit-entry office.' })) });
    render(<Ask />);
    await act(async () => {
      fireEvent.click(document.getElementById('ask-quick-1')!);
    });
    await screen.findByText('Renew it at an exit-entry office.');
    typeQuestion('how long does it take?');
    await act(async () => {
      fireEvent.click(document.getElementById('ask-send')!);
    });
    await waitFor(() => expect(document.getElementById('ask-message-3')).not.toBeNull());
    expect(body(0)).toEqual({ question: 'My Home Return Permit expired', lang: 'en' });
    expect(body()).toEqual({
      question: 'how long does it take?',
      lang: 'en',
      transcript: [
        { role: 'user', text: 'My Home Return Permit expired' },
        { role: 'bot', text: 'Renew it at an exit-entry office.' },
      ],
    });
    expect(document.getElementById('ask-details-1')).toBeNull(); // no link line, no details link
    expect(document.getElementById('ask-source-1')!.textContent).toBe('Source: 国家移民管理局');
  });

  it('shows suggestions as chips that ask by entry id', async () => {
    startApp({ lang: 'zh-Hans' });
    serveApi({
      'POST /api/enquiries/answer': (req) => ok((req.data as { entryId?: string }).entryId ? faq() : clarify),
    });
    render(<Ask />);
    typeQuestion('回乡证');
    await act(async () => {
      fireEvent.click(document.getElementById('ask-send')!);
    });
    const chip = await waitFor(() => document.getElementById('ask-suggestion-hrp-lost')!);
    expect(chip.textContent).toBe('回乡证丢了怎么办');
    expect(document.getElementById('ask-suggestion-hrp-renew')).not.toBeNull();
    expect(document.getElementById('ask-source-1')).toBeNull(); // a question back cites nothing
    await act(async () => {
      fireEvent.click(chip);
    });
    await waitFor(() => expect(document.getElementById('ask-message-3')).not.toBeNull());
    expect(body()).toMatchObject({ question: '回乡证丢了怎么办', entryId: 'hrp-lost', lang: 'zh-Hans' });
    expect(document.getElementById('ask-message-2')!.textContent).toBe('回乡证丢了怎么办');
    expect(document.getElementById('ask-suggestion-hrp-lost')).toBeNull(); // answered: the chips go
  });

  it('asks the entry named in the link it was opened with', async () => {
    startApp({ lang: 'zh-Hant', user: null });
    taroMock.routerParams = { entry: 'hrp-renew' };
    serveApi({ 'POST /api/enquiries/answer': ok(faq({ lang: 'zh-Hant', answer: '可以喺出入境管理部門換證。\n詳情：http://h5/#/packages/ask/index?entry=hrp-renew' })) });
    render(<Ask />);
    await screen.findByText('可以喺出入境管理部門換證。');
    expect(body()).toMatchObject({ entryId: 'hrp-renew', lang: 'zh-Hant' });
    expect(document.getElementById('ask-message-0')!.className).toContain('ask-bubble--bot');
    expect(document.getElementById('ask-details-0')).toBeNull(); // a link back to this page adds nothing
  });

  it('shows an error inline and keeps the conversation', async () => {
    startApp({ lang: 'en' });
    serveApi({ 'POST /api/enquiries/answer': fail(429, 'rateLimited', 'Too many requests. Please try again shortly.') });
    render(<Ask />);
    typeQuestion('When does Lo Wu open?');
    await act(async () => {
      fireEvent.click(document.getElementById('ask-send')!);
    });
    expect((await waitFor(() => document.getElementById('ask-error')!)).textContent).toBe('Too many requests. Please try again shortly.');
    expect(document.getElementById('ask-message-0')!.textContent).toBe('When does Lo Wu open?');
    expect(document.getElementById('ask-loading')).toBeNull();

    (Taro.request as jest.Mock).mockImplementationOnce(async () => {
      throw new Error('offline');
    });
    typeQuestion('again');
    await act(async () => {
      fireEvent.click(document.getElementById('ask-send')!);
    });
    expect(document.getElementById('ask-error')!.textContent).toBe('Network error. Check your connection and try again.');
  });

  it('respects elder mode through the page shell', () => {
    startApp({ lang: 'en', elder: true });
    const { container } = render(<Ask />);
    expect(container.firstElementChild!.className).toContain('page--elder');
  });
});

describe('splitAnswer', () => {
  it('takes the trailing link line as the details page, whatever the label language', () => {
    expect(splitAnswer('Answer.\nDetails: https://h5.example/#/packages/jobs/list/index')).toEqual({ text: 'Answer.', page: '/packages/jobs/list/index' });
    expect(splitAnswer('答案\n詳情：http://h5/#/pages/applications/detail?id=1')).toEqual({ text: '答案', page: '/pages/applications/detail?id=1' });
    expect(splitAnswer('Only text, see https://www.nia.gov.cn/')).toEqual({ text: 'Only text, see https://www.nia.gov.cn/' });
  });
});
