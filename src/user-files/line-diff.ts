/**
 * A unified-style diff of two small texts (settings, hook scripts, config files), for dry runs.
 * Plain LCS: these files are a few hundred lines at most; past a size cap we show the whole new text.
 */
export function lineDiff(before: string, after: string, label: string, context = 2): string {
  const a = before === '' ? [] : before.replace(/\r?\n$/, '').split(/\r?\n/);
  const b = after === '' ? [] : after.replace(/\r?\n$/, '').split(/\r?\n/);
  const header = `--- ${label}\n+++ ${label}\n`;
  if (a.length * b.length > 4_000_000) return header + b.map((l) => `+${l}`).join('\n') + '\n';
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i++]! });
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', line: a[i++]! });
    else ops.push({ op: '+', line: b[j++]! });
  }
  const keep = ops.map((o, k) => o.op !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((x) => x.op !== ' '));
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((o, k) => {
    if (keep[k]) {
      if (skipped && lines.length) lines.push('@@');
      skipped = false;
      lines.push(`${o.op}${o.line}`);
    } else skipped = true;
  });
  return lines.length ? header + lines.join('\n') + '\n' : '';
}
