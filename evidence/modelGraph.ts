/**
 * State diagrams of the model's machines, drawn from their definitions (not from runs): one
 * Graphviz DOT graph per machine — compound and parallel states as clusters (parallel regions
 * dashed), each transition an edge labelled with its event, its guard and the requirement ids it
 * carries. `prtos-ref model --svg` renders them offline with Graphviz compiled to WebAssembly.
 */
import type { AnyStateMachine } from 'xstate';
import { MACHINES } from '../model/index.js';

interface Node {
  readonly key: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly states: Readonly<Record<string, Node>>;
  readonly transitions: ReadonlyMap<string, readonly Transition[]>;
  readonly initial?: { readonly target: readonly Node[] };
  readonly meta?: unknown;
}

interface Transition {
  readonly target?: readonly Node[];
  readonly guard?: unknown;
  readonly meta?: unknown;
}

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const id = (name: string, n: Node) => [name, ...n.path].join('.');

function requirementsOf(meta: unknown): string[] {
  const r = (meta as { requirements?: unknown } | undefined)?.requirements;
  return Array.isArray(r) ? r.map(String) : [];
}

function guardText(g: unknown): string {
  if (g === undefined) return '';
  if (typeof g === 'string') return ` [${g}]`;
  if (typeof g === 'object' && g !== null && 'type' in g)
    return ` [${String((g as { type: unknown }).type)}]`;
  return ' [guard]';
}

/** The DOT text of one machine. */
export function machineDot(name: string, machine: AnyStateMachine): string {
  const lines: string[] = [
    `digraph ${q(name)} {`,
    '  rankdir=LR; compound=true; fontname="Helvetica";',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  const edges: string[] = [];
  const visit = (n: Node, depth: number): void => {
    const pad = '  '.repeat(depth + 1);
    const children = Object.values(n.states);
    if (children.length === 0) {
      const reqs = requirementsOf(n.meta);
      lines.push(
        `${pad}${q(id(name, n))} [label=${q(`${n.key}${reqs.length > 0 ? `\n${reqs.join(' ')}` : ''}`)}];`,
      );
    } else {
      lines.push(`${pad}subgraph ${q(`cluster_${id(name, n)}`)} {`);
      lines.push(
        `${pad}  label=${q(`${n.key}${n.type === 'parallel' ? ' (parallel)' : ''}`)}; style=${n.type === 'parallel' ? 'dashed' : 'rounded'};`,
      );
      for (const c of children) visit(c, depth + 1);
      lines.push(`${pad}}`);
    }
    for (const [event, candidates] of n.transitions) {
      for (const t of candidates) {
        const reqs = requirementsOf(t.meta);
        const label = `${event}${guardText(t.guard)}${reqs.length > 0 ? `\n${reqs.join(' ')}` : ''}`;
        const from = leafOf(name, n);
        for (const target of t.target ?? [n])
          edges.push(`  ${q(from)} -> ${q(leafOf(name, target))} [label=${q(label)}];`);
      }
    }
  };
  visit(machine.root as unknown as Node, 0);
  lines.push(...edges, '}');
  return lines.join('\n');
}

/** Edges attach to a leaf: a compound state is entered through its initial child. */
function leafOf(name: string, n: Node): string {
  let cur = n;
  for (let guard = 0; guard < 16; guard++) {
    const children = Object.values(cur.states);
    if (children.length === 0) break;
    cur = cur.initial?.target[0] ?? (children[0] as Node);
  }
  return id(name, cur);
}

/** DOT text for every machine of the model, by name. */
export function modelDots(): Record<string, string> {
  return Object.fromEntries(Object.entries(MACHINES).map(([name, m]) => [name, machineDot(name, m)]));
}
