#!/usr/bin/env node
// Stands in for OpenCode around the plugin `install-hooks --agent opencode` wrote: loads it as
// OpenCode does (the module's exported plugin function, called with {client, directory, worktree}),
// and fires what OpenCode fires for one event of the replay. The plugin's client only has to answer
// session.messages, which OpenCode answers from its database; here it is the session's messages so
// far (the replay grows an `opencode export` document, whose messages have the SDK's shape).
//
//   node opencode-host.mjs <plugin.js> <project dir> <event> <session id> <export.json>
//
// Events: SessionStart (session.created, then the system transform of the session's first request:
// prints {"context": "..."}), Stop (session.idle), PreCompact (experimental.session.compacting).
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [plugin, dir, event, id, messagesFile] = process.argv.slice(2);
const messages = () => {
  if (!messagesFile || !existsSync(messagesFile)) return [];
  const doc = JSON.parse(readFileSync(messagesFile, 'utf8'));
  return Array.isArray(doc.messages) ? doc.messages : [];
};
// @opencode-ai/sdk returns { data, error, request, response }.
const client = { session: { messages: async ({ path }) => ({ data: path?.id === id ? messages() : [] }) } };
// OpenCode (Bun) loads the file as a module whatever package.json sits above it; Node would read
// the project's package.json (which a replayed session may have half-written) to decide: a copy
// named .mjs outside the project loads the same code the way Bun does.
const copy = join(tmpdir(), `agent-handover-opencode-plugin-${process.pid}.mjs`);
copyFileSync(plugin, copy);
let mod;
try {
  mod = await import(pathToFileURL(copy).href);
} finally {
  rmSync(copy, { force: true });
}
const factories = Object.values(mod).filter((f) => typeof f === 'function');
if (!factories.length) throw new Error(`${plugin} exports no plugin function`);
const hooks = Object.assign({}, ...(await Promise.all(factories.map((f) => f({ client, directory: dir, worktree: dir, project: { id: 'eval', worktree: dir } })))));
const info = { id, directory: dir, title: 'eval session', time: { created: Date.now(), updated: Date.now() } };

if (event === 'SessionStart') {
  await hooks.event?.({ event: { type: 'session.created', properties: { info } } });
  const output = { system: [] };
  await hooks['experimental.chat.system.transform']?.({ sessionID: id, model: { providerID: 'eval', modelID: 'eval' } }, output);
  process.stdout.write(JSON.stringify({ context: output.system.join('\n') }));
} else if (event === 'Stop') {
  await hooks.event?.({ event: { type: 'session.idle', properties: { sessionID: id } } });
} else if (event === 'PreCompact') {
  const output = { context: [], prompt: undefined };
  await hooks['experimental.session.compacting']?.({ sessionID: id }, output);
} else {
  throw new Error(`opencode-host: no OpenCode event for ${event}`);
}
