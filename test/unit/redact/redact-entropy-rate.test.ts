import { describe, expect, it } from 'vitest';
import { looksRandom } from '../../../src/redact/entropy.js';
import { prng } from '../../helpers/prng.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// The catch-all for credentials with no known format: how many random tokens it lets through. At
// 40 characters the letter-run test alone let about 1 in 50 through (a flaky leak of the
// every-channel property test); fixed seeds keep this test from flaking itself.
describe('high-entropy rule: miss rate on random tokens', () => {
  for (const [len, most] of [[32, 0.01], [40, 0.005], [64, 0.001]] as const) {
    it(`${len} random characters: at most ${most * 100}% missed`, () => {
      const rand = prng(len * 7919);
      let missed = 0;
      const n = 4000;
      for (let i = 0; i < n; i++) {
        let s = '';
        for (let j = 0; j < len; j++) s += ALNUM[Math.floor(rand() * ALNUM.length)];
        if (!looksRandom(s)) missed++;
      }
      expect(missed / n).toBeLessThanOrEqual(most);
    });
  }

  it('long identifiers and words are still not random', () => {
    for (const s of ['handleUserAccountSettingsUpdateRequest2026', 'XMLHttpRequestUploadProgressHandlerV2', 'ThisIsAVeryLongComponentNameForTesting1']) expect(looksRandom(s), s).toBe(false);
  });
});
