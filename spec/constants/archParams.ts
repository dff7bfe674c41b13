/**
 * What the configuration tools and the kernel assume about each architecture: where the
 * hypervisor sits, what it reserves, which XML elements exist, how guest pointers are checked,
 * which clock the recorded runs used, and the version the kernel announces.
 *
 * Sources (PRTOS tree): core/kernel/<arch>/defconfig and Kconfig (CONFIG_PRTOS_LOAD_ADDR,
 * CONFIG_PRTOS_OFFSET); user/tools/prtoscparser/process_xml.c:59-72 (the hypervisor's memory area
 * starts at the load address and is mapped at the offset); the RESERVE_HWIRQ / RESERVE_IOPORTS /
 * RESERVE_PHYSPAGES declarations compiled into each kernel, which scripts/extractinfo.c hands to the
 * parser (core/kernel/x86/pic.c:17-22, core/drivers/pc_uart.c:16-19, core/kernel/x86/lapic_timer.c:24,
 * core/kernel/x86/irqs.c:57-59, core/kernel/x86/apic.c:25-26, core/kernel/x86/hpet.c:85, and the
 * amd64 copies; the riscv64, aarch64 and loongarch64 kernels reserve nothing);
 * user/tools/prtoscparser/checks.c:74-138 and the per-arch files x86.c, amd64.c, riscv64.c,
 * aarch64.c, loongarch64.c (IoPorts handling); prtos_conf.xsd.in:455-510 (devices);
 * core/include/<arch>/paging.h (page sizes, PCT address); core/include/config.h:19-42 and
 * core/kernel/setup.c:242 (version); prtos-hypercalls §4.2 (pointer checks); the console
 * transcripts in docs/reference/prtos-transcripts (clocks, banner, hypervisor map).
 *
 * Reserved lines and ports depend on the build options of limits.ts (APIC, SMP, HPET): with the
 * recorded x86 build the PIT is not compiled in and the HPET raises no interrupt, so neither line 0
 * nor ports 0x40-0x43 are reserved.
 */
import type { Arch } from './arch.js';

/** `PRTOS_VERSION` = (version << 16) | (subversion << 8) | revision (config.h:19). */
export const PRTOS_VERSION = { version: 1, subversion: 0, revision: 0 } as const;
export const PRTOS_VERSION_WORD =
  (PRTOS_VERSION.version << 16) | (PRTOS_VERSION.subversion << 8) | PRTOS_VERSION.revision;
/** As the kernel prints it: `%x.%x r%x`. */
export const PRTOS_VERSION_STRING = `${PRTOS_VERSION.version.toString(16)}.${PRTOS_VERSION.subversion.toString(16)} r${PRTOS_VERSION.revision.toString(16)}`;
/** The boot banner line (setup.c:242). */
export const PRTOS_BANNER = `PRTOS Hypervisor (${PRTOS_VERSION_STRING})`;

/**
 * `CONFIG_PRTOS_LOAD_ADDR`: the physical address of the hypervisor image, and therefore the start
 * of the hypervisor's memory area in every configuration (the XML gives only its size). A
 * partition area overlapping it is rejected (MA07), and some memory region must cover it (RV02).
 * x86/amd64 require it 4 MiB aligned (config.h:38-42).
 */
export const PRTOS_LOAD_ADDR: Readonly<Record<Arch, number>> = {
  x86: 0x1000000,
  amd64: 0x1000000,
  riscv64: 0x84000000,
  aarch64: 0x40100000,
  loongarch64: 0x08000000,
};

/** `CONFIG_PRTOS_OFFSET`: the hypervisor's virtual base (where its area is "mapped at"); 64-bit on the 64-bit ports. */
export const PRTOS_OFFSET: Readonly<Record<Arch, bigint>> = {
  x86: 0xfc000000n,
  amd64: 0xfc000000n,
  riscv64: 0xffffffc084000000n,
  aarch64: 0xa0000100000n,
  loongarch64: 0x9000000008000000n,
};

/** The hypervisor memory area of a configuration whose `<PhysicalMemoryArea>` has `size` bytes: [start, end]. */
export function hypervisorArea(arch: Arch, size: number): { readonly start: number; readonly end: number } {
  const start = PRTOS_LOAD_ADDR[arch];
  return { start, end: start + size - 1 };
}

