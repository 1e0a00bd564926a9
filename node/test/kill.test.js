import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** A running process (a zombie waiting to be reaped is not). @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: kill(pid, 0) answered
  }
}

test('a test process killed with SIGKILL leaves no server behind', { skip: process.platform === 'win32' }, async (t) => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../test-support/kill-child.js', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGKILL'));
  const childExit = new Promise((resolve) => child.once('exit', resolve));
  let pid = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const m = /^ovhmock-pid=(\d+)$/.exec(line);
    if (m) {
      pid = Number(m[1]);
      break;
    }
  }
  assert.ok(pid > 0, 'the child printed no server pid');
  assert.ok(alive(pid), `server ${pid} not running before the kill`);
  const killed = Date.now();
  child.kill('SIGKILL');
  await childExit;
  while (alive(pid)) {
    if (Date.now() - killed > 5000) {
      process.kill(pid, 'SIGKILL');
      assert.fail(`server ${pid} still running 5 s after its test process was killed`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  t.diagnostic(`server ${pid} gone ${Date.now() - killed} ms after SIGKILL of its test process`);
});
