import type { Candidate } from './types.js';
import { findPatternSecrets, URL_PASSWORD_RULE } from './rules.js';

/**
 * secretlint's recommended preset is the maintained rule set (AWS, GCP, GitHub, Slack, npm,
 * OpenAI, Anthropic, Linear, 1Password, SendGrid, Shopify, private keys, basic-auth and database
 * URLs). It is loaded on first use only: hooks must start fast and most hook runs write nothing.
 */
type Message = Awaited<ReturnType<typeof import('@secretlint/core').lintSource>>['messages'][number];
type Lint = (text: string) => Promise<Message[]>;

let loading: Promise<Lint | null> | undefined;

async function load(): Promise<Lint | null> {
  try {
    const [core, preset] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
    const { lintSource } = core;
    // secretlint's profiler keeps every performance mark of every lint for the life of the process
    // and searches them at each new mark: ~10 KB and a little more time per call, without end (a
    // long MCP server, a sweep of many texts). The build exports the profiler with the vendored
    // core (scripts/build.mjs); marks are turned off there.
    const profiler = (core as { secretLintProfiler?: { mark: (m: unknown) => void } }).secretLintProfiler;
    if (profiler) profiler.mark = () => undefined;
    // The preset's rules, registered one by one so that filter-comments can be left out: a
    // `secretlint-disable` comment inside a transcript must not switch redaction off (core 11
    // ignores `disabled` on a rule inside a preset).
    const rules = preset.rules
      .filter((rule) => rule.meta.id !== '@secretlint/secretlint-rule-filter-comments')
      .map((rule) => ({ id: rule.meta.id, rule }));
    const config = { rules };
    return async (text) => {
      const result = await lintSource({ source: { content: text, filePath: 'memory.txt', contentType: 'text' }, options: { config, noPhysicFilePath: true } });
      return result.messages;
    };
  } catch {
    return null;
  }
}

/** For tests: forget the loaded module, or pretend it cannot load. */
export function resetSecretlint(force?: 'unavailable'): void {
  loading = force === 'unavailable' ? Promise.resolve(null) : undefined;
}

const KINDS: Record<string, string> = {
  AWSSecretAccessKey: 'aws-secret-access-key',
  AWSAccessKeyID: 'aws-access-key',
  AWSAccountID: 'aws-account-id',
  GITHUB_TOKEN: 'github-token',
  SLACK_TOKEN: 'slack-token',
  OPENAI_TOKEN: 'openai-api-key',
  ANTHROPIC_API_KEY: 'anthropic-api-key',
  NPM_ACCESS_TOKEN: 'npm-token',
};
const RULE_KINDS: Record<string, string> = {
  github: 'github-token', slack: 'slack-token', openai: 'openai-api-key', anthropic: 'anthropic-api-key', npm: 'npm-token',
  privatekey: 'private-key', sendgrid: 'sendgrid-api-key', shopify: 'shopify-token', linear: 'linear-api-key',
  '1password': '1password-token', basicauth: 'url-password', 'database-connection-string': 'url-password', gcp: 'gcp-service-account',
};

function kindOf(m: Message): string {
  const rule = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  if (/webhook/i.test(m.messageId)) return 'slack-webhook';
  return KINDS[m.messageId] ?? RULE_KINDS[rule] ?? `secretlint-${rule}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/**
 * secretlint reports ranges that are sometimes wider than the secret (a whole URL, a whole file
 * for a GCP key JSON) or start at the key name (AWS secret). The secret value itself is in the
 * message data, so we look for it at or after the reported start and redact exactly that.
 */
function spanOf(text: string, m: Message, kind: string): [number, number] | undefined {
  let [start, end] = m.range;
  const values = Object.values(m.data ?? {}).filter((v): v is string => typeof v === 'string' && v.length >= 8).sort((a, b) => b.length - a.length);
  for (const v of values) {
    const at = text.indexOf(v, start);
    if (at >= 0 && at <= end + 256) {
      [start, end] = [at, at + v.length];
      break;
    }
  }
  if (kind === 'url-password') {
    const pass = findPatternSecrets(text.slice(start, end), [URL_PASSWORD_RULE])[0];
    if (pass) return [start + pass.start, start + pass.end];
  }
  // A whole-file report (GCP service-account JSON): the private key inside is caught by the PEM rules.
  if (start === 0 && end === text.length && text.length > 200) return undefined;
  return [start, end];
}

/** Findings, or null when secretlint cannot load or throws: the caller then relies on our rules. */
export async function findSecretlintSecrets(text: string): Promise<Candidate[] | null> {
  loading ??= load();
  const lint = await loading;
  if (!lint) return null;
  try {
    const messages = await lint(text);
    const out: Candidate[] = [];
    for (const m of messages) {
      const kind = kindOf(m);
      const span = spanOf(text, m, kind);
      if (span && span[1] > span[0]) out.push({ kind, start: span[0], end: span[1], priority: 3 });
    }
    return out;
  } catch {
    return null;
  }
}
