/**
 * `prtos-ref model --list [--json]` and `prtos-ref model --svg <dir>`: the abstract model as a
 * reader sees it — every state and transition of its machines with the requirement ids and note
 * rows it carries, and one state diagram per machine rendered offline (Graphviz compiled to
 * WebAssembly, @viz-js/viz) from the machine definitions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { instance } from '@viz-js/viz';
import { COORDINATOR_ROWS, ROWS_OUT_OF_SCOPE, modelItems } from '../../model/index.js';
import { modelDots } from '../../evidence/modelGraph.js';
import { EXIT, UserError } from '../errors.js';
import { formatTable } from '../render/table.js';

interface ModelOptions {
  list?: boolean;
  svg?: string;
  json?: boolean;
}

export function registerModel(program: Command): void {
  program
    .command('model')
    .description(
      "list the model's states and transitions with their requirements, or draw its state diagrams",
    )
    .option('--list', 'every state and transition with the requirement ids and note rows it carries')
    .option('--json', 'with --list: print JSON')
    .option('--svg <dir>', 'write one SVG state diagram per machine into <dir>')
    .action(async (opts: ModelOptions) => {
      if (opts.list !== true && opts.svg === undefined) {
        throw new UserError('give --list or --svg <dir>', EXIT.usage);
      }
      if (opts.list === true) list(opts.json === true);
      if (opts.svg !== undefined) await svg(opts.svg);
    });
}

function list(json: boolean): void {
  const items = modelItems();
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ items, coordinatorRows: COORDINATOR_ROWS, outOfScope: ROWS_OUT_OF_SCOPE }, null, 2)}\n`,
    );
    return;
  }
  const rows = items.map((i) => [
    i.kind === 'state'
      ? i.id
      : `  ${i.id.replace(/^[^:]*:/, '')}${i.targets !== undefined && i.targets.length > 0 ? ` -> ${i.targets.join(', ')}` : ''}`,
    i.requirements.join(' '),
    [...i.rows, ...(i.unreachable === undefined ? [] : [`(unreachable: ${i.unreachable})`])].join(' '),
  ]);
  process.stdout.write(`${formatTable(['state / transition', 'requirements', 'note rows'], rows)}\n`);
  const states = items.filter((i) => i.kind === 'state').length;
  process.stdout.write(
    `\n${states} states, ${items.length - states} transitions in ${new Set(items.map((i) => i.machine)).size} machines; ` +
      `${COORDINATOR_ROWS.length} note rows recorded by the coordinator; out of scope: ${Object.keys(ROWS_OUT_OF_SCOPE).join(', ')}\n`,
  );
}

async function svg(dir: string): Promise<void> {
  const viz = await instance();
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(`${dir}: cannot create the folder (${e instanceof Error ? e.message : String(e)})`);
  }
  for (const [name, dot] of Object.entries(modelDots())) {
    const out = join(dir, `${name}.svg`);
    writeFileSync(out, viz.renderString(dot, { format: 'svg', engine: 'dot' }));
    process.stdout.write(`${out}\n`);
  }
}
