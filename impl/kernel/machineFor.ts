/**
 * The machine a configuration runs on, built one way for every composition root: one CPU per
 * `<Processor>`, each booting until `bootTime(TIMING[arch], cpus)` (spec/timing R7), guest ops
 * costing what TIMING says, timers latching or not as TIMER_FIRING says.
 */
import type { SystemConfig } from '../../spec/config/types.js';
import { bootTime, TIMER_FIRING, TIMING } from '../../spec/timing.js';
import { Machine, type TieBreak, type UartListeners, type WitnessKind } from '../machine/index.js';

export interface MachineForOptions {
  readonly tieBreaks?: readonly TieBreak[];
  readonly recording?: Partial<Record<WitnessKind, boolean>>;
  readonly uart?: UartListeners;
}

export function createMachineFor(config: SystemConfig, opts: MachineForOptions = {}): Machine {
  const timing = TIMING[config.arch];
  const cpus = config.hw.processors.length;
  return new Machine({
    cpus,
    bootUntil: bootTime(timing, cpus),
    costs: timing.guest,
    timerFiring: TIMER_FIRING[config.arch],
    ...(opts.tieBreaks === undefined ? {} : { tieBreaks: opts.tieBreaks }),
    ...(opts.recording === undefined ? {} : { recording: opts.recording }),
    ...(opts.uart === undefined ? {} : { uart: opts.uart }),
  });
}
