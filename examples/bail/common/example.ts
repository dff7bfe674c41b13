/**
 * What each BAIL example folder exports: its name, what it shows, the partition images per
 * architecture, and where its configuration and expected console are.
 */
import type { PartitionImage } from '../../../impl/guest/index.js';

/** The architectures the examples are ported and checked for (the recorded runs exist for these). */
export type BailArch = 'x86' | 'riscv64';

export interface BailExample {
  /** The BAIL example's name (user/bail/examples/<name>). */
  readonly name: string;
  readonly description: string;
  /** µs of virtual time a run needs to print the whole expected console (a run may stop earlier). */
  readonly until: number;
  /** Fresh partition images for one run (their statics are per instance). */
  readonly images: (arch: BailArch) => Record<number, PartitionImage>;
  /** `prtos_cf.<arch>.xml` of the example folder. */
  readonly config: (arch: BailArch) => URL;
  /** `expected.<arch>.txt`: the console a run must print (docs/bail-study.md §2; format in expected.ts). */
  readonly expected: (arch: BailArch) => URL;
}

/** The example record for a folder, given its `import.meta.url`. */
export function bailExample(
  folderUrl: string,
  name: string,
  description: string,
  until: number,
  images: (arch: BailArch) => Record<number, PartitionImage>,
): BailExample {
  return {
    name,
    description,
    until,
    images,
    config: (arch) => new URL(`prtos_cf.${arch}.xml`, folderUrl),
    expected: (arch) => new URL(`expected.${arch}.txt`, folderUrl),
  };
}
