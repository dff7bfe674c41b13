/**
 * Running a BAIL example on a kernel and checking its console against the expected file.
 *
 * examples/ may import only spec/ and the guest side (.dependency-cruiser.cjs), so the kernel and
 * the machine come in as a *port*: any object with impl/kernel's `createMachineFor` and
 * `bootKernel` (the module itself fits). A composition root — conformance/, cli/ — passes it:
 *
 *     import * as kernel from '../impl/kernel/index.js';
 *     const { mismatch } = checkBailExample(kernel, example001, 'riscv64');
 *
 * A run boots the example's configuration with the example's images, with `--fidelity real` (the
 * architecture's preset of quirks, spec/decisions `realPreset`) unless told otherwise, and runs
 * until the example's `until` or until the machine stops (system halt); the console is every line
 * the kernel reports, kernel and partition lines in output order.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SystemConfig } from '../../spec/config/types.js';
import { validateConfig } from '../../spec/config/validate/validate.js';
import { realPreset } from '../../spec/decisions/index.js';
import type { SideEvent } from '../../spec/lockstep.js';
import type { Fidelity } from '../../spec/trace/vocabulary.js';
import { imageLoader, type GuestLoader, type GuestMachine } from '../../impl/guest/index.js';
import type { BailArch, BailExample } from './common/index.js';
import { compareConsole, parseExpected, type ConsoleMismatch } from './expected.js';

/** What the runner needs of a machine beyond what the guest runtime uses. */
export interface BailMachine extends GuestMachine {
  runUntil(t: number): void;
  readonly stopped: { readonly t: number; readonly reason: string } | null;
}

export interface BailBootOptions {
  readonly config: SystemConfig;
  readonly quirks: ReadonlySet<string>;
  readonly fidelity: Fidelity;
  readonly loader: GuestLoader;
  observe(ev: SideEvent): void;
  console(line: { readonly t: number; readonly part: number | null; readonly text: string }): void;
}

/** The kernel side, as impl/kernel/index.ts exports it. */
export interface BailKernelPort<M extends BailMachine> {
  createMachineFor(config: SystemConfig): M;
  bootKernel(machine: M, options: BailBootOptions): unknown;
}

export interface BailRunOptions {
  readonly fidelity?: Fidelity;
  /** Quirk ids; default: none for `intended`, `realPreset(arch)` for `real`. */
  readonly quirks?: readonly string[];
  /** µs; default: the example's `until`. */
  readonly until?: number;
  readonly observe?: (ev: SideEvent) => void;
}

export interface BailRun {
  readonly config: SystemConfig;
  /** Console lines in output order (kernel and partitions). */
  readonly console: readonly { readonly t: number; readonly part: number | null; readonly text: string }[];
  /** When and why the machine stopped (a system halt), or null if it ran to the end. */
  readonly stopped: { readonly t: number; readonly reason: string } | null;
}

/** The example's configuration for `arch`, validated (throws with the first issue otherwise). */
export function bailConfig(example: BailExample, arch: BailArch): SystemConfig {
  const r = validateConfig(readFileSync(fileURLToPath(example.config(arch)), 'utf8'), arch);
  if (!r.ok) {
    const first = r.issues[0];
    throw new Error(
      `${example.name} (${arch}): configuration line ${first?.line ?? '?'}: ${first?.message ?? 'invalid'}`,
    );
  }
  return r.config;
}

export function runBailExample<M extends BailMachine>(
  kernel: BailKernelPort<M>,
  example: BailExample,
  arch: BailArch,
  options: BailRunOptions = {},
): BailRun {
  const config = bailConfig(example, arch);
  const fidelity = options.fidelity ?? 'real';
  const quirks = new Set(options.quirks ?? (fidelity === 'real' ? realPreset(arch) : []));
  const machine = kernel.createMachineFor(config);
  const lines: { t: number; part: number | null; text: string }[] = [];
  const observe = options.observe ?? (() => {});
  kernel.bootKernel(machine, {
    config,
    quirks,
    fidelity,
    loader: imageLoader({ config, machine, images: example.images(arch), quirks }),
    observe,
    console: (line) => lines.push({ t: line.t, part: line.part, text: line.text }),
  });
  machine.runUntil(options.until ?? example.until);
  return { config, console: lines, stopped: machine.stopped };
}

/** Runs the example and compares its console with `expected.<arch>.txt`: null when they match. */
export function checkBailExample<M extends BailMachine>(
  kernel: BailKernelPort<M>,
  example: BailExample,
  arch: BailArch,
  options: BailRunOptions = {},
): { readonly run: BailRun; readonly mismatch: ConsoleMismatch | null } {
  const run = runBailExample(kernel, example, arch, options);
  const expected = parseExpected(readFileSync(fileURLToPath(example.expected(arch)), 'utf8'));
  return {
    run,
    mismatch: compareConsole(
      expected,
      run.console.map((l) => l.text),
    ),
  };
}
