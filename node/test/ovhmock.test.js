import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { OvhMockAdminError, TEST_ID_HEADER, connectOvhMock, startOvhMock, trustCA } from '../index.js';

const DEFAULT_KEYS = {
  applicationKey: '7kbG7Bk7S9Nt7ZSV',
  applicationSecret: 'Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA',
  consumerKey: 'a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b',
};

/**
 * A call signed with the default keys over `signedUrl` (the URL form the signature covers).
 * @param {string} method
 * @param {string} url where the request goes
 * @param {string} signedUrl
 * @param {{agent?: https.Agent, body?: unknown}} [opts]
 * @returns {Promise<{status: number, body: string}>}
 */
function signed(method, url, signedUrl, opts = {}) {
  const ts = String(Math.floor(Date.now() / 1000));
  const k = DEFAULT_KEYS;
  const body = opts.body === undefined ? '' : JSON.stringify(opts.body);
  const sig = '$1$' + createHash('sha1').update([k.applicationSecret, k.consumerKey, method, signedUrl, body, ts].join('+')).digest('hex');
  /** @type {Record<string, string>} */
  const headers = { 'X-Ovh-Application': k.applicationKey, 'X-Ovh-Consumer': k.consumerKey, 'X-Ovh-Timestamp': ts, 'X-Ovh-Signature': sig };
  if (body) headers['Content-Type'] = 'application/json';
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, agent: opts.agent }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body || undefined);
  });
}

/** @param {string} url @param {Record<string, string>} [headers] */
async function get(url, headers = {}) {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return res.status;
}

