import type { OutboxMessageDto } from '@bay/shared';
import type { Wechaty, WechatyPlugin } from 'wechaty';
import { BayApiError, type BayApi } from '../api/client.js';
import type { Logger } from '../logger.js';
import type { DeliveryJournal } from '../outbox/journal.js';
import { renderOutboxMessage, type RenderOptions } from '../outbox/render.js';

export interface OutboxDelivererOptions {
  api: BayApi;
  journal: DeliveryJournal;
  logger: Logger;
  workerId: string;
  render: RenderOptions;
  pollIntervalMs: number;
  /** How long the server keeps a claimed message for this worker before offering it again. */
  leaseMs?: number;
  batchSize?: number;
  /** Upper bound of the back-off after consecutive errors. */
  maxBackoffMs?: number;
  /** Pause between two chat messages (plus up to 50% jitter): bursts get personal accounts restricted. */
  sendGapMs?: number;
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
 * tickets) to the bound contact in the resident's language, then acknowledges it.
 * A dedupe key goes into the local journal after the send and before the ack; a message whose key
 * is already there is only acknowledged, so a crash between send and ack or a re-offered claim
 * never reaches the contact twice. Errors are logged and retried with a capped back-off.
 */
export function createOutboxDeliverer(options: OutboxDelivererOptions): OutboxDeliverer {
  const log = options.logger.child({ plugin: 'OutboxDeliverer', workerId: options.workerId });
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 10;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const sendGapMs = options.sendGapMs ?? 0;

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

  async function ack(message: Pick<OutboxMessageDto, 'id' | 'dedupeKey'>): Promise<void> {
    try {
      await options.api.ack(message.id, options.workerId);
      await options.journal.markAcked(message.dedupeKey).catch(() => undefined);
    } catch (error) {
      // Refused for good (gone, dead): nothing to acknowledge at the next start either.
      if (error instanceof BayApiError && !error.retryable) await options.journal.markAcked(message.dedupeKey).catch(() => undefined);
      // The server offers the message again when the lease ends; the journal turns that into an ack.
      log.warn({ error: (error as { message?: string } | undefined)?.message ?? String(error), outboxId: message.id }, 'ack failed; the journal will absorb the re-offer');
    }
  }

  async function fail(message: OutboxMessageDto, reason: unknown): Promise<void> {
    const text = (reason as { message?: string } | undefined)?.message ?? String(reason);
    log.warn({ outboxId: message.id, contactId: message.contactId, attempts: message.attempts, reason: text }, 'delivery failed');
    try {
      await options.api.fail(message.id, options.workerId, text);
    } catch (error) {
      log.warn({ err: error, outboxId: message.id }, 'reporting the failure failed');
    }
  }

  async function deliver(wechaty: Wechaty, message: OutboxMessageDto): Promise<boolean> {
    if (options.journal.has(message.dedupeKey)) {
      log.info({ outboxId: message.id, dedupeKey: message.dedupeKey }, 'already delivered; acknowledging only');
      await ack(message);
      return false;
    }
    const rendered = renderOutboxMessage(message, options.render);
    // Group broadcasts go to a room; everything else to the bound contact.
    const roomId = message.kind === 'broadcast' ? message.roomId : undefined;
    const contact = roomId
      ? await wechaty.Room.find({ id: roomId }).catch(() => undefined)
      : await wechaty.Contact.find({ id: message.contactId }).catch(() => undefined);
    if (!contact) {
      await fail(message, new Error(roomId ? `room ${roomId} not found` : `contact ${message.contactId} not found`));
      return false;
    }
    try {
      await contact.say(rendered.text);
    } catch (error) {
      await fail(message, error);
      return false;
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
    await ack(message);
    return true;
  }

  async function runOnce(): Promise<number> {
    const wechaty = bot;
    if (!wechaty || !loggedIn) return 0;
    // Long poll: the server holds an empty claim up to one poll interval and answers as soon as a message is enqueued.
    const messages = await options.api.claim({ workerId: options.workerId, limit: batchSize, leaseMs, waitMs: Math.min(options.pollIntervalMs, 20_000) });
    let sent = 0;
    for (const message of messages) {
      if (stopping) break; // the rest comes back to another round when its lease ends
      if (sent > 0 && sendGapMs > 0) await sleep(sendGapMs * (1 + Math.random() / 2));
      if (await deliver(wechaty, message)) sent += 1;
    }
    return messages.length;
  }

  /** Acknowledges what a previous run sent but never acknowledged (it died in between), before claiming anything new. */
  async function ackLeftovers(): Promise<void> {
    const leftovers = options.journal.unacked();
    if (!leftovers.length) return;
    log.info({ count: leftovers.length }, 'acknowledging deliveries a previous run did not');
    for (const { key, id } of leftovers) {
      if (stopping) return;
      await ack({ id, dedupeKey: key });
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
    const onLogin = () => {
      loggedIn = true;
      start();
    };
    const onLogout = () => {
      loggedIn = false; // the loop idles until the next login
    };
    wechaty.on('login', onLogin);
    wechaty.on('logout', onLogout);
    return () => {
      wechaty.off('login', onLogin);
      wechaty.off('logout', onLogout);
      void stop();
    };
  };

  return {
    plugin,
    runOnce,
    stop,
  };
}
