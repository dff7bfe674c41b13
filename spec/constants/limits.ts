/**
 * Build configuration and limits: the CONFIG_* values of the builds the recorded runs used, and
 * the bounds the configuration parser enforces with them.
 *
 * Where a value comes from (PRTOS tree): core/kernel/<arch>/defconfig first; a symbol the defconfig
 * does not mention takes its Kconfig default (core/kernel/Kconfig, core/kernel/<arch>/Kconfig,
 * core/objects/Kconfig, core/drivers/Kconfig); core/include/config.h:28 fixes
 * CONFIG_MAX_NO_CUSTOMFILES; core/include/prtosconf.h:207-209 forces CONFIG_DEV_NO_UARTS = 2 on
 * the non-x86 ports. prtos-states "Conventions / Build configuration" confirms the x86 and
 * riscv64 values against the recorded builds. aarch64's defconfig stops after UART_TIMEOUT, so
 * everything after it there is a Kconfig default (notably NO_GCC_OPT = y).
 *
 * The options that change behaviour, and where it shows:
 * - DEBUG: ASSERTs are live and end in system_panic (A5, A19/A38, A26b become system halts);
 * - VERBOSE_TRAP: `[TRAP] …` lines and CPU dumps on the console, also on the fast propagate path;
 * - OBJ_HM_VERBOSE: the `[HM] …` lines;
 * - OBJ_STATUS_ACC: status counters; y on x86/amd64, n elsewhere, so riscv64 counters stay 0;
 * - HWIRQ_PRIO_FBS: lowest pending bit is delivered first;
 * - APIC (x86/amd64): 32 hardware lines instead of 16, and the reserved lines of archParams.ts;
 * - AUDIT_EVENTS: audit records in the hypervisor trace stream.
 */
import type { Arch } from './arch.js';

export interface BuildConfig {
  readonly NO_CPUS: number;
  readonly MAX_NO_VCPUS: number;
  readonly PRTOS_MAX_IPVI: number;
  readonly MAX_NO_KTHREADS: number;
  readonly NO_HWIRQS: number;
  readonly ID_STRING_LENGTH: number;
  readonly DEV_NO_UARTS: number;
  readonly KSTACK_KB: number;
  readonly MAX_NO_CUSTOMFILES: number;
  readonly UART_TIMEOUT: number;
  /** x86/amd64 only: GDT entries a partition may load (load_gdt / update_gdt bound). */
  readonly PARTITION_NO_GDT_ENTRIES: number | undefined;
  /** x86/amd64 only: IO-APIC inputs; the local-APIC lines are numbered from here. */
  readonly MAX_NO_IOINT: number | undefined;
  readonly DEBUG: boolean;
  readonly VERBOSE_TRAP: boolean;
  readonly OBJ_HM_VERBOSE: boolean;
  readonly AUDIT_EVENTS: boolean;
  readonly SMP: boolean;
  readonly HWIRQ_PRIO_FBS: boolean;
  readonly OBJ_STATUS_ACC: boolean;
  readonly OBJ_COMM_PORTS: boolean;
  readonly OBJ_RAW_MEM: boolean;
  readonly OBJ_STATUS: boolean;
  readonly MMU: boolean;
  readonly VMM_UPDATE_HYPERCALLS: boolean;
  readonly PEF_COMPRESSION: boolean;
  readonly DEV_UART: boolean;
  readonly DEV_VGA: boolean;
  readonly DEV_MEMBLOCK: boolean;
  readonly APIC: boolean;
  readonly HPET_CLOCK: boolean;
  /** amd64 only: VT-x partitions (Kconfig default y). */
  readonly VMX: boolean;
}

