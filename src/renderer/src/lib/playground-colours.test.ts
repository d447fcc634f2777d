import { describe, expect, it } from 'vitest';
import { surfaceColour, surfacePosition } from './playground-colours';

describe('surface colours', () => {
  it('is neutral where D cannot tell, teal where it says real, rose where it says fake', () => {
    expect(surfaceColour(0.5)).toEqual([246, 246, 248]);
    expect(surfaceColour(1)).toEqual([42, 157, 143]);
    expect(surfaceColour(0)).toEqual([222, 120, 150]);
    expect(surfaceColour(Number.NaN)).toEqual([246, 246, 248]);
    expect(surfaceColour(7)).toEqual(surfaceColour(1));
  });

  it('places probabilities as they are and spreads scores over the frame’s range', () => {
    expect(surfacePosition(0.25, 'probability', -5, 5)).toBe(0.25);
    expect(surfacePosition(0, 'score', -2, 2)).toBe(0.5);
    expect(surfacePosition(2, 'score', -2, 2)).toBe(1);
    expect(surfacePosition(3, 'score', 3, 3)).toBe(0.5);
  });
});
