declare const __AGENT_HANDOVER_VERSION__: string | undefined;

// The bundle has the version baked in; tests that import the sources read it from package.json.
export const VERSION: string =
  typeof __AGENT_HANDOVER_VERSION__ === 'string' ? __AGENT_HANDOVER_VERSION__ : (process.env.AGENT_HANDOVER_VERSION ?? '0.1.0');
