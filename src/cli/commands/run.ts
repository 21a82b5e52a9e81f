import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadProject, type Project } from '../../project/project.js';
import { runHandover } from '../../pipeline/run-handover.js';
import { pausedBy } from '../../pause.js';
import { utcDate, validateSession, validateTag } from '../../store/validate.js';
import { agentSessionFromEnv, isManualSession, manualSessionId } from '../../session/note-target.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';
import type { RunResult } from '../../engine/engine.js';

export function describeResult(io: CliIO, r: RunResult, resumed: boolean): number {
  if (r.status === 'paused') {
    io.err(msg.runPaused(r.pausedBy ?? 'PAUSE'));
    return EXIT.paused;
  }
  if (r.status === 'failed') {
    io.err(msg.runFailed(r.failedStep ?? '?', r.error ?? ''));
    return EXIT.failed;
  }
  if (r.status === 'abandoned') {
    io.err(msg.runAbandoned(r.failedStep ?? '?', r.error ?? ''));
    return EXIT.failed;
  }
  io.out(resumed ? msg.runResumed(r.runId ?? '?', r.ran) : msg.runDone(r.runId ?? '?', r.ran, r.skipped));
  return EXIT.ok;
}

async function plan(p: Project, io: CliIO, v: { tag?: string; session?: string; noCommit: boolean }): Promise<void> {
  const tag = validateTag(v.tag ?? p.config.tag);
  const session = validateSession(v.session ?? manualSessionId());
  io.out(msg.dryRunPlan);
  const existing = await p.store.findSessionNote(tag, session);
  const notePath = existing?.path ?? p.store.layer1Path(tag, utcDate(new Date().toISOString()), session);
  const rel = (f: string) => relative(p.root, f);
  for (const s of p.config.steps) {
    let what = '';
    let skip = '';
    if (s.kind === 'custom') {
      what = `runs ${Array.isArray(s.run) ? s.run.join(' ') : s.run}`;
      if (s.when && !s.when.includes('run')) skip = `when: ${s.when.join(', ')}`;
    } else if (s.name === 'collect') what = `writes ${rel(join(p.layout.runsDir, '<run-id>', 'facts.json'))}`;
    else if (s.name === 'session_note') what = `writes ${rel(notePath)}${existing ? ' (rewrite)' : ' (new)'}`;
    else if (s.name === 'current_state') what = `writes ${rel(p.store.currentStatePath)}`;
    else if (s.name === 'compact') {
      const { compact } = await import('../../store/compact.js');
      const c = await compact({ store: p.store, olderThanDays: p.config.compaction.olderThanDays, checkpointPath: '', dryRun: true });
      what = c.months.length ? `archives ${c.archived} notes of ${c.months.join(', ')}` : 'nothing due';
    } else if (s.name === 'publish') {
      what = `commits ${rel(p.layout.memoryDir)}/ only`;
      if (v.noCommit) skip = '--no-commit';
      else if (!p.config.git.commit) skip = 'git.commit: false';
      else if (!p.isGitRepo) skip = 'not a git repository';
    } else if (s.name === 'sync') what = 'syncs memory with the remote';
    io.out(`  ${skip ? '-' : '+'} ${s.name}: ${what}${skip ? ` (skipped: ${skip})` : ''}`);
  }
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) io.out(msg.runPaused(paused));
}

/** The --note-file text; a file that cannot be read is a usage error naming it (nothing is written). */
async function readNoteFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(msg.noteFileUnreadable(path, (err as NodeJS.ErrnoException).code ?? String(err)), msg.noteFileFix);
  }
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {
    tag: { type: 'string' },
    session: { type: 'string' },
    note: { type: 'string' },
    'note-file': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'no-commit': { type: 'boolean' },
    config: { type: 'string' },
  });
  if (values.note !== undefined && values['note-file'] !== undefined) throw new UsageError('Give --note or --note-file, not both.');
  const p = await loadProject(io.cwd, { env: io.env, ...(values.config ? { configPath: resolve(io.cwd, values.config) } : {}) });
  const noCommit = !!values['no-commit'];
  if (values['dry-run']) {
    const session = values.session ?? agentSessionFromEnv(io.env)?.session;
    await plan(p, io, { ...(values.tag ? { tag: values.tag } : {}), ...(session ? { session } : {}), noCommit });
    return EXIT.ok;
  }
  const note = values['note-file'] !== undefined ? await readNoteFile(resolve(io.cwd, values['note-file'])) : values.note;
  // No agent session: today's manual session, which this run ends (no agent sends SessionEnd for it).
  const session = values.session ?? agentSessionFromEnv(io.env)?.session ?? manualSessionId();
  const { resumed, result } = await runHandover(p, {
    event: 'run',
    agent: 'cli',
    ...(values.tag ? { tag: values.tag } : {}),
    session,
    ...(isManualSession(session) ? { endSession: true, endReason: 'manual run' } : {}),
    ...(note ? { note } : {}),
    ...(noCommit ? { noCommit } : {}),
  });
  if (resumed) describeResult(io, resumed, true);
  const code = describeResult(io, result, result.resumed);
  if (result.status === 'completed' && result.runId) {
    const pub = await readFile(join(p.layout.runsDir, result.runId, 'publish.json'), 'utf8').then((t) => JSON.parse(t) as { status: string; commit?: string; reason?: string }, () => undefined);
    if (pub) io.out(msg.published(pub.status, pub.commit, pub.reason));
  }
  return code;
}
