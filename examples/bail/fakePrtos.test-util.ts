// A stand-in kernel for the tests of the BAIL port without impl/kernel: it answers the hypercalls
// the examples make, on the guest bench of impl/guest, from a PCT it writes into bench memory.
// Only what the tests need: get_vcpuid, the console object, get_time, idle_self (returns at
// once), halt_partition of the caller (stops the bench), IRET; everything else answers 0.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeConfig } from '../../spec/config/decode.js';
import type { SystemConfig } from '../../spec/config/types.js';
import type { Arch } from '../../spec/constants/index.js';
import { pctField, pctLayout, pctSlotSize, X86_PCT_VIRTUAL_BASE } from '../../spec/pct.js';
import { imageLoader, type GuestLoader } from '../../impl/guest/index.js';
import { GuestBench, type BenchFault, type BenchReply, type FaultReply } from '../../impl/guest/testkit.js';
import type { BailArch, BailExample } from './index.js';

export interface FakeRun {
  readonly bench: GuestBench;
  readonly config: SystemConfig;
  /** Console writes, in order. */
  readonly console: string[];
  /** Where vCPU v's PCT is. */
  pctOf(vcpu: number): number;
  /** A context for (part, vcpu), as the kernel would start it. */
  start(
    part: number,
    vcpu: number,
    reason: 'boot' | 'cold' | 'warm' | 'vcpu',
  ): ReturnType<GuestLoader['start']>;
}

export interface FakeOptions {
  readonly part: number;
  readonly quirks?: readonly string[];
  /** The vector to deliver after a fault of the given kind, or 'stop' (the HM halts the partition). */
  readonly onFault?: (f: BenchFault) => FaultReply;
  /** Extra hypercall answers. */
  readonly hypercall?: (nr: number, args: readonly number[], bench: GuestBench) => BenchReply | undefined;
}

export function fakeRun(example: BailExample, arch: BailArch, options: FakeOptions): FakeRun {
  const r = decodeConfig(readFileSync(fileURLToPath(example.config(arch)), 'utf8'), arch as Arch);
  if (!r.ok) throw new Error(`${example.name} ${arch}: configuration does not decode`);
  const config = r.config;
  const part = config.partitions[options.part]!;
  const consoleLines: string[] = [];
  const slot = pctSlotSize(arch, part.areas.length, part.ports.length);
  const base = arch === 'x86' ? X86_PCT_VIRTUAL_BASE : 0x84100000;
  let currentVcpu = 0;
  const bench = new GuestBench({
    hypercall: (nr, args, b) => {
      const extra = options.hypercall?.(nr, args, b);
      if (extra !== undefined) return extra;
      switch (nr) {
        case 32:
          return currentVcpu;
        case 12: {
          const text = String.fromCharCode(...b.readBytes(args[1] as number, args[2] as number));
          consoleLines.push(text);
          return args[2] as number;
        }
        case 9:
          b.writeUint(args[1] as number, 8, b.now);
          return 0;
        case 1:
          return args[0] === options.part ? 'stop' : 0;
        default:
          return 0;
      }
    },
    fault: (f) => options.onFault?.(f) ?? 'stop',
  });
  const layout = pctLayout(arch);
  for (let v = 0; v < part.vcpus; v++) {
    const at = base + v * slot;
    const put = (name: Parameters<typeof pctField>[1], value: number) => {
      const f = pctField(arch, name);
      bench.writeUint(at + f.offset, f.size, value);
    };
    put('id', options.part | (v << 8));
    put('numOfVcpus', part.vcpus);
    put('partCtrlTableSize', layout.size + part.areas.length * layout.memMapEntrySize);
    put('numOfPhysicalMemAreas', part.areas.length);
    put('flags', 0x190);
    bench.writeBytes(
      at + pctField(arch, 'name').offset,
      [...(part.name ?? '')].map((c) => c.charCodeAt(0)),
    );
  }
  const loader = imageLoader({
    config,
    machine: bench,
    images: example.images(arch),
    quirks: new Set(options.quirks ?? []),
  });
  const entry = arch === 'x86' ? part.areas[0]!.mappedAt : part.areas[0]!.start;
  return {
    bench,
    config,
    console: consoleLines,
    pctOf: (v) => base + v * slot,
    start: (p, vcpu, reason) => {
      currentVcpu = vcpu;
      // x86 passes every vCPU the PCT array base; the other ports the vCPU's own PCT.
      const pct = arch === 'x86' ? base : base + vcpu * slot;
      return loader.start({ part: p, vcpu, entry, pct, reason });
    },
  };
}
