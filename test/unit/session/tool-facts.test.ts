import { describe, expect, it } from 'vitest';
import { deletedBy, firstErrorLine, relCommand, relPath, shortPaths } from '../../../src/session/tool-facts.js';
import { digestCompactSummary, digestUserMessages, summaryFiles } from '../../../src/session/compact-digest.js';

describe('relPath', () => {
  it('makes paths inside the session folder relative and shortens home folders elsewhere', () => {
    expect(relPath('/Users/paul/src/cli/redact/redact.go', '/Users/paul/src/cli')).toBe('redact/redact.go');
    expect(relPath('/home/ann/.claude/settings.json', '/work/app')).toBe('~/.claude/settings.json');
    expect(relPath('/work/app', '/work/app')).toBe('.');
    expect(relPath('src/a.ts', '/work/app')).toBe('src/a.ts');
    // A path a later slice already shortened still matches the folder.
    expect(relPath('~/src/cli/x.go', '/Users/paul/src/cli')).toBe('x.go');
  });
});

describe('relCommand and shortPaths', () => {
  it('writes the session folder as . and home folders as ~', () => {
    expect(relCommand('cd /work/app && go test ./...', '/work/app')).toBe('cd . && go test ./...');
    expect(relCommand('cat /Users/paul/notes.txt', undefined)).toBe('cat ~/notes.txt');
  });
  it('shortens absolute paths in prose to their last part', () => {
    expect(shortPaths("this one '/var/folders/sr/T/Screenshot 1.png' here")).not.toContain('/var/folders');
    expect(shortPaths('see /tmp/build/out.log')).toBe('see \u2026/out.log');
    expect(shortPaths('rm -rf /tmp/agentv-dryrun && bun x')).toBe('rm -rf \u2026/agentv-dryrun && bun x');
  });
});

describe('deletedBy', () => {
  it('finds the files rm, git rm and mv remove', () => {
    expect(deletedBy('rm -f a.txt b.txt && git rm -q old/c.ts; git mv d.ts e.ts')).toEqual(['a.txt', 'b.txt', 'old/c.ts', 'd.ts']);
    expect(deletedBy('npm test && echo rm')).toEqual([]);
    expect(deletedBy('rm -rf $TMP/*')).toEqual([]);
  });
});

describe('firstErrorLine', () => {
  it('skips the exit code banner and prefers the line that names the error', () => {
    expect(firstErrorLine('Exit code 1\n=== RUN TestX\n    x_test.go:12: want 2\n--- FAIL: TestX (0.00s)', 200)).toBe('--- FAIL: TestX (0.00s)');
    expect(firstErrorLine('Exit code 2\nls: cannot access \'types/\': No such file or directory', 200)).toBe("ls: cannot access 'types/': No such file or directory");
    expect(firstErrorLine('something odd happened', 200)).toBe('something odd happened');
    expect(firstErrorLine('Exit code 1\n\n', 200)).toBeUndefined();
  });
});

const SUMMARY = `This session is being continued from a previous conversation that ran out of context.
Analysis:
Let me think about everything in order, at length.

Summary:
1. Primary Request and Intent:
   - Fix the "Invalid Date" error on start

2. Key Technical Concepts:
   - Go, git refs

3. Files and Code Sections:
   - **\`cmd/cli/hooks.go\`**
     - Core fix
     \`\`\`go
     return err
     \`\`\`
   - \`cmd/cli/strategy/git.go\`

4. Errors and fixes:
   - **"is a directory" error**: the shadow branch name was empty; fixed by setting BaseCommit

5. All user messages:
   - "use linear comment for the plan" (feedback to not create docs/plans files)
   - "lgtm"

6. Pending Tasks:
   - Task 8: default output format
`;

describe('digestCompactSummary', () => {
  it('keeps the request, key concepts, files, errors, user messages and pending tasks, and drops the draft and code', () => {
    const d = digestCompactSummary(SUMMARY);
    expect(d).toContain('Primary Request');
    expect(d).toContain('"is a directory" error');
    expect(d).toContain('Pending Tasks');
    expect(d).not.toContain('Let me think');
    expect(d).toContain('2. Key Technical Concepts:\n   - Go, git refs');
    expect(d).not.toContain('return err');
    expect(summaryFiles(d)).toEqual(['cmd/cli/hooks.go', 'cmd/cli/strategy/git.go']);
    expect(digestUserMessages(d)).toEqual(['use linear comment for the plan (feedback to not create docs/plans files)', 'lgtm']);
    expect(digestCompactSummary(d)).toBe(d); // a digest digests to itself
  });
  it('leaves a summary without numbered parts as it is', () => {
    expect(digestCompactSummary('Empty Repo Setup: CLAUDE.md Foundation Created')).toBe('Empty Repo Setup: CLAUDE.md Foundation Created');
  });
});

describe('firstErrorLine: other shells', () => {
  it("PowerShell's framed error: the line that says what went wrong, without its gutter", () => {
    const out = "grep: \nLine |\n   2 |  grep -n \"X\" a.sh\n     |  ~~~~\n     | The term 'grep' is not recognized as a name of a cmdlet, function, script file, or executable program.\n<shellId: 4 completed with exit code 1>";
    expect(firstErrorLine(out, 200)).toBe("The term 'grep' is not recognized as a name of a cmdlet, function, script file, or executable program.");
  });
});
