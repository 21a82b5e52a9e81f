import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { makeTempRepo } from '../helpers/repo.js';

const root = resolve(__dirname, '../..');

describe('README library example', () => {
  it('runs as printed against the built package and does what its comments say', () => {
    const dist = join(root, 'dist/index.js');
    expect(existsSync(dist), 'npm test builds dist/ first').toBe(true);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Library API'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeTruthy();
    const repo = makeTempRepo();
    const script = join(repo.dir, 'example.mjs');
    writeFileSync(script, code!.replace("from 'agent-handover'", `from ${JSON.stringify(dist)}`));
    const out = execFileSync(process.execPath, [script], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(out).toContain("completed [ 'note', 'publish' ] []");
    expect(out.trim().split('\n').pop()).toBe('completed');
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('handover');
    expect(repo.git('show', '--stat', '--format=', 'HEAD').trim()).toMatch(/^memory\/layer1\/\d{4}-\d{2}\/handover-\d{4}-\d{2}-\d{2}-my-session\.md/);
  });
});
