/**
 * Guest loaders: what the kernel calls to get a guest context whenever a vCPU starts — at boot
 * (vCPU 0 of every partition), at every partition reset (cold or warm) and at `reset_vcpu`.
 *
 * The kernel's `GuestLoader` interface (impl/kernel/index.ts) is mirrored here structurally, since
 * impl/guest and impl/kernel may not import each other (.dependency-cruiser.cjs); the composition
 * root passes one of these loaders to `bootKernel`.
 *
 * - `programLoader`: straight-line programs (spec/program.ts `ProgramSet`), one per (partition,
 *   vCPU); a vCPU without one runs the idle loop. Every start begins the program at op 0.
 * - `imageLoader`: partition images of generator programs (the BAIL ports). An image gives the
 *   program for its entry point (`start`, run by vCPU 0 at boot and reset and by every vCPU reset
 *   to the image's entry address) and optionally programs for other entry addresses. One
 *   `PartitionData` per partition per loader holds what the partition's vCPUs share.
 *
 * Where API buffers go: each vCPU gets a scratch stack of `SCRATCH_PER_VCPU` bytes at the END of
 * the partition's first writable own area (the first area without the `shared`, `read-only`,
 * `rom` or `unmapped` flag), vCPU v's slice below vCPU v−1's: [end − (v+1)·S, end − v·S). The
 * address is the one the guest uses (`areaGuestAddress`). A partition without such an area, or
 * with one too small, gets no scratch: a program that needs a buffer then fails with a clear error.
 *
 * The PCT address in the start request is what the architecture passes in the entry register:
 * x86/amd64 the PCT array base (vCPU 0's PCT) for every vCPU, the other ports the vCPU's own PCT
 * (libprtos.ts explains why it matters).
 */
import type { Partition, SystemConfig } from '../../spec/config/types.js';
import type { ProgramSet, VcpuProgram } from '../../spec/program.js';
import type { GuestContext } from '../machine/index.js';
import type { GuestMachine, Observe } from './events.js';
import { Guest, PartitionData, type StartReason } from './guest.js';
import { OpListGuest } from './opListGuest.js';
import { GeneratorGuest, type VectorEntry } from './runtime.js';
import { ScratchStack, type ScratchRegion } from './scratch.js';
import type { GuestProgram } from './steps.js';

/** The kernel's request to start a vCPU (impl/kernel `GuestLoader.start`). */
export interface GuestStartRequest {
  readonly part: number;
  readonly vcpu: number;
  /** Guest address the vCPU enters at. */
  readonly entry: number;
  /** The PCT address in the entry register (see the header). */
  readonly pct: number;
  readonly reason: StartReason;
}

export interface GuestLoader {
  start(req: GuestStartRequest): GuestContext;
}

/** A program for an entry point, given the vCPU's guest. */
export type EntryProgram = (g: Guest) => GuestProgram;

/** A partition's image: its programs by entry point, and its interrupt entry. */
export interface PartitionImage {
  /** What a vCPU runs when it enters at the image's entry point. */
  readonly start: EntryProgram;
  /** Programs for other entry addresses (a `reset_vcpu` to a given address). */
  readonly entryPoints?: ReadonlyMap<number, EntryProgram>;
  /** The code a delivered vector runs; default: the installed handler (`dispatchToHandler`). */
  readonly vectorEntry?: VectorEntry;
}

export interface LoaderOptions {
  readonly config: SystemConfig;
  readonly machine: GuestMachine;
  /** Quirk ids switched on (spec/decisions); the guest-side ones change this library. */
  readonly quirks?: ReadonlySet<string>;
  /** Receives the `op` events of the guests. */
  readonly observe?: Observe;
}

/** Bytes of scratch stack per vCPU (a console line of up to 511 bytes, nested handlers, records). */
export const SCRATCH_PER_VCPU = 2048;

/** The riscv64 quirk under which guest addresses are the areas' physical addresses (spec/decisions). */
export const QUIRK_STAGE2_IGNORES_AREA_FLAGS = 'riscv-stage2-ignores-area-flags';

/**
 * The guest address of an area: where the kernel maps it — at `mappedAt` (the physical start when
 * the configuration gives none), except on riscv64 under `riscv-stage2-ignores-area-flags`, where
 * every area is mapped at its physical address (prtos-states A14; impl/kernel/layout.ts).
 */
