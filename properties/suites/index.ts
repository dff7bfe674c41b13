/** The property suites of slice 1, in the order `prtos-ref check` runs them. */
import { conformanceSuite } from './conformance.js';
import { hmSuite } from './hm.js';
import { lifecycleSuite } from './lifecycle.js';
import { privilegeSuite } from './privilege.js';
import { spatialSuite } from './spatial.js';
import { temporalSuite } from './temporal.js';
import type { Suite } from '../suite.js';

export const SUITES: readonly Suite[] = [
  temporalSuite,
  spatialSuite,
  hmSuite,
  privilegeSuite,
  lifecycleSuite,
  conformanceSuite,
];

export function suiteById(id: string): Suite | undefined {
  return SUITES.find((s) => s.id === id);
}
