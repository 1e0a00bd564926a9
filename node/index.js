// Starts ovhmock, a mock of the OVHcloud API, from JavaScript tests (node:test, vitest, jest).
// ESM, no dependencies; the types are generated from the JSDoc below into types/index.d.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';

const STOP_GRACE_MS = 500;

/** The request header that scopes faults and journal queries to one test. */
export const TEST_ID_HEADER = 'X-Ovhmock-Test-Id';

/**
 * @typedef {object} OvhMockOptions
 * @property {string} [binary] the ovhmock binary (default: `OVHMOCK_BIN`, then `ovhmock` on the PATH)
 * @property {boolean} [tls] add an HTTPS listener with a CA generated at start (`tlsEndpoint`, `ca`, `caFile`)
 * @property {boolean} [nodeOvh] ready the server for `@ovhcloud/node-ovh`: HTTPS, `--public-base https://127.0.0.1`
 *   (node-ovh signs `https://host/…` without the port), `nodeOvhConfig` to pass to its constructor; implies `tls`
 * @property {boolean} [trustCA] make `https.globalAgent` (which node-ovh uses) trust the generated CA until `stop()`
 *   (default: true with `nodeOvh`, false otherwise)
 * @property {boolean} [void200Null] void operations answer `200 null` (the API before October 2023) instead of 204
 * @property {boolean} [autoValidate] keys requested through `POST /auth/credential` are validated at once
 * @property {number} [clockOffset] seconds the virtual clock runs ahead (negative: behind) of real time
 * @property {string} [fixtures] the data set directory to load instead of the default one
 * @property {string[]} [args] extra command-line flags, e.g. `['--time-window', '60']`
 * @property {number} [startTimeout] milliseconds to wait for the ready line (default 10000)
 */

/**
 * @typedef {object} Keys
 * @property {string} applicationKey
 * @property {string} applicationSecret
 * @property {string} consumerKey
 */

/**
 * The parameters `@ovhcloud/node-ovh` takes: `ovh(mock.nodeOvhConfig)`.
 * @typedef {object} NodeOvhConfig
 * @property {string} host
 * @property {number} port
 * @property {string} basePath
 * @property {string} appKey
 * @property {string} appSecret
 * @property {string} consumerKey
 */

/**
 * @typedef {object} Counts
 * @property {number} applications
 * @property {number} credentials
 * @property {number} domains
 * @property {number} zones
 * @property {number} records
 * @property {number} journalEntries
 * @property {number} faults
 */

/**
 * @typedef {object} Health
 * @property {string} status
 * @property {string} version
 * @property {number} uptimeInSeconds
 * @property {Counts} counts
 */

/**
 * @typedef {object} Application
 * @property {number} [applicationId]
 * @property {string} [applicationKey]
 * @property {string} [applicationSecret]
 * @property {string} [name]
 * @property {string} [description]
 * @property {'active' | 'blocked' | 'inactive' | 'trusted'} [status]
 */

/** @typedef {{method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string}} Rule */

/**
 * @typedef {object} CredentialRequest
 * @property {string} [applicationKey] names the application (or `applicationId`)
 * @property {number} [applicationId]
 * @property {string} [consumerKey]
 * @property {number} [credentialId]
 * @property {'validated' | 'pendingValidation' | 'refused' | 'expired'} [status] default `validated`
 * @property {Rule[]} [rules] default: every method on `/*`
 * @property {number} [expiresIn] seconds from the virtual clock's now
 * @property {string} [expiration] ISO-8601 with an offset
 * @property {string[]} [allowedIPs]
 * @property {string} [redirection]
 */

/**
 * @typedef {object} Credential
 * @property {number} credentialId
 * @property {number} applicationId
 * @property {string} [consumerKey] on creation only
 * @property {string} status
 * @property {Rule[]} rules
 * @property {string} creation
 * @property {string | null} expiration
 * @property {string | null} lastUse
 * @property {string[] | null} allowedIPs
 * @property {boolean} ovhSupport
 */

/**
 * @typedef {object} Clock
 * @property {number} now
 * @property {string} nowIso
 * @property {number} realNow
 * @property {number} offset
 * @property {boolean} frozen
 */

/**
 * Journal filter; every field given must match.
 * @typedef {object} Filter
 * @property {string} [method]
 * @property {string} [path] a glob over the raw path: `/1.0/domain/*`
 * @property {number} [status]
 * @property {string} [errorCode]
 * @property {boolean} [accepted] authenticated calls accepted (true) or refused (false)
 * @property {string} [testId] the `X-Ovhmock-Test-Id` header
 * @property {string} [route] the matched pattern, e.g. `/1.0/domain/zone/{zoneName}`
 * @property {number} [since] entries with a larger id
 * @property {number} [limit] at most this many entries (requests() only)
 */