describe('a default server', () => {
  /** @type {import('../index.js').OvhMock} */
  let mock;
  before(async () => {
    mock = await startOvhMock();
  });
  after(() => mock.stop());

  it('reports its endpoint and the default keys', async () => {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(mock.endpoint, mock.url + '/1.0');
    assert.deepEqual(mock.keys, DEFAULT_KEYS);
    assert.equal(mock.tlsEndpoint, null);
    assert.equal(mock.nodeOvhConfig, null);
    const h = await mock.health();
    assert.equal(h.status, 'healthy');
    assert.ok(h.counts.zones > 0);
    assert.equal(await get(mock.endpoint + '/auth/time'), 200);
  });

  it('is reachable by URL alone, as from a global setup', async () => {
    const control = connectOvhMock(mock.url + '/');
    assert.equal(control.url, mock.url);
    await control.stepClock(7);
    assert.equal((await mock.clock()).offset, 7);
    await mock.resetClock();
    await assert.rejects(connectOvhMock('http://127.0.0.1:1').health(), /ovhmock GET \/health/);
  });

  it('creates applications and keys and changes their state', async () => {
    const app = await mock.createApplication({ name: 'ci' });
    assert.ok(app.applicationKey && app.applicationSecret && app.applicationId);
    const cred = await mock.createCredential({
      applicationKey: app.applicationKey,
      status: 'pendingValidation',
      rules: [{ method: 'GET', path: '/domain/*' }],
      expiresIn: 3600,
    });
    assert.equal(cred.status, 'pendingValidation');
    assert.deepEqual(cred.rules, [{ method: 'GET', path: '/domain/*' }]);
    assert.ok(cred.consumerKey && cred.expiration);
    const ck = /** @type {string} */ (cred.consumerKey);
    assert.equal((await mock.validateCredential(ck, { expiresIn: 60 })).status, 'validated');
    assert.equal((await mock.refuseCredential(ck)).status, 'refused');
    assert.equal((await mock.expireCredential(ck)).status, 'expired');
    await assert.rejects(mock.validateCredential('no-such-key'), (e) => {
      assert.ok(e instanceof OvhMockAdminError);
      assert.equal(e.status, 404);
      assert.equal(e.serverMessage, 'No such credential');
      return true;
    });
  });

  it('moves the clock', async () => {
    assert.equal((await mock.setClockOffset(3600)).offset, 3600);
    assert.equal((await mock.stepClock(30)).offset, 3630);
    const at = new Date('2026-01-05T10:00:00Z');
    const frozen = await mock.freezeClock(at);
    assert.equal(frozen.frozen, true);
    assert.equal(frozen.now, at.getTime() / 1000);
    assert.equal((await mock.unfreezeClock()).frozen, false);
    assert.equal((await mock.resetClock()).offset, 0);
  });

  it('injects faults scoped to a test id and lists the journal', async () => {
    await mock.reset();
    const f = await mock.addFault({ kind: 'error', status: 503, testId: 'case-1', times: 1 });
    assert.equal(f.remaining, 1);
    assert.equal(await get(mock.endpoint + '/auth/time', { [TEST_ID_HEADER]: 'case-2' }), 200);
    assert.equal(await get(mock.endpoint + '/auth/time', { [TEST_ID_HEADER]: 'case-1' }), 503);
    assert.equal(await get(mock.endpoint + '/auth/time', { [TEST_ID_HEADER]: 'case-1' }), 200);
    const entries = await mock.requests({ testId: 'case-1' });
    assert.deepEqual(entries.map((e) => e.status), [200, 503]);
    assert.ok(entries[1].fault);
    assert.equal(await mock.countRequests({ path: '/1.0/auth/*', status: 200 }), 2);
    assert.equal((await mock.requests({ limit: 1 })).length, 1);

    const lat = await mock.addFault({ kind: 'latency', delayMs: 5, path: '/1.0/me' });
    assert.deepEqual((await mock.faults()).map((x) => x.id), [lat.id]);
    await mock.removeFault(lat.id);
    await assert.rejects(mock.removeFault(lat.id), { status: 404 });
    await assert.rejects(mock.addFault(/** @type {any} */ ({ kind: 'teleport' })), { status: 400 });
    await mock.clearFaults();
    await mock.clearRequests();
    assert.equal(await mock.countRequests(), 0);
    assert.match(await mock.metrics(), /ovhmock_faults_injected_total\{kind="error"\} 1/);
  });

  it('explains a rejected signature', async () => {
    await mock.reset();
    assert.equal(await mock.lastSignatureHint(), null);
    // Signed as node-ovh does (https, no port) but sent over http: refused on a strict server.
    const { status } = await signed('GET', `${mock.endpoint}/me`, 'https://127.0.0.1/1.0/me');
    assert.equal(status, 400);
    const hint = await mock.lastSignatureHint();
    assert.equal(hint?.variantClass, 'scheme+port');
  });

  it('loads data sets and resets to the last one', async () => {
    const counts = await mock.loadDataset({
      'applications.json': [{ applicationId: 1, applicationKey: 'AKAKAKAKAKAKAKAK', applicationSecret: 'ASASASASASASASASASASASASASASASAS', name: 'ci', description: '', status: 'active' }],
      'credentials.json': [],
    });
    assert.equal(counts.applications, 1);
    await mock.createApplication();
    await mock.reset();
    assert.equal((await mock.health()).counts.applications, 1);
    await assert.rejects(mock.loadDataset({ 'applications.json': [], 'credentials.json': [{ credentialId: 1 }] }), (e) => {
      assert.ok(e instanceof OvhMockAdminError && e.status === 400 && /credentials\.json/.test(String(e.serverMessage)));
      return true;
    });
  });
});

