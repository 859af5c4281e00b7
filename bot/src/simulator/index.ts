import type { BotConfig } from '../config.js';

export { createChatSimulator, numberedOptions, SimulatorError, DEMO_ADMIN_ROOM_ID, DEMO_ADMIN_ROOM_TOPIC, DEMO_RESIDENT } from './chat.js';
export type { ChatSimulator, ChatSimulatorOptions, SimulatorCard, SimulatorConversation, SimulatorEvent, SimulatorMessage, SimulatorOption } from './chat.js';
export { startSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './server.js';

/**
 * Where the chat simulator should listen, or undefined when it stays off: it is a development
 * tool for the mock puppet only, never in production, and BOT_SIMULATOR_PORT=0 turns it off.
 */
export function simulatorAddress(
  config: Pick<BotConfig, 'WECHATY_PUPPET' | 'NODE_ENV' | 'BOT_SIMULATOR_PORT' | 'BOT_SIMULATOR_HOST'>,
): { host: string; port: number } | undefined {
  if (config.WECHATY_PUPPET !== 'wechaty-puppet-mock') return undefined;
  if (config.NODE_ENV === 'production') return undefined;
  if (config.BOT_SIMULATOR_PORT === 0) return undefined;
  return { host: config.BOT_SIMULATOR_HOST, port: config.BOT_SIMULATOR_PORT };
}