export function areaGuestAddress(
  config: SystemConfig,
  area: { readonly start: number; readonly mappedAt: number },
  quirks: ReadonlySet<string> = new Set(),
): number {
  return config.arch === 'riscv64' && quirks.has(QUIRK_STAGE2_IGNORES_AREA_FLAGS)
    ? area.start
    : area.mappedAt;
}

/** The area scratch stacks are carved from, and its base as the guest addresses it. */
export function scratchArea(
  config: SystemConfig,
  partition: Partition,
  quirks: ReadonlySet<string> = new Set(),
): { base: number; size: number } | undefined {
  const area = partition.areas.find(
    (a) => !a.flags.some((f) => f === 'shared' || f === 'read-only' || f === 'rom' || f === 'unmapped'),
  );
  if (area === undefined) return undefined;
  return { base: areaGuestAddress(config, area, quirks), size: area.size };
}

/** vCPU `vcpu`'s scratch region in `partition` (see the header), or an empty one. */
export function scratchRegion(
  config: SystemConfig,
  partition: Partition,
  vcpu: number,
  quirks: ReadonlySet<string> = new Set(),
): ScratchRegion {
  const area = scratchArea(config, partition, quirks);
  if (area === undefined || area.size < SCRATCH_PER_VCPU * partition.vcpus) return { base: 0, size: 0 };
  return { base: area.base + area.size - (vcpu + 1) * SCRATCH_PER_VCPU, size: SCRATCH_PER_VCPU };
}

function partitionOf(config: SystemConfig, part: number): Partition {
  const p = config.partitions[part];
  if (p === undefined)
    throw new RangeError(`the kernel started partition ${part}, which the configuration lacks`);
  return p;
}

const label = (part: number, vcpu: number) => `P${part}.v${vcpu}`;

/** A loader for straight-line programs. */
export function programLoader(options: LoaderOptions & { readonly programs: ProgramSet }): GuestLoader {
  const byVcpu = new Map<string, VcpuProgram>();
  for (const p of options.programs) byVcpu.set(`${p.part}.${p.vcpu}`, p);
  return {
    start(req) {
      partitionOf(options.config, req.part);
      return new OpListGuest({
        label: label(req.part, req.vcpu),
        part: req.part,
        vcpu: req.vcpu,
        program: byVcpu.get(`${req.part}.${req.vcpu}`),
        config: options.config,
        machine: options.machine,
        ...(options.observe === undefined ? {} : { observe: options.observe }),
      });
    },
  };
}

/** A loader for partition images; partitions without an image run the idle loop. */
export function imageLoader(
  options: LoaderOptions & { readonly images: Readonly<Record<number, PartitionImage>> },
): GuestLoader {
  const data = new Map<number, PartitionData>();
  const started = new Set<string>();
  const quirks = options.quirks ?? new Set<string>();
  return {
    start(req) {
      const partition = partitionOf(options.config, req.part);
      const image = options.images[req.part];
      const key = `${req.part}.${req.vcpu}`;
      const firstEntry = !started.has(key);
      started.add(key);
      if (image === undefined) {
        return new OpListGuest({
          label: label(req.part, req.vcpu),
          part: req.part,
          vcpu: req.vcpu,
          program: undefined,
          config: options.config,
          machine: options.machine,
        });
      }
      let shared = data.get(req.part);
      if (shared === undefined) {
        shared = new PartitionData();
        data.set(req.part, shared);
      }
      if (shared.imageEntry === null && req.vcpu === 0) shared.imageEntry = req.entry;
      const g = new Guest({
        arch: options.config.arch,
        config: options.config,
        part: req.part,
        vcpu: req.vcpu,
        entry: req.entry,
        pct: req.pct,
        reason: req.reason,
        firstEntry,
        quirks,
        partition: shared,
        scratch: new ScratchStack(scratchRegion(options.config, partition, req.vcpu, quirks)),
      });
      const program =
        (shared.imageEntry === null || req.entry === shared.imageEntry
          ? undefined
          : image.entryPoints?.get(req.entry)) ?? image.start;
      return new GeneratorGuest({
        label: label(req.part, req.vcpu),
        guest: g,
        program: program(g),
        machine: options.machine,
        ...(image.vectorEntry === undefined ? {} : { vectorEntry: image.vectorEntry }),
        ...(options.observe === undefined ? {} : { observe: options.observe }),
      });
    },
  };
}
