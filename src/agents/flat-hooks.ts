import { agents as msg } from '../messages/agents.js';
import { isObject } from '../install/json-format.js';
import { ourEventsIn, type EventHook } from './hook-groups.js';
import type { JsonEdit } from './json-config.js';

type Json = Record<string, unknown>;

/**
 * The JsonEdit for a config whose events hold handlers directly, {"version":1,"hooks":{"event":[{command,timeout}]}}
 * (Cursor). Our handler is updated in place (keys the user added to it stay), or appended.
 */
export function flatHooksEdit(events: readonly EventHook[], commandFor: (e: EventHook) => string, isOurs: (cmd: unknown) => boolean): JsonEdit {
  const merge = (value: unknown): Json => {
    if (!isObject(value)) throw new Error('the top level is not a JSON object');
    const out = structuredClone(value);
    if (out.hooks !== undefined && !isObject(out.hooks)) throw new Error('"hooks" is not an object');
    if (out.version === undefined) out.version = 1;
    const hooks = (out.hooks ??= {}) as Json;
    for (const e of events) {
      const list = hooks[e.event] ?? [];
      if (!Array.isArray(list)) throw new Error(`"hooks.${e.event}" is not an array`);
      const wanted = { command: commandFor(e), timeout: e.timeout };
      const at = list.findIndex((h) => isObject(h) && isOurs(h.command));
      const kept = list.filter((h, i) => i === at || !(isObject(h) && isOurs(h.command)));
      if (at === -1) kept.push(wanted);
      else kept[kept.indexOf(list[at])] = { ...(list[at] as Json), ...wanted };
      hooks[e.event] = kept;
    }
    return out;
  };
  const removeAt = (value: unknown, level: 'all' | 'events' | 'handlers'): Json => {
    if (!isObject(value)) throw new Error('the top level is not a JSON object');
    const out = structuredClone(value);
    if (!isObject(out.hooks)) return out;
    const hooks = out.hooks;
    for (const [event, list] of Object.entries(hooks)) {
      if (!Array.isArray(list)) continue;
      const kept = list.filter((h) => !(isObject(h) && isOurs(h.command)));
      if (kept.length === list.length) continue;
      if (kept.length === 0 && level !== 'handlers') delete hooks[event];
      else hooks[event] = kept;
    }
    // A file that install created holds only {"version":1,"hooks":{}} after removal: nothing of the user's.
    if (level === 'all' && Object.keys(hooks).length === 0) {
      delete out.hooks;
      if (out.version === 1 && Object.keys(out).length === 1) delete out.version;
    }
    return out;
  };
  return {
    merge,
    remove: (v) => [removeAt(v, 'all'), removeAt(v, 'events'), removeAt(v, 'handlers')],
    hasOurs: (v) => ourEventsIn(v, isOurs).length > 0,
    detail: msg.hooksAdded(events.map((e) => e.event)),
  };
}
