/**
 * The object directory: object classes, the 32-bit object descriptor, and which operations each
 * class implements.
 *
 * read_object / write_object / seek_object / ctrl_object (hypercalls 11-14) name their target with
 * a descriptor; the dispatcher takes the class from it, rejects classes ≥ 8 with INVALID_PARAM and
 * answers OP_NOT_ALLOWED where the class has no handler for the operation (prtos-hypercalls §3.13,
 * §5.1; PRTOS core/include/objdir.h:12-59, core/kernel/hypercalls.c:499-563, the `struct object`
 * of each file in core/objects/). The validity bit is never checked (A56).
 */
import { RETURN_CODES } from './returnCodes.js';

export const OBJ_CLASSES = [
  'NULL',
  'CONSOLE',
  'TRACE',
  'SAMPLING_PORT',
  'QUEUING_PORT',
  'MEM',
  'HM',
  'STATUS',
] as const;
export type ObjClassName = (typeof OBJ_CLASSES)[number];

/** Class numbers (`OBJ_CLASS_*`). */
export const OBJ_CLASS: Readonly<Record<ObjClassName, number>> = Object.fromEntries(
  OBJ_CLASSES.map((c, i) => [c, i]),
) as Record<ObjClassName, number>;

export const OBJ_NO_CLASSES = OBJ_CLASSES.length;

/** Partition field meaning "the hypervisor" (HM log, hypervisor trace, system status; guest.h:12). */
export const PRTOS_HYPERVISOR_ID = 0xff;
/** Memory-copy id meaning "do not validate this side" (guest.h:13); usable by system partitions only. */
export const UNCHECKED_ID = 0xff;

/** Field widths of a descriptor, most significant first: validity 1, class 7, vCPU 4, partition 10, id 10. */
export const OBJDESC_FIELDS = {
  invalid: { shift: 31, bits: 1 },
  class: { shift: 24, bits: 7 },
  vcpu: { shift: 20, bits: 4 },
  partition: { shift: 10, bits: 10 },
  id: { shift: 0, bits: 10 },
} as const;

/** A decoded descriptor. `invalid` is bit 31 set (`OBJDESC_SET_INVALID`); the kernel ignores it. */
export interface ObjDesc {
  readonly invalid: boolean;
  /** 0..127; only 0..7 name a class. */
  readonly class: number;
  /** 0..15; also read as "node id" by the macros. */
  readonly vcpu: number;
  /** 0..1023; 0xff = the hypervisor. */
  readonly partition: number;
  /** 0..1023: the port's global index, a trace stream, … */
  readonly id: number;
}

function field(value: number, name: keyof typeof OBJDESC_FIELDS): number {
  const { shift, bits } = OBJDESC_FIELDS[name];
  const max = 2 ** bits - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`descriptor ${name} ${value} is outside 0..${max}`);
  }
  return value * 2 ** shift;
}

/**
 * The descriptor word of `d`. Unlike `OBJDESC_BUILD`, which silently masks each field, an
 * out-of-range field is an error here: a caller that means the C truncation must mask first.
 */
export function encodeDescriptor(d: ObjDesc): number {
  return (
    field(d.invalid ? 1 : 0, 'invalid') +
    field(d.class, 'class') +
    field(d.vcpu, 'vcpu') +
    field(d.partition, 'partition') +
    field(d.id, 'id')
  );
}

/** The fields of a 32-bit descriptor word, as the `OBJDESC_GET_*` macros read them. */
export function decodeDescriptor(word: number): ObjDesc {
  const w = word >>> 0;
  const get = (name: keyof typeof OBJDESC_FIELDS) => {
    const { shift, bits } = OBJDESC_FIELDS[name];
    return Math.floor(w / 2 ** shift) % 2 ** bits;
  };
  return {
    invalid: get('invalid') === 1,
    class: get('class'),
    vcpu: get('vcpu'),
    partition: get('partition'),
    id: get('id'),
  };
}

/** `OBJDESC_BUILD_VCPUID(class, vcpu, partition, id)` with the C macro's masking, as libprtos builds them. */
export function objDescBuild(cls: number, partition: number, id: number, vcpu = 0): number {
  return encodeDescriptor({
    invalid: false,
    class: cls & 0x7f,
    vcpu: vcpu & 0xf,
    partition: partition & 0x3ff,
    id: id & 0x3ff,
  });
}

export type ObjOp = 'read' | 'write' | 'seek' | 'ctrl';

/** The handler each class registers for each operation (prtos-hypercalls §5.1). NULL registers none. */
export const OBJECT_OPS: Readonly<Record<ObjClassName, Readonly<Partial<Record<ObjOp, string>>>>> = {
  NULL: {},
  CONSOLE: { write: 'write_console_obj' },
  TRACE: { read: 'read_trace', write: 'write_trace', seek: 'seek_trace', ctrl: 'ctrl_trace' },
  SAMPLING_PORT: { read: 'read_sampling_port', write: 'write_sampling_port', ctrl: 'ctrl_sampling_port' },
  QUEUING_PORT: { read: 'receive_queuing_port', write: 'send_queuing_port', ctrl: 'ctrl_queuing_port' },
  MEM: { ctrl: 'ctrl_mem' },
  HM: { read: 'read_hm_log', seek: 'seek_hm_log', ctrl: 'ctrl_hm_log' },
  STATUS: { ctrl: 'ctrl_status' },
};

export type ObjDispatch =
  | { readonly kind: 'handler'; readonly class: ObjClassName; readonly handler: string }
  | {
      readonly kind: 'error';
      readonly code: typeof RETURN_CODES.INVALID_PARAM | typeof RETURN_CODES.OP_NOT_ALLOWED;
    };

/**
 * Where the common object dispatcher sends `op` on `descriptor`: class ≥ 8 → INVALID_PARAM; a
 * class without a handler for `op` → OP_NOT_ALLOWED; otherwise the class handler, whose own checks
 * follow (§5). Every class is compiled into the recorded builds (OBJ_COMM_PORTS, OBJ_RAW_MEM and
 * OBJ_STATUS default to y); a class left out would also give OP_NOT_ALLOWED.
 */
export function objectDispatch(descriptor: number, op: ObjOp): ObjDispatch {
  const cls = decodeDescriptor(descriptor).class;
  const name = OBJ_CLASSES[cls];
  if (name === undefined) return { kind: 'error', code: RETURN_CODES.INVALID_PARAM };
  const handler = OBJECT_OPS[name][op];
  if (handler === undefined) return { kind: 'error', code: RETURN_CODES.OP_NOT_ALLOWED };
  return { kind: 'handler', class: name, handler };
}
