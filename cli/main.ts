/**
 * The `prtos-ref` command line (docs/cli.md).
 *
 * Every command reports bad input as one line `prtos-ref: ...` and an exit code (errors.ts);
 * a stack trace appears only for internal errors and only with PRTOS_REF_DEBUG=1.
 */
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerEvidence } from './commands/evidence.js';
import { registerModel } from './commands/model.js';
import { registerQuirks } from './commands/quirks.js';
import { registerReplay } from './commands/replay.js';
import { registerRun } from './commands/run.js';
import { registerSelftest } from './commands/selftest.js';
import { registerShow } from './commands/show.js';
import { registerValidate } from './commands/validate.js';
import { EXIT, UserError } from './errors.js';
import { TOOL_VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('prtos-ref')
    .description('Executable reference model of the PRTOS separation-kernel hypervisor')
    .version(TOOL_VERSION)
    .exitOverride()
    // commander's own usage errors (unknown command or option, a value outside its choices) keep
    // the one-line form of every other error; subcommands copy this when they are registered.
    .configureOutput({
      outputError: (message, write) =>
        write(`prtos-ref: ${message.replace(/^error: /, '').trim()} (run with --help for usage)\n`),
    });
  registerShow(program);
  registerValidate(program);
  registerQuirks(program);
  registerCheck(program);
  registerReplay(program);
  registerRun(program);
  registerModel(program);
  registerSelftest(program);
  registerEvidence(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    // A command that found a problem sets its exit code; success is the default.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit with code 0; everything else commander reports is a usage error.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UserError) {
      process.stderr.write(`prtos-ref: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`prtos-ref: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['PRTOS_REF_DEBUG'] === '1' && e instanceof Error)
      process.stderr.write(`${e.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

// A reader that stops early (`prtos-ref quirks | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
