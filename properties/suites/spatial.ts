/**
 * Spatial isolation (DESIGN.md "Properties", Spatial; prtos-states §8 S1–S3), judged on the
 * machine's witness records and the configuration (properties/addressSpace.ts):
 *
 * - store confinement: every guest store changes only bytes of its partition's writable areas
 *   (own and shared; never read-only areas, other partitions' areas, the hypervisor or its PCT);
 * - faults raise the event: every access the partition's space refuses raises the architecture's
 *   fault event (prtos-states §4.1) in the faulting partition's name — unless its table propagates
 *   that event without logging (the fast path of §4.3 raises no HM event);
 * - hypercall pointers: a hypercall whose guest pointer or length reaches outside the caller's
 *   space returns INVALID_PARAM (after the checks the notes put before the pointer check) and the
 *   kernel writes nothing for it outside the caller's own PCT.
 */
import { accessFaultTrap } from '../../spec/constants/guestIsa.js';
import { PRTOS_OFFSET } from '../../spec/constants/archParams.js';
import { OBJ_CLASS, decodeDescriptor } from '../../spec/constants/objects.js';
import { PROPERTY_REQUIREMENTS } from '../../spec/requirements/index.js';
import { covers, partitionSpaces } from '../addressSpace.js';
import { hmEntryOf } from '../hmTable.js';
import { parseContext, type RunOutcome } from '../outcome.js';
import type { Judgement, Property, Suite } from '../suite.js';

const req = (key: keyof typeof PROPERTY_REQUIREMENTS) => PROPERTY_REQUIREMENTS[key];
const hex = (n: number) => `0x${n.toString(16)}`;

