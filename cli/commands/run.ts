/**
 * `prtos-ref run <example | folder | config.xml> [--arch A] [--fidelity intended|real]
 *   [--quirk id...] [--until time] [--trace out.jsonl]`
 *
 * Boots the configured system on the emulated machine and runs the partitions' programs (the
 * BAIL ports for a BAIL example; idle partitions for a bare configuration) in deterministic
 * virtual time, printing the console the way PRTOS prints it, line by line: with `--fidelity
 * real`, the boot lines, the partition table, then every line the partitions and the kernel write.
 * The run ends at `--until`, when every partition is halted, or when the system halts or resets
 * (exit 0, saying which); a system panic ends with the kernel's message and exit 2.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { toTime } from '../../spec/config/units.js';
import type { Arch } from '../../spec/constants/arch.js';
import { QUIRKS, realPreset } from '../../spec/decisions/index.js';
import type { RunSpec, SideEvent } from '../../spec/lockstep.js';
import { encodeTrace } from '../../spec/trace/jsonl.js';
import { KTHREAD_FLAGS } from '../../spec/constants/vcpu.js';
import { ImplSide } from '../../conformance/implSide.js';
import { GuestProgramError } from '../../impl/guest/index.js';
import { EXIT, UserError } from '../errors.js';
import { loadSystem, type LoadedSystem } from '../system.js';
import { TOOL_VERSION } from '../version.js';

interface RunOptions {
  arch?: Arch;
  fidelity: 'intended' | 'real';
  quirk: string[];
  until?: string;
  trace?: string;
}

/** A time option: a number with s, ms or us (`2s`, `500ms`), or a bare number of µs. */
export function parseTimeOption(name: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^\d+(\.\d+)?(s|ms|us)$/i.test(text)) {
    throw new UserError(
      `--${name} must be a time such as 2s, 500ms, 1500us or a number of µs, got "${text}"`,
      EXIT.usage,
    );
  }
  return toTime(text);
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('boot a system on the emulated machine and print its console as PRTOS prints it')
    .argument(
      '<system>',
      'a BAIL example name or folder (helloworld, examples/bail/example.001), examples/default, or a configuration',
    )
    .addOption(
      new Option('--arch <arch>', 'architecture (default: from the file name)').choices([
        'x86',
        'amd64',
        'riscv64',
        'aarch64',
        'loongarch64',
      ]),
    )
    .addOption(
      new Option('--fidelity <f>', 'intended, or real (the quirks the real system shows)')
        .choices(['intended', 'real'])
        .default('intended'),
    )
    .option('--quirk <id...>', 'switch on quirks of the real PRTOS (see `prtos-ref quirks`)', [])
    .option('--until <time>', "stop at this virtual time (e.g. 12s; default: the example's own, else 2s)")
    .option('--trace <file>', "write the run's trace (JSON Lines)")
    .action((target: string, opts: RunOptions) => {
      process.exitCode = run(target, opts);
    });
}

function allHalted(side: ImplSide): boolean {
  return side.kernel.view.vcpus.every((v) => (v.flags & KTHREAD_FLAGS.HALTED) !== 0);
}

export function run(target: string, opts: RunOptions): number {
  const system = loadSystem(target, opts.arch);
  try {
    return runSystem(system, opts);
  } catch (e) {
    // A folder named after a BAIL example runs that example's programs on the folder's own
    // configuration; a program that cannot run there (no writable area for its stack, ...) is
    // bad input. On the example's shipped configuration the same failure is a bug of the port.
    if (e instanceof GuestProgramError && system.bail !== undefined && !isShippedConfig(system)) {
      throw new UserError(
        `${system.file}: ${e.message} (the ${system.bail.name} programs do not fit this configuration)`,
        EXIT.failed,
      );
    }
    throw e;
  }
}

function isShippedConfig(system: LoadedSystem): boolean {
  const arch = system.arch;
  return (
    system.bail !== undefined &&
    (arch === 'x86' || arch === 'riscv64') &&
    resolve(system.file) === fileURLToPath(system.bail.config(arch))
  );
}

function runSystem(system: LoadedSystem, opts: RunOptions): number {
  const known = new Set(QUIRKS.map((q) => q.quirk.id));
  const unknown = opts.quirk.filter((q) => !known.has(q));
  if (unknown.length > 0)
    throw new UserError(`unknown quirk ${unknown.join(', ')} (see \`prtos-ref quirks\`)`, EXIT.usage);
  const quirks = [...new Set([...(opts.fidelity === 'real' ? realPreset(system.arch) : []), ...opts.quirk])];
  const until =
    opts.until !== undefined ? parseTimeOption('until', opts.until) : (system.bail?.until ?? 2_000_000);
  const spec: RunSpec = {
    config: system.config,
    programs: [],
    stimuli: [],
    tieBreaks: [],
    fidelity: opts.fidelity,
    quirks,
    until,
  };
  const arch = system.arch;
  const images =
    system.bail === undefined
      ? undefined
      : arch === 'x86' || arch === 'riscv64'
        ? system.bail.images(arch)
        : undefined;
  if (system.bail !== undefined && images === undefined) {
    throw new UserError(`${system.bail.name} is ported for x86 and riscv64 only, not ${arch}`);
  }
  const side = new ImplSide(spec, {
    ...(images === undefined ? {} : { images }),
    witness: false,
    onConsole: (line) => process.stdout.write(`${line.text}\n`),
  });
  const events: SideEvent[] = [];
  const step = 10_000;
  let ended = `reached --until ${until} µs`;
  for (let t = Math.min(step, until); ; t = Math.min(t + step, until)) {
    events.push(...side.advance(t));
    if (side.stopped) {
      const sys = events.find((e) => e.ev === 'system');
      ended =
        sys?.ev === 'system'
          ? `system ${sys.what}${sys.mode === undefined ? '' : ` (${sys.mode})`} at ${sys.t} µs`
          : 'system stopped';
      break;
    }
    if (allHalted(side)) {
      ended = `every partition halted (at ${t} µs)`;
      break;
    }
    if (t >= until) break;
  }
  if (opts.trace !== undefined) {
    writeFileSync(
      opts.trace,
      encodeTrace(
        {
          trace: 'prtos-ref',
          format: 1,
          tool: TOOL_VERSION,
          configHash: createHash('sha256').update(system.xml).digest('hex'),
          config: system.file,
          arch,
          fidelity: opts.fidelity,
          quirks,
        },
        events.map((e, seq) => ({ seq, ...e })) as never,
      ),
    );
  }
  process.stderr.write(
    `prtos-ref: run ended: ${ended}${opts.trace === undefined ? '' : `; trace in ${opts.trace}`}\n`,
  );
  const panicked = events.some((e) => e.ev === 'system' && e.what === 'panic');
  return panicked ? EXIT.failed : EXIT.ok;
}
