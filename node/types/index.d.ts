/**
 * Makes `https.globalAgent` (what `@ovhcloud/node-ovh` and other `https.request` callers
 * without an agent use) trust `ca` besides the usual roots; returns the function that
 * undoes it. `startOvhMock({nodeOvh: true})` does this itself; call it in a test worker
 * when a global setup started the server (its `ca`, passed along).
 * @param {string} ca a PEM certificate
 * @returns {() => void}
 */
export function trustCA(ca: string): () => void;
/**
 * Starts ovhmock on a free port and resolves once it is ready. Call `stop()` when done
 * (in `after`/`afterAll`); if the test process dies first, even killed, the server exits by
 * itself (its stdin is a pipe only this process holds: `--stop-on-stdin-eof`).
 * @param {OvhMockOptions} [options]
 */
export function startOvhMock(options?: OvhMockOptions): Promise<OvhMock>;
/**
 * The control plane of a server already running at `url` (e.g. from `process.env` set by a
 * global setup).
 * @param {string} url
 */
export function connectOvhMock(url: string): OvhMockControl;
/** The request header that scopes faults and journal queries to one test. */
export const TEST_ID_HEADER: "X-Ovhmock-Test-Id";
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
    constructor(method: string, path: string, status: number, body: string);
    status: number;
    errorClass: string | undefined;
    serverMessage: string | undefined;
    body: string;
}
/**
 * The control plane of a server reached by its URL: what `OvhMock` offers besides the
 * process, for code that did not start the server (a vitest or jest global setup started it).
 */
