// Started by kill.test.js: starts a server, prints its pid, then waits to be killed.
import { startOvhMock } from '../index.js';

const mock = await startOvhMock();
process.stdout.write(`ovhmock-pid=${mock.pid}\n`);
setInterval(() => {}, 60_000);
