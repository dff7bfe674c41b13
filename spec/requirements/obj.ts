/**
 * OBJ — the object directory behind hypercalls 11–14 (prtos-hypercalls §3.13, §5.1), the console
 * (§5.2), the trace streams (§5.7) and the log-stream semantics shared by trace and the HM log
 * (§5.9). Ports are in ipc.ts, the memory object in mem.ts, the HM log in hm.ts and status in
 * sys.ts.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const OBJ_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-OBJ-1',
    'An object descriptor shall be read as bit 31 validity (ignored by the kernel), bits 30..24 class, 23..20 vCPU, 19..10 partition (0xff for the hypervisor) and 9..0 object id.',
    hc('§5.1', 'core/include/objdir.h:12-49'),
  ),
  req(
    'REQ-OBJ-2',
    'read_object, write_object, seek_object and ctrl_object shall return INVALID_PARAM for a class of 8 or more, OP_NOT_ALLOWED for a class with no object or no handler for the operation, and otherwise the result of the class handler.',
    hc('§3.13', 'core/kernel/hypercalls.c:499-563'),
  ),
  req(
    'REQ-OBJ-3',
    'The classes shall offer exactly these operations: console write; trace read, write, seek, ctrl; sampling port read, write, ctrl; queuing port read, write, ctrl; memory ctrl; HM read, seek, ctrl; status ctrl; class 0 none.',
    hc(
      '§5.1',
      'core/kernel/objdir.c:16',
      'core/objects/console.c:70-72',
      'core/objects/trace.c:154-159',
      'core/objects/commports.c:343-348',
      'core/objects/commports.c:670-675',
      'core/objects/mem.c:65-67',
      'core/objects/hm.c:83-87',
      'core/objects/status.c:119-121',
    ),
  ),
  req(
    'REQ-OBJ-4',
    "A console write shall return PERM_ERROR if the descriptor names another partition, then INVALID_PARAM for an invalid buffer, then INVALID_PARAM for a length above 128, and otherwise write the bytes in order to the partition's console device and return the number written (0 when the partition has no console device).",
    hc('§5.2', 'core/objects/console.c:40-68'),
  ),
  req(
    'REQ-OBJ-5',
    'Console output shall be serialised: the bytes of one console write, and each kernel message, shall appear contiguously on the console even when several CPUs write at once.',
    hc('§8', 'core/objects/console.c:55-66'),
    {
      derived: true,
      rationale:
        'A console log is evidence; PRTOS serialises partition writes under a lock but not kernel messages of different CPUs, which interleave (prtos-hypercalls §8, other observations).',
      intended: 'HC-OPEN-4',
    },
  ),
  req(
    'REQ-OBJ-6',
    'A log stream shall keep up to (device size - 56) / record size records in a ring on its device; inserting into a full stream shall overwrite the oldest record (moving the read cursor back by one if it is not 0) unless the stream is locked, in which case the record shall be dropped; reading shall return the record at the cursor and advance it without removing anything; seeking shall set the cursor from START, CURRENT or END, clamped to [0, stored records].',
    hc('§5.9', 'core/include/logstream.h:84-158'),
  ),
  req(
    'REQ-OBJ-7',
    "A trace read shall return PERM_ERROR for another partition's stream (or the hypervisor's) unless the caller is a system partition, then INVALID_PARAM for a size smaller than one event, an invalid buffer or a partition id out of range, and otherwise copy the unread events from the cursor and return the number of bytes copied.",
    hc('§5.7', 'core/objects/trace.c:26-51'),
  ),
  req(
    'REQ-OBJ-8',
    "A trace write shall return PERM_ERROR unless the descriptor names the caller, then INVALID_PARAM for a size smaller than one event, an invalid event buffer or an invalid bitmap pointer, and otherwise, for each event whose bitmap intersects the partition's configured trace bitmask, stamp signature 0xc33c, partition, vCPU, time, the next global sequence number and the checksum into it, append it to the caller's stream, and return the number of bytes of events written.",
    hc('§5.7', 'core/objects/trace.c:53-95'),
  ),
  req(
    'REQ-OBJ-9',
    "Each trace event written with criticality UNRECOVERABLE (3) shall raise one partition-level HM event PARTITION_ERROR for the caller, with the event's payload.",
    st('§4.1', 'core/objects/trace.c:83-91'),
    { intended: 'ST-A6' },
  ),
  req(
    'REQ-OBJ-10',
    'A trace seek shall make the read permission and range checks, return INVALID_PARAM for an invalid whence, and otherwise return the new cursor position.',
    hc('§5.7', 'core/objects/trace.c:97-114'),
    { intended: 'HC-A34' },
  ),
  req(
    'REQ-OBJ-11',
    'A trace ctrl shall make the read permission check, then check the argument block, then the range, and GET_STATUS, LOCK, UNLOCK and RESET shall behave as for the HM log; any other command shall return INVALID_PARAM.',
    hc('§5.7', 'core/objects/trace.c:116-152'),
    { intended: 'ST-A12' },
  ),
  req(
    'REQ-OBJ-12',
    'A trace event shall be {signature u16 0xc33c, checksum u16, op_code_hi u32 (sequence number from bit 4, criticality in bits 3..1, SYS bit 0), op_code_lo u32 (code in 31..16, vCPU 15..8, partition 7..0), timestamp s64, payload[4] words}.',
    hc('§5.7', 'core/include/objects/trace.h:19-50'),
    { intended: 'HC-A33' },
  ),
  req(
    'REQ-OBJ-13',
    'With audit events enabled, kernel events of the modules selected by the hypervisor trace bitmap shall be written to the hypervisor trace stream, and a plan-switch record shall carry the previous and the new plan ids.',
    hc('§5.7', 'core/kernel/sched.c:69-73'),
    { intended: 'ST-A26' },
  ),
];
