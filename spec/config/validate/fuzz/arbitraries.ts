/**
 * fast-check arbitraries for the mutation tests: sequences of mutations (mutate.ts) applied to a
 * valid configuration. Indices are plain naturals taken modulo what exists, so shrinking moves
 * towards the first element, the first attribute and the first candidate value.
 */
import fc from 'fast-check';
import type { Mutation } from './mutate.js';

const index = fc.nat({ max: 10_000 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('setAttribute' as const),
      target: index,
      attribute: index,
      choice: index,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('removeAttribute' as const), target: index, attribute: index }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), target: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), target: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), target: index, other: index }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      target: index,
      template: index,
      position: index,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), target: index, choice: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('multiline' as const), target: index }) },
);

export const mutationsArb = (maxLength = 3): fc.Arbitrary<Mutation[]> =>
  fc.array(mutationArb, { minLength: 1, maxLength });
