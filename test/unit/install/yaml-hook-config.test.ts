import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  lefthookHasOurs, lefthookWithOurs, lefthookWithoutOurs, preCommitHasOurs, preCommitWithOurs, preCommitWithoutOurs, YamlConfigError,
} from '../../../src/install/yaml-hook-config.js';

const LEFTHOOK = `# team hooks
pre-commit:
  parallel: true
  commands:
    lint:
      run: npx eslint {staged_files}   # only staged
post-commit:
  commands:
    notify:
      run: echo committed
`;

const PRE_COMMIT = `# See https://pre-commit.com
repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0
    hooks:
      - id: trailing-whitespace
`;

describe('lefthook', () => {
  test('adds our command next to the user ones, keeping comments; idempotent; removable', () => {
    const next = lefthookWithOurs(LEFTHOOK, 'node x.js || true');
    expect(next).toContain('# team hooks');
    expect(next).toContain('# only staged');
    const value = parse(next);
    expect(value['post-commit'].commands['agent-handover']).toEqual({ run: 'node x.js || true' });
    expect(value['post-commit'].commands.notify).toEqual({ run: 'echo committed' });
    expect(lefthookHasOurs(next)).toBe(true);
    expect(lefthookWithOurs(next, 'node x.js || true')).toBe(next);
    // The yaml printer may respace a comment; the byte-exact original comes back from the backup.
    expect(parse(lefthookWithoutOurs(next))).toEqual(parse(LEFTHOOK));
    expect(lefthookWithoutOurs(next)).toContain('# only staged');
  });
  test('creates post-commit when there is none, and removes what it created', () => {
    const base = 'pre-commit:\n  commands:\n    lint:\n      run: eslint\n';
    const next = lefthookWithOurs(base, 'run-me');
    expect(parse(next)['post-commit']).toEqual({ commands: { 'agent-handover': { run: 'run-me' } } });
    expect(parse(lefthookWithoutOurs(next))).toEqual(parse(base));
  });
  test('an updated command replaces the old one', () => {
    const next = lefthookWithOurs(lefthookWithOurs(LEFTHOOK, 'old'), 'new');
    expect(parse(next)['post-commit'].commands['agent-handover'].run).toBe('new');
  });
  test('broken YAML is refused', () => {
    expect(() => lefthookWithOurs('a: [1,\n', 'x')).toThrow(YamlConfigError);
    expect(() => lefthookWithOurs('- a\n- b\n', 'x')).toThrow(YamlConfigError);
  });
});

describe('pre-commit framework', () => {
  test('adds a local repo with our post-commit hook, keeping the rest; idempotent; removable exactly', () => {
    const next = preCommitWithOurs(PRE_COMMIT, "sh -c 'x || true'");
    expect(next).toContain('# See https://pre-commit.com');
    expect(next).toContain('stages: [ post-commit ]');
    const repos = parse(next).repos;
    expect(repos).toHaveLength(2);
    expect(repos[1]).toEqual({
      repo: 'local',
      hooks: [{ id: 'agent-handover', name: 'agent-handover post-commit', entry: "sh -c 'x || true'", language: 'system', stages: ['post-commit'], always_run: true, pass_filenames: false }],
    });
    expect(preCommitHasOurs(next)).toBe(true);
    expect(preCommitWithOurs(next, "sh -c 'x || true'")).toBe(next);
    expect(preCommitWithoutOurs(next)).toBe(PRE_COMMIT);
  });
  test('a config without repos gets one', () => {
    const next = preCommitWithOurs('default_stages: [pre-commit]\n', 'e');
    expect(parse(next).repos[0].hooks[0].id).toBe('agent-handover');
    expect(parse(preCommitWithoutOurs(next))).toEqual({ default_stages: ['pre-commit'], repos: [] });
  });
  test('a changed entry is updated in place', () => {
    const next = preCommitWithOurs(preCommitWithOurs(PRE_COMMIT, 'old'), 'new');
    expect(parse(next).repos).toHaveLength(2);
    expect(parse(next).repos[1].hooks[0].entry).toBe('new');
  });
  test('repos that is not a list is refused', () => {
    expect(() => preCommitWithOurs('repos: 3\n', 'e')).toThrow(/not a list/);
  });
});
