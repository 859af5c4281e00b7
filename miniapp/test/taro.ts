/*
 * Test double for @tarojs/taro: in-memory storage, a scriptable request, recorded navigation,
 * and the page lifecycle hooks mapped onto React effects.
 */
import { useEffect } from 'react';

export interface FakeResponse {
  statusCode: number;
  data: unknown;
}
export interface RecordedRequest {
  url: string;
  method: string;
  data?: unknown;
  header: Record<string, string>;
}
type Handler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

const storage = new Map<string, unknown>();
let handler: Handler = () => ({ statusCode: 404, data: { error: { code: 'notFound', message: 'not found' } } });

export const taroMock = {
  storage,
  requests: [] as RecordedRequest[],
  routerParams: {} as Record<string, string>,
  systemLanguage: 'zh_CN',
  /** What getAppBaseInfo reports for the system font (weapp elder-mode detection); undefined = not reported. */
  fontSizeSetting: undefined as number | undefined,
  fontSizeScaleFactor: undefined as number | undefined,
  modalConfirm: true,
  /** What requestSubscribeMessage answers for every template ('accept' | 'reject' | 'ban'). */
  subscribeAnswer: 'accept' as string,
  onRequest(next: Handler) {
    handler = next;
  },
  reset() {
    storage.clear();
    this.requests.length = 0;
    this.routerParams = {};
    this.modalConfirm = true;
    this.subscribeAnswer = 'accept';
    this.fontSizeSetting = undefined;
    this.fontSizeScaleFactor = undefined;
    handler = () => ({ statusCode: 404, data: { error: { code: 'notFound', message: 'not found' } } });
    Object.values(Taro).forEach((fn) => {
      if (typeof fn === 'function' && 'mockClear' in fn) (fn as jest.Mock).mockClear();
    });
  },
};

const resolved = () => jest.fn(async () => ({ errMsg: 'ok' }));

const Taro = {
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  getSystemInfoSync: () => ({ language: taroMock.systemLanguage }),
  getAppBaseInfo: () => ({
    language: taroMock.systemLanguage,
    ...(taroMock.fontSizeSetting !== undefined ? { fontSizeSetting: taroMock.fontSizeSetting } : {}),
    ...(taroMock.fontSizeScaleFactor !== undefined ? { fontSizeScaleFactor: taroMock.fontSizeScaleFactor } : {}),
  }),
  request: jest.fn(async (opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => {
    const req: RecordedRequest = { url: opts.url, method: opts.method ?? 'GET', data: opts.data, header: opts.header ?? {} };
    taroMock.requests.push(req);
    return handler(req);
  }),
  login: jest.fn(async () => ({ code: 'test-code', errMsg: 'login:ok' })),
  navigateTo: resolved(),
  redirectTo: resolved(),
  reLaunch: resolved(),
  navigateBack: resolved(),
  showToast: resolved(),
  pageScrollTo: resolved(),
  setClipboardData: resolved(),
  setNavigationBarTitle: resolved(),
  stopPullDownRefresh: jest.fn(),
  showModal: jest.fn(async () => ({ confirm: taroMock.modalConfirm, cancel: !taroMock.modalConfirm })),
  requestSubscribeMessage: jest.fn(async (opts: { tmplIds: string[] }) => ({
    errMsg: 'requestSubscribeMessage:ok',
    ...Object.fromEntries(opts.tmplIds.map((id) => [id, taroMock.subscribeAnswer])),
  })),
  getCurrentPages: () => [] as unknown[],
};

export default Taro;

export function useDidShow(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => callback(), []);
}
export function useLaunch(callback: () => void): void {
  useEffect(() => callback(), []);
}
export function usePullDownRefresh(_callback: () => void): void {}
export function useReachBottom(_callback: () => void): void {}
export function useRouter() {
  return { params: taroMock.routerParams, path: '' };
}
