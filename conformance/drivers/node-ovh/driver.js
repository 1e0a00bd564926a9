// Conformance driver for node-ovh: `node driver.js @ovhcloud/node-ovh` (3.0.0) or
// `node driver.js ovh` (the legacy 2.0.3). Speaks the protocol in conformance/README.md.
//
// Pointed at the server as the reference documents: {host, port, basePath} without
// `endpoint`; HTTPS only, the CA through NODE_EXTRA_CA_CERTS (set by the runner). The
// library signs 'https://' + host + path, without the port.
'use strict';

const readline = require('readline');
const querystring = require('querystring');

const path = require('path');

const pkg = process.argv[2] || '@ovhcloud/node-ovh';
// With --client-src the runner sets OVHMOCK_CLIENT_SRC to a checkout of the library: load it
// from there instead of the pinned release (its dependencies from the checkout's own
// node_modules, else from this driver's, through NODE_PATH).
const src = process.env.OVHMOCK_CLIENT_SRC;
const entry = src ? require.resolve(path.resolve(src)) : require.resolve(pkg);
const factory = require(entry);
const version = src ? `${require(path.join(src, 'package.json')).version} (source)` : require(`${pkg}/package.json`).version;
const name = pkg === 'ovh' ? 'node-ovh-legacy' : 'node-ovh';
const isV3 = pkg !== 'ovh';

let config = null;
let client = null;      // signs when a consumer key is set
let unauthClient = null; // same keys, no consumer key: what a caller uses for unsigned calls

function newClient(withConsumerKey) {
  const params = { host: config.host, port: config.port, basePath: '/1.0' };
  if (config.oauth2) {
    params.clientID = config.oauth2.client_id;
    params.clientSecret = config.oauth2.client_secret;
    // The library appends 'oauth2/token' to tokenURL.
    params.tokenURL = config.oauth2.token_url.replace(/oauth2\/token$/, '');
  } else {
    params.appKey = config.application_key;
    params.appSecret = config.application_secret;
    if (withConsumerKey) params.consumerKey = config.consumer_key;
  }
  return factory(params);
}

const handlers = {
  hello() {
    const caps = ['call', 'unauth_call', 'query', 'body', 'consumer_key', 'bench', 'v1', 'v2'];
    if (isV3) caps.push('oauth2');
    return {
      name, library: pkg, version, language: 'javascript', source: { [pkg]: entry },
      transport: { https_only: true, signs_port: false },
      capabilities: caps,
    };
  },

  configure(m) {
    config = m;
    if (m.scheme !== 'https') throw new Unsupported('node-ovh only speaks HTTPS');
    client = newClient(true);
    unauthClient = m.oauth2 ? client : newClient(false);
    return {};
  },

  async call(m) {
    const method = m.method.toUpperCase();
    let path = m.path;
    const hasBody = m.body !== undefined && m.body !== null;
    if (m.headers && Object.keys(m.headers).length) throw new Unsupported('node-ovh cannot set request headers');
    if (hasBody && (method === 'GET' || method === 'DELETE')) {
      throw new Unsupported(`node-ovh cannot send a body with ${method}`);
    }
    if (hasBody && typeof m.body !== 'object') throw new Unsupported('node-ovh sends object bodies only');
    let params;
    if (method === 'PUT' || method === 'POST') {
      if (m.query && Object.keys(m.query).length) path += '?' + querystring.stringify(m.query);
      params = hasBody ? Object.assign({}, m.body) : {};
    } else {
      params = Object.assign({}, m.query || {});
    }
    const c = m.auth === false ? unauthClient : client;
    return c.requestPromised(method, path, params);
  },

  async request_consumer_key(m) {
    // node-ovh has no helper: POST /auth/credential (sent unsigned by the library's /auth rule).
    const body = { accessRules: m.rules.map((r) => ({ method: r.method, path: r.path })) };
    if (m.redirection) body.redirection = m.redirection;
    const res = await client.requestPromised('POST', '/auth/credential', body);
    config.consumer_key = res.consumerKey;
    client.consumerKey = res.consumerKey;
    return res;
  },

  async bench(m) {
    const n = m.n || 200;
    const signN = m.sign_n || n * 50;
    const path = m.path || '/me';
    await client.requestPromised('GET', path, {}); // time sync outside the measurement
    let start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await client.requestPromised('GET', path, {});
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    const url = `https://${config.host}/1.0${path}`;
    start = process.hrtime.bigint();
    for (let i = 0; i < signN; i++) client.signRequest('GET', url, '', 1700000000 + i);
    const signElapsed = Number(process.hrtime.bigint() - start) / 1e9;
    return {
      calls: n, elapsed_s: elapsed,
      signing: { n: signN, elapsed_s: signElapsed, what: 'Ovh.signRequest (public method)' },
    };
  },
};

class Unsupported extends Error {}

function classify(e) {
  if (e instanceof Unsupported) return { kind: 'unsupported', type: 'Unsupported', message: e.message };
  if (e && typeof e === 'object' && !(e instanceof Error) && 'error' in e) {
    // requestPromised rejects {error: statusCode, message} for an API error,
    // {error: errno} for a network error, {error: '[OVH] ...'} for local failures.
    const status = typeof e.error === 'number' && e.error >= 100 ? e.error : null;
    return {
      kind: status ? 'api' : (typeof e.error === 'number' ? 'transport' : 'local'),
      type: e.constructor ? e.constructor.name : 'Object',
      status, message: e.message === undefined ? null : e.message, queryId: null,
      text: JSON.stringify(e),
    };
  }
  if (e instanceof Error) {
    return { kind: 'local', type: e.constructor.name, status: null, message: e.message, text: String(e.stack) };
  }
  return { kind: 'local', type: typeof e, status: null, message: String(e), text: JSON.stringify(e) };
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
rl.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    const m = JSON.parse(line);
    const reply = { id: m.id };
    if (m.op === 'quit') {
      process.stdout.write(JSON.stringify({ id: m.id, ok: true, value: null }) + '\n');
      process.exit(0);
    }
    try {
      const h = handlers[m.op];
      if (!h) throw new Unsupported(`op ${m.op} is not implemented by this driver`);
      reply.value = await h(m);
      if (reply.value === undefined) reply.value = null;
      reply.ok = true;
    } catch (e) {
      reply.ok = false;
      reply.error = classify(e);
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  });
});
rl.on('close', () => queue.then(() => process.exit(0)));
