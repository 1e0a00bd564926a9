// One server for the whole jest run. Test files run in other processes (or another
// context): they get the server through environment variables.
import { startOvhMock } from 'ovhmock';

export default async function globalSetup() {
  const mock = await startOvhMock({ nodeOvh: true });
  globalThis.__OVHMOCK__ = mock; // for global-teardown.js
  process.env.OVHMOCK_URL = mock.url;
  process.env.OVHMOCK_CA = mock.ca ?? '';
  process.env.OVHMOCK_NODE_OVH = JSON.stringify(mock.nodeOvhConfig);
}
