/**
 * The one place that answers "is quirk X on" (DESIGN.md, "Fidelity").
 *
 * The kernel behaves as intended by default and reproduces a real-kernel deviation only while
 * its quirk id (spec/decisions) is switched on. The ids this kernel knows are the reproducible
 * slice-1 quirks listed below; `Quirks` accepts any id (a composition root may pass the whole
 * `realPreset(arch)`, which also names quirks of later slices), but code asks only about these,
 * so a misspelt id fails the type check instead of silently never matching.
 */

/** Reproducible slice-1 quirks the kernel implements (spec/decisions, `quirk.slice === 1`). */
export const KERNEL_QUIRKS = [
  'gp-param-unchecked',
  'riscv-stage2-ignores-area-flags',
  'x86-gp-probe-no-readonly',
  'riscv-sbi-set-timer-passthrough',
  'hwirq-mask-not-switched',
  'idle-plan-hang',
  'remote-lifecycle-no-ipi',
  'exec-timer-disarm-panic',
  'hm-hyp-table-unknown-action-panic',
  'sysreset-unimplemented-panic',
  'raise-trap-unchecked-panic',
  'hm-reset-no-reschedule',
  'verbose-trap-print',
  'hm-verbose-unknown-names',
  'vcpu-suspend-resume-inverted',
  'riscv-propagate-vector0',
  'riscv-virq-lost',
  'logstream-reset-keeps-log',
  'status-counters-disabled',
  'unknown-hypercall-minus-one',
] as const;

export type KernelQuirk = (typeof KERNEL_QUIRKS)[number];

export class Quirks {
  readonly #on: ReadonlySet<string>;

  constructor(ids: Iterable<string>) {
    this.#on = new Set(ids);
  }

  on(id: KernelQuirk): boolean {
    return this.#on.has(id);
  }

  /** Every id switched on, including ids this kernel does not act on. */
  get ids(): readonly string[] {
    return [...this.#on];
  }
}
