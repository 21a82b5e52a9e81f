import { BUILTIN_STEPS, HOOK_EVENTS, STEP_EVENTS } from './types.js';
import { CONTEXT_BUDGET } from './defaults.js';

// The one schema for `.agent-handover.yml`: ajv validates with it and schema/agent-handover.schema.json
// is this object serialised (a test keeps them equal), so editors complete exactly what we accept.
// Each `description` ends with the allowed values: error messages quote it.

const NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$';
const NAME_RULE = 'letters, digits, dots, underscores and dashes, not starting with a dot or dash, at most 64 characters';
// Relative, no `..` segment, no drive letter, no home: a path that stays inside the project root.
const INSIDE_ROOT_PATTERN = '^(?![/\\\\~])(?![A-Za-z]:)(?!(?:.*[/\\\\])?\\.\\.(?:[/\\\\]|$))[^\\u0000]+$';
const REF_PATTERN = '^refs/(?!.*(?:\\.\\.|//|@\\{|\\.lock(?:/|$)|/\\.))[A-Za-z0-9._/-]*[A-Za-z0-9_-]$';
const REMOTE_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9._/-]{0,99}$';
const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

// The agents of src/agents/adapter.ts (AGENT_NAMES; a test keeps the two lists equal).
export const AGENT_KEYS = ['claude-code', 'codex', 'gemini', 'cursor', 'copilot', 'cline', 'opencode', 'droid'] as const;

const bool = (description: string, dflt: boolean) => ({ type: 'boolean', description: `${description} true or false.`, default: dflt });
const int = (description: string, minimum: number, maximum: number, dflt?: number) => ({
  type: 'integer',
  minimum,
  maximum,
  description: `${description} An integer from ${minimum} to ${maximum}.`,
  ...(dflt === undefined ? {} : { default: dflt }),
});

const section = (description: string, properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, description, properties });
const stringList = (item: string, description: string, dflt: string[]) => ({
  type: 'array',
  items: { type: 'string', minLength: 1, description: item },
  description,
  default: dflt,
});

