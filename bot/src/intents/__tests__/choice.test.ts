import { describe, expect, it } from '@jest/globals';
import { parseChoice } from '../choice.js';

describe('parseChoice', () => {
  it.each([
    ['1', 1], ['2', 2], ['3', 3],
    ['１', 1], ['２', 2], ['３', 3],
    ['2.', 2], ['2。', 2], ['3、', 3], [' 2 ', 2], ['(2)', 2], ['（３）', 3],
    ['第2個', 2], ['第2个', 2], ['第二个', 2], ['第三個', 3], ['第一', 1], ['第 2 項', 2],
    ['2号', 2], ['二', 2], ['兩', 2],
    ['option 2', 2], ['Option 3', 3], ['no. 1', 1], ['#2', 2], ['选2', 2], ['揀3', 3], ['2 please', 2],
  ] as const)('reads %j as option %d', (text, n) => {
    expect(parseChoice(text)).toBe(n);
  });

  it.each(['4', '0', '第四個', '12', '2 个人可以一起过关吗', '2019年', 'two', '', '罗湖口岸', '1 2'])('does not read %j as a choice of three', (text) => {
    expect(parseChoice(text)).toBeUndefined();
  });

  it('respects the number of options offered', () => {
    expect(parseChoice('3', 2)).toBeUndefined();
    expect(parseChoice('2', 2)).toBe(2);
  });
});
