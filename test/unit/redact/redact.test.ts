import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { redact, redactSync } from '../../../src/redact/redact.js';
import { scanForSecrets } from '../../../src/redact/scan.js';
import { findSecretlintSecrets, resetSecretlint } from '../../../src/redact/secretlint.js';
import { ALNUM, buildCorpus, generator, HEX, plant } from '../../fixtures/secrets-corpus.js';

const corpus = buildCorpus();
const jsonEscaped = (s: string): string => JSON.stringify(s).slice(1, -1);

afterEach(() => resetSecretlint());

describe('redaction corpus', () => {
  it('covers at least 25 kinds of fake credentials', () => {
    expect(new Set(corpus.map((e) => e.kind)).size).toBeGreaterThanOrEqual(25);
  });

  const cases = corpus.flatMap((entry) => plant(entry).map((p) => ({ entry, ...p })));
  for (const mode of ['redact', 'redactSync'] as const) {
    it.each(cases)(`${mode}: $entry.label in $context`, async ({ entry, context, text }) => {
      const res = mode === 'redact' ? await redact(text) : redactSync(text);
      for (const secret of entry.secrets) expect(res.text).not.toContain(secret);
      expect(res.text).toContain(`[REDACTED:${entry.kind}]`);
      expect(res.count).toBe(entry.count ?? 1);
      expect(res.kinds).toEqual({ [entry.kind]: entry.count ?? 1 });
      for (const keep of entry.keep ?? []) expect(res.text).toContain(context === 'tool_result' ? jsonEscaped(keep) : keep);
    });
  }

  it('counts every secret in one long text', async () => {
    const text = corpus.map((e) => `Note ${e.label}:\n${e.snippet}\n`).join('\n');
    const res = await redact(text);
    expect(res.count).toBe(corpus.reduce((n, e) => n + (e.count ?? 1), 0));
    for (const e of corpus) for (const s of e.secrets) expect(res.text).not.toContain(s);
    expect(Object.values(res.kinds).reduce((a, b) => a + b, 0)).toBe(res.count);
  });

  it('still redacts everything when secretlint cannot load', async () => {
    resetSecretlint('unavailable');
    expect(await findSecretlintSecrets('anything')).toBeNull();
    for (const e of corpus) {
      const res = await redact(`config:\n${e.snippet}\n`);
      for (const s of e.secrets) expect(res.text).not.toContain(s);
      expect(res.kinds[e.kind]).toBe(e.count ?? 1);
    }
  });

  it('really runs secretlint (its findings are mapped to exact value spans)', async () => {
    const token = 'ghp_' + generator(7)(ALNUM, 36);
    const text = `export GITHUB_TOKEN=${token}\n`;
    const found = await findSecretlintSecrets(text);
    expect(found).toEqual([expect.objectContaining({ kind: 'github-token', start: text.indexOf(token), end: text.indexOf(token) + token.length })]);
    // Its AWS rule reports a range starting at the key name; we narrow it to the value.
    const aws = corpus.find((e) => e.kind === 'aws-secret-access-key')!;
    const awsFound = await findSecretlintSecrets(aws.snippet);
    expect(awsFound?.map((c) => aws.snippet.slice(c.start, c.end))).toEqual(aws.secrets);
  });

  it('ignores secretlint-disable comments inside the text', async () => {
    const token = 'ghp_' + generator(8)(ALNUM, 36);
    const found = await findSecretlintSecrets(`// secretlint-disable\nconst t = "${token}";\n// secretlint-enable\n`);
    expect(found?.some((c) => c.kind === 'github-token')).toBe(true);
  });
});

