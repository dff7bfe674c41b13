/**
 * Partition, vCPU and system lifecycle hypercalls, with every check in the kernel's order
 * (prtos-hypercalls §3.3–§3.10, §3.27–§3.31; prtos-states §1.5 rows P2–P8, §2.3 rows V1–V5,
 * §6.2–§6.3). Intended semantics throughout: suspend_vcpu / resume_vcpu have the guards of their
 * partition counterparts (the intended side of ST-A29), and halting or suspending a vCPU that
 * runs on another CPU notifies that CPU (ST-A10).
 *
 * Requirements: REQ-PART-7..15, REQ-PART-23, REQ-VCPU-6..10, REQ-VCPU-14, REQ-SYS-4, REQ-SYS-5,
 * REQ-PRIV-1, REQ-PRIV-2.
 */
import { RESET_MODE, RETURN_CODES as RC } from '../../spec/constants/index.js';
import { arg, callerIsSystem, code, NO_RETURN, numPartitions, ok, type Call, type Outcome } from './call.js';

function isSelf(c: Call, id: number): boolean {
  return id === c.caller.part;
}

/** 1 halt_partition(id): P2 for oneself (never returns), P3 for another partition. */
export function haltPartition(c: Call): Outcome {
  const id = arg(c, 0);
  const { w } = c;
  if (isSelf(c, id)) {
    w.row('P2');
    w.haltPartition(id, c.cpu, c.at);
    return NO_RETURN;
  }
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  if (id >= numPartitions(c)) return code(RC.INVALID_PARAM);
  if (w.refsOf(id).every((r) => w.flags(r).halted)) return code(RC.NO_ACTION);
  w.row('P3');
  w.haltPartition(id, c.cpu, c.at);
  return ok();
}

/** 2 suspend_partition(id): P4 for oneself (OK once resumed), P5 for another partition. */
export function suspendPartition(c: Call): Outcome {
  const id = arg(c, 0);
  const { w } = c;
  if (isSelf(c, id)) {
    w.row('P4');
    w.suspendPartition(id, c.cpu, c.at);
    return ok();
  }
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  if (id >= numPartitions(c)) return code(RC.INVALID_PARAM);
  if (w.refsOf(id).every((r) => w.flags(r).suspended || w.flags(r).halted)) return code(RC.NO_ACTION);
  w.row('P5');
  w.suspendPartition(id, c.cpu, c.at);
  return ok();
}

/** 3 resume_partition(id): the self test comes before the permission test (P6). */
export function resumePartition(c: Call): Outcome {
  const id = arg(c, 0);
  const { w } = c;
  if (isSelf(c, id)) return code(RC.NO_ACTION);
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  if (id >= numPartitions(c)) return code(RC.INVALID_PARAM);
  if (!w.refsOf(id).some((r) => w.flags(r).suspended && !w.flags(r).halted)) return code(RC.NO_ACTION);
  w.row('P6');
  w.resumePartition(id, c.at);
  return ok();
}

/** 4 reset_partition(id, mode, status) (P7). A reset of one's own partition restarts the caller. */
export function resetPartition(c: Call): Outcome {
  const id = arg(c, 0);
  const mode = arg(c, 1);
  const status = arg(c, 2);
  const { w } = c;
  if (!isSelf(c, id)) {
    if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
    if (id >= numPartitions(c)) return code(RC.INVALID_PARAM);
  }
  if (mode !== RESET_MODE.COLD && mode !== RESET_MODE.WARM) return code(RC.INVALID_PARAM);
  w.row('P7');
  const done = w.resetPartition(id, mode === RESET_MODE.COLD ? 'cold' : 'warm', status, c.cpu, c.at);
  return done ? ok() : code(RC.INVALID_CONFIG);
}

/** 5 shutdown_partition(id) (P8): only the SHUTDOWN extended interrupt. */
export function shutdownPartition(c: Call): Outcome {
  const id = arg(c, 0);
  const { w } = c;
  if (!isSelf(c, id)) {
    if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
    if (id >= numPartitions(c)) return code(RC.INVALID_PARAM);
  }
  w.row('P8');
  w.shutdownPartition(id, c.at);
  return ok();
}

