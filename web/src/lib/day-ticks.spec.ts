import { describe, expect, it } from '@jest/globals';
import { dayTickShown } from './day-ticks';

const shown = (count: number, room: number) => Array.from({ length: count }, (_, i) => i).filter((i) => dayTickShown(i, count, room));

describe('day labels on a chart axis', () => {
  it('labels every day when there is room', () => {
    expect(shown(14, 14)).toHaveLength(14);
    expect(shown(14, 40)).toHaveLength(14);
  });

  it('on a narrow chart always keeps the newest day and spaces the others evenly back from it', () => {
    expect(shown(14, 7)).toEqual([1, 3, 5, 7, 9, 11, 13]);
    expect(shown(14, 5)).toEqual([1, 4, 7, 10, 13]);
    expect(shown(14, 0)).toEqual([13]);
  });
});
