/**
 * NI — noninterference: the information-flow policy a configuration implies and the
 * unwinding conditions the model checks (DESIGN.md, Properties: Noninterference). PRTOS does not
 * state these; they are prtos-ref's refinement of the separation property of prtos-states §8
 * (S3) and of the list of observables that should be independent of other partitions (§7.5).
 * Every requirement here is therefore derived.
 */
import { req, st } from './build.js';
import type { Requirement } from './types.js';

const NI_RATIONALE =
  'prtos-ref refines the separation invariant S3 (prtos-states §8) and the observables of §7.5 into a checkable information-flow policy (DESIGN.md, Noninterference).';

export const NI_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-NI-1',
    'The flow graph of a configuration shall have an edge from partition B to partition A for every channel from B to A, every memory area B and A share, every IPVI B may raise towards A, every system partition B (to every A), and every HM table of B with an action of system-wide effect (HYPERVISOR_* or SWITCH_TO_MAINTENANCE) (to every A).',
    st('§8'),
    { derived: true, rationale: NI_RATIONALE },
  ),
  req(
    'REQ-NI-2',
    "For any partitions A and B such that A is not reachable from B in the flow graph, two runs that differ only in B's program shall give A the same view: hypercall return values, memory reads, its PCTs, clock readings, and the times of its slot boundaries and virtual-interrupt deliveries.",
    st('§7.5'),
    { derived: true, rationale: NI_RATIONALE, intended: 'ST-A2' },
  ),
  req(
    'REQ-NI-3',
    'Output consistency: in two model states that A cannot tell apart, the next step of A shall produce the same observations for A.',
    st('§8'),
    { derived: true, rationale: NI_RATIONALE },
  ),
  req(
    'REQ-NI-4',
    'Step consistency: in two model states that A cannot tell apart, the same step shall lead to states that A still cannot tell apart.',
    st('§8'),
    { derived: true, rationale: NI_RATIONALE },
  ),
  req(
    'REQ-NI-5',
    "Local respect: a step of a partition B that A is not reachable from shall leave A's view of the state unchanged.",
    st('§8'),
    { derived: true, rationale: NI_RATIONALE },
  ),
  req(
    'REQ-NI-6',
    "Timing channels that PRTOS has by design shall be edges of the flow graph, limited to A's clock readings and slot and interrupt times: B to A when B can make the kernel work on A's CPU during A's slot (a vCPU of B, or of a partition B can notify, pinned to A's CPU), and between any two partitions that write trace events (the trace sequence number is global).",
    st('§3.8', 'core/objects/trace.c:75-77', 'core/kernel/kthread.c:489-506'),
    {
      derived: true,
      rationale:
        "Kernel work during A's slot is charged to A (prtos-states §3.8, §9 A28) and the trace sequence number is shared by all partitions (prtos-hypercalls §5.7, example.003); the policy must declare these channels or the noninterference check would report them on every run.",
    },
  ),
];
