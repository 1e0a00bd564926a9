// A server per test file: beforeAll/afterAll.
import ovh from '@ovhcloud/node-ovh';
import { startOvhMock } from 'ovhmock';

let mock;
beforeAll(async () => {
  mock = await startOvhMock({ nodeOvh: true });
});
afterAll(() => mock.stop());

test('node-ovh deletes a record', async () => {
  const client = ovh(mock.nodeOvhConfig);
  const ids = await client.requestPromised('GET', '/domain/zone/example.com/record', { fieldType: 'A' });
  expect(ids.length).toBeGreaterThan(0);
  await client.requestPromised('DELETE', `/domain/zone/example.com/record/${ids[0]}`);
  expect(await mock.countRequests({ method: 'DELETE', status: 204 })).toBe(1);
});
