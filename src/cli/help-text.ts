import { commandHelp, help as msg, type CommandHelp } from '../messages/help.js';
import { exitSummary, type CommandName } from './exit-codes.js';

export function overview(): string {
  const lines = [msg.title, '', msg.usage];
  for (const [group, title] of Object.entries(msg.groups)) {
    lines.push('', title);
    for (const h of Object.values(commandHelp).filter((e) => e.group === group)) {
      lines.push(`  ${h.usage}`, `      ${h.summary}`);
    }
  }
  lines.push('', msg.global, '', msg.more);
  return lines.join('\n');
}

export function commandHelpText(name: CommandName): string {
  const h: CommandHelp = commandHelp[name];
  return [msg.commandUsage(h.usage), '', h.summary, ...(h.details ? ['', h.details] : []), '', `${msg.exitCodes} ${exitSummary(name)}.`].join('\n');
}

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commandHelp, name);
}

/** True when the arguments ask for help (before a `--`, which ends the options). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