const COMMON = {
  NO_CPUS: 4,
  MAX_NO_VCPUS: 4,
  PRTOS_MAX_IPVI: 8,
  MAX_NO_KTHREADS: 255,
  NO_HWIRQS: 32,
  ID_STRING_LENGTH: 16,
  DEV_NO_UARTS: 2,
  KSTACK_KB: 8,
  MAX_NO_CUSTOMFILES: 3,
  UART_TIMEOUT: 200,
  DEBUG: true,
  VERBOSE_TRAP: true,
  OBJ_HM_VERBOSE: true,
  AUDIT_EVENTS: true,
  SMP: true,
  HWIRQ_PRIO_FBS: true,
  OBJ_COMM_PORTS: true,
  OBJ_RAW_MEM: true,
  OBJ_STATUS: true,
  MMU: true,
  VMM_UPDATE_HYPERCALLS: true,
  PEF_COMPRESSION: true,
  DEV_UART: true,
  DEV_MEMBLOCK: true,
} as const;

const X86_FAMILY = {
  ...COMMON,
  PARTITION_NO_GDT_ENTRIES: 32,
  MAX_NO_IOINT: 24,
  OBJ_STATUS_ACC: true,
  DEV_VGA: true,
  APIC: true,
  HPET_CLOCK: true,
} as const;

const OTHERS = {
  ...COMMON,
  PARTITION_NO_GDT_ENTRIES: undefined,
  MAX_NO_IOINT: undefined,
  OBJ_STATUS_ACC: false,
  DEV_VGA: false,
  APIC: false,
  HPET_CLOCK: false,
  VMX: false,
} as const;

export const BUILD_CONFIG: Readonly<Record<Arch, BuildConfig>> = {
  x86: { ...X86_FAMILY, VMX: false },
  amd64: { ...X86_FAMILY, VMX: true },
  riscv64: OTHERS,
  aarch64: OTHERS,
  loongarch64: OTHERS,
};

/**
 * Bounds the configuration parser checks, with the message it prints (user/tools/prtoscparser:
 * process_xml.c:301, :642, :743; checks.c:166, :262; conv.c:55-82, :279; the XSD's `hwIrqId_t`).
 * Messages are kprintf formats; validators substitute the value.
 */
export interface ParserLimit {
  /** Largest accepted value. */
  readonly max: number;
  readonly message: string;
}

export interface ParserLimits {
  readonly processors: ParserLimit;
  readonly vcpusPerPartition: ParserLimit;
  readonly kthreads: ParserLimit;
  readonly ipviId: ParserLimit;
  readonly uartId: ParserLimit;
  readonly hwIrqLine: ParserLimit;
}

export function parserLimits(arch: Arch): ParserLimits {
  const c = BUILD_CONFIG[arch];
  return {
    processors: { max: c.NO_CPUS, message: 'no more than %d cpus are supported' },
    vcpusPerPartition: {
      max: c.MAX_NO_VCPUS,
      message: 'too many virtual Cpus (%d) allocated to the partition',
    },
    kthreads: {
      max: c.MAX_NO_KTHREADS,
      message:
        'prtos only supports a maximum of %d kthreads, the configuration file defines a total of %d kthreads',
    },
    /**
     * The parser tests `id > CONFIG_PRTOS_MAX_IPVI`, so id 8 is accepted although only 0..7 exist
     * (negative case IV02); the kernel then has no slot for it.
     */
    ipviId: { max: c.PRTOS_MAX_IPVI, message: 'Invalid ipvi id %d' },
    uartId: { max: c.DEV_NO_UARTS - 1, message: 'invalid uart id %d' },
    hwIrqLine: { max: c.NO_HWIRQS - 1, message: 'invalid hw interrupt line (%d)' },
  };
}

/**
 * Times, sizes and frequencies must stay below UINT_MAX after unit conversion (conv.c:55,68,82:
 * `d >= UINT_MAX` is an error), so the largest accepted value is 0xfffffffe.
 */
export const PARSER_U32_MAX_ACCEPTED = 0xfffffffe;

/** Largest object id and partition field a descriptor can carry (10 bits each, objects.ts). */
export const MAX_DESCRIPTOR_ID = 0x3ff;
/** Partition ids beyond 8 bits do not fit a kthread id or an HM/trace op code. */
export const MAX_PARTITION_ID_IN_KTHREAD = 0xff;
