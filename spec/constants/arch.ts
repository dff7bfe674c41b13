/**
 * Architectures PRTOS is built for.
 *
 * PRTOS 1.x has five ports (`core/kernel/<arch>` in the PRTOS source). The configuration tools and
 * the hypercall table differ per port in small ways (reserved IRQ lines and I/O ports, HM trap
 * events, hypervisor load address, word width); everything architecture-dependent in spec/ is keyed
 * by this type. The recorded runs of the real system exist for `x86` (i386) and `riscv64`
 * (prtos-states, "Scope").
 */
export const ARCHES = ['x86', 'amd64', 'riscv64', 'aarch64', 'loongarch64'] as const;

export type Arch = (typeof ARCHES)[number];

export function isArch(s: string): s is Arch {
  return (ARCHES as readonly string[]).includes(s);
}

/**
 * The architecture a configuration file is written for, read from its name: the last
 * architecture name that appears in it (`example.001.prtos_cf.riscv64.xml`,
 * `virtio_linux_demo_2p_aarch64.resident_sw.xml`, `MA03.x86.xml`). `riscv` alone (as in
 * `freertos_hw_virt_riscv.prtos_cf.riscv64.xml`) is not a name of ours; only whole names count,
 * and `amd64` is never mistaken for a part of something else.
 */
export function archFromFileName(fileName: string): Arch | undefined {
  const base = fileName.replace(/^.*[\\/]/, '');
  let best: { arch: Arch; at: number } | undefined;
  for (const arch of ARCHES) {
    const re = new RegExp(`(?<![A-Za-z0-9])${arch}(?![A-Za-z0-9])`, 'g');
    for (const m of base.matchAll(re)) {
      if (best === undefined || m.index > best.at) best = { arch, at: m.index };
    }
  }
  return best?.arch;
}

/** Word width of the port, in bits: `prtos_word_t`, addresses and sizes (prtos-hypercalls "Conventions"). */
export const WORD_BITS: Readonly<Record<Arch, 32 | 64>> = {
  x86: 32,
  amd64: 64,
  riscv64: 64,
  aarch64: 64,
  loongarch64: 64,
};
