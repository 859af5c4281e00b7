import Taro from '@tarojs/taro';
import type { ApiErrorBody } from '@bay/shared';
import { API_BASE } from './api-base';
import { getPrefs } from '../store/prefs';
import { clearSession, getToken } from '../store/session';
import { translatorFor } from '../i18n';

export const LOGIN_PAGE = '/pages/login/index';
const TIMEOUT_MS = 15_000;

/** Every failed call becomes an ApiError; `fields` carries per-field messages from the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Sign-in calls must not bounce to the sign-in page on 401. */
  skipAuthRedirect?: boolean;
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

let redirecting = false;
function goToSignIn(): void {
  if (redirecting) return;
  redirecting = true;
  void Taro.navigateTo({ url: LOGIN_PAGE }).finally(() => {
    redirecting = false;
  });
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  return typeof data === 'object' && data !== null && typeof (data as ApiErrorBody).error?.code === 'string';
}

/** The one wrapper around Taro.request: base URL, token, language, timeout, typed errors. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { lang } = getPrefs();
  const token = getToken();
  const header: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Language': lang };
  if (token) header.Authorization = `Bearer ${token}`;

  let res: Taro.request.SuccessCallbackResult<ApiErrorBody | Record<string, unknown>>;
  try {
    res = await Taro.request({
      url: `${API_BASE}${path}${buildQuery(options.query)}`,
      method: options.method ?? 'GET',
      data: options.body as Record<string, unknown> | undefined,
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
  } catch {
    throw new ApiError(0, 'network', translatorFor(lang)('ui.common.networkError'));
  }

  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;

  if (res.statusCode === 401 && !options.skipAuthRedirect) {
    clearSession();
    goToSignIn();
  }
  if (isErrorBody(res.data)) {
    const { code, message, fields } = res.data.error;
    throw new ApiError(res.statusCode, code, message, fields ?? {});
  }
  throw new ApiError(res.statusCode, 'http', translatorFor(lang)('ui.common.unknownError'));
}
