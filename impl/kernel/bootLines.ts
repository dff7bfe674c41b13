/**
 * What the real kernel prints while it boots, before the first partition runs
 * (docs/bail-study.md §1.4, lines B1–B18; core/kernel/setup.c:222-258, mmu/virtmm.c:46-51,
 * mmu/physmm.c:237-248, drivers/kdevice.c:19-21, ktimer.c:193-210, the SMP start-up, setup.c:166-187).
 *
 * Printed only with `--fidelity real`, whose console must read like the real one. Numbers that
 * the real kernel takes from its own memory layout or measures at boot (kernel pointers, the
 * x86 processor speed and LAPIC rate) are printed as the recorded runs show them; every
 * comparison masks them. On i386 the kernel prints 32-bit values with `%llx`, which pulls the
 * next stack word in as the upper half: those lines carry that junk, reproduced from the recorded
 * helloworld run (a stale word equal to the region size).
 */
import { HW_CLOCK, PRTOS_BANNER, PRTOS_LOAD_ADDR } from '../../spec/constants/archParams.js';
import type { Partition as PartitionConfig, SystemConfig } from '../../spec/config/types.js';
import { areaFlagWord } from './kthread.js';

const hex = (n: number | bigint) => n.toString(16);
const PAGE = 4096;
const X86_OFFSET = 0xfc000000;

/** The lines before the partition table (B1–B16). */
export function bootBanner(config: SystemConfig, cpuKhz: number): string[] {
  const arch = config.arch;
  const x86 = arch === 'x86' || arch === 'amd64';
  const load = PRTOS_LOAD_ADDR[arch];
  const size = config.hypervisor.area.size;
  const hypFlags = areaFlagWord({ name: undefined, flags: config.hypervisor.area.flags });
  const out: string[] = [];
  out.push(`PRTOS map: [0x${hex(load)} - 0x${hex(load + size - 1)}] flags: 0x${hex(hypFlags)}`);
  if (x86) {
    const free = X86_OFFSET + size;
    out.push(`[VMM] Free [0x${hex(free)}-0x${hex((2 ** 32 - free) / PAGE)}] 0x0 frames`);
    out.push('phys_page_table:0xfc03c000');
  } else {
    out.push('[VMM] Free [0xffffffc0c0000000-0xffffffc0d0000000] 0x10000 frames');
    out.push('phys_page_table:0xffffffc084038000');
  }
  const pageDesc = x86 ? 24 : 40;
  config.hw.memoryLayout.forEach((r, i) => {
    const flags = r.type === 'ram' ? 1 : 2;
    const pages = r.size / PAGE;
    if (x86) {
      const stale = BigInt(r.size) << 32n;
      out.push(`prtos_conf_mem_reg_table[${i}].start_addr: 0x${hex(stale | BigInt(r.start))}, size: 0x0`);
      out.push(`prtos_conf_mem_reg_table[${i}].flags: 0x${hex(stale | BigInt(flags))}`);
      if (flags === 1) {
        out.push(`Creating phys_page_table[${i}] with size of pages: 0x${hex(stale | BigInt(pages))}`);
        out.push(
          `Creating phys_page_table[${i}] with size of bytes ${(stale + BigInt(pageDesc * pages)).toString()}`,
        );
        out.push(`phys_page_table[${i}]:0x${hex(stale | 0xfc040c24n)}`);
      }
    } else {
      out.push(`prtos_conf_mem_reg_table[${i}].start_addr: 0x${hex(r.start)}, size: 0x${hex(r.size)}`);
      out.push(`prtos_conf_mem_reg_table[${i}].flags: 0x${hex(flags)}`);
      if (flags === 1) {
        out.push(`Creating phys_page_table[${i}] with size of pages: 0x${hex(pages)}`);
        out.push(`Creating phys_page_table[${i}] with size of bytes ${pageDesc * pages}`);
        out.push(`phys_page_table[${i}]:0xffffffc08403a4c0`);
      }
    }
  });
  out.push(`Setting up kernel devices kdev_setup:0x${x86 ? 'fc021298' : 'ffffffc08401f230'}`);
  out.push(`Kernel devices setup complete size:${x86 ? 3 : 2}`);
  out.push(PRTOS_BANNER);
  out.push(`Detected ${Math.floor(cpuKhz / 1000)}.${cpuKhz % 1000}MHz processor.`);
  const clocks = HW_CLOCK[arch];
  out.push(`>> HWClocks [${clocks.clock.name} (${clocks.clock.khz ?? 0}khz)]`);
  const timerKhz = x86 ? 31260 : (clocks.timer.khz ?? 0);
  const timerLine = (cpu: number) => `[CPU${cpu}] >> hardware timer [${clocks.timer.name} (${timerKhz}Khz)]`;
  out.push(timerLine(0));
  for (let cpu = 1; cpu < config.hw.processors.length; cpu++) {
    out.push(x86 ? `Waking up (${cpu}) AP CPU` : `Starting secondary hart ${cpu} (logical CPU ${cpu})`);
    out.push(timerLine(cpu));
  }
  return out;
}

/** A partition's header and area lines (B17, B18). */
export function partitionLines(config: SystemConfig, index: number, p: PartitionConfig): string[] {
  const x86 = config.arch === 'x86';
  const flags = `${p.flags.includes('system') ? ' SYSTEM' : ''}${p.flags.includes('fp') ? ' FP' : ''}`;
  const out = [`P${index} ("${p.name ?? ''}":${p.id}:${p.vcpus}) flags: [${flags} ]:`];
  for (const a of p.areas) {
    const f = areaFlagWord(a);
    const flagText = x86 ? `fc032780${f.toString(16).padStart(8, '0')}` : hex(f);
    out.push(
      `    [0x${hex(a.start)}:0x${hex(a.mappedAt)} - 0x${hex(a.start + a.size - 1)}:0x${hex(a.mappedAt + a.size - 1)}] flags: 0x${flagText}`,
    );
  }
  return out;
}
