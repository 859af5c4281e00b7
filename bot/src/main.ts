/**
 * Starts the 湾事通 bot: `npm start -w @bay/bot` (reads a .env in the working folder or the repo root).
 *
 * With WECHATY_PUPPET=wechaty-puppet-mock (the default) no WeChat account is needed: a Mocker
 * logs in a mock bot user, and the chat simulator (src/simulator) holds the mock WeChat around it:
 * the demo resident "演示居民", the admin group, and any contact you create. Outside production it
 * serves a web page on BOT_SIMULATOR_HOST:BOT_SIMULATOR_PORT (default 127.0.0.1:10087; 0 = off)
 * where you chat with the bot as one of them: send the bind code shown in the mini-program, ask
 * questions, type /stats in the admin group, and watch status pushes arrive. What the bot sends is
 * also logged. In mock mode the admin group's topic defaults to DEMO_ADMIN_ROOM_TOPIC and cards
 * carry a demo mini-program id, so admin commands and cards work in the demo without settings.
 *
 * With a real puppet (wechaty-puppet-wechat4u, or wechaty-puppet-service with
 * WECHATY_PUPPET_SERVICE_TOKEN) the log prints a QR code link to scan with the bot's WeChat account.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { qrcodeValueToImageUrl, ScanStatus, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { ConfigError, loadConfig, type BotConfig } from './config.js';
import { createBayBot, type PuppetInstance } from './index.js';
import { createLogger } from './logger.js';
import { createChatSimulator, DEMO_ADMIN_ROOM_TOPIC, simulatorAddress, startSimulatorServer, type SimulatorServer } from './simulator/index.js';

/** Cards in the mock demo (nothing leaves the process); real deployments set MINIAPP_APP_ID / MINIAPP_USERNAME. */
const DEMO_MINIAPP = { appid: 'wx0000000000000000', username: 'gh_bay_demo' };

for (const file of ['.env', fileURLToPath(new URL('../../.env', import.meta.url))]) {
  if (existsSync(file)) process.loadEnvFile(file); // never overrides variables already set
}

let config: BotConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.LOG_LEVEL);

let puppet: PuppetInstance | undefined;
let startDemo: (() => Promise<void>) | undefined;
let simulatorServer: SimulatorServer | undefined;
if (config.WECHATY_PUPPET === 'wechaty-puppet-mock') {
  const mocker = new mock.Mocker();
  const mockPuppet = new PuppetMock({ mocker });
  puppet = mockPuppet;
  const self = mocker.createContact({ id: 'mock-bay-bot', name: '湾事通助手' });
  config = {
    ...config,
    BOT_ADMIN_ROOM_TOPIC: config.BOT_ADMIN_ROOM_TOPIC ?? DEMO_ADMIN_ROOM_TOPIC,
    ...(config.MINIAPP_APP_ID || config.MINIAPP_USERNAME ? {} : { MINIAPP_APP_ID: DEMO_MINIAPP.appid, MINIAPP_USERNAME: DEMO_MINIAPP.username }),
  };
  // The demo resident and the admin group exist before login, so the bot reports the group on login.
  const simulator = createChatSimulator({ mocker, puppet: mockPuppet, self, h5Url: config.MINIAPP_H5_URL, adminRoomTopic: config.BOT_ADMIN_ROOM_TOPIC });
  simulator.subscribe((event) => {
    if (event.type !== 'message' || event.message.from !== 'bot') return;
    const to = simulator.conversation(event.message.conversationId)?.name;
    logger.info({ to, ...(event.message.card ? { card: event.message.card.title } : { text: event.message.text }) }, 'mock contact received');
  });
  startDemo = async () => {
    mocker.login(self);
    const address = simulatorAddress(config);
    if (!address) return;
    try {
      simulatorServer = await startSimulatorServer({ simulator, ...address, h5Url: config.MINIAPP_H5_URL, logger });
      logger.info({ url: simulatorServer.url }, 'chat simulator ready');
    } catch (error) {
      // The bot works without it; another process probably holds the port.
      logger.error({ err: error, ...address }, 'chat simulator could not listen (set BOT_SIMULATOR_PORT, or 0 for off)');
    }
  };
}

const bay = createBayBot({ config, logger, ...(puppet ? { puppet } : {}) });
bay.bot.on('scan', (qrcode: string, status: ScanStatus) => {
  if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
    logger.info({ url: qrcodeValueToImageUrl(qrcode), status: ScanStatus[status] }, 'scan this QR code with the bot account');
  } else {
    logger.info({ status: ScanStatus[status] }, 'scan status');
  }
});
bay.bot.on('message', (msg: Message) => {
  if (msg.self()) return;
  logger.debug({ from: msg.talker().id, room: msg.room()?.id, type: msg.type() }, 'message received');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  const force = setTimeout(() => {
    logger.error('did not stop within 10 s; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  try {
    await simulatorServer?.close();
    await bay.stop();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'error while stopping');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await bay.start();
await startDemo?.();
