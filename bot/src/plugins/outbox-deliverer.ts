import type { OutboxFailureReason, OutboxMessageDto } from '@bay/shared';
import type { Wechaty, WechatyPlugin } from 'wechaty';
import { BayApiError, type BayApi } from '../api/client.js';
import type { Logger } from '../logger.js';
import type { DeliveryJournal } from '../outbox/journal.js';
import { renderOutboxMessage, type RenderOptions } from '../outbox/render.js';
import { listen } from './listen.js';

export interface OutboxDelivererOptions {
  api: BayApi;
  journal: DeliveryJournal;
  logger: Logger;
  workerId: string;
  render: RenderOptions;
  pollIntervalMs: number;
  /** How long the server keeps a claimed message for this worker before offering it again. */
  leaseMs?: number;
  /** Messages per claim; by default as many as one round sends in half the lease (see defaultBatchSize). */
  batchSize?: number;
  /** Upper bound of the back-off after consecutive errors. */
  maxBackoffMs?: number;
  /** Pause between two chat messages (plus up to 50% jitter): bursts get personal accounts restricted. */
  sendGapMs?: number;
}

type Delivered = Pick<OutboxMessageDto, 'id' | 'dedupeKey'>;

/** The most ids one ack request carries (OutboxAckManyBody), and the most one claim asks for. */
const MAX_ACKS = 100;

/**
 * Messages per claim when not configured: as many as one round sends in half the lease, counting
 * the send gap with its jitter (up to 1.5 ×) and ≈ 100 ms for the puppet itself, between 1 and 50.
 * Real puppets (1 s gap, 30 s lease) claim 9 at a time; with no gap (the mock puppet) 50, so the
 * server's fixed cost of a claim is shared by more messages.
 */
export function defaultBatchSize(leaseMs: number, sendGapMs: number): number {
  return Math.max(1, Math.min(50, Math.floor(leaseMs / 2 / (sendGapMs * 1.5 + 100))));
}

export interface OutboxDeliverer {
  plugin: WechatyPlugin;
  /** One claim-and-deliver round; resolves to the number of messages claimed. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the round in flight to finish. */
  stop(): Promise<void>;
}

/**
 * OutboxDeliverer (formerly StatusPusher): polls the server's outbox (claim with a lease, so
 * several workers can share it), sends each message (status changes, staff replies to handoff
 * tickets) to the bound contact in the resident's language, then acknowledges it: before the
 * pause between two sends (BOT_SEND_GAP_MS, real puppets), or, with no pause, what the round
 * delivered in one request at its end (or as soon as it runs into the second half of its lease).
 * A dedupe key goes into the local journal after the send and before the ack; a message whose key
 * is already there is only acknowledged, so a crash between send and ack or a re-offered claim
 * never reaches the contact twice. Errors are logged and retried with a capped back-off.
 */
