import type { InstallKind } from '../install/hook-command.js';
import type { InstallAction } from '../user-files/install-report.js';

export const AGENT_NAMES = ['claude-code', 'codex', 'gemini', 'cursor', 'copilot', 'cline', 'opencode', 'droid'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** Our hook entries (dist/hooks/<script>.js); every agent event maps onto one of them. */
export type OurScript = 'session-start' | 'stop' | 'pre-compact' | 'post-compact' | 'session-end';

export type Obj = Record<string, unknown>;

/** Computed once by install-agents.ts. */
export interface AgentInstallPlan {
  projectDir: string;
  packageRoot: string;
  kind: InstallKind;
  dryRun: boolean;
  homeDir: string;
  env: NodeJS.ProcessEnv;
}

export interface AgentCheck {
  ok: boolean;
  text: string;
  fix?: string;
}

/**
 * One agent: where its hooks go and how, what its payload means, how its session start wants the
 * context, and how its session log is read. The engine, notes, redaction and commit are shared;
 * an adapter only maps.
 */
export interface AgentAdapter {
  name: AgentName;
  label: string;
  /** Project paths whose presence means the agent is used here (install-hooks --agent auto). */
  markers: readonly string[];
  /** Executables whose presence on PATH means the agent is installed on this machine. */
  binaries: readonly string[];
  /** Characters of SessionStart context when the configuration sets none for this agent. */
  budget: number;
  /** The environment variable the agent sets to the project folder, when it has one. */
  projectVar?: string;
  /** The agent's JSON payload as the Claude-shaped fields our handlers read (session_id, transcript_path, cwd…). */
  mapPayload(raw: Obj, env: NodeJS.ProcessEnv): Obj;
  /** stdout that hands `context` to the agent at session start, in its envelope. */
  startOutput(context: string): string;
  /** stdout for every other answer (and a failed hook); undefined prints nothing. */
  quietOutput?: string;
  /** Whether a Stop answer `{"decision":"block"}` is understood (ask mode). */
  stopCanBlock: boolean;
  install(plan: AgentInstallPlan): Promise<InstallAction[]>;
  uninstall(plan: AgentInstallPlan): Promise<InstallAction[]>;
  /** What installed files say, for doctor. */
  check(plan: AgentInstallPlan): Promise<AgentCheck[]>;
  /** The one step the user must do by hand after install, if any. */
  manualStep?: string;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function firstString(v: unknown): string | undefined {
  return Array.isArray(v) ? v.map(str).find((s) => s !== undefined) : str(v);
}

/** The payload keys our handlers read, from a Claude-compatible agent: kept as they are. */
export function claudeShaped(raw: Obj, env: NodeJS.ProcessEnv, projectVar?: string): Obj {
  const dir = projectVar ? str(env[projectVar]) : undefined;
  return dir ? { ...raw, cwd: dir } : raw;
}

/** hookSpecificOutput.additionalContext: Claude Code, Codex, Gemini and Droid read it. */
export function hookSpecificOutput(context: string): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: context } });
}
