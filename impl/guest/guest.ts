/**
 * The guest as a program sees it: one vCPU's environment and the data its partition shares.
 *
 * A C partition has registers at entry (riscv64 a1 / x86 ebx = a PCT address), a stack per vCPU,
 * and data and BSS shared by its vCPUs: libprtos's table of PCT pointers (`lib_prtos_params`,
 * user/libprtos/include/prtos.h) and BAIL's trap handler table (user/bail/common/irqs.c). `Guest`
 * holds the first two for one vCPU; `PartitionData` holds the shared part, one object per
 * partition per run, which a BSS clear (`zeroBss`) empties as BAIL's start-up does on vCPU 0.
 *
 * Facts of the configuration a real guest would know from its build or its PCT are here too
 * (areas and ports counts for the intended PCT stride, the system flag for the intended library
 * checks); the guest program itself reads the PCT through loads.
 */
import type { SystemConfig } from '../../spec/config/types.js';
import type { Arch } from '../../spec/constants/index.js';
import type { ApiCall } from './steps.js';
import type { ScratchStack } from './scratch.js';

/** Why a guest context starts (the kernel's `GuestLoader.start` request). */
export type StartReason = 'boot' | 'cold' | 'warm' | 'vcpu';

/** What a handler is told about the interrupt it runs for. */
export interface TrapInfo {
  /** The vector the program's interrupt entry dispatched on. */
  readonly vector: number;
}

/**
 * How a handler leaves: `'resume'` returns to the interrupted instruction (it runs again if it
 * faulted, or finishes if it was cut), `'abandon'` skips it (x86 BAIL example.002 moves the
 * return address past the faulting division).
 */
export type HandlerExit = 'resume' | 'abandon';

/** An interrupt handler (BAIL `trap_handler_t`): a program that may say how to return. */
export type TrapHandler = (g: Guest, trap: TrapInfo) => ApiCall<HandlerExit | void>;

/** libprtos's per-vCPU pointers (`lib_prtos_params`), filled by `initLibprtos`; 0 where unset (NULL). */
export interface LibprtosParams {
  readonly pct: number[];
  readonly memMap: number[];
  readonly commPortBitmap: number[];
}

/** Data of one partition's image shared by its vCPUs. */
export class PartitionData {
  readonly libprtos: LibprtosParams = { pct: [], memMap: [], commPortBitmap: [] };
  /** Handlers by vector; `fallback` serves every vector without one (BAIL's `unexpected_trap`). */
  readonly handlers = new Map<number, TrapHandler>();
  fallback: TrapHandler | null = null;
  /** The entry point vCPU 0 entered at its first start (BAIL's `start` symbol). */
  imageEntry: number | null = null;

  /** Clears what lives in BSS (the pointer table and the handler table). */
  zeroBss(): void {
    this.libprtos.pct.length = 0;
    this.libprtos.memMap.length = 0;
    this.libprtos.commPortBitmap.length = 0;
    this.handlers.clear();
    this.fallback = null;
  }
}

/** What the loader knows about a partition that its guest could know. */
export interface PartitionFacts {
  readonly id: number;
  readonly vcpus: number;
  readonly areas: number;
  readonly ports: number;
  readonly system: boolean;
}

export interface GuestInit {
  readonly arch: Arch;
  readonly config: SystemConfig;
  readonly part: number;
  readonly vcpu: number;
  readonly entry: number;
  readonly pct: number;
  readonly reason: StartReason;
  readonly firstEntry: boolean;
  readonly quirks: ReadonlySet<string>;
  readonly partition: PartitionData;
  readonly scratch: ScratchStack;
}

/** One vCPU's guest: environment at entry plus access to its partition's shared data. */
export class Guest {
  readonly arch: Arch;
  readonly config: SystemConfig;
  /** The partition and vCPU the loader started (a program asks the kernel, as libprtos does). */
  readonly part: number;
  readonly vcpu: number;
  /** The address the vCPU entered at. */
  readonly entry: number;
  /** The PCT address in the entry register: x86/amd64 the PCT array (vCPU 0's), others this vCPU's own. */
  readonly pctArg: number;
  readonly reason: StartReason;
  /** Whether this is the first time this vCPU runs in this run (not a restart). */
  readonly firstEntry: boolean;
  readonly quirks: ReadonlySet<string>;
  readonly partition: PartitionData;
  readonly scratch: ScratchStack;
  readonly facts: PartitionFacts;

  constructor(init: GuestInit) {
    this.arch = init.arch;
    this.config = init.config;
    this.part = init.part;
    this.vcpu = init.vcpu;
    this.entry = init.entry;
    this.pctArg = init.pct;
    this.reason = init.reason;
    this.firstEntry = init.firstEntry;
    this.quirks = init.quirks;
    this.partition = init.partition;
    this.scratch = init.scratch;
    const p = init.config.partitions[init.part];
    if (p === undefined) throw new RangeError(`no partition ${init.part} in the configuration`);
    this.facts = {
      id: p.id,
      vcpus: p.vcpus,
      areas: p.areas.length,
      ports: p.ports.length,
      system: p.flags.includes('system'),
    };
  }

  /** Whether quirk `id` (spec/decisions) is switched on for this run. */
  quirk(id: string): boolean {
    return this.quirks.has(id);
  }
}
