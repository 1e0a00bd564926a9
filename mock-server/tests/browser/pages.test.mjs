// Browser tests of the validation page and the key-creation page, in real headless
// Chromium driven by playwright-core: authorize, refuse, create keys, then signed calls
// with the keys the pages gave. run.sh starts them; OVHMOCK_BINARY and OVHMOCK_FIXTURES
// name the server and its data set, CHROMIUM the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const binary = process.env.OVHMOCK_BINARY;
const fixtures = process.env.OVHMOCK_FIXTURES;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
// dns-bot, from fixtures/default/applications.json; the login from logins.json.
const AK = '7kbG7Bk7S9Nt7ZSV';
const AS = 'Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA';
const LOGIN = { account: 'jane.doe@example.com', password: 'mock-password-1' };

let server;
let base;
let context;
let profile;

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', '0', '--fixtures', fixtures], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`ovhmock exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const event = JSON.parse(line);
      if (event.event === 'ready') resolve({ child, url: event.url });
    });
  });
}

async function signedCall(keys, method, path, body = '') {
  const url = base + path;
  const ts = String(await (await fetch(`${base}/1.0/auth/time`)).json());
  const signature = '$1$' + createHash('sha1')
    .update([keys.as, keys.ck, method, url, body, ts].join('+'))
    .digest('hex');
  const headers = {
    'X-Ovh-Application': keys.ak,
    'X-Ovh-Consumer': keys.ck,
    'X-Ovh-Timestamp': ts,
    'X-Ovh-Signature': signature,
  };
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body || undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function requestKey(accessRules, redirection = null) {
  const res = await fetch(`${base}/1.0/auth/credential`, {
    method: 'POST',
    headers: { 'X-Ovh-Application': AK, 'Content-Type': 'application/json' },
    body: JSON.stringify({ accessRules, redirection }),
  });
  assert.equal(res.status, 200);
  const answer = await res.json();
  assert.equal(answer.state, 'pendingValidation');
  return answer;
}

before(async () => {
  assert.ok(binary && fixtures, 'OVHMOCK_BINARY and OVHMOCK_FIXTURES must be set (run.sh sets them)');
  ({ child: server, url: base } = await startServer());
  server.removeAllListeners('exit');
  profile = mkdtempSync(join(tmpdir(), 'ovhmock-chromium-'));
  // A fresh profile each run; Playwright passes it as --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  server?.kill('SIGTERM');
});

test('validation page: authorize redirects, and the key signs calls for the hour chosen', async () => {
  const rules = [{ method: 'GET', path: '/auth/*' }, { method: 'POST', path: '/auth/logout' }];
  const redirection = `${base}/1.0/auth/time?from=validation`;
  const answer = await requestKey(rules, redirection);
  const keys = { ak: AK, as: AS, ck: answer.consumerKey };
  assert.equal((await signedCall(keys, 'GET', '/1.0/auth/currentCredential')).status, 403);

  const page = await context.newPage();
  await page.goto(answer.validationUrl);
  assert.equal(await page.textContent('#application-name'), 'dns-bot');
  assert.equal(await page.textContent('#application-description'), 'DNS automation for example.com');
  assert.deepEqual(await page.locator('#rules li').allTextContents(), ['GET /auth/*', 'POST /auth/logout']);
  assert.deepEqual(await page.locator('#validity option').allTextContents(),
    ['1 hour', '1 day', '30 days', 'Unlimited']);
  await page.selectOption('#validity', { label: '1 hour' });
  await Promise.all([page.waitForURL(redirection), page.click('#authorize')]);
  assert.equal(page.url(), redirection);
  await page.close();

  const current = await signedCall(keys, 'GET', '/1.0/auth/currentCredential');
  assert.equal(current.status, 200);
  assert.equal(current.body.status, 'validated');
  const hours = (Date.parse(current.body.expiration) - Date.parse(current.body.creation)) / 3600000;
  assert.ok(hours > 0.99 && hours <= 1.01, `expiration ${current.body.expiration} is one hour away`);
  const denied = await signedCall(keys, 'GET', '/1.0/me');
  assert.notEqual(denied.status, 200);
});

test('validation page: refuse makes the key refused, and the link is then used up', async () => {
  const answer = await requestKey([{ method: 'GET', path: '/*' }]);
  const page = await context.newPage();
  await page.goto(answer.validationUrl);
  await Promise.all([page.waitForLoadState('load'), page.click('#refuse')]);
  await page.waitForSelector('#state');
  assert.equal(await page.textContent('#state'), 'refused');

  const call = await signedCall({ ak: AK, as: AS, ck: answer.consumerKey }, 'GET', '/1.0/auth/currentCredential');
  assert.equal(call.status, 403);
  assert.equal(call.body.errorCode, 'INVALID_CREDENTIAL');
  assert.equal(call.body.message, 'This credential is not valid');

  const again = await page.goto(answer.validationUrl);
  assert.equal(again.status(), 409);
  assert.equal(await page.textContent('#state'), 'refused');
  const unknown = await page.goto(`${base}/auth/?credentialToken=unknown`);
  assert.equal(unknown.status(), 404);
  assert.match(await page.textContent('#error'), /unknown/);
  await page.close();
});

test('key-creation page: rights from the query, bad password, then keys that sign', async () => {
  const page = await context.newPage();
  await page.goto(`${base}/createToken/?GET=/auth/*&GET=/me`);
  const paths = page.locator('#rights input[name=path]');
  const methods = page.locator('#rights select[name=method]');
  assert.equal(await paths.nth(0).inputValue(), '/auth/*');
  assert.equal(await paths.nth(1).inputValue(), '/me');
  assert.equal(await methods.nth(1).inputValue(), 'GET');
  // Add a right in the first blank row.
  await methods.nth(2).selectOption('POST');
  await paths.nth(2).fill('/auth/logout');
  await page.fill('#applicationName', 'browser-script');
  await page.fill('#applicationDescription', 'made in a browser');
  await page.selectOption('#validity', { label: 'Unlimited' });

  await page.fill('#account', LOGIN.account);
  await page.fill('#password', 'wrong-password');
  await Promise.all([page.waitForLoadState('load'), page.click('#create')]);
  await page.waitForSelector('#error');
  assert.equal(await page.textContent('#error'), 'Invalid account / password.');
  assert.equal(await page.inputValue('#applicationName'), 'browser-script');

  await page.fill('#password', LOGIN.password);
  await Promise.all([page.waitForLoadState('load'), page.click('#create')]);
  await page.waitForSelector('#consumer-key');
  const keys = {
    ak: await page.textContent('#application-key'),
    as: await page.textContent('#application-secret'),
    ck: await page.textContent('#consumer-key'),
  };
  assert.equal(await page.textContent('#expiration'), 'no expiration');
  await page.close();

  const details = await signedCall(keys, 'GET', '/1.0/auth/details');
  assert.equal(details.status, 200);
  assert.equal(details.body.method, 'account');
  assert.deepEqual(details.body.allowedRoutes, [
    { method: 'GET', path: '/auth/*' },
    { method: 'GET', path: '/me' },
    { method: 'POST', path: '/auth/logout' },
  ]);
  const current = await signedCall(keys, 'GET', '/1.0/auth/currentCredential');
  assert.equal(current.body.status, 'validated');
  assert.equal(current.body.expiration, null);
  assert.equal((await signedCall(keys, 'POST', '/1.0/auth/logout')).status, 204);
  assert.equal((await signedCall(keys, 'GET', '/1.0/auth/details')).body.errorCode, 'INVALID_CREDENTIAL');
});
