import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { InvalidConfigError, type ConfigIssue } from '../../../src/config/issues.js';
import { parseConfig } from '../../../src/config/parse.js';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';

const FILE = '/proj/.agent-handover.yml';
// A comment first so every offending key sits on line 2 or later: a position stuck at 1:1 fails.
const doc = (body: string) => `# config\n${body}`;

function issues(text: string): ConfigIssue[] {
  try {
    parseConfig(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(InvalidConfigError);
    const e = err as InvalidConfigError;
    expect(e.path).toBe(FILE);
    for (const i of e.issues) expect(e.message).toContain(`${FILE}:${i.line}:${i.col}: ${i.key}: `);
    return e.issues;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig: every key accepts a valid value', () => {
  const cases: [string, (c: ReturnType<typeof parseConfig>) => unknown, unknown][] = [
    ['memory_root: docs/memory', (c) => c.memoryRoot, 'docs/memory'],
    ['checkpoint: ~/state/cp.json', (c) => c.checkpoint, '~/state/cp.json'],
    ['pause_files: [STOP, ~/.stop]', (c) => c.pauseFiles, ['STOP', '~/.stop']],
    ['pause_files: []', (c) => c.pauseFiles, []],
    ['tag: team_a.v2-x', (c) => c.tag, 'team_a.v2-x'],
    ['git: { commit: false }', (c) => c.git.commit, false],
    ['git: { push: true }', (c) => c.git.push, true],
    ['git: { remote: upstream }', (c) => c.git.remote, 'upstream'],
    ['git: { sign: true }', (c) => c.git.sign, true],
    ['git: { mode: shared }', (c) => c.git.mode, 'shared'],
    ['git: { ref: refs/heads/team/memory }', (c) => c.git.ref, 'refs/heads/team/memory'],
    ['context: { budget: 500 }', (c) => c.context.budget, 500],
    ['context: { budget: 10000 }', (c) => c.context.budget, 10000],
    ['redaction: { extra_patterns: [{ name: internal-token, pattern: "itk_[A-Za-z0-9]{32}" }] }', (c) => c.redaction.extraPatterns, [{ name: 'internal-token', pattern: 'itk_[A-Za-z0-9]{32}' }]],
    ['redaction: { allow: [EXAMPLE_KEY_123] }', (c) => c.redaction.allow, ['EXAMPLE_KEY_123']],
    ['hooks: { session_start: false }', (c) => c.hooks, { ...DEFAULT_CONFIG.hooks, session_start: false }],
    ['hooks: { stop: false }', (c) => c.hooks.stop, false],
    ['hooks: { session_end: false }', (c) => c.hooks.session_end, false],
    ['hooks: { pre_compact: false }', (c) => c.hooks.pre_compact, false],
    ['hooks: { post_compact: false }', (c) => c.hooks.post_compact, false],
    ['hooks: { post_commit: false }', (c) => c.hooks.post_commit, false],
    ['ask_mode: true', (c) => c.askMode, true],
    ['stale_after_days: 7', (c) => c.staleAfterDays, 7],
    ['compaction: { older_than_days: 1 }', (c) => c.compaction.olderThanDays, 1],
    ['sync: { auto: true }', (c) => c.sync.auto, true],
    ['sync: { retries: 0 }', (c) => c.sync.retries, 0],
    ['steps: [collect, sync]', (c) => c.steps, [{ kind: 'builtin', name: 'collect' }, { kind: 'builtin', name: 'sync' }]],
    ['steps: []', (c) => c.steps, []],
  ];
  it.each(cases)('%s', (yaml, pick, want) => {
    const c = parseConfig(doc(yaml), FILE);
    expect(pick(c)).toEqual(want);
    expect(c.source).toBe(FILE);
  });

  it('a full custom step with every key, and a minimal one with defaults filled', () => {
    const c = parseConfig(
      doc(`steps:
  - collect
  - name: docs
    run: npm run docs
    timeout: 60
    env: { FOO: bar, N: 3, B: true }
    cwd: docs
    when: [stop, session_end, run]
    retries: 2
  - name: argv
    run: [node, -e, "1"]
  - publish
`),
      FILE,
    );
    expect(c.steps).toEqual([
      { kind: 'builtin', name: 'collect' },
      { kind: 'custom', name: 'docs', run: 'npm run docs', timeout: 60, env: { FOO: 'bar', N: '3', B: 'true' }, cwd: 'docs', when: ['stop', 'session_end', 'run'], retries: 2 },
      { kind: 'custom', name: 'argv', run: ['node', '-e', '1'], timeout: 120, env: {}, retries: 0 },
      { kind: 'builtin', name: 'publish' },
    ]);
  });

  it('an empty file or one with only comments is the defaults', () => {
    expect({ ...parseConfig('', FILE), source: undefined }).toEqual(DEFAULT_CONFIG);
    expect({ ...parseConfig('# nothing\n', FILE), source: undefined }).toEqual(DEFAULT_CONFIG);
  });

  it('returns a config that does not share arrays with DEFAULT_CONFIG', () => {
    const c = parseConfig('tag: x', FILE);
    c.steps.push({ kind: 'builtin', name: 'sync' });
    c.pauseFiles.push('X');
    expect(DEFAULT_CONFIG.steps).toHaveLength(5);
    expect(DEFAULT_CONFIG.pauseFiles).toHaveLength(2);
  });
});

describe('parseConfig: every key rejects an invalid value with file, line, column, key and allowed values', () => {
  // [yaml body, key, line, col, text the message must contain, text the expected part must contain]
  const cases: [string, string, number, number, string, string][] = [
    ['memory_root: ../elsewhere', 'memory_root', 2, 14, '"../elsewhere"', 'inside the project root'],
    ['memory_root: /abs/memory', 'memory_root', 2, 14, 'not allowed', 'not absolute'],
    ['memory_root: a/../../b', 'memory_root', 2, 14, 'not allowed', 'no ..'],
    ['memory_root: .', 'memory_root', 2, 14, 'project root', 'sub-folder'],
    ['memory_root: .git/mem', 'memory_root', 2, 14, '.git', 'sub-folder'],
    ['memory_root: 5', 'memory_root', 2, 14, 'must be a string', 'relative path'],
    ['checkpoint: ""', 'checkpoint', 2, 13, 'must not be empty', 'non-empty path'],
    ['pause_files: PAUSE', 'pause_files', 2, 14, 'must be a list', 'list of paths'],
    ['pause_files: [PAUSE, 3]', 'pause_files[1]', 2, 22, 'must be a string', 'non-empty string'],
    ['tag: -bad', 'tag', 2, 6, 'not allowed', 'not starting with a dot or dash'],
    ['tag: ../x', 'tag', 2, 6, 'not allowed', 'letters, digits'],
    [`tag: ${'a'.repeat(65)}`, 'tag', 2, 6, 'not allowed', 'at most 64'],
    ['git:\n  commit: yes', 'git.commit', 3, 11, 'must be a boolean', 'true or false'],
    ['git:\n  push: 1', 'git.push', 3, 9, 'must be a boolean', 'true or false'],
    ['git:\n  remote: --upload-pack=x', 'git.remote', 3, 11, 'not allowed', 'not starting with a dash'],
    ['git:\n  sign: "true"', 'git.sign', 3, 9, 'must be a boolean', 'true or false'],
    ['git:\n  mode: sharde', 'git.mode', 3, 9, 'did you mean "shared"', 'branch'],
    ['git:\n  ref: heads/main', 'git.ref', 3, 8, 'not allowed', 'under refs/'],
    ['git:\n  ref: refs/heads/a..b', 'git.ref', 3, 8, 'not allowed', 'valid git ref'],
    ['git: true', 'git', 2, 6, 'must be a map of keys', 'committed'],
    ['context:\n  budget: 499', 'context.budget', 3, 11, 'must be from 500 to 10000 (got 499)', 'integer from 500 to 10000'],
    ['context:\n  budget: 10001', 'context.budget', 3, 11, 'must be from 500 to 10000', 'integer'],
    ['context:\n  budget: 800.5', 'context.budget', 3, 11, 'must be an integer', 'integer from 500'],
    ['context:\n  budget: .inf', 'context.budget', 3, 11, 'must be an integer', 'integer from 500'],
    ['redaction:\n  extra_patterns: [{ name: x }]', 'redaction.extra_patterns[0]', 3, 20, 'missing required key "pattern"', '{name, pattern}'],
    ['redaction:\n  extra_patterns: [{ name: "a b", pattern: x }]', 'redaction.extra_patterns[0].name', 3, 28, 'not allowed', 'letters, digits'],
    ['redaction:\n  extra_patterns:\n    - name: t\n      pattern: "itk_[A-Z"', 'redaction.extra_patterns[0].pattern', 5, 16, 'does not compile', 'compiles'],
    ['redaction:\n  extra_patterns:\n    - name: t\n      pattern: "a*"', 'redaction.extra_patterns[0].pattern', 5, 16, 'matches the empty string', 'compiles'],
    ['redaction:\n  allow: [""]', 'redaction.allow[0]', 3, 11, 'must not be empty', 'non-empty string'],
    ['hooks:\n  session_start: nope', 'hooks.session_start', 3, 18, 'must be a boolean', 'true or false'],
    ['hooks:\n  stop: 0', 'hooks.stop', 3, 9, 'must be a boolean', 'true or false'],
    ['hooks:\n  session_end: null', 'hooks.session_end', 3, 16, 'must be a boolean', 'true or false'],
    ['hooks:\n  pre_compact: []', 'hooks.pre_compact', 3, 16, 'must be a boolean', 'true or false'],
    ['hooks:\n  post_compact: x', 'hooks.post_compact', 3, 17, 'must be a boolean', 'true or false'],
    ['hooks:\n  post_commit: x', 'hooks.post_commit', 3, 16, 'must be a boolean', 'true or false'],
    ['ask_mode: sometimes', 'ask_mode', 2, 11, 'must be a boolean', 'true or false'],
    ['stale_after_days: 0', 'stale_after_days', 2, 19, 'must be from 1 to 3650', 'integer'],
    ['compaction:\n  older_than_days: 0', 'compaction.older_than_days', 3, 20, 'must be from 1 to 3650 (got 0)', 'integer from 1'],
    ['sync:\n  auto: maybe', 'sync.auto', 3, 9, 'must be a boolean', 'true or false'],
    ['sync:\n  retries: -1', 'sync.retries', 3, 12, 'must be from 0 to 20', 'integer'],
    ['steps: collect', 'steps', 2, 8, 'must be a list', 'built-in step names'],
    ['steps:\n  - colect', 'steps[0]', 3, 5, 'did you mean "collect"', 'collect, session_note, current_state, refine, compact, publish, sync'],
    ['steps:\n  - 5', 'steps[0]', 3, 5, 'built-in step name or a custom step object', 'name and run required'],
    ['steps:\n  - name: x', 'steps[0]', 3, 5, 'missing required key "run"', 'name and run required'],
    ['steps:\n  - run: x', 'steps[0]', 3, 5, 'missing required key "name"', 'name and run required'],
    ['steps:\n  - name: .x\n    run: x', 'steps[0].name', 3, 11, 'not allowed', 'not a built-in'],
    ['steps:\n  - name: x\n    run: []', 'steps[0].run', 4, 10, 'at least 1 item', 'sh -c'],
    ['steps:\n  - name: x\n    run: ""', 'steps[0].run', 4, 10, 'must not be empty', 'sh -c'],
    ['steps:\n  - name: x\n    run: 7', 'steps[0].run', 4, 10, 'must be a string or a list', 'argv'],
    ['steps:\n  - name: x\n    run: [node, 1]', 'steps[0].run[1]', 4, 17, 'must be a string', 'argv element'],
    ['steps:\n  - name: x\n    run: y\n    timeout: 0', 'steps[0].timeout', 5, 14, 'must be from 1 to 3600 (got 0)', 'Seconds'],
    ['steps:\n  - name: x\n    run: y\n    timeout: 1.5', 'steps[0].timeout', 5, 14, 'must be an integer', 'Seconds'],
    ['steps:\n  - name: x\n    run: y\n    env: FOO=bar', 'steps[0].env', 5, 10, 'must be a map of keys', 'NAME: value'],
    ['steps:\n  - name: x\n    run: y\n    env: { 1BAD: x }', 'steps[0].env.1BAD', 5, 12, 'not an allowed name', 'environment variable name'],
    ['steps:\n  - name: x\n    run: y\n    env: { A: [1] }', 'steps[0].env.A', 5, 15, 'must be a string or a number or a boolean', 'passed as a string'],
    ['steps:\n  - name: x\n    run: y\n    cwd: ../outside', 'steps[0].cwd', 5, 10, '"../outside"', 'inside the project root'],
    ['steps:\n  - name: x\n    run: y\n    cwd: /tmp', 'steps[0].cwd', 5, 10, 'not allowed', 'not absolute'],
    ['steps:\n  - name: x\n    run: y\n    cwd: docs/../../..', 'steps[0].cwd', 5, 10, 'not allowed', 'no ..'],
    ['steps:\n  - name: x\n    run: y\n    when: stop', 'steps[0].when', 5, 11, 'must be a list', 'session_start'],
    ['steps:\n  - name: x\n    run: y\n    when: []', 'steps[0].when', 5, 11, 'at least 1 item', 'session_start'],
    ['steps:\n  - name: x\n    run: y\n    when: [stop, Stop]', 'steps[0].when[1]', 5, 18, 'did you mean "stop"', 'session_start, stop, session_end, pre_compact, post_compact, run'],
    ['steps:\n  - name: x\n    run: y\n    when: [stop, stop]', 'steps[0].when[1]', 5, 18, 'same value twice', 'session_start'],
    ['steps:\n  - name: x\n    run: y\n    retries: 11', 'steps[0].retries', 5, 14, 'must be from 0 to 10', 'Accepted and ignored'],
  ];
  it.each(cases)('%s', (yaml, key, line, col, what, allowed) => {
    const found = issues(doc(yaml));
    expect(found).toHaveLength(1);
    const [i] = found;
    expect(i).toMatchObject({ file: FILE, key, line, col });
    expect(i!.message).toContain(what);
    expect(i!.expected ?? '').toContain(allowed);
  });
});

describe('parseConfig: unknown keys, syntax, duplicates', () => {
  it('names an unknown key at its own position and suggests the close one', () => {
    const [i] = issues(doc('git:\n  comit: false'));
    expect(i).toMatchObject({ key: 'git.comit', line: 3, col: 3 });
    expect(i!.message).toBe('unknown key "comit" (did you mean "commit"?)');
    expect(i!.expected).toContain('commit, push, remote, sign, mode, ref');
  });

  it('suggests the full path for a key written at the wrong level', () => {
    const [i] = issues(doc('budget: 4000'));
    expect(i).toMatchObject({ key: 'budget', line: 2, col: 1 });
    expect(i!.message).toContain('did you mean "context.budget"');
  });

  it('suggests by edit distance inside a custom step, and says nothing when nothing is close', () => {
    expect(issues(doc('steps:\n  - name: x\n    run: y\n    timeuot: 5'))[0]!.message).toContain('did you mean "timeout"');
    const [far] = issues(doc('zzzzqqqq: 1'));
    expect(far!.message).toBe('unknown key "zzzzqqqq"');
  });

  it('reports a YAML syntax error at the line and column yaml gives', () => {
    const found = issues('tag: ok\nsteps:\n  - collect\n    bad: [\n');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.key).toBe('(syntax)');
    expect(found[0]!.line).toBeGreaterThanOrEqual(3);
    expect(found[0]!.message).toMatch(/^YAML syntax error: /);
  });

  it('reports a tab indentation error with its position', () => {
    const [i] = issues('git:\n\tcommit: true\n');
    expect(i).toMatchObject({ key: '(syntax)', line: 2, col: 1 });
  });

  it('rejects a key written twice (yaml uniqueKeys)', () => {
    const [i] = issues(doc('tag: a\ntag: b'));
    expect(i).toMatchObject({ key: '(syntax)', line: 3, col: 1 });
    expect(i!.message).toMatch(/unique/i);
  });

  it('rejects duplicate custom step names at the second one', () => {
    const [i] = issues(doc('steps:\n  - name: docs\n    run: a\n  - collect\n  - name: docs\n    run: b'));
    expect(i).toMatchObject({ key: 'steps[2].name', line: 6, col: 11 });
    expect(i!.message).toBe('step name "docs" is already used by steps[0]');
  });

  it('rejects a built-in step listed twice and a custom step named like a built-in', () => {
    const found = issues(doc('steps:\n  - collect\n  - collect\n  - name: publish\n    run: x'));
    expect(found.map((i) => [i.key, i.line])).toEqual([
      ['steps[1]', 4],
      ['steps[2].name', 5],
    ]);
    expect(found[1]!.message).toContain('is a built-in step name');
  });

  it('rejects a top level that is not a map', () => {
    const [i] = issues('- collect\n');
    expect(i).toMatchObject({ key: '(top level)', line: 1, col: 1 });
    expect(i!.message).toContain('must be a map of keys');
  });

  it('lists several problems at once, sorted by position, in one message', () => {
    let err: InvalidConfigError | undefined;
    try {
      parseConfig(doc('sync:\n  retries: 99\ntag: "-x"\ngit:\n  mode: x'), FILE);
    } catch (e) {
      err = e as InvalidConfigError;
    }
    expect(err?.issues.map((i) => i.key)).toEqual(['sync.retries', 'tag', 'git.mode']);
    expect(err?.message.split('\n')[0]).toBe(`${FILE} has 3 configuration problems:`);
    expect(err?.hint).toContain('agent-handover init');
  });

  it('refuses a billion-laughs alias bomb with a ConfigError', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(() => parseConfig(bomb, FILE)).toThrow(ConfigError);
  });
});
