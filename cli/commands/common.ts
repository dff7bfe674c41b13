/**
 * Options shared by several commands.
 */
import { Option } from 'commander';
import { ARCHES, archFromFileName, isArch, type Arch } from '../../spec/constants/arch.js';
import { EXIT, UserError } from '../errors.js';

export function archOption(): Option {
  return new Option(
    '--arch <arch>',
    'architecture (default: the last architecture name in the file name, else x86)',
  ).choices([...ARCHES]);
}

/** `--arch`, else the last architecture name in the file name, else x86 (issue 4). */
export function resolveArch(option: string | undefined, file: string): Arch {
  if (option !== undefined) {
    if (!isArch(option))
      throw new UserError(`unknown architecture "${option}" (one of ${ARCHES.join(', ')})`, EXIT.usage);
    return option;
  }
  return archFromFileName(file) ?? 'x86';
}
