import { posix } from 'node:path';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { config as msg } from '../messages/config.js';
import { DEFAULT_CONFIG, DEFAULT_STEP_TIMEOUT_S } from './defaults.js';
import { InvalidConfigError, type ConfigIssue } from './issues.js';
import { keyPath, locate, pointerSegments } from './locate.js';
import { CONFIG_SCHEMA } from './schema.js';
import { validate as generatedValidate } from './validate.generated.js';
import { closest } from './suggest.js';
import { BUILTIN_STEPS, type Config, type StepSpec, type StepEvent } from './types.js';

// Loaded only when a config file exists (load.ts imports this module dynamically), so yaml stays
// out of a hook that has no config. The ajv validator is compiled ahead of time (codegen.ts).
const validate = generatedValidate as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Parses and validates the text of a config file; throws InvalidConfigError naming file:line:col. */
export function parseConfig(text: string, file: string): Config {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new InvalidConfigError(
      file,
      // prettyErrors would fill e.linePos but also rewrite the message with a code excerpt; the offset is enough.
      doc.errors.map((e) => ({ file, ...lc.linePos(e.pos[0]), key: '(syntax)', message: msg.syntax(e.message) })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InvalidConfigError(file, [{ file, line: 1, col: 1, key: '(top level)', message: msg.tooComplex((err as Error).message) }]);
  }
  if (data === null || data === undefined) return { ...structuredClone(DEFAULT_CONFIG), source: file };

  const issues = (validate(data) ? [] : (validate.errors ?? [])).flatMap((e) => issueFromAjv(e, doc, lc, file));
  if (!issues.length) issues.push(...semanticIssues(data as RawConfig, doc, lc, file));
  if (issues.length) throw new InvalidConfigError(file, dedupe(issues));
  return toConfig(data as RawConfig, file);
}

function issueFromAjv(e: ErrorObject, doc: Document, lc: LineCounter, file: string): ConfigIssue[] {
  const segs = pointerSegments(e.instancePath);
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown>; minimum?: number; maximum?: number; required?: string[] } | undefined;
  const expected = parent?.description;
  const at = (s: string[], atKey: boolean, message: string, exp = expected): ConfigIssue =>
    ({ file, ...locate(doc, lc, s, atKey), key: keyPath(s), message, ...(exp ? { expected: exp } : {}) });
  const p = e.params as Record<string, unknown>;
  // A propertyNames failure arrives twice (the inner pattern error carries the name): keep the inner one.
  if (e.propertyName !== undefined) return [at([...segs, e.propertyName], true, msg.badName(e.propertyName))];
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return [];
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      return [at([...segs, name], true, msg.unknownKey(name, closest(name, known) ?? elsewhere(name)), msg.knownKeys(known))];
    }
    case 'required':
      return [at(segs, false, msg.missingKey(String(p.missingProperty)))];
    case 'type':
      if (parent?.required?.includes('run')) return [at(segs, false, msg.notStep(e.data))];
      return [at(segs, false, msg.wrongType(article(String(p.type)), e.data))];
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const hint = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      return [at(segs, false, msg.notOneOf(allowed, e.data, hint))];
    }
    case 'minimum':
    case 'maximum':
      return [at(segs, false, msg.outOfRange(parent?.minimum, parent?.maximum, e.data))];
    case 'pattern':
      return [at(segs, false, msg.badPattern(e.data))];
    case 'minLength':
      return [at(segs, false, msg.empty)];
    case 'minItems':
      return [at(segs, false, msg.tooFew(Number(p.limit)))];
    case 'uniqueItems':
      return [at([...segs, String(p.i)], false, msg.duplicateItems(Number(p.i), Number(p.j)))];
    default:
      return [at(segs, false, msg.invalid(e.message ?? e.keyword))];
  }
}

const ALL_KEYS = collectKeys(CONFIG_SCHEMA as unknown as SchemaNode, []);
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  else?: SchemaNode;
}
function collectKeys(node: SchemaNode, path: string[]): string[][] {
  const out: string[][] = [];
  for (const [k, child] of Object.entries(node.properties ?? {})) out.push([...path, k], ...collectKeys(child, [...path, k]));
  const item = node.items?.else ?? node.items;
  if (item) out.push(...collectKeys(item, [...path, '0']));
  return out;
}
/** `budget` at the top level probably meant `context.budget`. */
function elsewhere(name: string): string | undefined {
  const hit = ALL_KEYS.find((k) => k[k.length - 1] === name);
  return hit ? keyPath(hit) : undefined;
}

