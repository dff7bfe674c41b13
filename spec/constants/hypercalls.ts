/**
 * The hypercall table: every hypercall number, its argument list, who may call it, and in which
 * table slot of which architecture it sits.
 *
 * Source: prtos-hypercalls §2 (dispatch and trap ABI) and §3 (the table and one section per call),
 * prtos-states Appendix A. PRTOS: numbers in core/include/<arch>/hypercalls.h:13-65; table slots in
 * core/kernel/x86/hypercalls.c:276-325, core/kernel/amd64/hypercalls.c:279-328,
 * core/kernel/{riscv64,aarch64,loongarch64}/hypercalls.c:41-90; handler prototypes (the argument
 * lists below) in core/kernel/hypercalls.c, core/kernel/mmu/hypercalls.c and
 * core/kernel/x86/hypercalls.c.
 *
 * Why per architecture: the numbering is the same on all five ports, but which slots are filled
 * differs (x86 and amd64 fill 20-22, 25 and 33-43; the others leave them empty and answer -1), the
 * argument count recorded in the flags table differs (reset_partition: 3 on riscv64, 1 on x86), and
 * the width of `id`, `address`, `word` and `size` arguments differs (prtos-hypercalls
 * "Conventions"). The argument count in the table is what the riscv64/aarch64/loongarch64
 * dispatcher passes and what multicall checks; the x86 handlers read all five registers whatever
 * the table says (§2.2), so the table count matters there only to multicall and audit.
 *
 * This file holds facts only; what each call does is the model's and the kernel's business.
 */
import { ARCHES, WORD_BITS, type Arch } from './arch.js';
import { RETURN_CODES } from './returnCodes.js';

/** Number of real table slots (0..43); `nr >= NR_HYPERCALLS` is not a table entry (hypercalls.h:64). */
export const NR_HYPERCALLS = 44;

/**
 * Pseudo hypercalls handled in the trap handler before the table, on riscv64, aarch64 and
 * loongarch64 only (prtos-hypercalls §2.2; riscv64/hypercalls.h:69-72, riscv64/traps.c:161-185).
 * IRET returns from a virtual interrupt; RAISE_TRAP raises trap `a1` against the caller. Neither
 * writes a return code: the caller's a0 keeps the number (A52).
 */
export const PRTOS_IRET_NR = NR_HYPERCALLS;
export const PRTOS_RAISE_TRAP_NR = NR_HYPERCALLS + 1;
export const PSEUDO_HYPERCALL_ARCHES: readonly Arch[] = ['riscv64', 'aarch64', 'loongarch64'];

/**
 * What an unknown number or an empty slot returns: -1 (NO_ACTION) on every para-virtual path (A11),
 * -2 (UNKNOWN_HYPERCALL) only through amd64 `vmcall` from a hardware-virtualised guest.
 */
export const PARAVIRT_UNKNOWN_HYPERCALL_RESULT = RETURN_CODES.NO_ACTION;
export const VMX_UNKNOWN_HYPERCALL_RESULT = RETURN_CODES.UNKNOWN_HYPERCALL;

/** x86 and amd64 print this (kprintf format) for an unknown or empty slot; the others stay silent (§2.3). */
export const UNKNOWN_HYPERCALL_FORMAT = 'Hypercall (%d) unknown';
/**
 * What the console shows for an unknown hypercall: x86 prints the number; amd64 prints the same
 * text with an unrelated number, because the number register is overwritten before the call
 * (A50, amd64/entry.S:284-285); the other ports print nothing.
 */
export const UNKNOWN_HYPERCALL_CONSOLE: Readonly<Record<Arch, 'number' | 'garbage' | 'nothing'>> = {
  x86: 'number',
  amd64: 'garbage',
  riscv64: 'nothing',
  aarch64: 'nothing',
  loongarch64: 'nothing',
};

/**
 * riscv64 only: an `ecall` with a7 == 0 and a0 above this number is the legacy SBI set_timer, not a
 * hypercall; a0 is left unchanged (riscv64/traps.c:145-157, anomaly A1/A12 of the notes).
 */
export const RISCV64_SBI_LEGACY_ABOVE = PRTOS_RAISE_TRAP_NR;