/**
 * @typedef {object} SignatureHint
 * @property {string} variantClass
 * @property {string} variant
 * @property {string} hashed
 */

/**
 * A journal entry (secrets masked by the server).
 * @typedef {object} JournalEntry
 * @property {number} id
 * @property {string} time
 * @property {string} method
 * @property {string} url
 * @property {string} path
 * @property {string} scheme
 * @property {string} [testId]
 * @property {string} route
 * @property {number} status
 * @property {string} [errorCode]
 * @property {{accepted: boolean, errorCode?: string, reason?: string, matchedForm?: string,
 *   timestampDelta?: number, signatureHint?: SignatureHint}} [auth]
 * @property {object} [fault]
 * @property {Record<string, string>} headers
 * @property {string} body
 */

/**
 * @typedef {object} Fault
 * @property {'latency' | 'error' | 'rateLimit' | 'drop'} kind
 * @property {string} [method]
 * @property {string} [path]
 * @property {string} [testId]
 * @property {{name: string, value: string}} [header]
 * @property {number} [times]
 * @property {number} [delayMs]
 * @property {number} [status]
 * @property {string} [message]
 * @property {string} [errorCode]
 * @property {string} [class]
 * @property {number} [retryAfter]
 */

/**
 * @typedef {Fault & {id: string, hits: number, remaining: number | null, body?: object}} ActiveFault
 */

/** A control-plane call the server refused, with its status and the API's error body. */
export class OvhMockAdminError extends Error {
  /**
   * @param {string} method
   * @param {string} path
   * @param {number} status
   * @param {string} body
   */
  constructor(method, path, status, body) {
    /** @type {{class?: string, message?: string}} */
    let parsed = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      // not JSON: keep the raw body
    }
    super(`ovhmock ${method} ${path}: ${status} ${parsed.class ?? ''}: ${parsed.message ?? body}`);
    this.name = 'OvhMockAdminError';
    this.status = status;
    this.errorClass = parsed.class;
    this.serverMessage = parsed.message;
    this.body = body;
  }
}

// CAs trusted through https.globalAgent, each with how many holders, and the value to restore.
/** @type {Map<string, number>} */
const trusted = new Map();
/** @type {unknown} */
let agentCaBefore;

function applyTrust() {
  const opts = /** @type {{ca?: unknown}} */ (https.globalAgent.options);
  if (trusted.size === 0) {
    if (agentCaBefore === undefined) delete opts.ca;
    else opts.ca = agentCaBefore;
    return;
  }
  opts.ca = [...tls.rootCertificates, ...trusted.keys()];
}

/**
 * Makes `https.globalAgent` (what `@ovhcloud/node-ovh` and other `https.request` callers
 * without an agent use) trust `ca` besides the usual roots; returns the function that
 * undoes it. `startOvhMock({nodeOvh: true})` does this itself; call it in a test worker
 * when a global setup started the server (its `ca`, passed along).
 * @param {string} ca a PEM certificate
 * @returns {() => void}
 */
export function trustCA(ca) {
  if (trusted.size === 0) agentCaBefore = /** @type {{ca?: unknown}} */ (https.globalAgent.options).ca;
  trusted.set(ca, (trusted.get(ca) ?? 0) + 1);
  applyTrust();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const n = (trusted.get(ca) ?? 1) - 1;
    if (n > 0) trusted.set(ca, n);
    else trusted.delete(ca);
    applyTrust();
  };
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {number} timeout
 */
function launch(bin, args, timeout) {
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const output = [];
  let outputBytes = 0;
  /** @param {string} line */
  const keep = (line) => {
    output.push(line);
    outputBytes += line.length;
    while (outputBytes > 64 * 1024 && output.length > 1) outputBytes -= /** @type {string} */ (output.shift()).length;
  };
  /** @type {Record<string, string>} */
  const banner = {};
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stderr.setEncoding('utf8').on('data', (d) => keep(String(d)));
  child.stdin.on('error', () => {}); // EPIPE when the server is already gone
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeout} ms`)), timeout);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited before it was ready (${signal ?? `status ${code}`})`));
    });
    const lines = createInterface({ input: child.stdout });
    let isReady = false;
    lines.on('line', (line) => {
      keep(line + '\n');
      if (isReady) return;
      const t = line.trim();
      if (t.startsWith('{')) {
        try {
          const j = JSON.parse(t);
          if (j.event === 'ready') {
            isReady = true;
            clearTimeout(timer);
            resolve(j);
          }
        } catch {
          // not the ready line
        }
        return;
      }
      for (const k of ['application key', 'application secret', 'consumer key']) {
        if (t.startsWith(k + ' ')) banner[k] = t.slice(k.length).trim();
      }
    });
  });
  return { child, ready, exited, banner, output };
}

