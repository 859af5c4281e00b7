import type { Lang, TranscriptTurn } from '@bay/shared';

/** Numbered options offered to one conversation, waiting for "1" / "2" / "3". */
export interface PendingChoice {
  lang: Lang;
  suggestions: { id: string; title: string }[];
}

/** The last answer given from the knowledge base, waiting for a "有用" / "没用". */
export interface LastAnswer {
  question: string;
  lang: Lang;
  entryId?: string;
}

interface Conversation {
  turns: TranscriptTurn[];
  choice?: PendingChoice;
  answered?: LastAnswer;
  expiresAt: number;
}

export interface ConversationMemoryOptions {
  /** How long a conversation (its turns and offered options) is remembered after its last message. */
  ttlMs?: number;
  /** Turns kept (and sent as the transcript). */
  maxTurns?: number;
  /** Characters kept per turn (the server accepts up to 1000). */
  maxTurnChars?: number;
  now?: () => number;
}

/**
 * What the bot remembers about each conversation, in memory only: the last few turns (sent to the
 * server as the transcript, which a handoff ticket keeps) and the options of a pending "which one
 * did you mean?". Keyed by conversation (a contact, or a contact within a room), so nothing of
 * one resident's conversation is ever sent or shown for another. Everything expires after `ttlMs`.
 */
export class ConversationMemory {
  private readonly conversations = new Map<string, Conversation>();
  private readonly ttlMs: number;
  private readonly maxTurns: number;
  private readonly maxTurnChars: number;
  private readonly now: () => number;

  constructor(options: ConversationMemoryOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxTurns = options.maxTurns ?? 6;
    this.maxTurnChars = options.maxTurnChars ?? 1000;
    this.now = options.now ?? Date.now;
  }

  private live(key: string): Conversation | undefined {
    const conversation = this.conversations.get(key);
    if (conversation && conversation.expiresAt <= this.now()) {
      this.conversations.delete(key);
      return undefined;
    }
    return conversation;
  }

  private touch(key: string): Conversation {
    const conversation = this.live(key) ?? { turns: [], expiresAt: 0 };
    conversation.expiresAt = this.now() + this.ttlMs;
    // Re-inserting keeps the Map in last-used order, so the sweep below stops at the first live one.
    this.conversations.delete(key);
    this.conversations.set(key, conversation);
    this.sweep();
    return conversation;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, conversation] of this.conversations) {
      if (conversation.expiresAt > now) break;
      this.conversations.delete(key);
    }
  }

  transcript(key: string): TranscriptTurn[] {
    return [...(this.live(key)?.turns ?? [])];
  }

  record(key: string, role: TranscriptTurn['role'], text: string): void {
    const trimmed = [...text.trim()].slice(0, this.maxTurnChars).join('');
    if (!trimmed) return;
    const conversation = this.touch(key);
    conversation.turns.push({ role, text: trimmed });
    if (conversation.turns.length > this.maxTurns) conversation.turns.splice(0, conversation.turns.length - this.maxTurns);
  }

  pendingChoice(key: string): PendingChoice | undefined {
    return this.live(key)?.choice;
  }

  offerChoice(key: string, choice: PendingChoice): void {
    this.touch(key).choice = choice;
  }

  clearChoice(key: string): void {
    const conversation = this.live(key);
    if (conversation) delete conversation.choice;
  }

  /** Remembers the answer a "有用" / "没用" would be about (replacing any earlier one). */
  answered(key: string, answer: LastAnswer | undefined): void {
    const conversation = this.touch(key);
    if (answer) conversation.answered = answer;
    else delete conversation.answered;
  }

  /** The answer awaiting feedback, taken: one vote per answer. */
  takeAnswered(key: string): LastAnswer | undefined {
    const conversation = this.live(key);
    const answer = conversation?.answered;
    if (conversation) delete conversation.answered;
    return answer;
  }

  get size(): number {
    return this.conversations.size;
  }
}
