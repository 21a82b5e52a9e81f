/**
 * Fault injection for crash tests, the torture suite and the demo: AGENT_HANDOVER_FAULT=before:<step>
 * or after:<step> kills this process with SIGKILL at that instant, exactly as a power cut would.
 * The engine calls it around each step; GitBackend.publish adds before:update-ref and after:update-ref,
 * inside the commit. In src/io so both can call it without the git layer importing the engine.
 */
export function injectFault(point: string): void {
  const want = process.env.AGENT_HANDOVER_FAULT;
  if (want && want.split(',').includes(point)) process.kill(process.pid, 'SIGKILL');
}