export function createOutboxDeliverer(options: OutboxDelivererOptions): OutboxDeliverer {
  const log = options.logger.child({ plugin: 'OutboxDeliverer', workerId: options.workerId });
  const leaseMs = options.leaseMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const sendGapMs = options.sendGapMs ?? 0;
  const batchSize = options.batchSize ?? defaultBatchSize(leaseMs, sendGapMs);

  let bot: Wechaty | undefined;
  let loggedIn = false;
  let loop: Promise<void> | undefined;
  let stopping = false;
  const wake = new AbortController();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || wake.signal.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        wake.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      wake.signal.addEventListener('abort', onAbort, { once: true });
    });

  /** Acknowledges delivered messages in one request (at most 100: a claim's worth). */
  async function ack(messages: Delivered[]): Promise<void> {
    if (!messages.length) return;
    const keyOf = new Map(messages.map((m) => [m.id, m.dedupeKey]));
    const settled = async (ids: string[]) => {
      for (const id of ids) {
        const key = keyOf.get(id);
        if (key) await options.journal.markAcked(key).catch(() => undefined);
      }
    };
    try {
      const result = await options.api.ack([...keyOf.keys()], options.workerId);
      // Refused for good (gone, dead): nothing to acknowledge at the next start either.
      await settled([...result.sent, ...result.refused.map((r) => r.id)]);
      if (result.refused.length) log.warn({ refused: result.refused }, 'acks refused');
    } catch (error) {
      if (error instanceof BayApiError && !error.retryable) await settled([...keyOf.keys()]);
      // The server offers the messages again when their lease ends; the journal turns that into an ack.
      log.warn({ error: (error as { message?: string } | undefined)?.message ?? String(error), outboxIds: [...keyOf.keys()] }, 'ack failed; the journal will absorb the re-offer');
    }
  }

  async function fail(message: OutboxMessageDto, cause: unknown, reason: OutboxFailureReason = 'sendFailed'): Promise<void> {
    const text = (cause as { message?: string } | undefined)?.message ?? String(cause);
    log.warn({ outboxId: message.id, contactId: message.contactId, attempts: message.attempts, reason, error: text }, 'delivery failed');
    try {
      await options.api.fail(message.id, options.workerId, text, reason);
    } catch (error) {
      log.warn({ err: error, outboxId: message.id }, 'reporting the failure failed');
    }
  }

  /** Sends one message unless the journal has it; 'sent' and 'known' are then to be acknowledged. */
  async function deliver(wechaty: Wechaty, message: OutboxMessageDto): Promise<'sent' | 'known' | 'failed'> {
    if (options.journal.has(message.dedupeKey)) {
      log.info({ outboxId: message.id, dedupeKey: message.dedupeKey }, 'already delivered; acknowledging only');
      return 'known';
    }
    const rendered = renderOutboxMessage(message, options.render);
    // Group broadcasts go to a room; everything else to the bound contact.
    const roomId = message.kind === 'broadcast' ? message.roomId : undefined;
    const contact = roomId
      ? await wechaty.Room.find({ id: roomId }).catch(() => undefined)
      : await wechaty.Contact.find({ id: message.contactId }).catch(() => undefined);
    if (!contact) {
      await fail(message, new Error(roomId ? `room ${roomId} not found` : `contact ${message.contactId} not found`), roomId ? 'roomGone' : 'contactGone');
      return 'failed';
    }
    try {
      await contact.say(rendered.text);
    } catch (error) {
      await fail(message, error);
      return 'failed';
    }
    if (rendered.card && !roomId) {
      // Best effort: the text above already carries the link, and some puppets cannot send cards.
      try {
        await contact.say(new wechaty.MiniProgram(rendered.card));
      } catch (error) {
        log.warn({ err: error, outboxId: message.id }, 'mini-program card not sent');
      }
    }
    try {
      await options.journal.add(message.dedupeKey, { id: message.id });
    } catch (error) {
      // Still in memory, so this process will not send it again; acknowledging stops re-offers.
      log.error({ err: error, dedupeKey: message.dedupeKey }, 'journal write failed');
    }
    log.info({ outboxId: message.id, contactId: message.contactId, ...(roomId ? { roomId } : {}), kind: message.kind }, 'outbox message delivered');
    return 'sent';
  }

  async function runOnce(): Promise<number> {
    const wechaty = bot;
    if (!wechaty || !loggedIn) return 0;
    // Long poll: the server holds an empty claim up to one poll interval and answers as soon as a message is enqueued.
    const messages = await options.api.claim({ workerId: options.workerId, limit: batchSize, leaseMs, waitMs: Math.min(options.pollIntervalMs, 20_000) });
    // The leases end leaseMs after the claim: acknowledge by half of that at the latest.
    const ackBy = Date.now() + leaseMs / 2;
    const delivered: Delivered[] = [];
    let sent = 0;
    try {
      for (const message of messages) {
        if (stopping) break; // the rest comes back to another round when its lease ends
        if (sent > 0 && sendGapMs > 0) {
          // A pause comes anyway: acknowledge first, so a worker that dies holds at most the message in hand.
          await ack(delivered.splice(0));
          await sleep(sendGapMs * (1 + Math.random() / 2));
        }
        const outcome = await deliver(wechaty, message);
        if (outcome === 'sent') sent += 1;
        if (outcome !== 'failed') delivered.push(message);
        if (Date.now() >= ackBy) await ack(delivered.splice(0));
      }
    } finally {
      await ack(delivered);
    }
    return messages.length;
  }

  /** Acknowledges what a previous run sent but never acknowledged (it died in between), before claiming anything new. */
  async function ackLeftovers(): Promise<void> {
    const leftovers = options.journal.unacked();
    if (!leftovers.length) return;
    log.info({ count: leftovers.length }, 'acknowledging deliveries a previous run did not');
    for (let i = 0; i < leftovers.length && !stopping; i += MAX_ACKS) {
      await ack(leftovers.slice(i, i + MAX_ACKS).map(({ key, id }) => ({ id, dedupeKey: key })));
    }
  }

  async function run(): Promise<void> {
    await ackLeftovers();
    let failures = 0;
    while (!stopping) {
      let claimed = 0;
      const started = Date.now();
      try {
        claimed = await runOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (error instanceof BayApiError && error.retryable) {
          log.warn({ error: error.message, code: error.code, failures }, 'outbox poll failed; backing off');
        } else {
          log.error({ err: error, failures }, 'outbox poll failed; backing off');
        }
      }
      if (stopping) break;
      const delay = failures > 0
        ? Math.min(maxBackoffMs, options.pollIntervalMs * 2 ** failures)
        // After messages, poll again at once: the server holds the claim until the next message is
        // enqueued on any instance (long poll), so a change right after a delivery is not left
        // waiting for the interval. An empty claim already waited on the server: only the rest of
        // the interval is left (nothing, unless it was answered early).
        : claimed > 0 ? 0 : Math.max(0, options.pollIntervalMs - (Date.now() - started));
      await sleep(delay);
    }
  }

  function start(): void {
    if (loop || stopping) return;
    log.info({ pollIntervalMs: options.pollIntervalMs, leaseMs }, 'polling the outbox');
    loop = run().finally(() => {
      loop = undefined;
    });
  }

  async function stop(): Promise<void> {
    stopping = true;
    wake.abort();
    await loop;
  }

  const plugin: WechatyPlugin = (wechaty: Wechaty) => {
    bot = wechaty;
    const unlisten = listen(wechaty, {
      login: () => {
        loggedIn = true;
        start();
      },
      logout: () => {
        loggedIn = false; // the loop idles until the next login
      },
    });
    return () => {
      unlisten();
      void stop();
    };
  };

  return {
    plugin,
    runOnce,
    stop,
  };
}
