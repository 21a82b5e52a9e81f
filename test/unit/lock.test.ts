import { test } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { Lock } from '../../src/engine/lock.ts';
test('x', async () => {
const l = new Lock('/tmp/lk4/state/lock');
await l.acquire();
console.log('contents', readdirSync('/tmp/lk4/state/lock'));
const r = (l as any).release;
(l as any).release = undefined;
await r().then(()=>console.log('released ok'), (e: any) => console.log('release err', e.code));
console.log('exists after release', existsSync('/tmp/lk4/state/lock'));
});
