/**
 * TOOL — obligations of prtos-ref itself (DESIGN.md: the lockstep protocol, fidelity, determinism
 * and replay, the configuration validator). They are derived requirements: PRTOS says nothing
 * about them, but evidence produced by the tool is only as good as these. The source section is
 * the suggested model structure of prtos-states §10, which is where the notes ask for them.
 */
import { req, st } from './build.js';
import type { Requirement } from './types.js';

export const TOOL_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-TOOL-1',
    'The abstract model and the emulated implementation shall agree, after every step of every run, on every observation and on the abstract state.',
    st('§10'),
    {
      derived: true,
      rationale: 'The conformance property of DESIGN.md: a divergence means one of the two is wrong.',
    },
  ),
  req(
    'REQ-TOOL-2',
    'A run shall be a function of its configuration, guest programs, external stimuli, tie-break list and quirks, with no wall clock and no unseeded randomness, so that every counterexample replays exactly.',
    st('§10'),
    {
      derived: true,
      rationale: 'DESIGN.md, Determinism and replay: evidence must be reproducible.',
    },
  ),
  req(
    'REQ-TOOL-3',
    'The implementation shall follow the intended behaviour by default and reproduce a recorded deviation only when its quirk is named, and --fidelity real shall switch on exactly the quirks that the real system shows on the chosen architecture.',
    st('§10'),
    {
      derived: true,
      rationale:
        'DESIGN.md, Fidelity: the notes ask for architecture flags that switch the §9 behaviours on and off (prtos-states §10).',
    },
  ),
  req(
    'REQ-TOOL-4',
    'The configuration validator shall accept every configuration prtoscparser accepts and, for one it rejects, report first the error prtoscparser reports, on the same line.',
    st('§3.1', 'user/tools/prtoscparser/main.c:26-38'),
    {
      derived: true,
      rationale:
        'Users try real PRTOS configurations with prtos-ref validate; an answer that differs from the PRTOS build tool would mislead them.',
    },
  ),
];
