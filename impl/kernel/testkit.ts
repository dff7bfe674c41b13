/**
 * Test support for the kernel: load a configuration, boot it on a fresh machine with scripted
 * guests, run it, and look at what it reported. Used by this folder's tests only (not exported
 * from index.ts).
 *
 * Guests are impl/machine `ScriptedGuest`s: each (partition, vCPU) gets the op list the test
 * gives it, or an endless compute loop; every (re)start of a vCPU makes a new one with the same
 * list, and `starts` keeps them all, in order, so that a test can find the context of each run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { archFromFileName } from '../../spec/constants/arch.js';
import { REAL_CONFIG_DIR } from '../../spec/config/fixtures.js';
import type { SystemConfig } from '../../spec/config/types.js';
import { validateConfig } from '../../spec/config/validate/validate.js';
import type { SideEvent } from '../../spec/lockstep.js';
import { ScriptedGuest } from '../machine/testkit.js';
import type { DeliverOutcome, GuestContext, GuestOp, Machine, OpResult, TieBreak } from '../machine/index.js';
import { bootKernel, type Kernel } from './kernel.js';
import { createMachineFor } from './machineFor.js';
import type { GuestLoader, StartReason } from './state.js';

export function loadConfig(file: string): SystemConfig {
  const arch = archFromFileName(file);
  if (arch === undefined) throw new Error(`no architecture in ${file}`);
  const text = readFileSync(file.includes('/') ? file : join(REAL_CONFIG_DIR, file), 'utf8');
  const r = validateConfig(text, arch);
  if (!r.ok) throw new Error(`${file}: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.config;
}

export interface Start {
  readonly part: number;
  readonly vcpu: number;
  readonly entry: number;
  readonly pct: number;
  readonly reason: StartReason;
  readonly guest: ScriptedGuest | HandlerGuest;
}

export interface Rig {
  readonly machine: Machine;
  readonly kernel: Kernel;
  readonly config: SystemConfig;
  readonly events: SideEvent[];
  readonly console: { t: number; part: number | null; text: string }[];
  readonly starts: Start[];
  /** Events of one kind. */
  of<E extends SideEvent['ev']>(ev: E): Extract<SideEvent, { ev: E }>[];
  /** The latest guest context started for (part, vcpu). */
  guest(part: number, vcpu: number): ScriptedGuest | HandlerGuest | undefined;
  run(until: number): void;
}

export interface RigOptions {
  readonly programs?: Readonly<Record<string, readonly GuestOp[]>>;
  readonly quirks?: readonly string[];
  readonly faults?: readonly string[];
  readonly fidelity?: 'intended' | 'real';
  readonly tieBreaks?: readonly TieBreak[];
  readonly withoutImage?: readonly number[];
  readonly onDeliver?: (part: number, vcpu: number, vector: number) => DeliverOutcome;
  /** Op list per (part, vcpu) for starts after the first (default: the same list). */
  readonly restartPrograms?: Readonly<Record<string, readonly GuestOp[]>>;
  /** Interrupt handlers per (part, vcpu): vector → op list (a `HandlerGuest` is used then). */
  readonly handlers?: Readonly<Record<string, ReadonlyMap<number, readonly GuestOp[]>>>;
}