/** The flags word of a table slot: argument count in the low 4 bits (`nargs = flags & 0xF`). */
export const HYPERCALL_FLAGS_ARGS_MASK = 0xf;
/** Bit of the flags word meaning "copy the handler's result into the result register" (erratum 5: bit 63 on amd64). */
export const HYPERCALL_RETURNS_VALUE_BIT: Readonly<Record<Arch, 31 | 63>> = {
  x86: 31,
  amd64: 63,
  riscv64: 31,
  aarch64: 31,
  loongarch64: 31,
};

/** How a guest enters the hypervisor (prtos-hypercalls §2.2). */
export interface HypercallAbi {
  readonly instruction: string;
  readonly numberRegister: string;
  readonly argRegisters: readonly string[];
  readonly resultRegister: string;
  /** How a guest returns from a virtual interrupt handler. */
  readonly iret: string;
}

export const HYPERCALL_ABI: Readonly<Record<Arch, HypercallAbi>> = {
  x86: {
    instruction: 'lcall PRTOS_HYPERCALL_CALLGATE_SEL',
    numberRegister: 'eax',
    argRegisters: ['ebx', 'ecx', 'edx', 'esi', 'edi'],
    resultRegister: 'eax',
    iret: 'lcall PRTOS_IRET_CALLGATE_SEL',
  },
  amd64: {
    instruction: 'int $0x82',
    numberRegister: 'rax',
    argRegisters: ['rbx', 'rcx', 'rdx', 'rsi', 'rdi'],
    resultRegister: 'rax',
    iret: 'int $0x83',
  },
  riscv64: {
    instruction: 'ecall',
    numberRegister: 'a0',
    argRegisters: ['a1', 'a2', 'a3', 'a4', 'a5'],
    resultRegister: 'a0',
    iret: 'ecall with a0 = 44',
  },
  aarch64: {
    instruction: 'hvc #0',
    numberRegister: 'x0',
    argRegisters: ['x1', 'x2', 'x3', 'x4', 'x5'],
    resultRegister: 'x0',
    iret: 'hvc #0 with x0 = 44',
  },
  loongarch64: {
    instruction: 'syscall 0',
    numberRegister: '$a0',
    argRegisters: ['$a1', '$a2', '$a3', '$a4', '$a5'],
    resultRegister: '$a0',
    iret: 'syscall 0 with $a0 = 44',
  },
};

/** Argument types of the handler prototypes, by what decides their width. */
export type HypercallArgType =
  | 'u8'
  | 'u16'
  | 'u32'
  | 's32'
  /** `prtos_id_t`: 32-bit on x86/amd64, 64-bit elsewhere; unsigned everywhere. */
  | 'id'
  /** `prtos_address_t`, `prtos_word_t`, `prtos_u_size_t` and guest pointers: the word. */
  | 'address'
  | 'word'
  | 'uSize'
  | 'pointer'
  /** `prtos_time_t`: signed 64-bit µs on every port. */
  | 'time'
  /** `prtos_obj_desc_t`: u32 (objdir.h:12). */
  | 'objDesc';

export type ArgBits = 8 | 16 | 32 | 64;

/** Width of an argument type on an architecture (prtos-hypercalls "Conventions"; <arch>/arch_types.h:34-42). */
export function argTypeBits(arch: Arch, type: HypercallArgType): ArgBits {
  switch (type) {
    case 'u8':
      return 8;
    case 'u16':
      return 16;
    case 'u32':
    case 's32':
    case 'objDesc':
      return 32;
    case 'time':
      return 64;
    case 'id':
      return arch === 'x86' || arch === 'amd64' ? 32 : 64;
    case 'address':
    case 'word':
    case 'uSize':
    case 'pointer':
      return WORD_BITS[arch];
  }
}

/**
 * Registers an argument occupies. On i386 a 64-bit time takes two consecutive argument registers
 * (low word first), which is why x86 libprtos passes set_timer as five words against a table count
 * of 3 (A10, user/libprtos/x86/hypercalls.c:86).
 */
export function argTypeRegisters(arch: Arch, type: HypercallArgType): 1 | 2 {
  return arch === 'x86' && type === 'time' ? 2 : 1;
}

export interface HypercallArg {
  readonly name: string;
  readonly type: HypercallArgType;
  /** The C type in the kernel handler's prototype. */
  readonly cType: string;
}

