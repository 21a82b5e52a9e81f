import { EXIT, parse, type CliIO } from '../io.js';

/** `mcp`: the stdio MCP server. Only this command loads the MCP SDK. */
export async function mcp(args: string[], io: CliIO): Promise<number> {
  parse(args, {});
  await (await import('../../recall/mcp-server.js')).runMcpServer({ cwd: io.cwd, env: io.env, log: (l) => io.err(l) });
  return EXIT.ok;
}