export function rig(config: SystemConfig, o: RigOptions = {}): Rig {
  const events: SideEvent[] = [];
  const consoleLines: { t: number; part: number | null; text: string }[] = [];
  const starts: Start[] = [];
  const machine = createMachineFor(config, o.tieBreaks === undefined ? {} : { tieBreaks: o.tieBreaks });
  const loader: GuestLoader = {
    start(req) {
      const key = `${req.part}.${req.vcpu}`;
      const again = starts.some((s) => s.part === req.part && s.vcpu === req.vcpu);
      const ops = (again ? o.restartPrograms?.[key] : undefined) ?? o.programs?.[key] ?? [];
      const label = `P${req.part}.v${req.vcpu}#${starts.length}`;
      const handlers = o.handlers?.[key];
      const guest =
        handlers !== undefined
          ? new HandlerGuest(label, ops, handlers)
          : new ScriptedGuest(label, ops, {
              onDeliver: (v) => o.onDeliver?.(req.part, req.vcpu, v) ?? 'resume',
            });
      starts.push({ ...req, guest });
      return guest;
    },
  };
  const kernel = bootKernel(machine, {
    config,
    quirks: new Set(o.quirks ?? []),
    faults: new Set(o.faults ?? []),
    fidelity: o.fidelity ?? 'intended',
    loader,
    observe: (ev) => events.push(ev),
    console: (line) => consoleLines.push({ ...line }),
    withoutImage: new Set(o.withoutImage ?? []),
  });
  return {
    machine,
    kernel,
    config,
    events,
    console: consoleLines,
    starts,
    of: <E extends SideEvent['ev']>(ev: E) =>
      events.filter((e): e is Extract<SideEvent, { ev: E }> => e.ev === ev),
    guest: (part, vcpu) => [...starts].reverse().find((s) => s.part === part && s.vcpu === vcpu)?.guest,
    run: (until) => machine.runUntil(until),
  };
}

/**
 * A guest whose interrupt handlers are op lists: a delivered vector with a handler drops the op
 * in flight (a trap handler that returns elsewhere, `'abandon'`) and runs the handler's ops next,
 * then carries on with the program. Enough to write BAIL-like programs in tests.
 */
export class HandlerGuest implements GuestContext {
  readonly completed: OpResult[] = [];
  readonly delivered: number[] = [];
  readonly #queue: GuestOp[];
  readonly #handlers: ReadonlyMap<number, readonly GuestOp[]>;
  readonly #tail: number;

  constructor(
    readonly label: string,
    ops: readonly GuestOp[],
    handlers: ReadonlyMap<number, readonly GuestOp[]> = new Map(),
    tail = 1000,
  ) {
    this.#queue = [...ops];
    this.#handlers = handlers;
    this.#tail = tail;
  }

  nextOp(): GuestOp {
    return this.#queue.shift() ?? { k: 'compute', n: this.#tail };
  }

  complete(result: OpResult): void {
    this.completed.push(result);
  }

  deliver(vector: number): DeliverOutcome {
    this.delivered.push(vector);
    const h = this.#handlers.get(vector);
    if (h === undefined) return 'resume';
    this.#queue.unshift(...h);
    return 'abandon';
  }
}

/** Ops that put `text` at `addr` (8 bytes a store) and write it to the caller's console. */
export function printOps(addr: number, text: string, part: number): GuestOp[] {
  const bytes = new TextEncoder().encode(text);
  const ops: GuestOp[] = [];
  for (let i = 0; i < bytes.length; i += 8) {
    let v = 0n;
    for (let j = Math.min(7, bytes.length - 1 - i); j >= 0; j--) v = (v << 8n) | BigInt(bytes[i + j] ?? 0);
    ops.push({ k: 'store', addr: addr + i, size: 8, value: v });
  }
  ops.push({ k: 'hypercall', nr: 12, args: [(1 << 24) | (part << 10), addr, bytes.length, 0] });
  return ops;
}

/** Shorthands for op lists. */
export const op = {
  compute: (n: number): GuestOp => ({ k: 'compute', n }),
  hc: (nr: number, ...args: number[]): GuestOp => ({ k: 'hypercall', nr, args }),
  load: (addr: number, size: 1 | 2 | 4 | 8 = 4): GuestOp => ({ k: 'load', addr, size }),
  store: (addr: number, value: number, size: 1 | 2 | 4 | 8 = 4): GuestOp => ({
    k: 'store',
    addr,
    size,
    value,
  }),
  halt: (): GuestOp => ({ k: 'halt' }),
};

/** Every `.ts` file below `dir` (name and text), for tests that look for where an id is used. */
export function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return f.endsWith('.ts') ? [{ file: f, text: readFileSync(p, 'utf8') }] : [];
  });
}
