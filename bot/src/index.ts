import { join, resolve } from 'node:path';
import { WechatyBuilder, type Wechaty, type WechatyOptions } from 'wechaty';
import { createApiClient, type BayApi } from './api/client.js';
import type { BotConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { DeliveryJournal } from './outbox/journal.js';
import { AdminCommands } from './plugins/admin-commands.js';
import { Binder } from './plugins/binder.js';
import { EnquiryResponder } from './plugins/enquiry-responder.js';
import { FriendshipAccepter } from './plugins/friendship-accepter.js';
import { Greeter } from './plugins/greeter.js';
import { RoomReporter } from './plugins/room-reporter.js';
import { createOutboxDeliverer, type OutboxDeliverer } from './plugins/outbox-deliverer.js';

export { loadConfig, ConfigError, type BotConfig } from './config.js';
export { createApiClient, BayApiError, type BayApi } from './api/client.js';
export { DeliveryJournal } from './outbox/journal.js';

/** A puppet instance (tests inject wechaty-puppet-mock's PuppetMock). */
export type PuppetInstance = Exclude<WechatyOptions['puppet'], string | undefined>;

export interface CreateBayBotOptions {
  config: BotConfig;
  /** A puppet instance; without it the puppet is loaded by name from WECHATY_PUPPET. */
  puppet?: PuppetInstance;
  logger?: Logger;
  /** Replaces the HTTP client (tests wrap it to inject failures). */
  api?: BayApi;
  /** Outbox tuning; defaults suit production. */
  outbox?: { leaseMs?: number; batchSize?: number; maxBackoffMs?: number; sendGapMs?: number };
}

export interface BayBot {
  bot: Wechaty;
  api: BayApi;
  journal: DeliveryJournal;
  /** Delivers the server's outbox (status changes, staff replies to handoff tickets). */
  deliverer: OutboxDeliverer;
  logger: Logger;
  /** Opens the delivery journal and starts the puppet; the outbox loop begins once logged in. */
  start(): Promise<void>;
  /** Stops polling (waiting for the round in flight), then the puppet, then closes the journal. */
  stop(): Promise<void>;
}

export function createBayBot(options: CreateBayBotOptions): BayBot {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const api = options.api ?? createApiClient({ baseUrl: config.BAY_API_URL, token: config.BOT_API_TOKEN });
  const journal = new DeliveryJournal(config.BOT_STATE_DIR);

  // A real puppet keeps its login session in a memory card in BOT_STATE_DIR, so a restart needs no new scan.
  const bot = options.puppet
    ? WechatyBuilder.build({ puppet: options.puppet })
    : WechatyBuilder.build({
        name: join(resolve(config.BOT_STATE_DIR), 'wechaty'),
        puppet: config.WECHATY_PUPPET as NonNullable<Extract<WechatyOptions['puppet'], string>>,
        ...(config.WECHATY_PUPPET_SERVICE_TOKEN ? { puppetOptions: { token: config.WECHATY_PUPPET_SERVICE_TOKEN } } : {}),
      });

  // Wechaty (and the mock puppet on room events) emits errors that would otherwise crash the process.
  bot.on('error', (error: unknown) => logger.error({ err: error }, 'wechaty error'));
  bot.on('login', (user: { id: string; name(): string }) => logger.info({ userId: user.id, name: user.name() }, 'logged in'));
  bot.on('logout', (user: { id: string }) => logger.warn({ userId: user.id }, 'logged out'));

  const deliverer = createOutboxDeliverer({
    api,
    journal,
    logger,
    workerId: config.BOT_WORKER_ID,
    pollIntervalMs: config.BOT_POLL_INTERVAL_MS,
    render: { h5Url: config.MINIAPP_H5_URL, miniAppId: config.MINIAPP_APP_ID, miniAppUsername: config.MINIAPP_USERNAME },
    // A real account gets restricted for bursts; an injected (mock) puppet needs no pause.
    sendGapMs: options.puppet ? 0 : config.BOT_SEND_GAP_MS,
    ...options.outbox,
  });
  /*
   * Each conversational plugin listens to every message and answers only the texts `ownerOf`
   * (intents/intent.ts) gives it: bind attempts → Binder, greetings and help → Greeter, everything
   * else → EnquiryResponder. So one message gets exactly one reply, whatever the listener order.
   */
  bot.use(
    Binder({ api, logger }),
    Greeter(),
    EnquiryResponder({ api, logger, perMinute: config.BOT_ENQUIRY_PER_MINUTE }),
    FriendshipAccepter({ logger }),
    RoomReporter({ api, logger }),
    AdminCommands({ api, logger, ...(config.BOT_ADMIN_ROOM_TOPIC ? { roomTopic: config.BOT_ADMIN_ROOM_TOPIC } : {}) }),
    deliverer.plugin,
  );

  let started = false;
  let stopped: Promise<void> | undefined;
  return {
    bot,
    api,
    journal,
    deliverer,
    logger,
    async start() {
      if (started) return;
      started = true;
      await journal.open();
      await bot.start();
      logger.info({ puppet: options.puppet ? 'injected' : config.WECHATY_PUPPET, workerId: config.BOT_WORKER_ID }, 'bot started');
    },
    stop() {
      stopped ??= (async () => {
        await deliverer.stop();
        if (started) await bot.stop();
        await journal.close();
        logger.info('bot stopped');
      })();
      return stopped;
    },
  };
}
