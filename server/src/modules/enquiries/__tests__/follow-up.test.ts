import { describe, expect, it } from '@jest/globals';
import type { TranscriptTurn } from '@bay/shared';
import { followUpOf } from '../nlp/follow-up.js';

const after = (question: string): TranscriptTurn[] => [{ role: 'user', text: question }, { role: 'bot', text: '……' }];

describe('follow-up questions read with the question before them', () => {
  it('replaces a place of the same kind ("那澳门呢?" after a Hong Kong question)', () => {
    const f = followUpOf('那澳门呢?', after('港珠澳大桥香港口岸几点开'));
    expect(f).toMatchObject({ explicit: true });
    expect(f!.question).toContain('港珠澳大桥');
    expect(f!.question).toContain('澳门');
    expect(f!.question).not.toContain('香港');
  });

  it('replaces a port, a card and a kind of resident, in Traditional Chinese and English too', () => {
    expect(followUpOf('皇岗呢？', after('罗湖口岸几点关'))!.question).not.toContain('罗湖');
    expect(followUpOf('咁澳門通呢', after('八达通可以在深圳用吗'))!.question).not.toContain('八达通');
    const en = followUpOf('what about for Macao residents?', after('Can Hong Kong residents join mainland social insurance?'))!;
    expect(en.explicit).toBe(true);
    expect(en.question).toMatch(/macao residents/);
    expect(en.question).toMatch(/mainland social insurance/);
    expect(en.question).not.toMatch(/hong kong/);
  });

  it('asks its own question of the earlier subject ("要几钱?" after a ferry question)', () => {
    const f = followUpOf('要几钱?', after('去澳门的船在哪里坐'))!;
    expect(f.explicit).toBe(false);
    expect(f.question).toContain('船');
    expect(f.question).toContain('多少钱');
    expect(f.question).not.toContain('哪里');
  });

  it('takes a short question with a subject of its own as a new question ("医保" after a fare question)', () => {
    expect(followUpOf('医保', after('要几钱?'))).toBeUndefined();
    expect(followUpOf('octopus?', after('how much is the ferry to macao'))).toBeUndefined();
    expect(followUpOf('how long is it?', after('how do I get to Lo Wu'))).toBeDefined();
  });

  it('skips bare choice numbers when looking for the context', () => {
    const transcript: TranscriptTurn[] = [...after('去澳门的船在哪里坐'), { role: 'user', text: '2' }, { role: 'bot', text: '……' }];
    expect(followUpOf('要几钱?', transcript)!.question).toContain('船');
  });

  it('leaves questions of their own, and questions without an earlier one, alone', () => {
    expect(followUpOf('港澳居民怎么在内地买社保和医保', after('罗湖口岸几点关'))).toBeUndefined();
    expect(followUpOf('那澳门呢?', undefined)).toBeUndefined();
    expect(followUpOf('那澳门呢?', [])).toBeUndefined();
    expect(followUpOf('那澳门呢?', [{ role: 'bot', text: '你好' }])).toBeUndefined();
  });
});
