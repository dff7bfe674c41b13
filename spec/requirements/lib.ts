/**
 * LIB — the libprtos side (prtos-hypercalls §7): how guest programs reach the kernel. prtos-ref
 * emulates it in impl/guest, so its defects (prtos-hypercalls §8, "libprtos") are quirks of the
 * guest library, not of the kernel, and these requirements state what the library should do.
 */
import { hc, req } from './build.js';
import type { Requirement } from './types.js';

const L = 'user/libprtos';

export const LIB_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-LIB-1',
    'Each libprtos hypercall wrapper shall issue its hypercall with its arguments in order, flushing a pending lazy batch first (except multicall, set_timer and get_vcpuid) and returning the batch error if the flush fails.',
    hc('§7.1', `${L}/riscv64/hypercalls.c:1-71`, `${L}/common/lazy.c:22-30`),
  ),
  req(
    'REQ-LIB-2',
    "The object wrappers shall build the descriptors of prtos-hypercalls §7.2: console, ports, HM (partition 0xff), trace and status, with PRTOS_PARTITION_SELF = vCPU0's PCT id & 0xff and PRTOS_VCPU_SELF = own PCT id >> 8.",
    hc('§7.2', `${L}/common/comm.c:1-98`, `${L}/common/status.c:1-41`),
  ),
  req(
    'REQ-LIB-3',
    'prtos_get_sampling_port_status shall query the sampling port it is given (a SAMPLING-class descriptor carrying port_id).',
    hc('§7.2', `${L}/common/comm.c:83-89`),
    { intended: 'HC-A27' },
  ),
  req(
    'REQ-LIB-4',
    "The port status and info helpers shall return the kernel's error code when the kernel call fails, and INVALID_PARAM for a NULL result pointer.",
    hc('§7.2', `${L}/common/comm.c:65-98`),
    { intended: 'HC-A28' },
  ),
  req(
    'REQ-LIB-5',
    'Flushing the lazy hypercall batch shall report a multicall error to the caller.',
    hc('§7.1', `${L}/common/lazy.c:22-30`),
    { intended: 'HC-A29' },
  ),
  req(
    'REQ-LIB-6',
    "init_libprtos shall locate each vCPU's own PCT, memory map and comm-port bitmap correctly whatever address the kernel passes at entry and whatever the number of ports.",
    hc('§7.2', `${L}/common/init.c:13-24`, 'core/kernel/kthread.c:269-272', 'core/kernel/kthread.c:433-434'),
    { intended: 'HC-A40' },
  ),
  req(
    'REQ-LIB-7',
    "prtos_trace_event shall return OK when the event was written, INVALID_CONFIG when the bitmask filtered it out, and the kernel's error code when the kernel rejected the call.",
    hc('§7.2', `${L}/common/trace.c:23-28`),
    { intended: 'HC-A64' },
  ),
  req(
    'REQ-LIB-8',
    'The client-side checks of the HM and trace helpers shall use whether the partition is a system partition and the number of partitions as the kernel configures them, so a non-system partition can open its own trace stream.',
    hc(
      '§7.2',
      `${L}/common/hm.c:16`,
      `${L}/common/hm.c:26`,
      `${L}/common/hm.c:32`,
      `${L}/common/trace.c:13-21`,
    ),
    { intended: 'HC-A62' },
  ),
  req(
    'REQ-LIB-9',
    'The guest library shall offer a wrapper for every hypercall the kernel of the architecture implements, including get_gid_by_name on every architecture.',
    hc('§7.1', `${L}/include/prtoshypercalls.h:76-77`),
    {
      derived: true,
      rationale:
        'riscv64, aarch64 and loongarch64 libprtos lack get_gid_by_name although the kernel implements it and the API documentation lists it (prtos-hypercalls §8 A47); a guest program written for prtos-ref should not depend on the port.',
    },
  ),
  req(
    'REQ-LIB-10',
    'On riscv64 the libprtos hypercall stubs shall set a7 to 0, so that the kernel never takes a hypercall for an SBI call.',
    hc('§2.2', `${L}/include/riscv64/prtoshypercalls.h:29-102`, 'core/kernel/riscv64/traps.c:130-136'),
    { intended: 'HC-A12' },
  ),
];
