import type { HookCommandCommand } from './hook-command.js';
import { isObject } from './json-format.js';

type Json = Record<string, unknown>;

export interface WantedHook {
  event: string;
  hook: HookCommandCommand;
}

/** Thrown (as a plain Error; the caller wraps it with the file name) when a settings shape is not one we may edit. */
export class SettingsShapeError extends Error {}

function hooksOf(settings: Json): Json | undefined {
  const hooks = settings.hooks;
  if (hooks === undefined) return undefined;
  if (!isObject(hooks)) throw new SettingsShapeError('"hooks" is not an object');
  for (const [event, groups] of Object.entries(hooks)) if (!Array.isArray(groups)) throw new SettingsShapeError(`"hooks.${event}" is not an array`);
  return hooks;
}

function groupHooks(group: unknown): unknown[] | undefined {
  return isObject(group) && Array.isArray(group.hooks) ? group.hooks : undefined;
}

function commandOf(hook: unknown): unknown {
  return isObject(hook) ? hook.command : undefined;
}

export function ourHooksIn(settings: unknown, isOurs: (cmd: unknown) => boolean): Array<{ event: string; hook: Json }> {
  if (!isObject(settings)) return [];
  const found: Array<{ event: string; hook: Json }> = [];
  const hooks = isObject(settings.hooks) ? settings.hooks : {};
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    for (const g of groups) for (const h of groupHooks(g) ?? []) if (isOurs(commandOf(h)) && isObject(h)) found.push({ event, hook: h });
  }
  return found;
}

function sameHook(existing: unknown, wanted: HookCommandCommand): boolean {
  return isObject(existing) && existing.type === wanted.type && existing.command === wanted.command && existing.timeout === wanted.timeout;
}

/**
 * Our hooks merged into a copy of `settings`: an existing hook of ours is updated in place (keeping
 * any keys the user added to it and its group's matcher), duplicates are dropped, a missing one is
 * appended as its own group. Everything else keeps its value and key order.
 */
export function mergeOurHooks(settings: unknown, wanted: readonly WantedHook[], isOurs: (cmd: unknown) => boolean): Json {
  if (!isObject(settings)) throw new SettingsShapeError('the top level is not a JSON object');
  const out = structuredClone(settings);
  hooksOf(out);
  const hooks = (out.hooks ??= {}) as Json;
  for (const { event, hook } of wanted) {
    const groups = ((hooks[event] as unknown[] | undefined) ??= []);
    let placed = false;
    for (let gi = 0; gi < groups.length; gi++) {
      const hs = groupHooks(groups[gi]);
      if (!hs || !hs.some((h) => isOurs(commandOf(h)))) continue;
      const kept: unknown[] = [];
      for (const h of hs) {
        if (!isOurs(commandOf(h))) kept.push(h);
        else if (!placed) {
          placed = true;
          kept.push(sameHook(h, hook) ? h : { ...(h as Json), ...hook });
        }
      }
      (groups[gi] as Json).hooks = kept;
      if (kept.length === 0) groups.splice(gi--, 1);
    }
    if (!placed) groups.push({ hooks: [{ ...hook }] });
  }
  return out;
}

/** How far removal tidies up the containers it empties: groups always; event arrays; the hooks object. */
export type PruneLevel = 'groups' | 'events' | 'all';

/**
 * A copy of `settings` without our hooks. Containers the removal empties go, up to `prune`; ones
 * the user left empty stay.
 */
export function removeOurHooks(settings: unknown, isOurs: (cmd: unknown) => boolean, prune: PruneLevel = 'all'): Json {
  if (!isObject(settings)) throw new SettingsShapeError('the top level is not a JSON object');
  const out = structuredClone(settings);
  const hooks = hooksOf(out);
  if (!hooks) return out;
  const hadEvents = Object.keys(hooks).length > 0;
  for (const [event, value] of Object.entries(hooks)) {
    const groups = value as unknown[];
    const before = groups.length;
    for (let gi = 0; gi < groups.length; gi++) {
      const hs = groupHooks(groups[gi]);
      if (!hs) continue;
      const kept = hs.filter((h) => !isOurs(commandOf(h)));
      if (kept.length === hs.length) continue;
      if (kept.length === 0) groups.splice(gi--, 1);
      else (groups[gi] as Json).hooks = kept;
    }
    if (prune !== 'groups' && before > 0 && groups.length === 0) delete hooks[event];
  }
  if (prune === 'all' && hadEvents && Object.keys(hooks).length === 0) delete out.hooks;
  return out;
}

/**
 * `pruned` (our hooks removed at level 'groups') tidied like `backup`, the user's file before
 * install: an event list or hooks object that removal emptied goes, unless the backup had it too
 * (a user's own `"Stop": []` stays).
 */
export function pruneLike(pruned: Json, backup: unknown): Json {
  const out = structuredClone(pruned);
  const had = isObject(backup) && isObject(backup.hooks) ? backup.hooks : undefined;
  const hooks = isObject(out.hooks) ? out.hooks : undefined;
  if (!hooks) return out;
  for (const [event, groups] of Object.entries(hooks)) if (Array.isArray(groups) && groups.length === 0 && !(had && event in had)) delete hooks[event];
  if (Object.keys(hooks).length === 0 && !had) delete out.hooks;
  return out;
}
