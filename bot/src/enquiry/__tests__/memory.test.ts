import { describe, expect, it } from '@jest/globals';
import { ConversationMemory } from '../memory.js';

describe('ConversationMemory', () => {
  it('keeps the last turns per conversation, separately for each contact', () => {
    const memory = new ConversationMemory({ maxTurns: 3 });
    for (const text of ['q1', 'a1', 'q2', 'a2']) memory.record('alice', text.startsWith('q') ? 'user' : 'bot', text);
    memory.record('bob', 'user', 'bob asks');
    expect(memory.transcript('alice')).toEqual([{ role: 'bot', text: 'a1' }, { role: 'user', text: 'q2' }, { role: 'bot', text: 'a2' }]);
    expect(memory.transcript('bob')).toEqual([{ role: 'user', text: 'bob asks' }]);
    expect(memory.transcript('carol')).toEqual([]);
  });

  it('remembers offered options until they expire, and forgets them when cleared', () => {
    let now = 0;
    const memory = new ConversationMemory({ ttlMs: 10 * 60_000, now: () => now });
    memory.offerChoice('alice', { lang: 'en', suggestions: [{ id: 'a', title: 'A' }] });
    now = 9 * 60_000;
    expect(memory.pendingChoice('alice')?.suggestions[0]?.id).toBe('a');
    expect(memory.pendingChoice('bob')).toBeUndefined();
    now = 20 * 60_000;
    expect(memory.pendingChoice('alice')).toBeUndefined();
    memory.offerChoice('alice', { lang: 'en', suggestions: [{ id: 'b', title: 'B' }] });
    memory.clearChoice('alice');
    expect(memory.pendingChoice('alice')).toBeUndefined();
  });

  it('drops expired conversations as new ones arrive, and cuts long turns', () => {
    let now = 0;
    const memory = new ConversationMemory({ ttlMs: 1000, maxTurnChars: 5, now: () => now });
    memory.record('a', 'user', '1234567890');
    memory.record('b', 'user', 'x');
    expect(memory.transcript('a')).toEqual([{ role: 'user', text: '12345' }]);
    now = 5000;
    memory.record('c', 'user', 'y');
    expect(memory.size).toBe(1);
  });
});
