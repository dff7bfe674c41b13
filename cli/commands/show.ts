/**
 * `prtos-ref show <config.xml> [--arch A] [--json]`: decode a configuration and print it.
 */
import type { Command } from 'commander';
import { decodeConfig } from '../../spec/config/decode.js';
import { formatIssue } from '../../spec/config/issues.js';
import { EXIT, UserError } from '../errors.js';
import { readTextFile } from '../io.js';
import { configSummary } from '../render/configSummary.js';
import { archOption, resolveArch } from './common.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('decode a PRTOS XML configuration and print a summary (or the decoded value as JSON)')
    .argument('<config>', 'PRTOS XML configuration file')
    .addOption(archOption())
    .option('--json', 'print the decoded configuration as JSON')
    .action((file: string, opts: { arch?: string; json?: boolean }) => {
      const arch = resolveArch(opts.arch, file);
      const r = decodeConfig(readTextFile(file, 'PRTOS XML configuration'), arch);
      if (!r.ok) {
        for (const issue of r.issues) process.stderr.write(`${formatIssue(file, issue)}\n`);
        throw new UserError(`${file}: not a valid PRTOS configuration for ${arch}`, EXIT.failed);
      }
      process.stdout.write(
        opts.json === true ? `${JSON.stringify(r.config, null, 2)}\n` : `${configSummary(r.config, file)}\n`,
      );
    });
}