export class OvhMockControl {
    /** @param {string} url the server's HTTP base, e.g. `http://127.0.0.1:41234` */
    constructor(url: string);
    /** HTTP base, e.g. `http://127.0.0.1:41234`; the control plane is `url + '/__admin'`. @type {string} */
    url: string;
    /** @returns {Promise<Health>} */
    health(): Promise<Health>;
    /**
     * Data back to the last loaded data set, journal cleared, faults removed, clock reset.
     * @returns {Promise<void>}
     */
    reset(): Promise<void>;
    /**
     * Replaces the data set with files named as in a fixtures directory (`applications.json`, …).
     * @param {Record<string, unknown>} files
     * @returns {Promise<Counts>}
     */
    loadDataset(files: Record<string, unknown>): Promise<Counts>;
    /**
     * Replaces the data set with a fixtures directory the server reads.
     * @param {string} directory
     * @returns {Promise<Counts>}
     */
    loadDatasetDir(directory: string): Promise<Counts>;
    /**
     * @param {Application} [application] empty fields are generated
     * @returns {Promise<Required<Application>>}
     */
    createApplication(application?: Application): Promise<Required<Application>>;
    /**
     * @param {CredentialRequest} request
     * @returns {Promise<Credential>}
     */
    createCredential(request: CredentialRequest): Promise<Credential>;
    /**
     * Validates a consumer key; `expiresIn` (seconds) sets a new expiration.
     * @param {string} consumerKey
     * @param {{expiresIn?: number, expiration?: string}} [options]
     * @returns {Promise<Credential>}
     */
    validateCredential(consumerKey: string, options?: {
        expiresIn?: number;
        expiration?: string;
    }): Promise<Credential>;
    /**
     * @param {string} consumerKey
     * @returns {Promise<Credential>}
     */
    refuseCredential(consumerKey: string): Promise<Credential>;
    /**
     * @param {string} consumerKey
     * @returns {Promise<Credential>}
     */
    expireCredential(consumerKey: string): Promise<Credential>;
    /** @returns {Promise<Clock>} */
    clock(): Promise<Clock>;
    /**
     * @param {number} seconds
     * @returns {Promise<Clock>}
     */
    setClockOffset(seconds: number): Promise<Clock>;
    /**
     * @param {number} seconds
     * @returns {Promise<Clock>}
     */
    stepClock(seconds: number): Promise<Clock>;
    /**
     * Freezes the clock at `at` (Unix seconds, ISO-8601 or a Date), or at its current time.
     * @param {number | string | Date} [at]
     * @returns {Promise<Clock>}
     */
    freezeClock(at?: number | string | Date): Promise<Clock>;
    /** @returns {Promise<Clock>} */
    unfreezeClock(): Promise<Clock>;
    /** @returns {Promise<Clock>} */
    resetClock(): Promise<Clock>;
    /**
     * The journal entries matching `filter`, newest first.
     * @param {Filter} [filter]
     * @returns {Promise<JournalEntry[]>}
     */
    requests(filter?: Filter): Promise<JournalEntry[]>;
    /**
     * @param {Filter} [filter]
     * @returns {Promise<number>}
     */
    countRequests(filter?: Filter): Promise<number>;
    /** @returns {Promise<void>} */
    clearRequests(): Promise<void>;
    /**
     * The explainer's report on the latest INVALID_SIGNATURE (of `testId` when given), or null.
     * @param {string} [testId]
     * @returns {Promise<SignatureHint | null>}
     */
    lastSignatureHint(testId?: string): Promise<SignatureHint | null>;
    /**
     * @param {Fault} fault
     * @returns {Promise<ActiveFault>}
     */
    addFault(fault: Fault): Promise<ActiveFault>;
    /** @returns {Promise<ActiveFault[]>} */
    faults(): Promise<ActiveFault[]>;
    /**
     * @param {string} id
     * @returns {Promise<void>}
     */
    removeFault(id: string): Promise<void>;
    /** @returns {Promise<void>} */
    clearFaults(): Promise<void>;
    /**
     * The Prometheus text exposition.
     * @returns {Promise<string>}
     */
    metrics(): Promise<string>;
    #private;
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
    constructor(child: import("node:child_process").ChildProcessWithoutNullStreams, exited: Promise<unknown>, ready: any, banner: Record<string, string>, output: string[], options: OvhMockOptions, cleanup: () => void);
    /** The API endpoint, `url + '/1.0'`. @type {string} */
    endpoint: string;
    /** @type {number} */
    port: number;
    /** @type {string | null} */
    tlsUrl: string | null;
    /** @type {string | null} */
    tlsEndpoint: string | null;
    /** @type {number | null} */
    tlsPort: number | null;
    /** The generated CA's certificate file (PEM), for NODE_EXTRA_CA_CERTS in child processes. @type {string | null} */
    caFile: string | null;
    /** The generated CA (PEM), e.g. for `new https.Agent({ca})`. @type {string | null} */
    ca: string | null;
    /** @type {number} */
    pid: number;
    /** The first usable key of the data set, as the banner prints it. @type {Keys} */
    keys: Keys;
    /** The signed-URL base node-ovh uses, accepted through --public-base. @type {string | null} */
    publicBase: string | null;
    /** `@ovhcloud/node-ovh` parameters (with `nodeOvh`): `ovh(mock.nodeOvhConfig)`. @type {NodeOvhConfig | null} */
    nodeOvhConfig: NodeOvhConfig | null;
    /** What the server printed (banner, ready line, access log), its last 64 KiB. */
    output(): string;
    /**
     * Stops the server: closes idle keep-alive connections to it in the global agents, closes
     * its stdin and waits for it to exit (killing it after half a second when a client of your
     * own, e.g. `fetch`, still holds a keep-alive connection, which the server would otherwise
     * wait for). Idempotent.
     * @returns {Promise<void>}
     */
    stop(): Promise<void>;
    /** For `await using mock = await startOvhMock()`. */
    [Symbol.asyncDispose](): Promise<void>;
    #private;
}
export type OvhMockOptions = {
    /**
     * the ovhmock binary (default: `OVHMOCK_BIN`, then `ovhmock` on the PATH)
     */
    binary?: string | undefined;
    /**
     * add an HTTPS listener with a CA generated at start (`tlsEndpoint`, `ca`, `caFile`)
     */
    tls?: boolean | undefined;
    /**
     * ready the server for `@ovhcloud/node-ovh`: HTTPS, `--public-base https://127.0.0.1`
     * (node-ovh signs `https://host/…` without the port), `nodeOvhConfig` to pass to its constructor; implies `tls`
     */
    nodeOvh?: boolean | undefined;
    /**
     * make `https.globalAgent` (which node-ovh uses) trust the generated CA until `stop()`
     * (default: true with `nodeOvh`, false otherwise)
     */
    trustCA?: boolean | undefined;
    /**
     * void operations answer `200 null` (the API before October 2023) instead of 204
     */
    void200Null?: boolean | undefined;
    /**
     * keys requested through `POST /auth/credential` are validated at once
     */
    autoValidate?: boolean | undefined;
    /**
     * seconds the virtual clock runs ahead (negative: behind) of real time
     */
    clockOffset?: number | undefined;
    /**
     * the data set directory to load instead of the default one
     */
    fixtures?: string | undefined;
    /**
     * extra command-line flags, e.g. `['--time-window', '60']`
     */
    args?: string[] | undefined;
    /**
     * milliseconds to wait for the ready line (default 10000)
     */
    startTimeout?: number | undefined;
};
export type Keys = {
    applicationKey: string;
    applicationSecret: string;
    consumerKey: string;
};
/**
 * The parameters `@ovhcloud/node-ovh` takes: `ovh(mock.nodeOvhConfig)`.
 */
