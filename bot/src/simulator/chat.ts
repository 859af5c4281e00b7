import { randomBytes } from 'node:crypto';
import type { PuppetMock, mock } from 'wechaty-puppet-mock';

/**
 * The chat simulator's model of WeChat: mock contacts and the admin group on the bot's own
 * wechaty-puppet-mock Mocker, and every message said in them, kept in memory (a bounded number
 * per conversation) for the web page (see server.ts). A person on the page speaks *as* a mock
 * contact; what the bot sends is picked up from the mock's `message` events, and mini-program
 * cards (which the mock puppet drops) from a wrapper around `puppet.messageSendMiniProgram`.
 */

export const DEMO_RESIDENT = { id: 'mock-demo-resident', name: '演示居民' } as const;
/** The admin group's topic when BOT_ADMIN_ROOM_TOPIC is unset (main.ts gives the bot the same one in mock mode). */
export const DEMO_ADMIN_ROOM_TOPIC = '湾事通管理群';
/** The mock puppet routes a conversation id containing "@" to a room. */
export const DEMO_ADMIN_ROOM_ID = 'mock-admin-room@chatroom';

export interface SimulatorCard {
  appid: string;
  username?: string;
  title: string;
  description?: string;
  pagePath: string;
  /** The same page in the H5 build (MINIAPP_H5_URL), so the card can be opened in a browser. */
  link: string;
}

export interface SimulatorOption {
  n: number;
  label: string;
}

export interface SimulatorMessage {
  /** Increases by one with every message of the simulator (also the SSE event id). */
  seq: number;
  conversationId: string;
  from: 'user' | 'bot';
  speaker: { id: string; name: string };
  text?: string;
  /** The bot's numbered options ("1. …", "2. …"), which the page offers as buttons. */
  options?: SimulatorOption[];
  card?: SimulatorCard;
  at: string;
}

export interface SimulatorConversation {
  id: string;
  kind: 'contact' | 'room';
  name: string;
  /** Rooms only: who is in the group (the bot included). */
  members?: { id: string; name: string }[];
  lastMessage?: SimulatorMessage;
}

export type SimulatorEvent =
  | { type: 'message'; message: SimulatorMessage }
  | { type: 'conversation'; conversation: SimulatorConversation };

/** A refusal the HTTP layer turns into `{ error: { code, message, fields? } }` with this status. */
export class SimulatorError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}

export interface ChatSimulatorOptions {
  mocker: mock.Mocker;
  puppet: PuppetMock;
  /** The bot's own mock user (the one `mocker.login` logs in). */
  self: mock.ContactMock;
  /** Base URL of the H5 build, for the cards' links. */
  h5Url: string;
  /** The admin group's topic (BOT_ADMIN_ROOM_TOPIC); default DEMO_ADMIN_ROOM_TOPIC. */
  adminRoomTopic?: string;
  /** Contacts there from the start, in order (default: the demo resident). */
  contacts?: readonly { id: string; name: string }[];
  /** At most this many contacts (default 50). */
  maxContacts?: number;
  /** Messages kept per conversation, oldest dropped first (default 200). */
  maxMessagesPerConversation?: number;
}

interface Entry {
  conversation: Omit<SimulatorConversation, 'lastMessage' | 'members'>;
  messages: SimulatorMessage[];
}

const NUMBERED_LINE = /^\s*(\d{1,2})[.．、]\s*(\S.*)$/;

/**
 * The numbered options in a bot reply: consecutive lines "1. …", "2. …" (at least two, numbered
 * from 1 without gaps), as the EnquiryResponder writes a clarify question. None otherwise.
 */
export function numberedOptions(text: string): SimulatorOption[] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => Number(NUMBERED_LINE.exec(line)?.[1]) === 1);
  if (first < 0) return [];
  const options: SimulatorOption[] = [];
  for (const line of lines.slice(first)) {
    const match = NUMBERED_LINE.exec(line);
    if (!match || Number(match[1]) !== options.length + 1) break;
    options.push({ n: options.length + 1, label: match[2]!.trim() });
  }
  return options.length >= 2 ? options : [];
}