/**
 * Who may make the call take effect (prtos-hypercalls §3.1): `own` acts only on the caller's
 * partition or vCPU; `own|sys` acts on the caller's own partition freely and on others only for a
 * system partition; `sys` needs a system partition; `any` has no permission check (the effect is
 * on the caller); `per-object` leaves the decision to the object class (§5).
 */
export type HypercallWho = 'own' | 'own|sys' | 'sys' | 'any' | 'per-object';

export type HypercallReturn = 's32' | 'id' | 'void';

/** One table slot of one architecture. */
export interface HypercallSlot {
  readonly handler: string;
  /** The argument count in the flags table. */
  readonly tableArgs: number;
  /** Flags bit "returns a value" (false only for x86/amd64 42 and 43: the result register keeps the number, A51). */
  readonly returnsValue: boolean;
}

function arg(name: string, type: HypercallArgType, cType: string): HypercallArg {
  return { name, type, cType };
}

const ID = (name: string) => arg(name, 'id', 'prtos_id_t');
const U32 = (name: string) => arg(name, 'u32', 'prtos_u32_t');

/** Which ports fill a slot: every port, or x86 and amd64 only. */
type Ports = 'all' | 'x86-family';

interface HypercallDecl {
  readonly nr: number;
  readonly name: string;
  readonly handler: string;
  /** amd64 names its processor hypercall handlers `amd64_*` (amd64/hypercalls.c:318-328). */
  readonly amd64Handler?: string;
  readonly args: readonly HypercallArg[];
  readonly returns: HypercallReturn;
  readonly who: HypercallWho;
  readonly ports: Ports;
  readonly tableArgs: number;
  /** Table count on x86/amd64 when it differs from the riscv64 family (only reset_partition, A10). */
  readonly tableArgsX86?: number;
  /** Which ports' libprtos define a `prtos_<name>` wrapper (§7.1). */
  readonly libprtos: Ports;
  readonly section: string;
  /** The handler's definition in PRTOS. */
  readonly source: string;
  readonly note?: string;
}

const HC = 'core/kernel/hypercalls.c';
const MMU = 'core/kernel/mmu/hypercalls.c';
const X86 = 'core/kernel/x86/hypercalls.c';
const S = (n: string) => `prtos-hypercalls §${n}`;