/**
 * Starts ovhmock on a free port and resolves once it is ready. Call `stop()` when done
 * (in `after`/`afterAll`); if the test process dies first, even killed, the server exits by
 * itself (its stdin is a pipe only this process holds: `--stop-on-stdin-eof`).
 * @param {OvhMockOptions} [options]
 */
export async function startOvhMock(options = {}) {
  const bin = options.binary || process.env.OVHMOCK_BIN || 'ovhmock';
  const useTls = Boolean(options.tls || options.nodeOvh);
  const args = ['--port', '0', '--stop-on-stdin-eof'];
  const dir = useTls ? mkdtempSync(join(tmpdir(), 'ovhmock-')) : null;
  if (dir) args.push('--tls-port', '0', '--tls-ca-out', join(dir, 'ca.pem'));
  if (options.nodeOvh) args.push('--public-base', 'https://127.0.0.1');
  if (options.void200Null) args.push('--void-200-null');
  if (options.autoValidate) args.push('--auto-validate');
  if (options.fixtures) args.push('--fixtures', options.fixtures);
  if (options.args) args.push(...options.args);

  const { child, ready, exited, banner, output } = launch(bin, args, options.startTimeout ?? 10000);
  const cleanupDir = () => dir && rmSync(dir, { recursive: true, force: true });
  /** @type {any} */
  let r;
  try {
    r = await ready;
  } catch (e) {
    child.kill('SIGKILL');
    cleanupDir();
    const why = /** @type {NodeJS.ErrnoException} */ (e);
    const hint = why.code === 'ENOENT' ? ' (give options.binary, set OVHMOCK_BIN, or put ovhmock on the PATH)' : '';
    throw new Error(`ovhmock: ${bin} ${args.join(' ')}: ${why.message}${hint}\n${output.join('')}`);
  }
  const mock = new OvhMock(child, exited, r, banner, output, options, cleanupDir);
  try {
    if (options.clockOffset) await mock.setClockOffset(options.clockOffset);
  } catch (e) {
    await mock.stop();
    throw e;
  }
  return mock;
}

/**
 * The control plane of a server reached by its URL: what `OvhMock` offers besides the
 * process, for code that did not start the server (a vitest or jest global setup started it).
 */