/** 6 halt_system() (§6.2). */
export function haltSystem(c: Call): Outcome {
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  c.w.row('P14');
  c.w.stopSystem('halt', c.at);
  return NO_RETURN;
}

/** 7 reset_system(mode) (§6.3): reset_status_init := 0, then the system resets and the run stops. */
export function resetSystem(c: Call): Outcome {
  const mode = arg(c, 0);
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  if (mode !== RESET_MODE.COLD && mode !== RESET_MODE.WARM) return code(RC.INVALID_PARAM);
  c.w.row('P14');
  c.w.resetStatusInit = 0;
  c.w.stopSystem('reset', c.at, { mode: mode === RESET_MODE.COLD ? 'cold' : 'warm' });
  return NO_RETURN;
}

/** 8 idle_self() (V5): the rest of the slot goes to the idle thread; OK when the vCPU runs again. */
export function idleSelf(c: Call): Outcome {
  c.w.row('V5');
  c.w.sendScheduler(c.cpu, { type: 'YIELD' });
  return ok();
}

function vcpuInRange(c: Call, v: number): boolean {
  return v < (c.w.view.partitions[c.caller.part]?.vcpus ?? 0);
}

function insideOwnArea(c: Call, addr: number): boolean {
  const areas = c.w.view.partitions[c.caller.part]?.config.areas ?? [];
  return areas.some((a) => addr >= a.start && addr < a.start + a.size);
}

/** 28 reset_vcpu(v, pt, entry, status) (V4). */
export function resetVcpu(c: Call): Outcome {
  const v = arg(c, 0);
  const status = arg(c, 3);
  if (!vcpuInRange(c, v)) return code(RC.INVALID_PARAM);
  // The x86 level-1 page-table check needs guest paging, which the model does not have
  // (DESIGN.md, Known limitations): spec/lockstep.ts L8 accepts any address in the caller's areas.
  if ((c.w.view.arch === 'x86' || c.w.view.arch === 'amd64') && !insideOwnArea(c, arg(c, 1))) {
    return code(RC.INVALID_PARAM);
  }
  const ref = { part: c.caller.part, vcpu: v };
  c.w.row('V4');
  c.w.row('P15');
  c.w.haltVcpu(ref, c.cpu, c.at);
  c.w.resetKthread(ref, 'vcpu', status, c.cpu, c.at);
  return ok();
}

/** 29 halt_vcpu(v) (V1). */
export function haltVcpu(c: Call): Outcome {
  const v = arg(c, 0);
  if (!vcpuInRange(c, v)) return code(RC.INVALID_PARAM);
  const ref = { part: c.caller.part, vcpu: v };
  if (c.w.flags(ref).halted) return code(RC.NO_ACTION);
  c.w.row('V1');
  c.w.row('P15');
  c.w.haltVcpu(ref, c.cpu, c.at);
  return v === c.caller.vcpu ? NO_RETURN : ok();
}

/** 30 suspend_vcpu(v) (V2, intended guard: a vCPU already suspended or halted is refused). */
export function suspendVcpu(c: Call): Outcome {
  const v = arg(c, 0);
  if (!vcpuInRange(c, v)) return code(RC.INVALID_PARAM);
  const ref = { part: c.caller.part, vcpu: v };
  const f = c.w.flags(ref);
  if (f.suspended || f.halted) return code(RC.NO_ACTION);
  c.w.row('V2');
  c.w.row('P15');
  c.w.suspendVcpu(ref, c.cpu, c.at);
  return ok();
}

/** 31 resume_vcpu(v) (V3, intended guard: only a suspended, non-halted vCPU is resumed). */
export function resumeVcpu(c: Call): Outcome {
  const v = arg(c, 0);
  if (!vcpuInRange(c, v)) return code(RC.INVALID_PARAM);
  const ref = { part: c.caller.part, vcpu: v };
  const f = c.w.flags(ref);
  if (!(f.suspended && !f.halted)) return code(RC.NO_ACTION);
  c.w.row('V3');
  c.w.row('P15');
  c.w.sendVcpu(ref, { type: 'RESUME' }, c.at);
  c.w.notify(c.w.cpuOf(ref), c.cpu, c.at);
  return ok();
}

/** 32 get_vcpuid(). */
export function getVcpuid(c: Call): Outcome {
  return { kind: 'return', code: c.caller.vcpu };
}