const customStep = {
  type: 'object',
  description: `A built-in step name (${BUILTIN_STEPS.join(', ')}) or a custom step {name, run, timeout, env, cwd, when} with name and run required.`,
  additionalProperties: false,
  required: ['name', 'run'],
  properties: {
    name: { type: 'string', pattern: NAME_PATTERN, description: `Unique step name: ${NAME_RULE}; not a built-in step name.` },
    run: {
      type: ['string', 'array'],
      minLength: 1,
      minItems: 1,
      items: { type: 'string', minLength: 1, description: 'One argv element: a non-empty string.' },
      description: 'The command: a string (run with sh -c) or a non-empty list of strings (argv, no shell).',
    },
    timeout: int('Seconds per try before the step and all its child processes are killed.', 1, 3600, 120),
    env: {
      type: 'object',
      propertyNames: { pattern: ENV_NAME_PATTERN, description: 'An environment variable name: letters, digits and underscores, not starting with a digit.' },
      additionalProperties: { type: ['string', 'number', 'boolean'], description: 'A string, number or boolean (passed as a string).' },
      description: 'Extra environment variables: a map of NAME: value.',
      default: {},
    },
    cwd: { type: 'string', pattern: INSIDE_ROOT_PATTERN, description: 'Working folder: a relative path inside the project root (no .., not absolute).' },
    when: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...STEP_EVENTS], description: `An event: one of ${STEP_EVENTS.join(', ')}.` },
      description: `Events this step acts on: a list of ${STEP_EVENTS.join(', ')} (default: all).`,
    },
    retries: int('Accepted and ignored (older configs stay valid): a failed step is tried again by the engine at the next handover, up to 3 attempts in all.', 0, 10, 0),
  },
};

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://unpkg.com/agent-handover/schema/agent-handover.schema.json',
  title: 'agent-handover configuration (.agent-handover.yml)',
  description: 'Every key is optional; a missing key takes its default.',
  type: 'object',
  additionalProperties: false,
  properties: {
    memory_root: { type: 'string', pattern: INSIDE_ROOT_PATTERN, description: 'Folder for the Markdown memory: a relative path inside the project root (no .., not absolute).', default: 'memory' },
    checkpoint: { type: 'string', minLength: 1, description: 'Path of the handover journal, relative to the project root (~/ allowed): a non-empty path.', default: '.agent-handover/checkpoint.json' },
    pause_files: stringList('A file path, relative to the project root or ~/: a non-empty string.', 'Files whose existence pauses every write: a list of paths.', ['PAUSE', '~/.agent_handover/PAUSE']),
    tag: { type: 'string', pattern: NAME_PATTERN, description: `Tag in memory file names: ${NAME_RULE}.`, default: 'handover' },
    git: section('How handovers are committed and pushed.', {
      commit: bool('Commit memory after each handover:', true),
      push: bool('Push after committing:', false),
      remote: { type: 'string', pattern: REMOTE_PATTERN, description: 'Git remote name: letters, digits, dots, slashes, underscores and dashes, not starting with a dash.', default: 'origin' },
      sign: bool('Sign handover commits:', false),
      mode: { enum: ['branch', 'shared'], description: 'shared (memory on its own ref, the default: never a commit on your branch) or branch (memory committed on the current branch, in your pull requests).', default: 'shared' },
      ref: { type: 'string', pattern: REF_PATTERN, description: 'The memory ref in shared mode: a valid git ref under refs/, e.g. refs/heads/agent-handover/memory.', default: 'refs/heads/agent-handover/memory' },
    }),
    context: section('What SessionStart injects.', {
      budget: int('Characters of context injected at SessionStart.', CONTEXT_BUDGET.min, CONTEXT_BUDGET.max, 8000),
      agents: section(
        `Characters of context for one agent, overriding budget (defaults: codex 7000, copilot 2000, cursor 6000, opencode 6000, others budget): a map of ${AGENT_KEYS.join(', ')}.`,
        Object.fromEntries(AGENT_KEYS.map((a) => [a, int(`Characters of context injected for ${a}.`, 200, 10000)])),
      ),
    }),
    redaction: section('Secret redaction on top of the built-in detector.', {
      extra_patterns: {
        type: 'array',
        description: 'Extra secrets to redact: a list of {name, pattern}.',
        default: [],
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'pattern'],
          description: 'A {name, pattern} pair.',
          properties: {
            name: { type: 'string', pattern: NAME_PATTERN, description: `Placeholder name: ${NAME_RULE}.` },
            pattern: { type: 'string', minLength: 1, description: 'A JavaScript regular expression that compiles and never matches the empty string.' },
          },
        },
      },
      allow: stringList('A literal value never redacted: a non-empty string.', 'Values never redacted: a list of strings.', []),
    }),
    hooks: section('Which hook events act.', Object.fromEntries(HOOK_EVENTS.map((e) => [e, bool(`Act on the ${e} event:`, true)]))),
    ask_mode: bool('Ask the agent once to record decisions when a turn changed code and nothing was captured:', false),
    stale_after_days: int('Days after which a memory item is marked stale.', 1, 3650, 30),
    compaction: section('Monthly compaction of old session notes.', { older_than_days: int('Compact session notes older than this many days.', 1, 3650, 30) }),
    sync: section('Memory sync over git remotes.', {
      auto: bool('Sync after each Stop handover:', false),
      retries: int('Push retries when the remote rejects.', 0, 20, 3),
    }),
    refine: section('Refining memory between sessions (dedupe, close, supersede, memory/topics/).', {
      auto: bool('Start a background `agent-handover refine --if-due` after a Stop and at SessionStart when 5 notes or a day have passed:', true),
    }),
    steps: {
      type: 'array',
      description: `The pipeline: built-in step names (${BUILTIN_STEPS.join(', ')}) and custom steps {name, run, ...}.`,
      default: ['collect', 'session_note', 'current_state', 'compact', 'publish'],
      items: {
        if: { type: 'string' },
        then: { enum: [...BUILTIN_STEPS], description: `A built-in step: one of ${BUILTIN_STEPS.join(', ')}.` },
        else: customStep,
      },
    },
  },
} as const;
