// Types for drivers.mjs, so the TypeScript tests can import it.
export interface DriverProject {
  dir: string;
  env: NodeJS.ProcessEnv;
  cli(...args: string[]): { status: number | null; stdout?: string; stderr?: string };
}
export interface HookDriver {
  name: string;
  transcriptPath(home: string, id: string): string;
  has(event: string): boolean;
  run(event: string, payload: Record<string, unknown>): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
  contextOf(stdout: string): string;
}
export function hookDriver(agent: string, p: DriverProject): HookDriver;
