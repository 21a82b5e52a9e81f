import { describe, expect, it } from 'vitest';
import { branchFirst, onOtherBranch } from '../../../src/render/session-order.js';
import { renderContext } from '../../../src/render/context.js';
import type { DerivedState, SessionEntry } from '../../../src/render/current-state.js';

const entry = (session: string, branch?: string): SessionEntry => ({
  session, date: '2026-08-01', summary: `work of ${session}`, status: 'ended', noteRel: `layer1/2026-08/handover-2026-08-01-${session}.md`, link: '', ...(branch ? { branch } : {}),
});

describe('branchFirst', () => {
  it('puts this branch\'s sessions first, keeps each group\'s order, and counts a note without a branch as this branch\'s', () => {
    const list = [entry('a', 'feature'), entry('b', 'main'), entry('c'), entry('d', 'feature'), entry('e', 'main')];
    expect(branchFirst(list, 'main').map((s) => s.session)).toEqual(['b', 'c', 'e', 'a', 'd']);
    expect(branchFirst(list, undefined).map((s) => s.session)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(onOtherBranch(list[0]!, 'main')).toBe(true);
    expect(onOtherBranch(list[2]!, 'main')).toBe(false);
  });

  it('the context lists this branch\'s sessions first, then the others with their branch named', () => {
    const s: DerivedState = {
      asOf: '2026-08-02', branch: 'main', head: 'abc', openFollowups: [], decisions: [], gotchas: [], uncommitted: [],
      recentSessions: [entry('other-1', 'feature'), entry('mine-1', 'main'), entry('other-2', 'spike')], recentWork: [],
      totals: { sessions: 3, decisions: 0, gotchas: 0 },
    };
    const text = renderContext(s, { budget: 8000 });
    expect(text.indexOf('mine-1')).toBeLessThan(text.indexOf('other-1'));
    expect(text.indexOf('other-1')).toBeLessThan(text.indexOf('other-2'));
    expect(text).toContain('other-1 (ended, on feature)');
    expect(text).toContain('mine-1 (ended)');
  });
});
