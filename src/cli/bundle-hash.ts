declare const __AGENT_HANDOVER_BUNDLE_HASH__: string | undefined;

/**
 * The hash of the bundle this entry was built with (scripts/build.mjs puts it in at build time), so
 * a compile cache is never taken for other code of the same length; '' outside a build.
 */
export function bundleHash(): string {
  return typeof __AGENT_HANDOVER_BUNDLE_HASH__ === 'string' ? __AGENT_HANDOVER_BUNDLE_HASH__ : '';
}