export class OvhMockControl {
  /** @param {string} url the server's HTTP base, e.g. `http://127.0.0.1:41234` */
  constructor(url) {
    /** HTTP base, e.g. `http://127.0.0.1:41234`; the control plane is `url + '/__admin'`. @type {string} */
    this.url = url.replace(/\/+$/, '');
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<string>}
   */
  #raw(method, path, body) {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.url}/__admin${path}`,
        {
          method,
          agent: false, // no keep-alive: nothing left open when the server stops
          headers: data === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 300) reject(new OvhMockAdminError(method, path.split('?')[0], status, text));
            else resolve(text);
          });
          res.on('error', reject);
        },
      );
      req.on('error', (e) => reject(new Error(`ovhmock ${method} ${path}: ${e.message}`)));
      req.end(data);
    });
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async #admin(method, path, body) {
    const text = await this.#raw(method, path, body);
    return text ? JSON.parse(text) : undefined;
  }

  /** @returns {Promise<Health>} */
  health() {
    return this.#admin('GET', '/health');
  }

  /**
   * Data back to the last loaded data set, journal cleared, faults removed, clock reset.
   * @returns {Promise<void>}
   */
  async reset() {
    await this.#admin('POST', '/reset');
  }

  /**
   * Replaces the data set with files named as in a fixtures directory (`applications.json`, …).
   * @param {Record<string, unknown>} files
   * @returns {Promise<Counts>}
   */
  async loadDataset(files) {
    return (await this.#admin('POST', '/dataset', { files })).counts;
  }

  /**
   * Replaces the data set with a fixtures directory the server reads.
   * @param {string} directory
   * @returns {Promise<Counts>}
   */
  async loadDatasetDir(directory) {
    return (await this.#admin('POST', '/dataset', { directory })).counts;
  }

  /**
   * @param {Application} [application] empty fields are generated
   * @returns {Promise<Required<Application>>}
   */
  createApplication(application = {}) {
    return this.#admin('POST', '/applications', application);
  }

  /**
   * @param {CredentialRequest} request
   * @returns {Promise<Credential>}
   */
  createCredential(request) {
    return this.#admin('POST', '/credentials', request);
  }

  /**
   * Validates a consumer key; `expiresIn` (seconds) sets a new expiration.
   * @param {string} consumerKey
   * @param {{expiresIn?: number, expiration?: string}} [options]
   * @returns {Promise<Credential>}
   */
  validateCredential(consumerKey, options = {}) {
    return this.#admin('POST', '/credentials/validate', { consumerKey, ...options });
  }

  /**
   * @param {string} consumerKey
   * @returns {Promise<Credential>}
   */
  refuseCredential(consumerKey) {
    return this.#admin('POST', '/credentials/refuse', { consumerKey });
  }

  /**
   * @param {string} consumerKey
   * @returns {Promise<Credential>}
   */
  expireCredential(consumerKey) {
    return this.#admin('POST', '/credentials/expire', { consumerKey });
  }

  /** @returns {Promise<Clock>} */
  clock() {
    return this.#admin('GET', '/clock');
  }

  /**
   * @param {number} seconds
   * @returns {Promise<Clock>}
   */
  setClockOffset(seconds) {
    return this.#admin('POST', '/clock/offset', { seconds });
  }

  /**
   * @param {number} seconds
   * @returns {Promise<Clock>}
   */
  stepClock(seconds) {
    return this.#admin('POST', '/clock/step', { seconds });
  }

  /**
   * Freezes the clock at `at` (Unix seconds, ISO-8601 or a Date), or at its current time.
   * @param {number | string | Date} [at]
   * @returns {Promise<Clock>}
   */
  freezeClock(at) {
    if (at === undefined) return this.#admin('POST', '/clock/freeze');
    return this.#admin('POST', '/clock/freeze', { at: at instanceof Date ? Math.floor(at.getTime() / 1000) : at });
  }

  /** @returns {Promise<Clock>} */
  unfreezeClock() {
    return this.#admin('POST', '/clock/unfreeze');
  }

  /** @returns {Promise<Clock>} */
  resetClock() {
    return this.#admin('POST', '/clock/reset');
  }

  /**
   * The journal entries matching `filter`, newest first.
   * @param {Filter} [filter]
   * @returns {Promise<JournalEntry[]>}
   */
  async requests(filter = {}) {
    return (await this.#admin('GET', '/requests' + query(filter))).requests;
  }

  /**
   * @param {Filter} [filter]
   * @returns {Promise<number>}
   */
  async countRequests(filter = {}) {
    const { limit, ...rest } = filter;
    return (await this.#admin('GET', '/requests/count' + query(rest))).count;
  }

  /** @returns {Promise<void>} */
  async clearRequests() {
    await this.#admin('DELETE', '/requests');
  }

  /**
   * The explainer's report on the latest INVALID_SIGNATURE (of `testId` when given), or null.
   * @param {string} [testId]
   * @returns {Promise<SignatureHint | null>}
   */
  async lastSignatureHint(testId) {
    const [last] = await this.requests({ errorCode: 'INVALID_SIGNATURE', testId, limit: 1 });
    return last?.auth?.signatureHint ?? null;
  }

  /**
   * @param {Fault} fault
   * @returns {Promise<ActiveFault>}
   */
  addFault(fault) {
    return this.#admin('POST', '/faults', fault);
  }

  /** @returns {Promise<ActiveFault[]>} */
  async faults() {
    return (await this.#admin('GET', '/faults')).faults;
  }

  /**
   * @param {string} id
   * @returns {Promise<void>}
   */
  async removeFault(id) {
    await this.#admin('DELETE', '/faults/' + encodeURIComponent(id));
  }

  /** @returns {Promise<void>} */
  async clearFaults() {
    await this.#admin('DELETE', '/faults');
  }

  /**
   * The Prometheus text exposition.
   * @returns {Promise<string>}
   */
  metrics() {
    return this.#raw('GET', '/metrics');
  }
}

/** A running ovhmock: where it listens, its default keys, and its control plane. */
export class OvhMock extends OvhMockControl {
  /**
   * @param {import('node:child_process').ChildProcessWithoutNullStreams} child
   * @param {Promise<unknown>} exited
   * @param {any} ready the ready line
   * @param {Record<string, string>} banner
   * @param {string[]} output
   * @param {OvhMockOptions} options
   * @param {() => void} cleanup
   */
  constructor(child, exited, ready, banner, output, options, cleanup) {
    super(ready.url);
    this.#child = child;
    this.#exited = exited;
    this.#output = output;
    this.#cleanup = cleanup;
    /** The API endpoint, `url + '/1.0'`. @type {string} */
    this.endpoint = ready.endpoint;
    /** @type {number} */
    this.port = ready.port;
    /** @type {string | null} */
    this.tlsUrl = ready.tlsUrl ?? null;
    /** @type {string | null} */
    this.tlsEndpoint = ready.tlsEndpoint ?? null;
    /** @type {number | null} */
    this.tlsPort = ready.tlsPort ?? null;
    /** The generated CA's certificate file (PEM), for NODE_EXTRA_CA_CERTS in child processes. @type {string | null} */
    this.caFile = ready.caFile ?? null;
    /** The generated CA (PEM), e.g. for `new https.Agent({ca})`. @type {string | null} */
    this.ca = this.caFile ? readFileSync(this.caFile, 'utf8') : null;
    /** @type {number} */
    this.pid = /** @type {number} */ (child.pid);
    /** The first usable key of the data set, as the banner prints it. @type {Keys} */
    this.keys = {
      applicationKey: banner['application key'] ?? '',
      applicationSecret: banner['application secret'] ?? '',
      consumerKey: banner['consumer key'] ?? '',
    };
    /** The signed-URL base node-ovh uses, accepted through --public-base. @type {string | null} */
    this.publicBase = options.nodeOvh ? 'https://127.0.0.1' : null;
    /** `@ovhcloud/node-ovh` parameters (with `nodeOvh`): `ovh(mock.nodeOvhConfig)`. @type {NodeOvhConfig | null} */
    this.nodeOvhConfig = options.nodeOvh
      ? {
          host: '127.0.0.1',
          port: /** @type {number} */ (this.tlsPort),
          basePath: '/1.0',
          appKey: this.keys.applicationKey,
          appSecret: this.keys.applicationSecret,
          consumerKey: this.keys.consumerKey,
        }
      : null;
    if (this.ca && (options.trustCA ?? options.nodeOvh)) this.#untrust = trustCA(this.ca);
  }

  /** @type {import('node:child_process').ChildProcessWithoutNullStreams} */
  #child;
  /** @type {Promise<unknown>} */
  #exited;
  /** @type {string[]} */
  #output;
  /** @type {() => void} */
  #cleanup;
  /** @type {() => void} */
  #untrust = () => {};
  /** @type {Promise<void> | null} */
  #stopping = null;

  /** What the server printed (banner, ready line, access log), its last 64 KiB. */
  output() {
    return this.#output.join('');
  }

  /**
   * Stops the server: closes idle keep-alive connections to it in the global agents, closes
   * its stdin and waits for it to exit (killing it after half a second when a client of your
   * own, e.g. `fetch`, still holds a keep-alive connection, which the server would otherwise
   * wait for). Idempotent.
   * @returns {Promise<void>}
   */
  stop() {
    if (!this.#stopping) this.#stopping = this.#stop();
    return this.#stopping;
  }

  async #stop() {
    for (const [agent, port] of /** @type {const} */ ([
      [http.globalAgent, this.port],
      [https.globalAgent, this.tlsPort],
    ])) {
      if (port === null) continue;
      const free = /** @type {Record<string, import('node:net').Socket[]>} */ (
        /** @type {unknown} */ (agent.freeSockets)
      );
      for (const [name, sockets] of Object.entries(free)) {
        if (name.startsWith(`127.0.0.1:${port}:`) || name.startsWith(`localhost:${port}:`))
          for (const s of sockets) s.destroy();
      }
    }
    this.#child.stdin.end();
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS, 'late');
    });
    if ((await Promise.race([this.#exited, late])) === 'late') {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
    clearTimeout(timer);
    this.#untrust();
    this.#cleanup();
  }

  /** For `await using mock = await startOvhMock()`. */
  [Symbol.asyncDispose]() {
    return this.stop();
  }
}

/**
 * The control plane of a server already running at `url` (e.g. from `process.env` set by a
 * global setup).
 * @param {string} url
 */
export function connectOvhMock(url) {
  return new OvhMockControl(url);
}

/** @param {Filter} filter */
function query(filter) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}
