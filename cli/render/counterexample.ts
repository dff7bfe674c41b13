/**
 * A counterexample as a person reads it: the broken requirement, the shrunk run as a short step
 * list (time, CPU, partition, op or call, result), what was expected and what happened, and the
 * one line that replays it.
 */
import type { Counterexample } from '../../conformance/counterexample.js';
import { requirementById } from '../../spec/requirements/index.js';
import { formatEvent } from '../../spec/trace/format.js';
import { replayOutcome } from '../../properties/replay.js';

/** The steps of a run: stimuli and guest ops (op and hypercall events, each with its return). */
export function stepList(ce: Counterexample, limit = 40): string[] {
  const r = replayOutcome(ce);
  if (!r.ok) return [`(cannot rebuild the run: ${r.error})`];
  const out: string[] = [];
  const events = r.outcome.events;
  for (let i = 0; i < events.length && out.length < limit; i++) {
    const e = events[i];
    if (e === undefined) continue;
    if (e.ev === 'op' || e.ev === 'hwIrq' || e.ev === 'fault')
      out.push(formatEvent(e as never, { arch: ce.arch }));
    if (e.ev === 'hypercall') {
      const ret = events.slice(i + 1).find((x) => x.ev === 'ret' && x.part === e.part && x.vcpu === e.vcpu);
      const shown = formatEvent(e as never, { arch: ce.arch });
      out.push(
        ret === undefined
          ? `${shown}  (does not return)`
          : `${shown}  -> ${formatEvent(ret as never, { arch: ce.arch }).replace(/^.* ret /, '')}`,
      );
    }
  }
  for (const s of ce.stimuli) out.push(`t=${s.t} stimulus ${JSON.stringify(s.stimulus)}`);
  return out;
}

export function renderCounterexample(ce: Counterexample, file: string): string {
  const lines: string[] = [];
  lines.push(`FAILED ${ce.suite}: ${ce.summary}`);
  for (const id of ce.requirements.slice(0, 3)) {
    const r = requirementById(id);
    lines.push(`  requirement ${id}: ${r?.text ?? '(unknown)'}`);
  }
  if (ce.quirks.length > 0) lines.push(`  quirks on: ${ce.quirks.join(' ')}`);
  if (ce.faults.length > 0) lines.push(`  seeded faults on: ${ce.faults.join(' ')}`);
  lines.push(`  shrunk run (${ce.steps ?? '?'} steps), ${ce.arch}, until ${ce.until} µs:`);
  for (const s of stepList(ce)) lines.push(`    ${s}`);
  if (ce.details.length > 0) {
    lines.push('  what went wrong:');
    for (const d of ce.details) lines.push(`    ${d}`);
  }
  lines.push(`  counterexample: ${file}`);
  lines.push(`  replay: npx prtos-ref replay ${file}`);
  return lines.join('\n');
}
