// A server per test file: beforeAll/afterAll.
import ovh from '@ovhcloud/node-ovh';
import { startOvhMock } from 'ovhmock';
import { afterAll, beforeAll, expect, test } from 'vitest';

/** @type {import('ovhmock').OvhMock} */
let mock;
beforeAll(async () => {
  mock = await startOvhMock({ nodeOvh: true });
});
afterAll(() => mock.stop());

test('node-ovh creates a record', async () => {
  const client = ovh(mock.nodeOvhConfig);
  const record = await client.requestPromised('POST', '/domain/zone/example.com/record', {
    fieldType: 'A', subDomain: 'vitest', target: '203.0.113.20',
  });
  expect(record.target).toBe('203.0.113.20');
  expect(await mock.countRequests({ method: 'POST', status: 200 })).toBe(1);
});