function article(types: string): string {
  return types
    .split(',')
    .map((t) => (t === 'integer' ? 'an integer' : t === 'array' ? 'a list' : t === 'object' ? 'a map of keys' : `a ${t}`))
    .join(' or ');
}

interface RawStep {
  name: string;
  run: string | string[];
  timeout?: number;
  env?: Record<string, string | number | boolean>;
  cwd?: string;
  when?: StepEvent[];
  retries?: number;
}
type RawConfig = {
  memory_root?: string;
  checkpoint?: string;
  pause_files?: string[];
  tag?: string;
  git?: Partial<Config['git']>;
  context?: Partial<Config['context']>;
  redaction?: { extra_patterns?: { name: string; pattern: string }[]; allow?: string[] };
  hooks?: Partial<Config['hooks']>;
  ask_mode?: boolean;
  stale_after_days?: number;
  compaction?: { older_than_days?: number };
  sync?: Partial<Config['sync']>;
  refine?: Partial<Config['refine']>;
  steps?: (string | RawStep)[];
};

/** What the schema cannot say: unique step names, regexes that compile, a sane memory folder. */
function semanticIssues(raw: RawConfig, doc: Document, lc: LineCounter, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (segs: string[], message: string, expected?: string) =>
    issues.push({ file, ...locate(doc, lc, segs), key: keyPath(segs), message, ...(expected ? { expected } : {}) });
  if (raw.memory_root !== undefined) {
    const first = posix.normalize(raw.memory_root.replace(/\\/g, '/')).split('/')[0];
    if (first === '.' || first === '' || first === '.git' || first === '.agent-handover') add(['memory_root'], msg.memoryRootBad(raw.memory_root), msg.memoryRootExpected);
  }
  const seen = new Map<string, string>();
  (raw.steps ?? []).forEach((s, i) => {
    const name = typeof s === 'string' ? s : s.name;
    const segs = typeof s === 'string' ? ['steps', String(i)] : ['steps', String(i), 'name'];
    const first = seen.get(name);
    if (first) add(segs, msg.duplicateStep(name, first), msg.uniqueStepExpected);
    else if (typeof s !== 'string' && (BUILTIN_STEPS as readonly string[]).includes(name)) add(segs, msg.builtinName(name));
    if (!first) seen.set(name, keyPath(['steps', String(i)]));
  });
  (raw.redaction?.extra_patterns ?? []).forEach((p, i) => {
    const segs = ['redaction', 'extra_patterns', String(i), 'pattern'];
    try {
      if (new RegExp(p.pattern).test('')) add(segs, msg.regexEmpty, msg.regexExpected);
    } catch (err) {
      add(segs, msg.regexBroken((err as Error).message), msg.regexExpected);
    }
  });
  return issues;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.col}:${i.key}:${i.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function toConfig(raw: RawConfig, file: string): Config {
  const d = structuredClone(DEFAULT_CONFIG);
  return {
    memoryRoot: raw.memory_root ?? d.memoryRoot,
    checkpoint: raw.checkpoint ?? d.checkpoint,
    pauseFiles: raw.pause_files ?? d.pauseFiles,
    tag: raw.tag ?? d.tag,
    git: { ...d.git, ...raw.git },
    context: { ...d.context, ...raw.context },
    redaction: {
      extraPatterns: raw.redaction?.extra_patterns?.map((p) => ({ name: p.name, pattern: p.pattern })) ?? d.redaction.extraPatterns,
      allow: raw.redaction?.allow ?? d.redaction.allow,
    },
    hooks: { ...d.hooks, ...raw.hooks },
    askMode: raw.ask_mode ?? d.askMode,
    staleAfterDays: raw.stale_after_days ?? d.staleAfterDays,
    compaction: { olderThanDays: raw.compaction?.older_than_days ?? d.compaction.olderThanDays },
    sync: { ...d.sync, ...raw.sync },
    refine: { ...d.refine, ...raw.refine },
    steps: raw.steps ? raw.steps.map(toStep) : d.steps,
    source: file,
  };
}

function toStep(s: string | RawStep): StepSpec {
  if (typeof s === 'string') return { kind: 'builtin', name: s as (typeof BUILTIN_STEPS)[number] };
  return {
    kind: 'custom',
    name: s.name,
    run: s.run,
    timeout: s.timeout ?? DEFAULT_STEP_TIMEOUT_S,
    env: Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, String(v)])),
    retries: s.retries ?? 0,
    ...(s.cwd === undefined ? {} : { cwd: s.cwd }),
    ...(s.when === undefined ? {} : { when: s.when }),
  };
}