describe('options', () => {
  it('nodeOvh: HTTPS, the public base node-ovh signs, a trusted CA until stop()', async () => {
    const before = https.globalAgent.options.ca;
    const mock = await startOvhMock({ nodeOvh: true });
    try {
      assert.deepEqual(mock.nodeOvhConfig, {
        host: '127.0.0.1', port: mock.tlsPort, basePath: '/1.0',
        appKey: DEFAULT_KEYS.applicationKey, appSecret: DEFAULT_KEYS.applicationSecret, consumerKey: DEFAULT_KEYS.consumerKey,
      });
      assert.equal(mock.publicBase, 'https://127.0.0.1');
      assert.match(String(mock.ca), /BEGIN CERTIFICATE/);
      // Through the global agent, as node-ovh calls https.request; signed without the port.
      const r = (await signed('GET', `${mock.tlsEndpoint}/me`, 'https://127.0.0.1/1.0/me'));
      assert.equal(r.status, 200, r.body);
      const [entry] = await mock.requests({ path: '/1.0/me' });
      assert.equal(entry.auth?.matchedForm, 'public-base:https://127.0.0.1');
    } finally {
      await mock.stop();
    }
    assert.equal(https.globalAgent.options.ca, before);
  });

  it('tls without trustCA leaves the global agent alone', async () => {
    const mock = await startOvhMock({ tls: true });
    try {
      assert.equal(mock.nodeOvhConfig, null);
      await assert.rejects(signed('GET', `${mock.tlsEndpoint}/me`, `${mock.tlsEndpoint}/me`), /certificate/);
      const agent = new https.Agent({ ca: /** @type {string} */ (mock.ca) });
      const r = (await signed('GET', `${mock.tlsEndpoint}/me`, `${mock.tlsEndpoint}/me`, { agent }));
      assert.equal(r.status, 200, r.body);
      agent.destroy();
    } finally {
      await mock.stop();
    }
  });

  it('clockOffset, void200Null and autoValidate reach the server', async () => {
    const plain = await startOvhMock();
    const mock = await startOvhMock({ clockOffset: -120, void200Null: true, autoValidate: true });
    try {
      assert.equal((await mock.clock()).offset, -120);
      assert.equal((await plain.clock()).offset, 0);
      // A record deleted: 204 by default, 200 null with void200Null. (Signed with the real
      // clock: 120 s is inside the 300 s window.)
      for (const [m, want] of /** @type {const} */ ([[plain, { status: 204, body: '' }], [mock, { status: 200, body: 'null' }]])) {
        const created = await signed('POST', `${m.endpoint}/domain/zone/example.com/record`, `${m.endpoint}/domain/zone/example.com/record`,
          { agent: new http.Agent(), body: { fieldType: 'A', subDomain: 'tmp', target: '192.0.2.1' } });
        assert.equal(created.status, 200, created.body);
        const url = `${m.endpoint}/domain/zone/example.com/record/${JSON.parse(created.body).id}`;
        const deleted = await signed('DELETE', url, url);
        assert.deepEqual(deleted, want);
      }
      const res = await signed('POST', `${mock.endpoint}/auth/credential`, '', { body: { accessRules: [{ method: 'GET', path: '/*' }] } });
      assert.equal(JSON.parse(res.body).state, 'validated', res.body);
    } finally {
      await Promise.all([mock.stop(), plain.stop()]);
    }
  });

  it('trustCA adds a CA to the global agent until undone, counting holders', async () => {
    const mock = await startOvhMock({ tls: true });
    const before = https.globalAgent.options.ca;
    try {
      const url = `${mock.tlsEndpoint}/me`;
      await assert.rejects(signed('GET', url, url), /certificate/);
      const undo1 = trustCA(/** @type {string} */ (mock.ca));
      const undo2 = trustCA(/** @type {string} */ (mock.ca));
      assert.equal((await signed('GET', url, url)).status, 200);
      undo1();
      undo1(); // twice is once
      assert.equal((await signed('GET', url, url)).status, 200);
      undo2();
      assert.equal(https.globalAgent.options.ca, before);
    } finally {
      await mock.stop();
    }
  });

  it('fails with the server output when it cannot start', async () => {
    await assert.rejects(startOvhMock({ args: ['--time-window', 'soon'] }), /exited before it was ready[\s\S]*time-window/);
    await assert.rejects(startOvhMock({ fixtures: mkdtempSync(join(tmpdir(), 'ovhmock-empty-')) }), /exited before it was ready/);
    await assert.rejects(startOvhMock({ binary: '/nonexistent/ovhmock' }), /ENOENT[\s\S]*OVHMOCK_BIN/);
  });

  it('stop() ends the process, twice is fine, and the port closes', async () => {
    const mock = await startOvhMock();
    await mock.stop();
    await mock.stop();
    assert.match(mock.output(), /"event":"stopped"/);
    await assert.rejects(fetch(mock.endpoint + '/auth/time'));
  });
});