describe('placeholders', () => {
  it('are never flagged by the publish-time scan, and a second pass changes nothing', async () => {
    for (const e of corpus) {
      for (const p of plant(e)) {
        const once = await redact(p.text);
        expect(await scanForSecrets(once.text)).toEqual([]);
        const twice = await redact(once.text);
        expect(twice).toEqual({ text: once.text, count: 0, kinds: {} });
      }
    }
  });

  it('the scan reports kind and exact span of what is still there', async () => {
    const key = 'AKIA' + generator(9)('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
    const text = `- decided to rotate ${key} today\n`;
    expect(await scanForSecrets(text)).toEqual([{ kind: 'aws-access-key', start: text.indexOf(key), end: text.indexOf(key) + key.length }]);
  });
});

describe('options', () => {
  const token = 'ghp_' + generator(10)(ALNUM, 36);

  it('allow keeps exact strings and whole-value regex matches', async () => {
    expect((await redact(`t=${token}`, { allow: [token] })).count).toBe(0);
    expect((await redact(`t ${token}`, { allow: ['ghp_[A-Za-z0-9]+'] })).count).toBe(0);
    expect((await redact(`t ${token}`, { allow: ['ghp_'] })).count).toBe(1);
  });

  it('extraPatterns redact group 1 when there is one, the whole match otherwise', async () => {
    const id = 'ACME-' + generator(11)(HEX, 12);
    const res = await redact(`ticket secret ${id} and internal-code: zebra42`, {
      extraPatterns: [{ name: 'Acme Key', pattern: 'ACME-[0-9a-f]{12}' }, { name: 'internal', pattern: 'internal-code: (\\w+)' }],
    });
    expect(res.text).toBe('ticket secret [REDACTED:acme-key] and internal-code: [REDACTED:internal]');
    expect(res.kinds).toEqual({ 'acme-key': 1, internal: 1 });
  });

  it('rejects an invalid extra pattern with a typed error', async () => {
    await expect(redact('x', { extraPatterns: [{ name: 'bad', pattern: '(' }] })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('no false positives', () => {
  const r = generator(12);
  const benign = [
    `commit ${r(HEX, 40)} and abbreviated ${r(HEX, 7)} / ${r(HEX, 12)}; sha256 ${r(HEX, 64)}`,
    `uuid ${crypto.randomUUID()} session 07d86da7-2e39-4276-a0d5-7b46a85b8750`,
    'edited /Users/paul/src/entireio/cli/cmd/entire/main.go and src/redact/highEntropySecretDetector.ts',
    'identifiers handleUserProfileUpdate2, collect_jsonl_replacements, MAX_OUTPUT_TOKENS, getAccessTokenFromEnv',
    'interface Opts { token: string; password?: string; apiKey: string | undefined }',
    'const user = { password: hashedPassword, token: req.body.token, auth: true };',
    'const apiKey = process.env.OPENAI_API_KEY; headers: { Authorization: `Bearer ${apiKey}` }',
    'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/org/repo',
    'NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
    'we use Bearer tokens and Bearer authentication; max_tokens: 4096; author: Jane Doe',
    'see https://github.com/org/repo/pull/42 and postgres://localhost:5432/app and git@github.com:org/repo.git',
    '"integrity": "sha512-' + r(ALNUM + '+/', 86) + '=="',
    'tool ids toolu_01ABCdefGHIjklMNOpqrSTUv and msg_01XyZabcDEFghiJKLmnoPQR',
    'password: <your-password> and DB_PASSWORD=$DB_PASSWORD and --token "$TOKEN"',
    // Public content that only looks random (each was [REDACTED:high-entropy] on the landed build).
    `<img src="data:image/png;base64,${Buffer.from(r(ALNUM, 300)).toString('base64')}">`,
    `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify({ version: 3, sources: ['a.ts'], mappings: r(ALNUM + ';,', 200) })).toString('base64')}`,
    `github.com/stretchr/testify v1.9.0 h1:${r(ALNUM + '+/', 43)}=`,
    `golang.org/x/sys v0.21.0/go.mod h1:${r(ALNUM + '+/', 43)}=`,
    `https://docs.google.com/document/d/1${r(ALNUM + '_-', 43)}/edit and https://drive.google.com/drive/folders/1${r(ALNUM + '_-', 32)}`,
    `config: ${Buffer.from('listen 8080\nserver_name example.org; root /var/www/html; index index.html;').toString('base64')}`,
    `className="Button_primary__3xK9a styles__header___2aB3c App-module__title--aB3dE"`,
    `image sha256:${r(HEX, 64)} and nginx@sha256:${r(HEX, 64)}`,
    `"resolved": "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz#${r(HEX, 40)}", "integrity": "sha1-${r(ALNUM + '+/', 27)}="`,
    'colours #1e293b, #FFF, rgb(30 41 59), hsl(210deg 40% 96%)',
    `toolu_01${r(ALNUM, 22)} call_${r(ALNUM, 24)} req_01${r(ALNUM, 22)}`,
    `paths /tmp/ah-e2e-Qx7Rzk/repo/memory/layer1/2026-12/handover-2026-12-01-${crypto.randomUUID()}.md`,
    // Near misses of the shapes added after issue 10: references, stand-ins, words.
    'redis-cli -a $REDIS_PASSWORD ping; mongosh -p "$MONGO_PW"; ssh-keygen -t ed25519 -N "" -f key',
    'openssl rsa -in k.pem -passin env:KEY_PASS -out k2.pem; openssl enc -pass file:./pw.txt',
    'ConvertTo-SecureString $plain -AsPlainText -Force',
    "define('DB_PASSWORD', getenv('DB_PASSWORD')); define('WP_DEBUG', true);",
    're_compile_patterns_for_the_parser, rnd_generate_seeded_values, the files sl.log and sl.txt',
    'use a dckr_pat_ token for CI; set figd_ tokens in Figma; client-key-data: <base64>',
    'htpasswd -c /etc/nginx/.htpasswd admin; az login --service-principal -u http://app -p $SP_PASSWORD',
    'it costs $5$ or $6$ each; echo $1$2',
    // Near misses of the command, SQL and provider shapes added in session 5.
    'docker login --password-stdin < pw.txt; restic --password-file ./pw --password-command "pass show x"; keytool -list -storepass:env STOREPASS',
    "sqlcmd -S db -U sa -P $SA_PASSWORD; zip -r out.zip src/; 7z a -t7z archive.7z src; ldapsearch -x -W -b dc=ex",
    "ALTER USER app PASSWORD EXPIRE; SELECT password FROM users; dict['password'] = value; type='password' name='pw'",
    "CREATE USER app IDENTIFIED BY '${DB_PASSWORD}'; smbclient //srv/share -U admin; rabbitmqctl add_user admin $RABBIT_PW",
    'nmcli dev wifi connect Home password $WIFI_PSK; the ratio was 1/2 and 2/3; api-gateway, sdk-version 3',
    'openssl enc -aes-256-cbc -kfile key.txt -in a; plink -ssh host -i key.ppk; gh secret set X < file.txt; lftp -u deploy sftp://h',
    '<password></password> <token>${TOKEN}</token> <add key="Theme" value="dark" /> <apiKey>$API_KEY</apiKey>',
    'the key is ready; use the token limit of 4096; sessionid=$SESSION; Signature=abc; the password field is required',
    'echo "done" | tee log; echo $PW | docker login --password-stdin; wp config set WP_DEBUG true; the token 4096 was spent',
  ];
  it.each(benign)('leaves %s unchanged', async (text) => {
    expect((await redact(text)).text).toBe(text);
  });
});

const fixtureDir = path.resolve(process.cwd(), '../shared/fixtures/transcripts/claude-code');
const fixtureFiles = existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((f) => f.endsWith('.jsonl')) : [];
const fixtureTitle = fixtureFiles.length
  ? 'real Claude Code transcripts'
  : `real Claude Code transcripts: SKIPPED, ${fixtureDir} (../shared/fixtures/transcripts/claude-code) is absent`;

describe.skipIf(fixtureFiles.length === 0)(fixtureTitle, () => {
  it.each(fixtureFiles.length ? fixtureFiles : ['(none)'])('%s loses no file path, commit hash or identifier', async (file) => {
    const lines = readFileSync(path.join(fixtureDir, file), 'utf8').split('\n');
    // Every other line keeps the test quick while still covering the whole session.
    const text = lines.filter((_, i) => i % 2 === 0).join('\n');
    const paths = [...text.matchAll(/"file_path":"([^"\\]+)"/g)].map((m) => m[1]!);
    const hashes = [...text.matchAll(/(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])/g)].map((m) => m[0]);
    const idents = [...text.matchAll(/(?<![\w+/-])[a-z][a-z0-9]*(?:(?:[A-Z][a-z0-9]+)+|(?:_[a-z0-9]+)+)(?![\w+/-])/g)].map((m) => m[0]);
    expect(paths.length + idents.length).toBeGreaterThan(0);

    const res = await redact(text);
    const lost = [...new Set([...paths, ...hashes, ...idents])].filter((s) => !res.text.includes(s));
    expect(lost).toEqual([]);
    // The only things redacted are opaque base64 blobs: thinking signatures and inline images.
    const found = await scanForSecrets(text);
    const unexpected = found.filter((r) => r.kind !== 'high-entropy' || !/"(?:signature|data|base64)":"$/.test(text.slice(Math.max(0, r.start - 20), r.start)));
    expect(unexpected.map((r) => `${r.kind}: ${text.slice(r.start - 30, r.end + 10)}`)).toEqual([]);
  });
});

describe('paths are not secrets', () => {
  it('a temp folder with a random suffix keeps its whole path', async () => {
    for (const path of ['/tmp/ah-e2e-Qx7Rzk/transcript.jsonl', '/home/u/.claude/projects/-tmp-ah-Qx7Rz9kLm2/5f0c.jsonl', 'a/Bc9/dE4/fG7/hI2/jK5x']) {
      const r = await redact(`read ${path} ok`);
      expect(r.text).toBe(`read ${path} ok`);
    }
  });
  it('a random 20+ character segment inside a path is still caught', async () => {
    const seg = 'Zq8' + 'xK2mP9vL4nR7tW1yB5'.split('').reverse().join('') + 'hJ3';
    const r = await redact(`cat /etc/app/${seg}/file`);
    expect(r.text).not.toContain(seg);
    expect(r.text).toContain('/etc/app/');
  });
});