export interface ChatSimulator {
  readonly self: { id: string; name: string };
  readonly adminRoomTopic: string;
  readonly adminRoomId: string;
  /** The seq of the latest message (0 before the first). */
  lastSeq(): number;
  conversations(): SimulatorConversation[];
  conversation(id: string): SimulatorConversation | undefined;
  /** A conversation's messages, oldest first; undefined for an unknown conversation. */
  messages(id: string): SimulatorMessage[] | undefined;
  /** Every kept message after `seq`, in order (an SSE client reconnecting with Last-Event-ID). */
  messagesAfter(seq: number): SimulatorMessage[];
  /** A new mock contact (also a member of the admin group). Throws SimulatorError 409 on a taken name or when full. */
  createContact(name: string): SimulatorConversation;
  /**
   * Says `text` in a conversation: as that contact in a private chat, or in the group as the
   * member `asContactId` (default: the first contact). "@<bot name>" in group text mentions the bot.
   */
  say(conversationId: string, text: string, asContactId?: string): SimulatorMessage;
  subscribe(listener: (event: SimulatorEvent) => void): () => void;
  /** Stops recording and gives the puppet its own messageSendMiniProgram back. */
  close(): void;
}

export function createChatSimulator(options: ChatSimulatorOptions): ChatSimulator {
  const { mocker, puppet, self } = options;
  const selfInfo = { id: self.id, name: self.payload.name };
  const adminRoomTopic = options.adminRoomTopic ?? DEMO_ADMIN_ROOM_TOPIC;
  const maxContacts = options.maxContacts ?? 50;
  const keep = options.maxMessagesPerConversation ?? 200;
  const h5Base = options.h5Url.replace(/\/+$/, '');

  const entries = new Map<string, Entry>();
  const contacts = new Map<string, mock.ContactMock>();
  const listeners = new Set<(event: SimulatorEvent) => void>();
  const detach: (() => void)[] = [];
  let seq = 0;

  const emit = (event: SimulatorEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber (a closed SSE stream) must not stop the others or the bot.
      }
    }
  };

  const nameOf = (id: string) => (id === self.id ? selfInfo.name : contacts.get(id)?.payload.name ?? id);

  function record(conversationId: string, talkerId: string, content: { text?: string; card?: SimulatorCard }) {
    const entry = entries.get(conversationId);
    if (!entry) return undefined;
    const from = talkerId === self.id ? 'bot' : 'user';
    const options = from === 'bot' && content.text ? numberedOptions(content.text) : [];
    const message: SimulatorMessage = {
      seq: ++seq,
      conversationId,
      from,
      speaker: { id: talkerId, name: nameOf(talkerId) },
      ...content,
      ...(options.length ? { options } : {}),
      at: new Date().toISOString(),
    };
    entry.messages.push(message);
    if (entry.messages.length > keep) entry.messages.splice(0, entry.messages.length - keep);
    emit({ type: 'message', message });
    return message;
  }

  function view(entry: Entry): SimulatorConversation {
    const last = entry.messages.at(-1);
    return {
      ...entry.conversation,
      ...(entry.conversation.kind === 'room' ? { members: [selfInfo, ...[...contacts.values()].map((c) => ({ id: c.id, name: c.payload.name }))] } : {}),
      ...(last ? { lastMessage: last } : {}),
    };
  }

  const room = mocker.createRoom({
    id: DEMO_ADMIN_ROOM_ID,
    topic: adminRoomTopic,
    memberIdList: [self.id],
  });
  entries.set(room.id, { conversation: { id: room.id, kind: 'room', name: adminRoomTopic }, messages: [] });
  const onRoomMessage = (msg: mock.MessageMock) => {
    if (msg.payload.roomId !== room.id || !msg.payload.talkerId) return;
    record(room.id, msg.payload.talkerId, { text: msg.payload.text ?? '' });
  };
  room.on('message', onRoomMessage);
  detach.push(() => room.off('message', onRoomMessage));

  function addContact(id: string, name: string): Entry {
    const contact = mocker.createContact({ id, name });
    contacts.set(id, contact);
    // Quietly a member of the admin group: a join event would make the mock puppet emit errors.
    room.payload.memberIdList.push(id);
    const entry: Entry = { conversation: { id, kind: 'contact', name }, messages: [] };
    entries.set(id, entry);
    const onMessage = (msg: mock.MessageMock) => {
      const { talkerId, listenerId, roomId, text } = msg.payload;
      if (roomId) return;
      const mine = (talkerId === id && listenerId === self.id) || (talkerId === self.id && listenerId === id);
      if (mine) record(id, talkerId, { text: text ?? '' });
    };
    contact.on('message', onMessage);
    detach.push(() => contact.off('message', onMessage));
    return entry;
  }

  for (const contact of options.contacts ?? [DEMO_RESIDENT]) addContact(contact.id, contact.name);

  // The mock puppet accepts cards and drops them; record them on the way through.
  const sendMiniProgram = puppet.messageSendMiniProgram;
  puppet.messageSendMiniProgram = async function (this: PuppetMock, conversationId, payload) {
    if (payload.appid && payload.pagePath) {
      const pagePath = payload.pagePath.replace(/^\/+/, '');
      record(conversationId, self.id, {
        card: {
          appid: payload.appid,
          ...(payload.username ? { username: payload.username } : {}),
          title: payload.title ?? '',
          ...(payload.description ? { description: payload.description } : {}),
          pagePath,
          link: `${h5Base}/#/${pagePath}`,
        },
      });
    }
    return sendMiniProgram.call(this, conversationId, payload);
  };
  detach.push(() => { puppet.messageSendMiniProgram = sendMiniProgram; });

  return {
    self: selfInfo,
    adminRoomTopic,
    adminRoomId: room.id,
    lastSeq: () => seq,
    // Contacts in the order they were made (the demo resident first), then the admin group.
    conversations: () => [...entries.values()].sort((a, b) => Number(a.conversation.kind === 'room') - Number(b.conversation.kind === 'room')).map(view),
    conversation(id) {
      const entry = entries.get(id);
      return entry && view(entry);
    },
    messages: (id) => entries.get(id)?.messages.slice(),
    messagesAfter: (after) =>
      [...entries.values()].flatMap((e) => e.messages.filter((m) => m.seq > after)).sort((a, b) => a.seq - b.seq),
    createContact(name) {
      const wanted = name.trim();
      if ([...contacts.values()].some((c) => c.payload.name === wanted)) {
        throw new SimulatorError(409, 'name_taken', 'A contact with this name exists already', { name: 'already taken' });
      }
      if (contacts.size >= maxContacts) {
        throw new SimulatorError(409, 'too_many_contacts', `At most ${maxContacts} contacts`);
      }
      const entry = addContact(`sim-${randomBytes(6).toString('hex')}`, wanted);
      const conversation = view(entry);
      emit({ type: 'conversation', conversation });
      const roomEntry = entries.get(room.id);
      if (roomEntry) emit({ type: 'conversation', conversation: view(roomEntry) });
      return conversation;
    },
    say(conversationId, text, asContactId) {
      const entry = entries.get(conversationId);
      if (!entry) throw new SimulatorError(404, 'not_found', 'No such conversation');
      const before = seq;
      if (entry.conversation.kind === 'contact') {
        contacts.get(conversationId)!.say(text).to(self);
      } else {
        const speakerId = asContactId ?? contacts.keys().next().value;
        const speaker = speakerId === undefined ? undefined : contacts.get(speakerId);
        if (!speaker) throw new SimulatorError(400, 'validation_failed', 'Invalid message', { as: 'not a contact of the simulator' });
        const mentions = text.includes(`@${selfInfo.name}`) ? [self] : [];
        speaker.say(text, mentions).to(room);
      }
      // The mock delivers synchronously, so the message is recorded by now.
      const said = entry.messages.find((m) => m.seq > before && m.from === 'user');
      if (!said) throw new Error('the mock puppet did not deliver the message');
      return said;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    close() {
      for (const undo of detach.splice(0)) undo();
      listeners.clear();
    },
  };
}
