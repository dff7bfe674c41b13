// Loaders (loader.ts): where scratch stacks are, which program an image runs for an entry point,
// first entries, what the vCPUs of a partition share, and partitions without a program.
import { describe, expect, it } from 'vitest';
import type { SystemConfig } from '../../spec/config/types.js';
import { bailConfig } from './fixtures.test-util.js';
import type { Guest } from './guest.js';
import { imageLoader, programLoader, scratchArea, scratchRegion, SCRATCH_PER_VCPU } from './loader.js';
import { OpListGuest } from './opListGuest.js';
import { GeneratorGuest } from './runtime.js';
import { hypercall, type GuestProgram } from './steps.js';
import { GuestBench } from './testkit.js';

describe('scratch regions', () => {
  it('sit at the end of the first writable own area, one slice per vCPU, vCPU 0 on top', () => {
    const config = bailConfig('example.008', 'riscv64');
    const p0 = config.partitions[0]!;
    const end = 0x86000000 + 0x100000;
    expect(scratchRegion(config, p0, 0)).toEqual({ base: end - SCRATCH_PER_VCPU, size: SCRATCH_PER_VCPU });
    expect(scratchRegion(config, p0, 1)).toEqual({
      base: end - 2 * SCRATCH_PER_VCPU,
      size: SCRATCH_PER_VCPU,
    });
  });

  it('use the address the kernel maps the area at, and skip shared and read-only areas', () => {
    const base = bailConfig('helloworld', 'x86');
    const p = base.partitions[0]!;
    const area = p.areas[0]!;
    const moved: SystemConfig = {
      ...base,
      partitions: [
        {
          ...p,
          areas: [
            { ...area, start: 0x5000000, flags: ['shared'] },
            { ...area, mappedAt: 0x40000000, mappedAtGiven: true },
          ],
        },
      ],
    };
    expect(scratchArea(moved, moved.partitions[0]!)).toEqual({ base: 0x40000000, size: 0x100000 });
    // riscv64 maps at mappedAt too, except under the quirk that maps every area at its physical address.
    const asRiscv: SystemConfig = { ...moved, arch: 'riscv64' };
    expect(scratchArea(asRiscv, asRiscv.partitions[0]!)).toEqual({ base: 0x40000000, size: 0x100000 });
    const quirk = new Set(['riscv-stage2-ignores-area-flags']);
    expect(scratchArea(asRiscv, asRiscv.partitions[0]!, quirk)).toEqual({ base: area.start, size: 0x100000 });
    expect(scratchArea(moved, moved.partitions[0]!, quirk)).toEqual({ base: 0x40000000, size: 0x100000 });
  });

  it('are empty when the partition has no usable area', () => {
    const base = bailConfig('helloworld', 'x86');
    const p = base.partitions[0]!;
    const none: SystemConfig = {
      ...base,
      partitions: [{ ...p, areas: [{ ...p.areas[0]!, flags: ['read-only'] }] }],
    };
    expect(scratchRegion(none, none.partitions[0]!, 0)).toEqual({ base: 0, size: 0 });
  });
});

describe('imageLoader', () => {
  const config = bailConfig('example.008', 'riscv64');

  it('runs `start` at the image entry, another program at another entry, and idles partitions without an image', () => {
    const seen: string[] = [];
    const bench = new GuestBench({ hypercall: () => 0 });
    const loader = imageLoader({
      config,
      machine: bench,
      images: {
        0: {
          start: function* (g: Guest): GuestProgram {
            seen.push(`start v${g.vcpu} ${g.reason} first=${g.firstEntry}`);
            yield* hypercall(1, []);
          },
          entryPoints: new Map([
            [
              0x86000400,
              function* (g: Guest): GuestProgram {
                seen.push(`other v${g.vcpu}`);
                yield* hypercall(2, []);
              },
            ],
          ]),
        },
      },
    });
    const runIt = (ctx: ReturnType<typeof loader.start>) =>
      new GuestBench({ hypercall: () => 'stop' }).run(ctx);
    const v0 = loader.start({ part: 0, vcpu: 0, entry: 0x86000000, pct: 0x84000000, reason: 'boot' });
    runIt(v0);
    runIt(loader.start({ part: 0, vcpu: 1, entry: 0x86000000, pct: 0x84001000, reason: 'vcpu' }));
    runIt(loader.start({ part: 0, vcpu: 1, entry: 0x86000400, pct: 0x84001000, reason: 'vcpu' }));
    runIt(loader.start({ part: 0, vcpu: 0, entry: 0x86000000, pct: 0x84000000, reason: 'warm' }));
    expect(seen).toEqual([
      'start v0 boot first=true',
      'start v1 vcpu first=true',
      'other v1',
      'start v0 warm first=false',
    ]);
    expect(v0).toBeInstanceOf(GeneratorGuest);
    expect(loader.start({ part: 1, vcpu: 0, entry: 0x86100000, pct: 0, reason: 'boot' })).toBeInstanceOf(
      OpListGuest,
    );
  });

  it('gives the vCPUs of one partition the same shared data, and each partition its own', () => {
    const bench = new GuestBench({ hypercall: () => 0 });
    const guests: Guest[] = [];
    const image = {
      start: function* (g: Guest): GuestProgram {
        guests.push(g);
        yield* hypercall(8, []);
      },
    };
    const loader = imageLoader({ config, machine: bench, images: { 0: image, 1: image } });
    for (const [part, vcpu] of [
      [0, 0],
      [0, 1],
      [1, 0],
    ] as const) {
      new GuestBench({ hypercall: () => 'stop' }).run(
        loader.start({ part, vcpu, entry: 0, pct: 0, reason: 'boot' }),
      );
    }
    expect(guests[0]?.partition).toBe(guests[1]?.partition);
    expect(guests[0]?.partition).not.toBe(guests[2]?.partition);
    expect(guests[1]?.scratch.region.base).toBe(0x86100000 - 2 * SCRATCH_PER_VCPU);
  });

  it('refuses a partition the configuration lacks', () => {
    const loader = programLoader({ config, machine: new GuestBench({ hypercall: () => 0 }), programs: [] });
    expect(() => loader.start({ part: 5, vcpu: 0, entry: 0, pct: 0, reason: 'boot' })).toThrow(/lacks/);
  });
});
