// The server of the global setup: its control plane by URL, its CA trusted in this worker.
import ovh from '@ovhcloud/node-ovh';
import { connectOvhMock, trustCA } from 'ovhmock';
import { afterAll, expect, inject, test } from 'vitest';

const { url, ca, nodeOvhConfig } = /** @type {any} */ (inject('ovhmock'));
const mock = connectOvhMock(url);
afterAll(trustCA(ca));

test('a fault from the control plane reaches node-ovh', async () => {
  await mock.addFault({ kind: 'error', status: 502, path: '/1.0/me', times: 1 });
  const client = ovh(nodeOvhConfig);
  await expect(client.requestPromised('GET', '/me')).rejects.toMatchObject({ error: 502 });
  expect((await client.requestPromised('GET', '/me')).nichandle).toBeTruthy();
});
