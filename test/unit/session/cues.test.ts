import { describe, expect, it } from 'vitest';
import { findCues, isChatter, isCorrection, isHarnessMessage, rejectionWords, sentences } from '../../../src/session/cues.js';

const kinds = (text: string, who: 'user' | 'agent') => findCues(text, who).map((c) => c.kind);

describe('findCues: constraints the user states', () => {
  it.each([
    ["please don't amend commits, it messes with the entire workflows", 'constraint'],
    ['Never push to main directly.', 'constraint'],
    ['always run the linter before committing', 'constraint'],
    ['Use the git CLI instead of the GitHub API for this.', 'constraint'],
    ['use linear comment for the plan', 'constraint'],
    ['I think we should error out in this situation.', 'constraint'],
    ['Make sure the migration is reversible.', 'constraint'],
    ["I'd prefer small commits over one big one.", 'constraint'],
  ])('%s', (text, kind) => {
    expect(kinds(text, 'user')).toEqual([kind]);
  });

  it('keeps the sentence, not the whole message', () => {
    const cues = findCues('Thanks for the review. Please do not touch the generated files. They are rebuilt by CI.', 'user');
    expect(cues.map((c) => c.text)).toEqual(['Please do not touch the generated files.']);
    expect(cues[0]!.strength).toBe(3);
  });
});

describe('findCues: decisions and gotchas either side states', () => {
  it.each([
    ['We decided to keep the cache on disk.', 'agent', 'decision'],
    ["Let's go with the second option.", 'user', 'decision'],
    ['It turns out the API paginates at 100 items.', 'agent', 'gotcha'],
    ['Note that the tests need PORT set.', 'agent', 'gotcha'],
    ['The workaround is to pin the version to 1.2.', 'agent', 'gotcha'],
    ['The root cause was a missing BaseCommit in the partial state.', 'agent', 'gotcha'],
    ['The fix uses execFile instead of exec so that arguments are never parsed by a shell.', 'agent', 'decision'],
  ] as const)('%s', (text, who, kind) => {
    expect(kinds(text, who)).toEqual([kind]);
  });
});

describe('findCues: what is not a cue', () => {
  it.each([
    ["I don't know why this fails.", 'user'],
    ["Why don't we have tests for this?", 'user'],
    ['Let me check the config because the build failed.', 'agent'],
    ["Now I'll update the callers instead.", 'agent'],
    ['Should I also update the docs instead?', 'agent'],
    ['Would you like me to use the other approach instead?', 'agent'],
    ['if (x) { return y; } else { never(); }', 'user'],
    ['The tests pass.', 'agent'],
    ['Please update CLAUDE.md for current changes', 'user'],
  ] as const)('%s', (text, who) => {
    expect(findCues(text, who)).toEqual([]);
  });

  it('ignores code blocks and quoted tool output', () => {
    const text = 'Here is the diff:\n```\n// never do this\nalways();\n```\n<bash-stdout>do not edit</bash-stdout>';
    expect(findCues(text, 'user')).toEqual([]);
  });

  it('an agent saying "because" is weaker than a user saying "never"', () => {
    const [agent] = findCues('The retry is capped at three because the upstream rate-limits us.', 'agent');
    const [user] = findCues('Never retry more than three times.', 'user');
    expect(agent!.strength).toBeLessThan(user!.strength);
  });
});

describe('sentences', () => {
  it('splits prose into sentences and drops list and heading markup', () => {
    expect(sentences('# Plan\n- First do the thing. Then test it!\n\n1. Ship it to production')).toEqual(['First do the thing.', 'Then test it!', 'Ship it to production']);
  });
});

describe('rejectionWords', () => {
  it("returns what the user typed when refusing a tool call", () => {
    const result = "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). To tell you how to proceed, the user said:\ndon't run CI or integration tests, too slow.";
    expect(rejectionWords(result)).toBe("don't run CI or integration tests, too slow.");
  });
  it('is undefined for other tool results', () => {
    expect(rejectionWords('Exit code 1\nnpm ERR! missing script: lint')).toBeUndefined();
    expect(rejectionWords("The user doesn't want to proceed with this tool use. STOP what you are doing")).toBeUndefined();
  });
});

