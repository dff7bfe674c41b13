/**
 * `prtos-ref replay <counterexample.json> [--trace out.jsonl]`: run a counterexample again,
 * exactly, from the file alone, and say whether the failure is still there.
 *
 * It says whether the recorded failure came back exactly (same property, summary and details) or
 * the run fails differently now. Exit 2 when the run still fails, 0 when the run now holds, 1 for a
 * usage error; a file that is not a counterexample is one clear line and exit 2. That includes a
 * file whose configuration no longer validates, or that names quirks or seeded faults this tool
 * does not know: the run it describes cannot be rebuilt, so judging it would say nothing.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { parseCounterexample, type Counterexample } from '../../conformance/counterexample.js';
import { validateConfig } from '../../spec/config/validate/validate.js';
import { QUIRKS } from '../../spec/decisions/index.js';
import { SEEDED_FAULT_IDS } from '../../impl/kernel/index.js';
import { describeFailure } from '../../properties/execute.js';
import { rejudgeCounterexample, replayOutcome, sameFailure } from '../../properties/replay.js';
import { encodeTrace } from '../../spec/trace/jsonl.js';
import { EXIT, UserError } from '../errors.js';
import { readTextFile } from '../io.js';
import { renderCounterexample } from '../render/counterexample.js';
import { TOOL_VERSION } from '../version.js';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('run a counterexample file again, exactly, and report whether it still fails')
    .argument('<counterexample>', 'a counterexample file written by `prtos-ref check`')
    .option('--trace <file>', "write the implementation's trace of the run (JSON Lines)")
    .action((file: string, opts: { trace?: string }) => {
      const parsed = parseCounterexample(readTextFile(file, 'counterexample (JSON)'));
      // JSON.parse quotes the offending text, newlines included: keep the report to one line.
      if (!parsed.ok) throw new UserError(`${file}: ${parsed.message.replace(/\s*\n\s*/g, ' ')}`);
      const ce = parsed.value;
      const unusable = whyNotReplayable(ce);
      if (unusable !== undefined) throw new UserError(`${file}: ${unusable}`);
      const r = rejudgeCounterexample(ce);
      if (!r.ok) throw new UserError(`${file}: ${r.error}`);
      if (opts.trace !== undefined) {
        const run = replayOutcome(ce);
        if (!run.ok) throw new UserError(`${file}: ${run.error}`);
        const text = encodeTrace(
          {
            trace: 'prtos-ref',
            format: 1,
            tool: TOOL_VERSION,
            configHash: createHash('sha256').update(ce.configXml).digest('hex'),
            config: file,
            arch: ce.arch,
            fidelity: ce.fidelity,
            quirks: [...new Set(ce.quirks)],
            ...(ce.seed === undefined ? {} : { seed: ce.seed }),
          },
          run.outcome.events.map((e, seq) => ({ seq, ...e })) as never,
        );
        writeFileSync(opts.trace, text);
        process.stdout.write(`trace written to ${opts.trace}\n`);
      }
      if (r.failure === undefined) {
        process.stdout.write(
          `${file}: the run now holds — ${ce.suite} no longer fails (recorded: ${ce.summary})\n`,
        );
        process.exitCode = EXIT.ok;
        return;
      }
      // The determinism promise is that the very failure comes back, not just some failure.
      const now = describeFailure(r.failure, ce.arch);
      const same = sameFailure(ce, r.failure, now);
      if (same) {
        process.stdout.write(`${renderCounterexample(ce, file)}\n${file}: reproduced exactly\n`);
      } else {
        process.stdout.write(
          `${renderCounterexample({ ...ce, property: r.failure.property, requirements: [...r.failure.requirements], ...now }, file)}\n` +
            `${file}: the run still fails, but not as recorded (recorded: ${ce.property}: ${ce.summary})\n`,
        );
      }
      process.exitCode = EXIT.failed;
    });
}

/** Why the file's run cannot be rebuilt faithfully by this tool, if it cannot. */
function whyNotReplayable(ce: Counterexample): string | undefined {
  const v = validateConfig(ce.configXml, ce.arch);
  const issue = v.issues[0];
  if (!v.ok && issue !== undefined) {
    return `its configuration is not a valid PRTOS configuration for ${ce.arch} (configXml line ${issue.line}: ${issue.message} [${issue.rule}])`;
  }
  const knownQuirks = new Set(QUIRKS.map((q) => q.quirk.id));
  const quirks = ce.quirks.filter((q) => !knownQuirks.has(q));
  if (quirks.length > 0) return `unknown quirk ${quirks.join(', ')} (see \`prtos-ref quirks\`)`;
  const faults = ce.faults.filter((f) => !(SEEDED_FAULT_IDS as readonly string[]).includes(f));
  if (faults.length > 0)
    return `unknown seeded fault ${faults.join(', ')} (known: ${SEEDED_FAULT_IDS.join(', ')})`;
  return undefined;
}
