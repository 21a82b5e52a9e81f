import { isMap, isSeq, parseDocument, type Document, YAMLMap, YAMLSeq } from 'yaml';
import { PACKAGE_NAME } from './hook-command.js';

/** Thrown when a hook manager's config cannot be parsed or has a shape we may not edit. */
export class YamlConfigError extends Error {}

function parse(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new YamlConfigError(doc.errors[0]!.message.split('\n')[0] ?? 'invalid YAML');
  return doc;
}

/** The parsed value, for comparing a result with a backup; undefined when it does not parse. */
export function yamlValue(text: string): unknown {
  try {
    return parse(text).toJS();
  } catch {
    return undefined;
  }
}

// ---- lefthook: post-commit.commands.agent-handover.run

const lefthookPath = (hook: string) => [hook, 'commands', PACKAGE_NAME];

export function lefthookHasOurs(text: string, hook = 'post-commit'): boolean {
  return parse(text).hasIn(lefthookPath(hook));
}

/** lefthook.yml with our post-commit command set; the rest of the document (comments too) as it was. */
export function lefthookWithOurs(text: string, run: string, hook = 'post-commit'): string {
  const doc = parse(text);
  const path = lefthookPath(hook);
  if (doc.contents !== null && !isMap(doc.contents)) throw new YamlConfigError('the top level is not a mapping');
  if (doc.getIn([...path, 'run']) === run) return text;
  doc.setIn([...path, 'run'], run);
  return doc.toString();
}

/** lefthook.yml without our command; containers our entry leaves empty go too. */
export function lefthookWithoutOurs(text: string, hook = 'post-commit'): string {
  const doc = parse(text);
  if (!doc.hasIn(lefthookPath(hook))) return text;
  doc.deleteIn(lefthookPath(hook));
  for (const path of [[hook, 'commands'], [hook]]) {
    const node = doc.getIn(path, true);
    if (isMap(node) && node.items.length === 0) doc.deleteIn(path);
  }
  return doc.toString();
}

// ---- pre-commit framework: a `repo: local` entry holding our hook with stages [post-commit]

function reposOf(doc: Document): YAMLSeq | undefined {
  if (doc.contents !== null && !isMap(doc.contents)) throw new YamlConfigError('the top level is not a mapping');
  const repos = doc.getIn(['repos'], true);
  if (repos === undefined) return undefined;
  if (!isSeq(repos)) throw new YamlConfigError('"repos" is not a list');
  return repos;
}

function ourHookNodes(doc: Document): Array<{ repo: YAMLMap; hooks: YAMLSeq; hook: unknown }> {
  const found: Array<{ repo: YAMLMap; hooks: YAMLSeq; hook: unknown }> = [];
  for (const repo of reposOf(doc)?.items ?? []) {
    if (!isMap(repo) || repo.get('repo') !== 'local') continue;
    const hooks = repo.get('hooks', true);
    if (!isSeq(hooks)) continue;
    for (const hook of hooks.items) if (isMap(hook) && hook.get('id') === PACKAGE_NAME) found.push({ repo, hooks, hook });
  }
  return found;
}

export function preCommitHasOurs(text: string): boolean {
  return ourHookNodes(parse(text)).length > 0;
}

/** .pre-commit-config.yaml with our local post-commit hook (replacing an older version of it). */
export function preCommitWithOurs(text: string, entry: string): string {
  const doc = parse(text);
  const wanted = { id: PACKAGE_NAME, name: `${PACKAGE_NAME} post-commit`, entry, language: 'system', stages: ['post-commit'], always_run: true, pass_filenames: false };
  const found = ourHookNodes(doc);
  const hookNode = doc.createNode(wanted);
  const stages = hookNode.get('stages', true);
  if (isSeq(stages)) stages.flow = true;
  if (found.length === 1) {
    const { hooks, hook } = found[0]!;
    if (JSON.stringify((hook as YAMLMap).toJSON()) === JSON.stringify(wanted)) return text;
    hooks.items[hooks.items.indexOf(hook)] = hookNode;
    return doc.toString();
  }
  // Duplicates (hand edits): drop them all and add one fresh entry.
  if (found.length > 1) removeOurs(doc);
  const repo = doc.createNode({ repo: 'local', hooks: [wanted] });
  const hooks = repo.get('hooks', true);
  if (isSeq(hooks)) hooks.items[0] = hookNode;
  const repos = reposOf(doc);
  if (repos) repos.items.push(repo);
  else doc.setIn(['repos'], doc.createNode([repo]));
  return doc.toString();
}

function removeOurs(doc: Document): void {
  const repos = reposOf(doc);
  for (const { repo, hooks, hook } of ourHookNodes(doc)) {
    hooks.items.splice(hooks.items.indexOf(hook), 1);
    if (hooks.items.length === 0 && repos) repos.items.splice(repos.items.indexOf(repo), 1);
  }
}

export function preCommitWithoutOurs(text: string): string {
  const doc = parse(text);
  if (ourHookNodes(doc).length === 0) return text;
  removeOurs(doc);
  return doc.toString();
}