describe('isCorrection', () => {
  it.each(['no, the other file', 'Actually, keep the old name', "don't rename it", 'wait', 'that is not what I asked'.replace('that is', "that's")])('%s is a correction', (t) => {
    expect(isCorrection(t)).toBe(true);
  });
  it.each(['Now add a test', 'Nobody uses that endpoint, remove it', 'notes are in the wiki'])('%s is not', (t) => {
    expect(isCorrection(t)).toBe(false);
  });
});

describe('isChatter', () => {
  it.each(['hi', 'Hey', 'thanks!', 'ok continue', 'clear', '/plan', '  ', 'yes please'])('%j is chatter', (t) => {
    expect(isChatter(t)).toBe(true);
  });
  it.each(['hi, please fix the login bug', '/review https://github.com/o/r/pull/6', 'ok so the build is broken on main', 'test the uploader'])('%j is a request', (t) => {
    expect(isChatter(t)).toBe(false);
  });
});

describe('isHarnessMessage', () => {
  it('recognises a hook standing in for the agent', () => {
    expect(isHarnessMessage('Operation stopped by hook: agent-handover asked to wait')).toBe(true);
    expect(isHarnessMessage('API Error: 529 overloaded')).toBe(true);
    expect(isHarnessMessage('I stopped the operation because the hook failed.')).toBe(false);
  });
});

describe('findCues: the shape of what follows', () => {
  it('a cue ending with a colon keeps what follows it, code block included', () => {
    const [c] = findCues('`byok` was replaced by flat fields on the target:\n```yaml\nsubprovider: azure\nbase_url: https://x\n```\nDone.', 'agent');
    expect(c!.text).toMatch(/^`byok` was replaced by flat fields on the target: .*subprovider: azure base_url/);
  });
  it('narration with a curly apostrophe is still narration, but a rule it names is kept', () => {
    expect(findCues('I\u2019m also checking the guide because this touches graders.', 'agent')).toEqual([]);
    expect(kinds('I\u2019m moving it to a branch; I will not push to main because this repo forbids that.', 'agent')).toEqual(['constraint']);
  });
});

describe('findCues: what the agent leaves alone', () => {
  it('a file left out on purpose is a decision', () => {
    expect(kinds('I also see one unrelated untracked baseline file, so I\u2019ll leave that alone.', 'agent')).toEqual(['decision']);
  });
});

describe('findCues: defaults that surprise', () => {
  it('"by default" names a trap the agent worked around', () => {
    expect(kinds('It also attempted result publication by default, so I\u2019ll add `--no-results-push` for the remaining runs.', 'agent')).toEqual(['gotcha']);
  });
});

describe('findCues: casual typing', () => {
  it('lower-case sentences are sentences, and an order may open with a word and a comma', () => {
    const text = 'anyway, dont make it where you scroll down either. lastly, that gif is horrible. dont give away anything, just show the gif if you type capybara';
    expect(sentences(text)).toHaveLength(3);
    expect(findCues(text, 'user').map((c) => c.text)).toEqual(['anyway, dont make it where you scroll down either.', 'dont give away anything, just show the gif if you type capybara']);
  });
  it('an abbreviation does not end a sentence', () => {
    expect(sentences('Use a real parser, e.g. acorn. then test it')).toEqual(['Use a real parser, e.g. acorn.', 'then test it']);
  });
});

describe('findCues: failures that are not the session\u2019s', () => {
  it.each(['The tsc errors are pre-existing in generated `.next` files, unrelated to my change.', 'That test is flaky on CI, so I re-ran it.'])('%s', (text) => {
    expect(kinds(text, 'agent')).toEqual(['gotcha']);
  });
  it('"unrelated" alone in narration is not one', () => {
    expect(findCues('I looked at an unrelated file first.', 'agent')).toEqual([]);
  });
});

describe('findCues: what the agent could not do', () => {
  it.each(["I can\u2019t open a GitHub PR directly from here, but the branch is pushed.", 'Switching to a new branch from main isn\u2019t possible right now.'])('%s', (text) => {
    expect(kinds(text, 'agent')).toEqual(['gotcha']);
  });
  it('not finding something on the way is narration', () => {
    expect(findCues("I couldn't find the config file in src.", 'agent')).toEqual([]);
  });
});
