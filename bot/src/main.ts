/**
 * Starts the 湾事通 bot: `npm start -w @bay/bot` (reads a .env in the working folder or the repo root).
 *
 * With WECHATY_PUPPET=wechaty-puppet-mock (the default) no WeChat account is needed: a Mocker
 * logs in a mock bot user and creates one mock resident, "演示居民". When the terminal is
 * interactive, every line you type is said by that resident to the bot (type the bind code shown in
 * the mini-program to bind it), and whatever the bot sends the resident is printed in the log —
 * including status updates pushed after a reviewer changes an application.
 *
 * With a real puppet (wechaty-puppet-wechat4u, or wechaty-puppet-service with
 * WECHATY_PUPPET_SERVICE_TOKEN) the log prints a QR code link to scan with the bot's WeChat account.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { qrcodeValueToImageUrl, ScanStatus, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { ConfigError, loadConfig } from './config.js';
import { createBayBot, type PuppetInstance } from './index.js';
import { createLogger } from './logger.js';

for (const file of ['.env', fileURLToPath(new URL('../../.env', import.meta.url))]) {
  if (existsSync(file)) process.loadEnvFile(file); // never overrides variables already set
}

let config;
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
let startDemo: (() => void) | undefined;
if (config.WECHATY_PUPPET === 'wechaty-puppet-mock') {
  const mocker = new mock.Mocker();
  puppet = new PuppetMock({ mocker });
  const self = mocker.createContact({ id: 'mock-bay-bot', name: '湾事通助手' });
  const resident = mocker.createContact({ id: 'mock-demo-resident', name: '演示居民' });
  resident.on('message', (msg) => {
    if (msg.payload.talkerId === self.id) logger.info({ to: resident.payload.name, text: msg.text() }, 'mock resident received');
  });
  startDemo = () => {
    mocker.login(self);
    if (process.stdin.isTTY) {
      logger.info('mock puppet: type a line to say it to the bot as 演示居民 (e.g. the bind code)');
      createInterface({ input: process.stdin }).on('line', (line) => {
        if (line.trim()) resident.say(line.trim()).to(self);
      });
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
startDemo?.();