/** `PRTOS_PCTRLTAB_ADDR` = offset − 256 KiB. Only x86/amd64 map the PCT array there (read-only); see spec/pct.ts. */
export function pctrlTabAddr(arch: Arch): bigint {
  return PRTOS_OFFSET[arch] - 256n * 1024n;
}

/** Memory areas and regions must be aligned to, and a multiple of, this (checks.c:59-86). */
export const PAGE_SIZE = 4096;
export const LPAGE_SIZE: Readonly<Record<Arch, number>> = {
  x86: 4 * 1024 * 1024,
  amd64: 2 * 1024 * 1024,
  riscv64: 2 * 1024 * 1024,
  aarch64: 2 * 1024 * 1024,
  loongarch64: 2 * 1024 * 1024,
};

/** A reserved I/O port range: `count` ports from `base`. */
export interface IoPortRange {
  readonly base: number;
  readonly count: number;
  readonly what: string;
}

/** A reserved physical range: `pages` pages from `address`. */
export interface PhysPageRange {
  readonly address: number;
  readonly pages: number;
  readonly what: string;
}

export interface ReservedResources {
  /** Lines a partition may not own: "hw interrupt line %d reserved for PRTOS" (checks.c:134-138). */
  readonly hwIrqs: readonly { readonly line: number; readonly what: string }[];
  /** "io-ports [0x%lx:%d] reserved for prtos ([0x%lx:%d])" (x86.c:59-66). */
  readonly ioPorts: readonly IoPortRange[];
  readonly physPages: readonly PhysPageRange[];
  /**
   * Whether the parser checks memory areas against `physPages` (checks.c:87: every port but
   * aarch64 and riscv64).
   */
  readonly physPagesChecked: boolean;
}

const X86_FAMILY_RESERVED: ReservedResources = {
  hwIrqs: [
    { line: 2, what: 'PIC cascade (pic.c)' },
    { line: 4, what: 'UART COM1 (pc_uart.c)' },
    { line: 24, what: 'local APIC timer (MAX_NO_IOINT + 0)' },
    { line: 26, what: 'halt-all IPI (MAX_NO_IOINT + 2)' },
    { line: 27, what: 'schedule IPI (MAX_NO_IOINT + 3)' },
  ],
  ioPorts: [
    { base: 0x20, count: 2, what: 'master PIC' },
    { base: 0xa0, count: 2, what: 'slave PIC' },
    { base: 0x3f8, count: 5, what: 'UART COM1' },
  ],
  physPages: [
    { address: 0xfed00000, pages: 1, what: 'HPET' },
    { address: 0xfee00000, pages: 1, what: 'local APIC' },
    { address: 0xfec00000, pages: 1, what: 'IO-APIC' },
  ],
  physPagesChecked: true,
};

const NOTHING_RESERVED = (physPagesChecked: boolean): ReservedResources => ({
  hwIrqs: [],
  ioPorts: [],
  physPages: [],
  physPagesChecked,
});

export const RESERVED: Readonly<Record<Arch, ReservedResources>> = {
  x86: X86_FAMILY_RESERVED,
  amd64: X86_FAMILY_RESERVED,
  riscv64: NOTHING_RESERVED(false),
  aarch64: NOTHING_RESERVED(false),
  loongarch64: NOTHING_RESERVED(true),
};

export function isReservedHwIrq(arch: Arch, line: number): boolean {
  return RESERVED[arch].hwIrqs.some((r) => r.line === line);
}

/**
 * How the parser treats `<IoPorts>`: accepted (x86, amd64 and — with nothing reserved — aarch64) or
 * rejected with a fixed message (riscv64.c:40-42, loongarch64.c:39-41). `<Restricted>` is rejected
 * everywhere it is accepted at all ("Restricted IoPorts not supported").
 */
export const IO_PORTS: Readonly<
  Record<Arch, { readonly allowed: true } | { readonly allowed: false; readonly message: string }>
