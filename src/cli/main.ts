import { processIO, report, type CliIO } from './io.js';
import { EXIT } from './exit-codes.js';
import { COMMANDS } from './commands-table.js';
import { commandHelpText, isCommand, overview, wantsHelp } from './help-text.js';
import { closest } from '../config/suggest.js';
import { help as helpMsg } from '../messages/help.js';
import { cli as msg } from '../messages/cli.js';
import { VERSION } from '../version.js';

function unknownCommand(io: CliIO, name: string): number {
  io.err(`agent-handover: ${helpMsg.unknownCommand(name, closest(name, Object.keys(COMMANDS)))} ${msg.seeHelp}`);
  return EXIT.usage;
}

/** The whole CLI as a function: returns the exit code, never exits the process. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(overview());
    return EXIT.ok;
  }
  if (name === 'help') {
    const [topic, ...extra] = rest;
    if (!topic) io.out(overview());
    else if (wantsHelp([topic])) io.out(commandHelpText('help'));
    else if (!isCommand(topic) || extra.length) return unknownCommand(io, [topic, ...extra].join(' '));
    else io.out(commandHelpText(topic));
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return EXIT.ok;
  }
  if (!isCommand(name)) return unknownCommand(io, name);
  if (wantsHelp(rest)) {
    io.out(commandHelpText(name));
    return EXIT.ok;
  }
  try {
    return await (await COMMANDS[name as keyof typeof COMMANDS]())(rest, io);
  } catch (err) {
    return report(io, err, name);
  }
}
