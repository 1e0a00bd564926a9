// The server of the global setup: its control plane by URL, its CA trusted in this worker.
import ovh from '@ovhcloud/node-ovh';
import { connectOvhMock, trustCA } from 'ovhmock';

const mock = connectOvhMock(process.env.OVHMOCK_URL);
const config = JSON.parse(process.env.OVHMOCK_NODE_OVH);
let untrust;
beforeAll(() => {
  untrust = trustCA(process.env.OVHMOCK_CA);
});
afterAll(() => untrust());

test('a consumer key is usable once validated through the control plane', async () => {
  const { consumerKey, ...app } = config;
  const pending = await ovh(app).requestPromised('POST', '/auth/credential', {
    accessRules: [{ method: 'GET', path: '/me' }],
  });
  expect(pending.state).toBe('pendingValidation');
  await mock.validateCredential(pending.consumerKey);
  const me = await ovh({ ...app, consumerKey: pending.consumerKey }).requestPromised('GET', '/me');
  expect(me.nichandle).toBeTruthy();
});
