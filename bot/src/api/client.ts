import { API, INTERNAL_ADMIN_API, NOTIFY_API, type AdminStatsDto, type BroadcastAudienceDto, type BroadcastDto, type Role, type ApiErrorBody, type BotBindResultDto, type EnquiryAnswerDto, type InternalEnquiryAnswerRequest, type InternalEnquiryFeedbackRequest, type OutboxAckManyResultDto, type OutboxFailureReason, type OutboxMessageDto } from '@bay/shared';

/**
 * Typed client for the server's internal bot API (/internal/*, Bearer BOT_API_TOKEN).
 * Every failure is a BayApiError; `retryable` tells the caller whether trying again later can help
 * (network trouble, timeouts, 429 and 5xx) or not (4xx: the request itself is refused).
 */
export class BayApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The server's error code (`{error:{code}}`), or `network` / `timeout` / `badResponse`. */
    readonly code: string,
    readonly retryable: boolean,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'BayApiError';
  }
}

export interface BindRequest {
  code: string;
  contactId: string;
  contactName?: string;
}

export interface ClaimRequest {
  workerId: string;
  limit?: number;
  leaseMs?: number;
  /** Long poll: the server may hold an empty claim this long for a new message. */
  waitMs?: number;
}

export interface BayApi {
  bind(body: BindRequest): Promise<BotBindResultDto>;
  /** Answers a resident's question; personal intents are answered for the contact's bound account only. */
  answer(body: InternalEnquiryAnswerRequest): Promise<EnquiryAnswerDto>;
  /** "有用" / "没用" after an answer: kept (without the contact) for the admins' review of unanswered questions. */
  feedback(body: InternalEnquiryFeedbackRequest): Promise<void>;
  claim(body: ClaimRequest): Promise<OutboxMessageDto[]>;
  /** Acknowledges deliveries (a round's, at most 100) in one request; says which are sent and which were refused for good. */
  ack(ids: string[], workerId: string): Promise<OutboxAckManyResultDto>;
  /** `reason` tells the server what to do (OUTBOX_FAILURE_REASONS); `error` is the text, for logs and admins. */
  fail(id: string, workerId: string, error: string, reason?: OutboxFailureReason): Promise<void>;
  /** The groups the bot is in (on login and when it joins one); group broadcasts go to these. */
  reportRooms(rooms: { id: string; topic: string }[]): Promise<void>;
  /** Admin-group commands: the role of the account the contact is bound to (null: not bound). */
  adminRole(contactId: string): Promise<Role | null>;
  adminPreview(contactId: string, audience: BroadcastAudienceDto): Promise<number>;
  /** A broadcast to every resident, now, with the same text in all three languages. */
  adminBroadcast(contactId: string, title: string, body: string): Promise<BroadcastDto & { recipients: number }>;
  adminStats(contactId: string): Promise<AdminStatsDto>;
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): BayApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;

  async function post<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Checked by name, not instanceof: fetch's errors may come from another realm (jest's vm modules).
      const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: { message?: string } };
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const reason = cause?.message ?? message ?? String(error);
      throw timedOut
        ? new BayApiError(`POST ${path} timed out after ${timeoutMs} ms`, 0, 'timeout', true)
        : new BayApiError(`POST ${path} failed: ${reason}`, 0, 'network', true);
    }

    const text = await response.text().catch(() => '');
    let json: unknown;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }

    if (!response.ok) {
      const error = (json as Partial<ApiErrorBody> | undefined)?.error;
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new BayApiError(
        `POST ${path} → ${response.status}${error?.message ? `: ${error.message}` : ''}`,
        response.status,
        error?.code ?? `http${response.status}`,
        retryable,
        error?.fields,
      );
    }
    return json as T;
  }

  return {
    async bind(body) {
      const result = await post<BotBindResultDto | undefined>(API.internalBind, body);
      if (!result || typeof result.userId !== 'string' || typeof result.lang !== 'string') {
        throw new BayApiError(`POST ${API.internalBind} returned an unexpected body`, 200, 'badResponse', false);
      }
      return result;
    },
    async answer(body) {
      const result = await post<EnquiryAnswerDto | undefined>(API.internalEnquiryAnswer, body);
      if (!result || typeof result.answer !== 'string' || typeof result.lang !== 'string' || !Array.isArray(result.sources)) {
        throw new BayApiError(`POST ${API.internalEnquiryAnswer} returned an unexpected body`, 200, 'badResponse', true);
      }
      return result;
    },
    async feedback(body) {
      await post<unknown>(API.internalEnquiryFeedback, body);
    },
    async claim(body) {
      const result = await post<unknown>(API.internalOutboxClaim, body);
      // The server answers `{ messages: [...] }`.
      const items = (result as { messages?: unknown } | undefined)?.messages;
      if (!Array.isArray(items)) {
        throw new BayApiError(`POST ${API.internalOutboxClaim} returned an unexpected body`, 200, 'badResponse', true);
      }
      return items as OutboxMessageDto[];
    },
    async ack(ids, workerId) {
      const result = await post<Partial<OutboxAckManyResultDto> | undefined>(API.internalOutboxAckMany, { workerId, ids });
      if (!result || !Array.isArray(result.sent) || !Array.isArray(result.refused)) {
        throw new BayApiError(`POST ${API.internalOutboxAckMany} returned an unexpected body`, 200, 'badResponse', true);
      }
      return { sent: result.sent, refused: result.refused };
    },
    async fail(id, workerId, error, reason = 'sendFailed') {
      await post<unknown>(API.internalOutboxFail(encodeURIComponent(id)), { workerId, error: error.slice(0, 1000), reason });
    },
    async reportRooms(rooms) {
      // The server takes at most 500 per request.
      for (let i = 0; i < rooms.length; i += 500) await post<unknown>(NOTIFY_API.internalRooms, { rooms: rooms.slice(i, i + 500) });
    },
    async adminRole(contactId) {
      return (await post<{ role: Role | null }>(INTERNAL_ADMIN_API.authorize, { contactId })).role ?? null;
    },
    async adminPreview(contactId, audience) {
      return (await post<{ recipients: number }>(INTERNAL_ADMIN_API.preview, { contactId, audience })).recipients;
    },
    async adminBroadcast(contactId, title, body) {
      return post<BroadcastDto & { recipients: number }>(INTERNAL_ADMIN_API.broadcasts, { contactId, title, body });
    },
    async adminStats(contactId) {
      return post<AdminStatsDto>(INTERNAL_ADMIN_API.stats, { contactId });
    },
  };
}
