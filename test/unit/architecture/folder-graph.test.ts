import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '..', '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** A file's node in the graph: its top folder under src/, or the file itself for the few at the top. */
function nodeOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts[0]!;
}

// Static imports and re-exports, type-only ones included (they still tie the folders together), and import().
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm;

function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const from = nodeOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      const to = nodeOf(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${relative(SRC, file)} -> ${spec}`]);
    }
  }
  return graph;
}

/** Every cycle's folders, found by depth-first search (each reported once, from its first folder). */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n)?.keys() ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

describe('src/ folders', () => {
  it('import each other without cycles (each cycle is named with the imports that close it)', () => {
    const graph = folderGraph();
    const described = cycles(graph).map((c) => {
      const links = c.slice(0, -1).map((n, i) => `  ${n} -> ${c[i + 1]}: ${graph.get(n)!.get(c[i + 1]!)!.slice(0, 3).join(', ')}`);
      return [c.join(' -> '), ...links].join('\n');
    });
    expect(described).toEqual([]);
  });

  it('the graph is read from real imports (a known edge is present)', () => {
    // Guards the test above against a parser that finds nothing.
    expect(folderGraph().get('cli')?.has('engine')).toBe(true);
    // A lazily imported module counts as much as a static one.
    expect(folderGraph().get('hooks')?.get('handlers')?.some((e) => e.startsWith('hooks/hook-handlers.ts'))).toBe(true);
  });

  it('the cycle search finds a cycle when there is one', () => {
    const g = new Map([['a', new Map([['b', ['x']]])], ['b', new Map([['c', ['y']]])], ['c', new Map([['a', ['z']]])]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