export const storeConfinement: Property = {
  key: 'spatial.store-confinement',
  text: req('spatial.store-confinement').text,
  requirements: req('spatial.store-confinement').requirements,
  floor: 0.3,
  judge(o: RunOutcome): Judgement {
    const spaces = partitionSpaces(o.spec.config);
    let hits = 0;
    for (const w of o.witness.writes) {
      if (w.by !== 'guest') continue;
      const who = parseContext(w.context);
      if (who === undefined) continue;
      hits++;
      const space = spaces[who.part];
      if (space === undefined || !covers(space.writablePhysical, w.paddr, w.size, true)) {
        return {
          hits,
          violation: {
            requirement: 'REQ-MEM-1',
            t: w.t,
            summary: `a store of P${who.part}.v${who.vcpu} on CPU${String(w.cpu)} changed ${w.size} byte(s) at physical ${hex(w.paddr)}, outside the areas its partition may write`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

export const faultRaisesEvent: Property = {
  key: 'spatial.fault-raises-event',
  text: req('spatial.fault-raises-event').text,
  requirements: req('spatial.fault-raises-event').requirements,
  floor: 0.3,
  judge(o: RunOutcome): Judgement {
    const config = o.spec.config;
    const arch = config.arch;
    const x86 = arch === 'x86' || arch === 'amd64';
    let hits = 0;
    for (const f of o.witness.faults) {
      if (f.source !== 'mmu' || f.access === null) continue;
      const who = parseContext(f.context);
      if (who === undefined) continue;
      hits++;
      const hypervisorWindow = x86 && f.vaddr >= Number(PRTOS_OFFSET.x86);
      const event = hypervisorWindow ? 4 : 6 + accessFaultTrap(arch, f.access);
      const entry = hmEntryOf(config, who.part, event);
      if (entry.action === 9 && !entry.log) continue; // fast propagate: no HM event (§4.3 step 3)
      const hm = o.events.find((e) => e.ev === 'hm' && e.t === f.t && e.cpu === f.cpu);
      if (
        hm === undefined ||
        hm.ev !== 'hm' ||
        hm.event !== event ||
        hm.part !== who.part ||
        hm.vcpu !== who.vcpu
      ) {
        return {
          hits,
          violation: {
            requirement: 'REQ-MEM-5',
            t: f.t,
            summary: `P${who.part}.v${who.vcpu}'s ${f.access} at ${hex(f.vaddr)} faulted on CPU${f.cpu} at ${f.t} µs but ${
              hm === undefined || hm.ev !== 'hm'
                ? 'no HM event followed'
                : `the HM event was ${hm.event} for ${hm.part === null ? 'the hypervisor' : `P${hm.part}.v${String(hm.vcpu)}`}`
            } (expected event ${event} for P${who.part}.v${who.vcpu})`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

interface PointerUse {
  readonly ptr: number;
  readonly size: number;
  readonly write: boolean;
  /** Return codes of the checks that come before the pointer check (prtos-hypercalls §3). */
  readonly earlier: readonly number[];
}

const PERM_ERROR = -4;
const INVALID_PARAM = -3;

/** The guest pointer a hypercall passes, for the calls whose pointer rule is simple to state. */
function pointerOf(
  nr: number,
  args: readonly number[],
  part: number,
  system: boolean,
): PointerUse | undefined {
  const a = (i: number) => args[i] ?? 0;
  switch (nr) {
    case 9: // get_time(clock, *time): the pointer is checked first (§3.11)
      return { ptr: a(1), size: 8, write: true, earlier: [] };
    case 26: // switch_sched_plan(new, *old): system partitions only, then the pointer (§3.25)
      return system ? { ptr: a(1), size: 4, write: true, earlier: [] } : undefined;
    case 12: {
      // write_object on the console: descriptor of another partition → PERM_ERROR, then the buffer (§5.2)
      const d = decodeDescriptor(a(0) >>> 0);
      if (d.class !== OBJ_CLASS.CONSOLE || d.partition !== part) return undefined;
      return a(2) > 0 || a(1) === 0
        ? { ptr: a(1), size: Math.max(1, a(2)), write: false, earlier: [PERM_ERROR] }
        : undefined;
    }
    default:
      return undefined;
  }
}

export const hypercallPointer: Property = {
  key: 'spatial.hypercall-pointer',
  text: req('spatial.hypercall-pointer').text,
  requirements: req('spatial.hypercall-pointer').requirements,
  floor: 0.1,
  judge(o: RunOutcome): Judgement {
    const config = o.spec.config;
    const spaces = partitionSpaces(config);
    let hits = 0;
    const calls = o.events;
    for (let i = 0; i < calls.length; i++) {
      const e = calls[i];
      if (e === undefined || e.ev !== 'hypercall') continue;
      const space = spaces[e.part];
      const system = config.partitions[e.part]?.flags.includes('system') ?? false;
      const use = pointerOf(e.nr, e.args, e.part, system);
      if (space === undefined || use === undefined) continue;
      const good = use.ptr !== 0 && covers(space.virtual, use.ptr, use.size, use.write);
      if (good) continue;
      hits++;
      const ret = calls.slice(i + 1).find((x) => x.ev === 'ret' && x.part === e.part && x.vcpu === e.vcpu);
      const code = ret?.ev === 'ret' ? ret.code : undefined;
      const stray = o.witness.writes.find(
        (w) =>
          w.by === 'kernel' &&
          w.cpu === e.cpu &&
          w.t === e.t &&
          !(w.paddr >= space.pct.from && w.paddr + w.size <= space.pct.to),
      );
      if (
        (code !== undefined && code !== INVALID_PARAM && !use.earlier.includes(code)) ||
        stray !== undefined
      ) {
        return {
          hits,
          violation: {
            requirement: stray !== undefined ? 'REQ-MEM-7' : 'REQ-MEM-6',
            t: e.t,
            summary:
              stray !== undefined
                ? `hypercall ${e.nr} of P${e.part}.v${e.vcpu} with a bad pointer ${hex(use.ptr)} made the kernel write ${stray.size} byte(s) at physical ${hex(stray.paddr)}`
                : `hypercall ${e.nr} of P${e.part}.v${e.vcpu} with pointer ${hex(use.ptr)} (${use.size} bytes, outside its space) returned ${String(code)}, not INVALID_PARAM`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

export const spatialSuite: Suite = {
  id: 'spatial',
  title: 'Spatial isolation',
  properties: [storeConfinement, faultRaisesEvent, hypercallPointer],
  // Programs weighted towards loads, stores and calls through pointers: the antecedents of all
  // three properties (at the default weights the floors were met in only about half the seeds).
  runs: { maxOps: 10, maxStimuli: 1, maxFrames: 3, memoryWeight: 3 },
};
