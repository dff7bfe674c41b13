/**
 * Errors the command line reports as one line and an exit code, never as a stack trace.
 *
 * Exit codes of every `prtos-ref` command (docs/cli.md):
 *   0  success (valid, all properties hold, no divergence)
 *   1  usage error (unknown option, missing argument)
 *   2  the input is bad or the check failed (invalid configuration, property violated, divergence,
 *      unreadable file, malformed counterexample)
 *   3  internal error of the tool (a bug: please report it with the replay line)
 */
export const EXIT = { ok: 0, usage: 1, failed: 2, internal: 3 } as const;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
