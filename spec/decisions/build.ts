/**
 * Constructors for the note references of decision rows, so that the data files read like the
 * notes: `stA('A5', 'critical — system DoS')` is anomaly A5 of prtos-states §9 with its tag,
 * `hcA('A37', 'F')` anomaly A37 of prtos-hypercalls §8, `stErratum(4)` the fourth erratum at the
 * top of prtos-states, `hcOpen(2, '§3.12')` our open point 2 in prtos-hypercalls §3.12.
 */
import { ARCHES, type Arch } from '../constants/arch.js';
import type { NoteRef } from './types.js';

/** Every architecture: for behaviour of the common kernel code. */
export const ALL_ARCHES: readonly Arch[] = ARCHES;

/** The three ports whose guests are physically addressed and use the SBI/HVC/syscall trap ABI. */
export const RV_A64_LA64: readonly Arch[] = ['riscv64', 'aarch64', 'loongarch64'];

export function stA(anomaly: string, tag: string): NoteRef {
  return { note: 'prtos-states', anomaly, section: '§9', tag };
}

export function hcA(anomaly: string, tag: string): NoteRef {
  return { note: 'prtos-hypercalls', anomaly, section: '§8', tag };
}

export function stErratum(n: number): NoteRef {
  return { note: 'prtos-states', anomaly: `ERRATA-${n}`, section: 'Errata' };
}

export function hcErratum(n: number): NoteRef {
  return { note: 'prtos-hypercalls', anomaly: `ERRATA-${n}`, section: 'Errata' };
}

export function stOpen(n: number, section: string): NoteRef {
  return { note: 'prtos-states', anomaly: `OPEN-${n}`, section };
}

export function hcOpen(n: number, section: string): NoteRef {
  return { note: 'prtos-hypercalls', anomaly: `OPEN-${n}`, section };
}
