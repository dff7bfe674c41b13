/**
 * Fault kinds to architecture traps and HM events (prtos-states §4.1; the mapping of the brief).
 */
import { describe, expect, it } from 'vitest';
import { faultTrap } from './faults.js';

describe('faultTrap', () => {
  it('x86: page faults are event 20, or MEM_PROTECTION (4) at or above CONFIG_PRTOS_OFFSET', () => {
    expect(faultTrap('x86', 'store', 0x1000000)).toEqual({ trap: 14, event: 20 });
    expect(faultTrap('x86', 'load', 0xfbffffff)).toEqual({ trap: 14, event: 20 });
    expect(faultTrap('x86', 'load', 0xfc000000)).toEqual({ trap: 14, event: 4 });
    expect(faultTrap('x86', 'illegalInstr', 0xfc000000)).toEqual({ trap: 6, event: 12 });
    expect(faultTrap('x86', 'misaligned', 0)).toEqual({ trap: 17, event: 23 });
    expect(faultTrap('x86', 'divide', 0)).toEqual({ trap: 0, event: 6 });
  });
  it('riscv64: G-stage faults 4/5/6 (events 10/11/12), illegal instruction and divide 0, misaligned 8', () => {
    expect(
      ['fetch', 'load', 'store', 'illegalInstr', 'divide', 'misaligned'].map(
        (k) => faultTrap('riscv64', k as never, 0).event,
      ),
    ).toEqual([10, 11, 12, 6, 6, 14]);
  });
});
