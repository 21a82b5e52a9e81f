import type { ReadResult } from './transcript-types.js';
import type { TranscriptReadOptions } from './transcript.js';

/**
 * Reads an agent's session log from a saved offset, whatever the agent: the agent name (as in the
 * session state, see src/agents/adapter.ts) picks the reader, and for agents with two formats the
 * file itself decides. Readers of whole documents (Gemini JSON, Cline, OpenCode) always report
 * `reset`, so their facts replace the earlier ones instead of adding to them.
 */
export async function readSessionLog(agent: string, path: string, opts: TranscriptReadOptions = {}): Promise<ReadResult> {
  const t = await import('./transcript.js');
  switch (agent) {
    case 'codex':
      return t.readCodexTranscript(path, opts);
    case 'gemini':
      return path.endsWith('.json') ? t.readGeminiSession(path) : (await import('./gemini-jsonl.js')).readGeminiJsonl(path);
    case 'copilot':
      return t.readJsonl(path, opts, new (await import('./copilot-collector.js')).CopilotCollector());
    case 'cursor':
    case 'droid':
      return t.readJsonl(path, opts, new (await import('./message-log.js')).MessageLogCollector());
    case 'cline':
      return (await import('./cline-history.js')).readClineHistory(path);
    case 'opencode':
      return (await import('./opencode-log.js')).readOpencodeLog(path);
    default:
      return t.readTranscript(path, opts);
  }
}