const DECLS = [
  {
    nr: 0,
    name: 'multicall',
    handler: 'multi_call_sys',
    args: [arg('start_addr', 'pointer', 'void *'), arg('end_addr', 'pointer', 'void *')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 0,
    libprtos: 'all',
    section: S('3.2'),
    source: `${HC}:31`,
    note: 'The table says 0 arguments on every port (A5): the riscv64 family calls it with none, x86 passes all registers.',
  },
  {
    nr: 1,
    name: 'halt_partition',
    handler: 'halt_part_sys',
    args: [ID('partition_id')],
    returns: 's32',
    who: 'own|sys',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.3'),
    source: `${HC}:61`,
  },
  {
    nr: 2,
    name: 'suspend_partition',
    handler: 'suspend_part_sys',
    args: [ID('partition_id')],
    returns: 's32',
    who: 'own|sys',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.4'),
    source: `${HC}:254`,
  },
  {
    nr: 3,
    name: 'resume_partition',
    handler: 'resume_part_sys',
    args: [ID('partition_id')],
    returns: 's32',
    who: 'sys',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.5'),
    source: `${HC}:277`,
    note: 'The caller itself as target → NO_ACTION, checked before the permission check.',
  },
  {
    nr: 4,
    name: 'reset_partition',
    handler: 'reset_partition_sys',
    args: [ID('partition_id'), U32('reset_mode'), U32('status')],
    returns: 's32',
    who: 'own|sys',
    ports: 'all',
    tableArgs: 3,
    tableArgsX86: 1,
    libprtos: 'all',
    section: S('3.6'),
    source: `${HC}:299`,
    note: 'x86/amd64 tables declare 1 argument (A10); their dispatcher still passes all registers.',
  },
  {
    nr: 5,
    name: 'shutdown_partition',
    handler: 'shutdown_partition_sys',
    args: [ID('partition_id')],
    returns: 's32',
    who: 'own|sys',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.7'),
    source: `${HC}:317`,
  },
  {
    nr: 6,
    name: 'halt_system',
    handler: 'halt_system_sys',
    args: [],
    returns: 's32',
    who: 'sys',
    ports: 'all',
    tableArgs: 0,
    libprtos: 'all',
    section: S('3.8'),
    source: `${HC}:186`,
  },
  {
    nr: 7,
    name: 'reset_system',
    handler: 'reset_system_sys',
    args: [U32('reset_mode')],
    returns: 's32',
    who: 'sys',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.9'),
    source: `${HC}:200`,
    note: 'No reset path on riscv64/aarch64/loongarch64: ends in system_panic (A35).',
  },
  {
    nr: 8,
    name: 'idle_self',
    handler: 'idle_self_sys',
    args: [],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 0,
    libprtos: 'all',
    section: S('3.10'),
    source: `${HC}:330`,
  },
  {
    nr: 9,
    name: 'get_time',
    handler: 'get_time_sys',
    args: [U32('clock_id'), arg('time', 'pointer', 'prtos_time_t *')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.11'),
    source: `${HC}:381`,
  },
  {
    nr: 10,
    name: 'set_timer',
    handler: 'set_timer_sys',
    args: [U32('clock_id'), arg('abs_time', 'time', 'prtos_time_t'), arg('interval', 'time', 'prtos_time_t')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 3,
    libprtos: 'all',
    section: S('3.12'),
    source: `${HC}:345`,
  },
  {
    nr: 11,
    name: 'read_object',
    handler: 'read_object_sys',
    args: [
      arg('obj_desc', 'objDesc', 'prtos_obj_desc_t'),
      arg('buffer', 'pointer', 'void *'),
      arg('size', 'uSize', 'prtos_u_size_t'),
      arg('flags', 'pointer', 'prtos_u32_t *'),
    ],
    returns: 's32',
    who: 'per-object',
    ports: 'all',
    tableArgs: 4,
    libprtos: 'all',
    section: S('3.13'),
    source: `${HC}:499`,
  },
  {
    nr: 12,
    name: 'write_object',
    handler: 'write_object_sys',
    args: [
      arg('obj_desc', 'objDesc', 'prtos_obj_desc_t'),
      arg('buffer', 'pointer', 'void *'),
      arg('size', 'uSize', 'prtos_u_size_t'),
      arg('flags', 'pointer', 'prtos_u32_t *'),
    ],
    returns: 's32',
    who: 'per-object',
    ports: 'all',
    tableArgs: 4,
    libprtos: 'all',
    section: S('3.13'),
    source: `${HC}:516`,
  },
  {
    nr: 13,
    name: 'seek_object',
    handler: 'seek_object_sys',
    args: [
      arg('obj_desc', 'objDesc', 'prtos_obj_desc_t'),
      arg('offset', 'address', 'prtos_address_t'),
      U32('whence'),
    ],
    returns: 's32',
    who: 'per-object',
    ports: 'all',
    tableArgs: 3,
    libprtos: 'all',
    section: S('3.13'),
    source: `${HC}:532`,
    note: 'The objects narrow offset to 32 bits and use it as signed.',
  },
  {
    nr: 14,
    name: 'ctrl_object',
    handler: 'ctrl_object_sys',
    args: [arg('obj_desc', 'objDesc', 'prtos_obj_desc_t'), U32('cmd'), arg('arg', 'pointer', 'void *')],
    returns: 's32',
    who: 'per-object',
    ports: 'all',
    tableArgs: 3,
    libprtos: 'all',
    section: S('3.13'),
    source: `${HC}:548`,
  },
  {
    nr: 15,
    name: 'clear_irqmask',
    handler: 'clear_irq_mask_sys',
    args: [U32('hw_irqs_mask'), U32('ext_irqs_mask')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.14'),
    source: `${HC}:400`,
    note: 'The kernel and libprtos call the second argument ext_irqs_pend; it is the extended mask bits to clear.',
  },
  {
    nr: 16,
    name: 'set_irqmask',
    handler: 'set_irq_mask_sys',
    args: [U32('hw_irqs_mask'), U32('ext_irqs_mask')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.15'),
    source: `${HC}:418`,
  },
  {
    nr: 17,
    name: 'set_irqpend',
    handler: 'force_irqs_sys',
    args: [U32('hw_irq_mask'), U32('ext_irq_mask')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.16'),
    source: `${HC}:435`,
  },
  {
    nr: 18,
    name: 'clear_irqpend',
    handler: 'clear_irqs_sys',
    args: [U32('hw_irq_mask'), U32('ext_irq_mask')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.17'),
    source: `${HC}:459`,
  },
  {
    nr: 19,
    name: 'route_irq',
    handler: 'route_irq_sys',
    args: [U32('type'), U32('irq'), arg('vector', 'u16', 'prtos_u16_t')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 3,
    libprtos: 'all',
    section: S('3.18'),
    source: `${HC}:477`,
  },
  {
    nr: 20,
    name: 'update_page32',
    handler: 'update_page32_sys',
    args: [arg('p_addr', 'address', 'prtos_address_t'), U32('val')],
    returns: 's32',
    who: 'own',
    ports: 'x86-family',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.19'),
    source: `${MMU}:262`,
    note: 'Acts on pages of the caller only; libprtos defines the wrapper on every port (empty slot → -1 off x86).',
  },
  {
    nr: 21,
    name: 'set_page_type',
    handler: 'set_page_type_sys',
    args: [arg('p_addr', 'address', 'prtos_address_t'), U32('type')],
    returns: 's32',
    who: 'own',
    ports: 'x86-family',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.20'),
    source: `${MMU}:285`,
  },
  {
    nr: 22,
    name: 'invld_tlb',
    handler: 'invald_tlb_sys',
    args: [arg('v_addr', 'word', 'prtos_word_t')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.21'),
    source: `${MMU}:315`,
  },
  {
    nr: 23,
    name: 'raise_ipvi',
    handler: 'raise_ipvi_sys',
    args: [arg('ipvi_number', 'u8', 'prtos_u8_t')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.22'),
    source: `${HC}:603`,
    note: 'The targets come from the caller’s configured IPVI table.',
  },
  {
    nr: 24,
    name: 'raise_partition_ipvi',
    handler: 'raise_part_ipvi_sys',
    args: [ID('partition_id'), arg('ipvi_number', 'u8', 'prtos_u8_t')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.23'),
    source: `${HC}:565`,
    note: 'The target must be a configured destination of that IPVI.',
  },
  {
    nr: 25,
    name: 'override_trap_hndl',
    handler: 'override_trap_handle_sys',
    args: [arg('entry', 's32', 'prtos_s32_t'), arg('handler', 'pointer', 'struct trap_handler *')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 2,
    libprtos: 'x86-family',
    section: S('3.24'),
    source: `${X86}:271`,
    note: 'A stub: returns OK with no check and no effect.',
  },
  {
    nr: 26,
    name: 'switch_sched_plan',
    handler: 'switch_sched_plan_sys',
    args: [U32('new_plan_id'), arg('current_plan_id', 'pointer', 'prtos_u32_t *')],
    returns: 's32',
    who: 'sys',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'all',
    section: S('3.25'),
    source: `${HC}:234`,
  },
  {
    nr: 27,
    name: 'get_gid_by_name',
    handler: 'get_gid_by_name_sys',
    args: [arg('name', 'pointer', 'prtos_u8_t *'), U32('entity')],
    returns: 's32',
    who: 'any',
    ports: 'all',
    tableArgs: 2,
    libprtos: 'x86-family',
    section: S('3.26'),
    source: `${HC}:634`,
    note: 'No libprtos wrapper on riscv64/aarch64/loongarch64 (A47); the slot exists on every port.',
  },
  {
    nr: 28,
    name: 'reset_vcpu',
    handler: 'reset_vcpu_sys',
    args: [
      ID('vcpu_id'),
      arg('ptd_level_1', 'address', 'prtos_address_t'),
      arg('entry', 'address', 'prtos_address_t'),
      U32('status'),
    ],
    returns: 's32',
    who: 'own',
    ports: 'all',
    tableArgs: 4,
    libprtos: 'all',
    section: S('3.27'),
    source: `${HC}:138`,
  },
  {
    nr: 29,
    name: 'halt_vcpu',
    handler: 'halt_vcpu_sys',
    args: [ID('vcpu_id')],
    returns: 's32',
    who: 'own',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.28'),
    source: `${HC}:168`,
  },
  {
    nr: 30,
    name: 'suspend_vcpu',
    handler: 'suspend_vcpu_sys',
    args: [ID('vcpu_id')],
    returns: 's32',
    who: 'own',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.29'),
    source: `${HC}:95`,
    note: 'Guard inverted in the real kernel (A1).',
  },
  {
    nr: 31,
    name: 'resume_vcpu',
    handler: 'resume_vcpu_sys',
    args: [ID('vcpu_id')],
    returns: 's32',
    who: 'own',
    ports: 'all',
    tableArgs: 1,
    libprtos: 'all',
    section: S('3.29'),
    source: `${HC}:114`,
    note: 'Guard inverted in the real kernel (A2).',
  },
  {
    nr: 32,
    name: 'get_vcpuid',
    handler: 'get_vcpuid_sys',
    args: [],
    returns: 'id',
    who: 'any',
    ports: 'all',
    tableArgs: 0,
    libprtos: 'all',
    section: S('3.31'),
    source: `${HC}:163`,
  },
  {
    nr: 33,
    name: 'x86_load_cr0',
    handler: 'x86_load_cr0_sys',
    amd64Handler: 'amd64_load_cr0_sys',
    args: [arg('val', 'word', 'prtos_word_t')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:58`,
  },
  {
    nr: 34,
    name: 'x86_load_cr3',
    handler: 'x86_load_cr3_sys',
    amd64Handler: 'amd64_load_cr3_sys',
    args: [arg('val', 'word', 'prtos_word_t')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:71`,
  },
  {
    nr: 35,
    name: 'x86_load_cr4',
    handler: 'x86_load_cr4_sys',
    amd64Handler: 'amd64_load_cr4_sys',
    args: [arg('val', 'word', 'prtos_word_t')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:98`,
  },
  {
    nr: 36,
    name: 'x86_load_tss',
    handler: 'x86_load_tss32_sys',
    amd64Handler: 'amd64_load_tss_sys',
    args: [arg('t', 'pointer', 'struct x86_tss *')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:110`,
  },
  {
    nr: 37,
    name: 'x86_load_gdt',
    handler: 'x86_load_gdt_sys',
    amd64Handler: 'amd64_load_gdt_sys',
    args: [arg('desc', 'pointer', 'struct x86_desc_reg *')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:135`,
  },
  {
    nr: 38,
    name: 'x86_load_idtr',
    handler: 'x86_load_idtr_sys',
    amd64Handler: 'amd64_load_idtr_sys',
    args: [arg('desc', 'pointer', 'struct x86_desc_reg *')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 1,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:157`,
  },
  {
    nr: 39,
    name: 'x86_update_ss_sp',
    handler: 'x86_update_ss_sp_sys',
    amd64Handler: 'amd64_update_ss_sp_sys',
    args: [arg('ss', 'word', 'prtos_word_t'), arg('sp', 'word', 'prtos_word_t'), U32('level')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 3,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:168`,
  },
  {
    nr: 40,
    name: 'x86_update_gdt',
    handler: 'x86_update_gdt_sys',
    amd64Handler: 'amd64_update_gdt_sys',
    args: [arg('entry', 's32', 'prtos_s32_t'), arg('gdt', 'pointer', 'struct x86_desc *')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 2,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:191`,
  },
  {
    nr: 41,
    name: 'x86_update_idt',
    handler: 'x86_update_idt_sys',
    amd64Handler: 'amd64_update_idt_sys',
    args: [arg('entry', 's32', 'prtos_s32_t'), arg('desc', 'pointer', 'struct x86_gate *')],
    returns: 's32',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 2,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:227`,
  },
  {
    nr: 42,
    name: 'x86_set_if',
    handler: 'x86_set_if_sys',
    amd64Handler: 'amd64_set_if_sys',
    args: [],
    returns: 'void',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 0,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:240`,
  },
  {
    nr: 43,
    name: 'x86_clear_if',
    handler: 'x86_clear_if_sys',
    amd64Handler: 'amd64_clear_if_sys',
    args: [],
    returns: 'void',
    who: 'any',
    ports: 'x86-family',
    tableArgs: 0,
    libprtos: 'x86-family',
    section: S('3.32'),
    source: `${X86}:245`,
  },
] as const satisfies readonly HypercallDecl[];

export type HypercallName = (typeof DECLS)[number]['name'];
export type HypercallNr = (typeof DECLS)[number]['nr'];

/** A hypercall as the contract knows it, on all ports at once. */
export interface Hypercall {
  readonly nr: HypercallNr;
  readonly name: HypercallName;
  readonly args: readonly HypercallArg[];
  readonly returns: HypercallReturn;
  readonly who: HypercallWho;
  /** The filled table slot of each port that has one. */
  readonly slots: Readonly<Partial<Record<Arch, HypercallSlot>>>;
  /** Ports whose libprtos defines `prtos_<name>`. */
  readonly libprtos: readonly Arch[];
  readonly section: string;
  readonly source: string;
  readonly note?: string;
}

const X86_FAMILY: readonly Arch[] = ['x86', 'amd64'];

function portsOf(p: Ports): readonly Arch[] {
  return p === 'all' ? ARCHES : X86_FAMILY;
}

function build(d: HypercallDecl & { nr: HypercallNr; name: HypercallName }): Hypercall {
  const slots: Partial<Record<Arch, HypercallSlot>> = {};
  for (const a of portsOf(d.ports)) {
    const x86Family = a === 'x86' || a === 'amd64';
    slots[a] = {
      handler: a === 'amd64' && d.amd64Handler !== undefined ? d.amd64Handler : d.handler,
      tableArgs: x86Family && d.tableArgsX86 !== undefined ? d.tableArgsX86 : d.tableArgs,
      returnsValue: d.returns !== 'void',
    };
  }
  const h: Hypercall = {
    nr: d.nr,
    name: d.name,
    args: d.args,
    returns: d.returns,
    who: d.who,
    slots,
    libprtos: portsOf(d.libprtos),
    section: d.section,
    source: d.source,
  };
  return d.note === undefined ? h : { ...h, note: d.note };
}

/** All 44 table entries, indexed by number. */
export const HYPERCALLS: readonly Hypercall[] = DECLS.map(build);

/** A hypercall as one port sees it: the contract entry plus that port's slot and argument widths. */
export interface HypercallOnArch extends Hypercall, HypercallSlot {
  readonly arch: Arch;
  readonly argBits: readonly ArgBits[];
  /** Argument registers the full argument list occupies (5 for set_timer on x86). */
  readonly argRegisters: number;
}

const BY_ARCH: ReadonlyMap<Arch, ReadonlyMap<number, HypercallOnArch>> = new Map(
  ARCHES.map((arch) => {
    const m = new Map<number, HypercallOnArch>();
    for (const h of HYPERCALLS) {
      const slot = h.slots[arch];
      if (slot === undefined) continue;
      m.set(h.nr, {
        ...h,
        ...slot,
        arch,
        argBits: h.args.map((a) => argTypeBits(arch, a.type)),
        argRegisters: h.args.reduce((n, a) => n + argTypeRegisters(arch, a.type), 0),
      });
    }
    return [arch, m] as const;
  }),
);

const BY_NAME: ReadonlyMap<string, Hypercall> = new Map(HYPERCALLS.map((h) => [h.name, h]));

/**
 * The filled table slot `nr` of `arch`, or `undefined` when the dispatcher would answer -1: an
 * empty slot, a number ≥ 44 (IRET and RAISE_TRAP are not table entries), or not an integer.
 */
export function hypercallByNumber(arch: Arch, nr: number): HypercallOnArch | undefined {
  return BY_ARCH.get(arch)?.get(nr);
}

export function hypercallByName(name: string): Hypercall | undefined {
  return BY_NAME.get(name);
}

/** The hypercalls `arch` has a handler for, in number order. */
export function hypercallsOf(arch: Arch): readonly HypercallOnArch[] {
  return [...(BY_ARCH.get(arch)?.values() ?? [])];
}

/** The raw flags word of a filled slot as the kernel stores it (bigint, because amd64 uses bit 63). */
export function hypercallFlagsWord(arch: Arch, nr: number): bigint | undefined {
  const h = hypercallByNumber(arch, nr);
  if (h === undefined) return undefined;
  const flag = h.returnsValue ? 1n << BigInt(HYPERCALL_RETURNS_VALUE_BIT[arch]) : 0n;
  return flag | BigInt(h.tableArgs);
}
