import { AGENT_NAMES, type AgentAdapter, type AgentName } from './adapter.js';
import { claudeCode } from './claude-code.js';
import { cline } from './cline.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { droid } from './droid.js';
import { gemini } from './gemini.js';
import { opencode } from './opencode.js';

export const ADAPTERS: Record<AgentName, AgentAdapter> = { 'claude-code': claudeCode, codex, gemini, cursor, copilot, cline, opencode, droid };

const ALIASES: Record<string, AgentName> = { claude: 'claude-code', 'codex-cli': 'codex', 'gemini-cli': 'gemini', antigravity: 'gemini', agy: 'gemini', 'copilot-cli': 'copilot', 'github-copilot': 'copilot', factory: 'droid', 'factory-droid': 'droid' };

export function agentNamed(name: string): AgentName | undefined {
  const n = name.trim().toLowerCase();
  return (AGENT_NAMES as readonly string[]).includes(n) ? (n as AgentName) : ALIASES[n];
}

/** The adapter of a hook's --agent argument; anything unknown is Claude Code, as before agents existed. */
export function adapterFor(name: string | undefined): AgentAdapter {
  return ADAPTERS[(name && agentNamed(name)) || 'claude-code'];
}
