// node-ovh against ovhmock: `npm ci && node --test` (OVHMOCK_BIN or ovhmock on the PATH).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import ovh from '@ovhcloud/node-ovh';
import { startOvhMock } from 'ovhmock';

describe('DNS automation with node-ovh', () => {
  /** @type {import('ovhmock').OvhMock} */
  let mock;
  /** @type {any} */
  let client;

  before(async () => {
    // HTTPS with a generated CA, trusted by the global agent node-ovh uses, and
    // --public-base https://127.0.0.1 because node-ovh signs the URL without the port.
    mock = await startOvhMock({ nodeOvh: true });
    client = ovh(mock.nodeOvhConfig);
  });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  it('creates and deletes a record', async () => {
    const record = await client.requestPromised('POST', '/domain/zone/example.com/record', {
      fieldType: 'TXT', subDomain: '_acme-challenge', target: 'token-1', ttl: 60,
    });
    assert.equal(record.zone, 'example.com');
    assert.equal(record.target, '"token-1"'); // TXT targets come back quoted
    const ids = await client.requestPromised('GET', '/domain/zone/example.com/record', { fieldType: 'TXT', subDomain: '_acme-challenge' });
    assert.deepEqual(ids, [record.id]);

    await client.requestPromised('DELETE', `/domain/zone/example.com/record/${record.id}`);
    await assert.rejects(client.requestPromised('GET', `/domain/zone/example.com/record/${record.id}`), { error: 404 });
    assert.equal(await mock.countRequests({ method: 'DELETE', status: 204 }), 1);
  });

  it('reports a wrong secret as the API does, and the server says why', async () => {
    const wrong = ovh({ ...mock.nodeOvhConfig, appSecret: 'Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM' });
    await assert.rejects(wrong.requestPromised('GET', '/me'), { error: 400, message: 'Invalid signature' });
    // node-ovh signs without the port, and with another application's secret.
    const hint = await mock.lastSignatureHint();
    assert.equal(hint?.variantClass, 'port+wrong-secret');
  });

  it('surfaces a 429 to the caller, and the next call goes through', async () => {
    await mock.addFault({ kind: 'rateLimit', path: '/1.0/me', times: 1, retryAfter: 1 });
    await assert.rejects(client.requestPromised('GET', '/me'), { error: 429, message: 'Too many requests' });
    const me = await client.requestPromised('GET', '/me');
    assert.ok(me.nichandle);
  });

  it('requests a consumer key, which works once validated', async () => {
    const { consumerKey, ...config } = mock.nodeOvhConfig ?? assert.fail('nodeOvh');
    const app = ovh(config);
    const pending = await app.requestPromised('POST', '/auth/credential', {
      accessRules: [{ method: 'GET', path: '/domain/*' }],
    });
    assert.equal(pending.state, 'pendingValidation');
    const user = ovh({ ...config, consumerKey: pending.consumerKey });
    await assert.rejects(user.requestPromised('GET', '/domain/zone'), { error: 403 });

    await mock.validateCredential(pending.consumerKey);
    assert.deepEqual(await user.requestPromised('GET', '/domain/zone'), ['example.com', 'example.net']);
    await assert.rejects(user.requestPromised('GET', '/me'), { error: 403 });
  });
});
