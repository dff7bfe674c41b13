import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMM_CMD, PORT_DIRECTION, PORT_TYPE, SAMPLING_STATUS_FLAGS, STATUS_CMD } from './objectCommands.js';
import {
  OBJECT_OPS,
  OBJ_CLASS,
  OBJ_CLASSES,
  OBJ_NO_CLASSES,
  PRTOS_HYPERVISOR_ID,
  decodeDescriptor,
  encodeDescriptor,
  objDescBuild,
  objectDispatch,
  type ObjDesc,
  type ObjOp,
} from './objects.js';
import { RETURN_CODES } from './returnCodes.js';
import { noteSection, plain, readNote, tableRows } from './testing/notes.js';

const descriptor: fc.Arbitrary<ObjDesc> = fc.record({
  invalid: fc.boolean(),
  class: fc.integer({ min: 0, max: 127 }),
  vcpu: fc.integer({ min: 0, max: 15 }),
  partition: fc.integer({ min: 0, max: 1023 }),
  id: fc.integer({ min: 0, max: 1023 }),
});

describe('object descriptors (objdir.h)', () => {
  it('round-trip through the 32-bit word', () => {
    fc.assert(
      fc.property(descriptor, (d) => {
        const w = encodeDescriptor(d);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(0xffffffff);
        expect(decodeDescriptor(w)).toEqual(d);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (w) => {
        expect(encodeDescriptor(decodeDescriptor(w))).toBe(w);
      }),
    );
  });

  it('place the fields at bits 31, 30..24, 23..20, 19..10, 9..0', () => {
    expect(encodeDescriptor({ invalid: true, class: 0, vcpu: 0, partition: 0, id: 0 })).toBe(0x80000000);
    expect(encodeDescriptor({ invalid: false, class: 0x7f, vcpu: 0, partition: 0, id: 0 })).toBe(0x7f000000);
    expect(encodeDescriptor({ invalid: false, class: 0, vcpu: 0xf, partition: 0, id: 0 })).toBe(0x00f00000);
    expect(encodeDescriptor({ invalid: false, class: 0, vcpu: 0, partition: 0x3ff, id: 0 })).toBe(0x000ffc00);
    expect(encodeDescriptor({ invalid: false, class: 0, vcpu: 0, partition: 0, id: 0x3ff })).toBe(0x3ff);
    // libprtos: OBJDESC_BUILD(OBJ_CLASS_HM, PRTOS_HYPERVISOR_ID, 0)
    expect(objDescBuild(OBJ_CLASS.HM, PRTOS_HYPERVISOR_ID, 0)).toBe(0x0603fc00);
  });

  it('reject fields that do not fit, while objDescBuild masks like the C macro', () => {
    expect(() => encodeDescriptor({ invalid: false, class: 128, vcpu: 0, partition: 0, id: 0 })).toThrow(
      RangeError,
    );
    expect(() => encodeDescriptor({ invalid: false, class: 0, vcpu: 16, partition: 0, id: 0 })).toThrow(
      RangeError,
    );
    expect(() => encodeDescriptor({ invalid: false, class: 0, vcpu: 0, partition: -1, id: 0 })).toThrow(
      RangeError,
    );
    expect(() => encodeDescriptor({ invalid: false, class: 0, vcpu: 0, partition: 0, id: 1.5 })).toThrow(
      RangeError,
    );
    expect(objDescBuild(OBJ_CLASS.STATUS, 0x4ff, 0x401, 0x11)).toBe(
      encodeDescriptor({ invalid: false, class: 7, vcpu: 1, partition: 0xff, id: 1 }),
    );
  });
});

describe('object classes and dispatch', () => {
  it('number the classes 0..7', () => {
    expect(OBJ_NO_CLASSES).toBe(8);
    expect(OBJ_CLASS).toEqual({
      NULL: 0,
      CONSOLE: 1,
      TRACE: 2,
      SAMPLING_PORT: 3,
      QUEUING_PORT: 4,
      MEM: 5,
      HM: 6,
      STATUS: 7,
    });
  });

  // Second source: the operations table of prtos-hypercalls §5.1.
  it('implement the operations of prtos-hypercalls §5.1', () => {
    const rows = tableRows(noteSection(readNote('prtos-hypercalls'), '### 5.1 Descriptor encoding')).filter(
      (r) => /^\d+ /.test(r[0] ?? ''),
    );
    expect(rows).toHaveLength(7);
    const ops: readonly ObjOp[] = ['read', 'write', 'seek', 'ctrl'];
    for (const row of rows) {
      const cls = OBJ_CLASSES[Number(/^\d+/.exec(row[0] ?? '')?.[0])];
      expect(cls).toBeDefined();
      ops.forEach((op, i) => {
        const cell = plain(row[i + 1] ?? '');
        expect(OBJECT_OPS[cls ?? 'NULL'][op], `${cls} ${op}`).toBe(cell === '–' ? undefined : cell);
      });
    }
  });

  it('dispatch: class ≥ 8 → INVALID_PARAM, missing handler → OP_NOT_ALLOWED, validity bit ignored', () => {
    const d = (cls: number, invalid = false) =>
      encodeDescriptor({ invalid, class: cls, vcpu: 0, partition: 1, id: 0 });
    expect(objectDispatch(d(8), 'ctrl')).toEqual({ kind: 'error', code: RETURN_CODES.INVALID_PARAM });
    expect(objectDispatch(d(127), 'read')).toEqual({ kind: 'error', code: RETURN_CODES.INVALID_PARAM });
    expect(objectDispatch(d(OBJ_CLASS.NULL), 'write')).toEqual({
      kind: 'error',
      code: RETURN_CODES.OP_NOT_ALLOWED,
    });
    expect(objectDispatch(d(OBJ_CLASS.CONSOLE), 'read')).toEqual({
      kind: 'error',
      code: RETURN_CODES.OP_NOT_ALLOWED,
    });
    expect(objectDispatch(d(OBJ_CLASS.HM), 'write')).toEqual({
      kind: 'error',
      code: RETURN_CODES.OP_NOT_ALLOWED,
    });
    expect(objectDispatch(d(OBJ_CLASS.QUEUING_PORT, true), 'read')).toEqual({
      kind: 'handler',
      class: 'QUEUING_PORT',
      handler: 'receive_queuing_port',
    });
  });
});

describe('object commands (prtos-hypercalls §5.3-5.8)', () => {
  it('spot checks', () => {
    expect(PORT_DIRECTION).toEqual({ SOURCE: 2, DESTINATION: 1 });
    expect(PORT_TYPE).toEqual({ SAMPLING: 0, QUEUING: 1 });
    expect(COMM_CMD.GET_PORT_INFO).toBe(2);
    expect([
      SAMPLING_STATUS_FLAGS.NEW_MSG,
      SAMPLING_STATUS_FLAGS.CONSUMED_MSG,
      SAMPLING_STATUS_FLAGS.EMPTY,
    ]).toEqual([4, 2, 0]);
    expect(STATUS_CMD).toEqual({
      GET_SYSTEM_STATUS: 0,
      GET_SCHED_PLAN_STATUS: 1,
      SET_PARTITION_OPMODE: 2,
      GET_PHYSPAGE_STATUS: 3,
      GET_VCPU_STATUS: 4,
    });
  });
});
