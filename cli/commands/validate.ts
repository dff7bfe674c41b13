/**
 * `prtos-ref validate [--arch A] [--json] FILE...`: check PRTOS XML configurations as
 * prtoscparser would (issue 4; rules in docs/validation-rules.md).
 *
 * Each problem is one line on standard output, `<file>:<line>: <message> [<rule-id>]` (a
 * file that cannot be read at all: `<file>: <message> [CFG-FILE]`); a file without problems
 * prints nothing. prtoscparser writes its errors to standard error; we write them to standard
 * output because they are the result the user asked for, and keep standard error for usage
 * errors and internal failures. `--json` prints one JSON array and nothing else:
 * `[{"file", "arch", "ok", "errors": [{"line", "rule", "message"}]}]`.
 *
 * Exit code: 0 every file valid, 2 any file invalid or unreadable (with one summary line on
 * standard error), 1 usage error (no file, unknown --arch or option).
 */
import type { Command } from 'commander';
import type { Arch } from '../../spec/constants/arch.js';
import { formatIssue, type ConfigIssue } from '../../spec/config/issues.js';
import { FILE_RULE } from '../../spec/config/validate/catalogue.js';
import { validateConfig } from '../../spec/config/validate/validate.js';
import { EXIT, UserError } from '../errors.js';
import { readTextFile } from '../io.js';
import { archOption, resolveArch } from './common.js';

export interface FileVerdict {
  readonly file: string;
  readonly arch: Arch;
  readonly ok: boolean;
  readonly errors: readonly ConfigIssue[];
}

/** Validates one file; an unreadable file is an invalid one with a single CFG-FILE issue (line 0). */
export function validateFile(file: string, arch: Arch): FileVerdict {
  let text: string;
  try {
    text = readTextFile(file, 'PRTOS XML configuration');
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const message = e.message.startsWith(`${file}: `) ? e.message.slice(file.length + 2) : e.message;
    return { file, arch, ok: false, errors: [{ line: 0, rule: FILE_RULE.id, message }] };
  }
  const r = validateConfig(text, arch);
  return { file, arch, ok: r.ok, errors: r.issues };
}

export function formatVerdict(v: FileVerdict): string[] {
  return v.errors.map((i) =>
    i.line === 0 && i.rule === FILE_RULE.id ? `${v.file}: ${i.message} [${i.rule}]` : formatIssue(v.file, i),
  );
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check PRTOS XML configurations against the rules of prtoscparser (exit 0 valid, 2 invalid)')
    .argument('<files...>', 'PRTOS XML configuration files')
    .addOption(archOption())
    .option('--json', 'print one JSON array of {file, arch, ok, errors} and nothing else')
    .action((files: string[], opts: { arch?: string; json?: boolean }) => {
      const verdicts = files.map((file) => validateFile(file, resolveArch(opts.arch, file)));
      if (opts.json === true) process.stdout.write(`${JSON.stringify(verdicts)}\n`);
      else for (const v of verdicts) for (const line of formatVerdict(v)) process.stdout.write(`${line}\n`);
      const invalid = verdicts.filter((v) => !v.ok).length;
      // The command line's only way to exit 2 is a UserError, which adds this one summary line
      // on standard error; standard output keeps only the issues (or the JSON array).
      if (invalid > 0) {
        throw new UserError(
          `${invalid} of ${verdicts.length} file${verdicts.length === 1 ? ' is' : 's are'} not ${invalid === 1 && verdicts.length === 1 ? 'a valid PRTOS configuration' : 'valid PRTOS configurations'}`,
          EXIT.failed,
        );
      }
    });
}
