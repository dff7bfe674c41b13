/**
 * Conformance (DESIGN.md "Properties", Conformance): the model and the implementation agree on
 * every step of every generated run — the same observations at every instant and equal abstract
 * states after every step (spec/lockstep.ts L5, L6). The antecedent is the number of steps
 * compared.
 */
import { PROPERTY_REQUIREMENTS } from '../../spec/requirements/index.js';
import type { Property, Suite } from '../suite.js';

const req = PROPERTY_REQUIREMENTS['conformance.lockstep'];

export const lockstep: Property = {
  key: 'conformance.lockstep',
  text: req.text,
  requirements: req.requirements,
  floor: 1,
  // Judged by the lockstep runner itself (properties/execute.ts judgeRun), not on an outcome.
  judge: () => ({ hits: 0 }),
};

export const conformanceSuite: Suite = {
  id: 'conformance',
  title: 'Model and implementation in lockstep',
  properties: [lockstep],
  runs: { maxOps: 10, maxStimuli: 3, maxFrames: 4 },
  lockstep: true,
};