export type NodeOvhConfig = {
    host: string;
    port: number;
    basePath: string;
    appKey: string;
    appSecret: string;
    consumerKey: string;
};
export type Counts = {
    applications: number;
    credentials: number;
    domains: number;
    zones: number;
    records: number;
    journalEntries: number;
    faults: number;
};
export type Health = {
    status: string;
    version: string;
    uptimeInSeconds: number;
    counts: Counts;
};
export type Application = {
    applicationId?: number | undefined;
    applicationKey?: string | undefined;
    applicationSecret?: string | undefined;
    name?: string | undefined;
    description?: string | undefined;
    status?: "active" | "blocked" | "inactive" | "trusted" | undefined;
};
export type Rule = {
    method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
    path: string;
};
export type CredentialRequest = {
    /**
     * names the application (or `applicationId`)
     */
    applicationKey?: string | undefined;
    applicationId?: number | undefined;
    consumerKey?: string | undefined;
    credentialId?: number | undefined;
    /**
     * default `validated`
     */
    status?: "validated" | "pendingValidation" | "refused" | "expired" | undefined;
    /**
     * default: every method on `/*`
     */
    rules?: Rule[] | undefined;
    /**
     * seconds from the virtual clock's now
     */
    expiresIn?: number | undefined;
    /**
     * ISO-8601 with an offset
     */
    expiration?: string | undefined;
    allowedIPs?: string[] | undefined;
    redirection?: string | undefined;
};
export type Credential = {
    credentialId: number;
    applicationId: number;
    /**
     * on creation only
     */
    consumerKey?: string | undefined;
    status: string;
    rules: Rule[];
    creation: string;
    expiration: string | null;
    lastUse: string | null;
    allowedIPs: string[] | null;
    ovhSupport: boolean;
};
export type Clock = {
    now: number;
    nowIso: string;
    realNow: number;
    offset: number;
    frozen: boolean;
};
/**
 * Journal filter; every field given must match.
 */
export type Filter = {
    method?: string | undefined;
    /**
     * a glob over the raw path: `/1.0/domain/*`
     */
    path?: string | undefined;
    status?: number | undefined;
    errorCode?: string | undefined;
    /**
     * authenticated calls accepted (true) or refused (false)
     */
    accepted?: boolean | undefined;
    /**
     * the `X-Ovhmock-Test-Id` header
     */
    testId?: string | undefined;
    /**
     * the matched pattern, e.g. `/1.0/domain/zone/{zoneName}`
     */
    route?: string | undefined;
    /**
     * entries with a larger id
     */
    since?: number | undefined;
    /**
     * at most this many entries (requests() only)
     */
    limit?: number | undefined;
};
export type SignatureHint = {
    variantClass: string;
    variant: string;
    hashed: string;
};
/**
 * A journal entry (secrets masked by the server).
 */
export type JournalEntry = {
    id: number;
    time: string;
    method: string;
    url: string;
    path: string;
    scheme: string;
    testId?: string | undefined;
    route: string;
    status: number;
    errorCode?: string | undefined;
    auth?: {
        accepted: boolean;
        errorCode?: string;
        reason?: string;
        matchedForm?: string;
        timestampDelta?: number;
        signatureHint?: SignatureHint;
    } | undefined;
    fault?: object | undefined;
    headers: Record<string, string>;
    body: string;
};
export type Fault = {
    kind: "latency" | "error" | "rateLimit" | "drop";
    method?: string | undefined;
    path?: string | undefined;
    testId?: string | undefined;
    header?: {
        name: string;
        value: string;
    } | undefined;
    times?: number | undefined;
    delayMs?: number | undefined;
    status?: number | undefined;
    message?: string | undefined;
    errorCode?: string | undefined;
    class?: string | undefined;
    retryAfter?: number | undefined;
};
export type ActiveFault = Fault & {
    id: string;
    hits: number;
    remaining: number | null;
    body?: object;
};
