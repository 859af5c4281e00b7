import { describe, expect, it } from '@jest/globals';
import type { Logger } from 'pino';
import { everyNoOverlap } from '../services.js';
import { sleep } from './harness.js';

describe('background rounds (startBackground)', () => {
  it('never run a round while the last is still going, and log a failed one by name', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => { warnings.push(msg); } } as unknown as Logger;
    let running = 0;
    let most = 0;
    let rounds = 0;
    const timer = everyNoOverlap(5, 'test round', logger, async () => {
      running++;
      most = Math.max(most, running);
      rounds++;
      await sleep(40);
      running--;
      if (rounds === 2) throw new Error('boom');
    });
    await sleep(200);
    clearInterval(timer);
    await sleep(50);
    expect(most).toBe(1);
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(rounds).toBeLessThanOrEqual(6); // 200 ms of 40 ms rounds, not 40 ticks' worth
    expect(warnings).toEqual(['test round failed']);
  });
});
