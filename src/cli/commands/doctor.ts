import { runDoctor } from '../../doctor/doctor.js';
import { packageRootOrThrow } from './install-hooks.js';
import { parse, EXIT, type CliIO } from '../io.js';

export async function doctor(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const report = await runDoctor({ projectDir: io.cwd, packageRoot: packageRootOrThrow(), env: io.env, ...(io.env.HOME ? { homeDir: io.env.HOME } : {}) });
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else {
    for (const c of report.checks) {
      io.out(`${c.level === 'ok' ? 'ok   ' : c.level === 'warn' ? 'warn ' : 'ERROR'} ${c.name}: ${c.detail}`);
      if (c.fix) io.out(`      fix: ${c.fix}`);
    }
  }
  return report.ok ? EXIT.ok : EXIT.failed;
}