> = {
  x86: { allowed: true },
  amd64: { allowed: true },
  aarch64: { allowed: true },
  riscv64: { allowed: false, message: 'IoPorts not supported on RISC-V' },
  loongarch64: { allowed: false, message: 'IoPorts not supported on LoongArch64' },
};

export type DeviceElement = 'MemoryBlock' | 'Uart' | 'Vga' | 'Null';

/** Device elements the XSD allows under `<Devices>` (Vga needs x86/amd64; MemoryBlock and Uart follow DEV_MEMBLOCK/DEV_UART, set everywhere). */
export const DEVICE_ELEMENTS: Readonly<Record<Arch, readonly DeviceElement[]>> = {
  x86: ['MemoryBlock', 'Uart', 'Vga', 'Null'],
  amd64: ['MemoryBlock', 'Uart', 'Vga', 'Null'],
  riscv64: ['MemoryBlock', 'Uart', 'Null'],
  aarch64: ['MemoryBlock', 'Uart', 'Null'],
  loongarch64: ['MemoryBlock', 'Uart', 'Null'],
};

/**
 * How `check_gp_param` validates a guest pointer (prtos-hypercalls §4.2, A13/A14):
 * - `probe`: below PRTOS_OFFSET (0xFC000000), then every touched page is probed in the caller's page
 *   table (present pages pass; read-only pages pass a write probe too);
 * - `belowOffset`: only `ptr < offset && ptr + size < offset` (aarch64);
 * - `none`: only the NULL test where requested; the address is then used modulo 2^32 as physical.
 */
export const GUEST_POINTER_CHECK: Readonly<Record<Arch, 'probe' | 'belowOffset' | 'none'>> = {
  x86: 'probe',
  amd64: 'probe',
  aarch64: 'belowOffset',
  riscv64: 'none',
  loongarch64: 'none',
};

/** Whether `reset_system` (hypercall or HM action) is implemented; elsewhere it panics "Unreachable point" (A35). */
export const SYSTEM_RESET_IMPLEMENTED: Readonly<Record<Arch, boolean>> = {
  x86: true,
  amd64: true,
  riscv64: false,
  aarch64: false,
  loongarch64: false,
};

/** A clock or timer device as the kernel announces it at boot (`>> HWClocks [name (khz)]`). */
export interface ClockDevice {
  readonly name: string;
  /** kHz; `undefined` where it is measured at boot and no recorded run tells us the value. */
  readonly khz: number | undefined;
}

/**
 * The system clock (`get_time(HW)`) and the per-CPU timer of each port. riscv64 (10 MHz `time`
 * CSR) and x86 (HPET at 100 MHz, local-APIC timer calibrated at boot: 31260 kHz in the recorded
 * helloworld run) are from the transcripts; loongarch64's 100 MHz is fixed in its timer.c; aarch64
 * reads CNTFRQ and amd64 measures its HPET, so their rates are not known here.
 */
export const HW_CLOCK: Readonly<Record<Arch, { readonly clock: ClockDevice; readonly timer: ClockDevice }>> =
  {
    x86: { clock: { name: 'HPET clock', khz: 100000 }, timer: { name: 'lapic timer', khz: undefined } },
    amd64: { clock: { name: 'HPET clock', khz: undefined }, timer: { name: 'lapic timer', khz: undefined } },
    riscv64: { clock: { name: 'riscv-clock', khz: 10000 }, timer: { name: 'riscv-timer', khz: 10000 } },
    aarch64: {
      clock: { name: 'aarch64-clock', khz: undefined },
      timer: { name: 'aarch64-timer', khz: undefined },
    },
    loongarch64: {
      clock: { name: 'loongarch-clock', khz: 100000 },
      timer: { name: 'loongarch-timer', khz: 100000 },
    },
  };

/**
 * Bounds the riscv64 timer driver applies to a programmed interval (µs): at least 10, at most
 * 1 s; an earlier wake-up just re-enters the scheduler (riscv64/timer.c:44-50, prtos-states §3.4).
 */
export const RISCV64_TIMER_INTERVAL_US = { min: 10, max: 1_000_000 } as const;

/** Every port is little-endian (CONFIG_TARGET_LITTLE_ENDIAN). */
export const LITTLE_ENDIAN = true;
