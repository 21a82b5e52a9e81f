// Text for configuration errors (src/config) and custom steps (src/pipeline/custom-step.ts).
const q = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

export const config = {
  issueLine: (file: string, line: number, col: number, key: string, what: string, expected?: string) =>
    `${file}:${line}:${col}: ${key}: ${what}${expected ? `${/[.?]$/.test(what) ? '' : '.'} Expected: ${expected}` : ''}`,
  invalidHeader: (file: string, n: number) => `${file} has ${n} configuration problems:`,
  fix: (file: string) => `Edit ${file}; every key, its default and its allowed values are listed by \`agent-handover init\` and in schema/agent-handover.schema.json.`,
  notFound: (file: string) => `The config file ${file} does not exist`,
  notFoundFix: 'Check the path, or run `agent-handover init` to write a commented default config.',
  unreadable: (file: string, why: string) => `The config file ${file} cannot be read: ${why}`,
  syntax: (why: string) => `YAML syntax error: ${why}`,
  tooComplex: (why: string) => `the YAML cannot be expanded: ${why}`,
  unknownKey: (key: string, suggestion?: string) => `unknown key ${q(key)}${suggestion ? ` (did you mean ${q(suggestion)}?)` : ''}`,
  knownKeys: (keys: readonly string[]) => `one of the keys ${keys.join(', ')}`,
  missingKey: (key: string) => `missing required key ${q(key)}`,
  wrongType: (types: string, got: unknown) => `must be ${types} (got ${q(got)})`,
  notStep: (got: unknown) => `must be a built-in step name or a custom step object (got ${q(got)})`,
  notOneOf: (allowed: readonly unknown[], got: unknown, suggestion?: string) =>
    `must be one of ${allowed.map(q).join(', ')} (got ${q(got)})${suggestion ? `; did you mean ${q(suggestion)}?` : ''}`,
  outOfRange: (min: unknown, max: unknown, got: unknown) => `must be from ${min} to ${max} (got ${q(got)})`,
  badPattern: (got: unknown) => `is not allowed (got ${q(got)})`,
  badName: (name: string) => `${q(name)} is not an allowed name`,
  empty: 'must not be empty',
  tooFew: (n: number) => `must list at least ${n} item${n === 1 ? '' : 's'}`,
  duplicateItems: (i: number, j: number) => `lists the same value twice (items ${j} and ${i})`,
  invalid: (what: string) => what,
  duplicateStep: (name: string, firstKey: string) => `step name ${q(name)} is already used by ${firstKey}`,
  uniqueStepExpected: 'each step name at most once',
  builtinName: (name: string) => `${q(name)} is a built-in step name; a custom step needs another name`,
  regexBroken: (why: string) => `the regular expression does not compile: ${why}`,
  regexEmpty: 'the regular expression matches the empty string, so it would redact nothing useful everywhere',
  regexExpected: 'a JavaScript regular expression that compiles and never matches the empty string',
  memoryRootBad: (v: string) => `${q(v)} would put memory at the project root or inside .git or .agent-handover`,
  memoryRootExpected: 'a sub-folder such as memory or docs/memory',
  stepFailed: (name: string, code: number | null, signal: string | null, timedOut: boolean, timeout: number) =>
    timedOut ? `Custom step ${q(name)} timed out after ${timeout}s and was killed` : `Custom step ${q(name)} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`,
  stepFailedFix: (name: string) => `Fix the command of step ${q(name)} in .agent-handover.yml; the handover keeps it pending and runs it again on the next run.`,
  cwdEscapes: (cwd: string, root: string) => `The custom step folder ${q(cwd)} is outside the project root ${root}`,
  cwdFix: 'Use a relative path inside the project, without .. segments or symlinks that lead out.',
  cwdMissing: (dir: string) => `the step folder ${dir} does not exist`,
  spawnFailed: (why: string) => `could not start the command: ${why}`,
  killedAfter: (timeout: number) => `timed out after ${timeout}s; the process group was killed`,
} as const;
