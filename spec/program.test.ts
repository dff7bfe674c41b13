/**
 * The program codec decodes every op the generators write, sizes as numbers: a counterexample
 * file with a store in it must read back (a string-keyed size once made every such file
 * unreadable, so those failures could not be replayed).
 */
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ProgramOp } from './program.js';

const addr = { sym: 'addr', kind: 'own', offset: 8 } as const;

describe('ProgramOp', () => {
  it('decodes loads and stores of 1, 2, 4 and 8 bytes, as written to JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4, 8), fc.nat({ max: 0xffff }), (size, value) => {
        for (const op of [
          { k: 'load', addr, size },
          { k: 'store', addr, size, value },
        ]) {
          const back = ProgramOp.decode(JSON.parse(JSON.stringify(op)));
          expect(isRight(back) && back.right).toEqual(op);
        }
      }),
    );
  });

  it('rejects other sizes', () => {
    for (const size of [0, 3, 16, '1']) {
      expect(isRight(ProgramOp.decode({ k: 'store', addr, size, value: 0 }))).toBe(false);
      expect(isRight(ProgramOp.decode({ k: 'load', addr, size }))).toBe(false);
    }
  });
});
