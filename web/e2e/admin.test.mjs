// The admin's pages (an area CSV import with one bad row shows that row's error; users with
// field errors), the integration page (a key and a webhook shown once, a delivery with its
// attempt) and the leader's read-only overview.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { DESKTOP, launch, login, newPage, shot } from './lib/browser.mjs';
import { apiCall, apiLogin } from './lib/api.mjs';

describe('admin and leader workbenches', { timeout: 240000 }, () => {
  let server;
  let browser;
  const pages = [];

  before(async () => {
    server = await startServer();
    browser = await launch();
    // One open case, so that the leader's overview has something to count.
    const resident = await apiLogin(server.url, server.users.resident.username, server.users.resident.password);
    const admin = await apiLogin(server.url, server.users.admin.username, server.users.admin.password);
    const grid = await apiCall(server.url, admin, 'GET', '/areas/310105001001001');
    const report = await apiCall(server.url, resident, 'POST', '/cases', {
      category_code: '09006', category_kind: 'matter', description: '占道经营', lng: grid.body.center.lng, lat: grid.body.center.lat, channel: 'resident',
    });
    assert.equal(report.status, 201, JSON.stringify(report.body));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pages.flatMap((p) => p.problems), [], 'no script errors on any page');
  });

  async function open(role) {
    const page = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await login(page, server.users[role]);
    return page;
  }

  it('an area CSV import with one bad row shows that row and imports nothing; the fixed file imports', async () => {
    const page = await open('admin');
    assert.match(new URL(page.url()).pathname, /^\/admin\/areas$/);
    await page.getByTestId('area-children').locator('tbody tr').first().waitFor();
    await shot(page, 'admin-areas.png');

    const panel = page.getByTestId('import-areas');
    const bad = [
      'code,name,level,parent_code,grid_type,households',
      '310105001001901,测试网格甲,grid,310105001001,focus,120',
      '310105001001902,测试网格乙,grid,310105999999,routine,80',
    ].join('\n');
    await panel.getByTestId('import-text').fill(bad);
    await panel.getByTestId('import-submit').click();
    const errors = panel.getByTestId('import-errors');
    await errors.waitFor();
    const rows = errors.getByTestId('import-error-row');
    assert.equal(await rows.count(), 1, 'exactly the bad row is reported');
    assert.equal(await rows.first().getAttribute('data-line'), '3');
    assert.match(await rows.first().textContent(), /parent_code/);
    assert.equal(await panel.getByTestId('import-success').count(), 0);
    await shot(page, 'admin-area-import-error.png');

    const token = await apiLogin(server.url, server.users.admin.username, server.users.admin.password);
    assert.equal((await apiCall(server.url, token, 'GET', '/areas/310105001001901')).status, 404, 'nothing was imported');

    await panel.getByTestId('import-text').fill(bad.replace('310105999999', '310105001001'));
    await panel.getByTestId('import-submit').click();
    await panel.getByTestId('import-success').waitFor();
    assert.match(await panel.getByTestId('import-success').textContent(), /2/);
    assert.equal(await panel.getByTestId('import-errors').count(), 0);
    assert.equal((await apiCall(server.url, token, 'GET', '/areas/310105001001902')).status, 200);
  });

  it('the catalog pages list their data, and a bad new user shows the error at its field', async () => {
    const page = await open('admin');
    for (const [nav, table, file] of [
      ['departments', 'departments-table', 'admin-departments.png'],
      ['categories', 'categories-table', 'admin-categories.png'],
      ['time-limits', 'time-limits-table', 'admin-time-limits.png'],
      ['responsibility', 'responsibility-table', 'admin-responsibility.png'],
    ]) {
      await page.getByTestId(`nav-${nav}`).click();
      await page.getByTestId(table).locator('tbody tr').first().waitFor();
      await shot(page, file);
    }

    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').locator('tbody tr').first().waitFor();
    const form = page.getByTestId('user-form');
    await form.getByTestId('user-username').fill('a b');
    await form.getByTestId('user-password').fill('short');
    await form.getByTestId('user-area').fill('310105000000');
    await form.getByTestId('user-submit').click();
    await page.getByTestId('user-error').waitFor();
    await form.locator('.el-form-item__error').first().waitFor();
    const fieldErrors = await form.locator('.el-form-item__error').allTextContents();
    assert.equal(fieldErrors.length, 2, `field errors are shown next to their fields: ${fieldErrors}`);
    await shot(page, 'admin-users.png');

    await form.getByTestId('user-username').fill('resident_two');
    await form.getByTestId('user-password').fill('a-long-password');
    await form.getByTestId('user-submit').click();
    await page.getByTestId('users-table').getByText('resident_two', { exact: true }).first().waitFor();
  });

  it('the leader sees counts by state and by street', async () => {
    const page = await open('leader');
    assert.match(new URL(page.url()).pathname, /^\/overview$/);
    await page.getByTestId('chart-by-state').locator('canvas').waitFor();
    await page.getByTestId('chart-by-street').locator('canvas').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-total"] .value')?.textContent.trim() === '1');
    const token = await apiLogin(server.url, server.users.leader.username, server.users.leader.password);
    const byState = await apiCall(server.url, token, 'GET', '/cases/stats?by=state');
    assert.equal(byState.status, 200, JSON.stringify(byState.body));
    assert.deepEqual(byState.body.items, [{ key: 'reported', count: 1 }]);
    assert.equal((await page.locator('[data-testid="kpi-open"] .value').textContent()).trim(), '1');
    const byStreet = await apiCall(server.url, token, 'GET', '/cases/stats?by=street');
    assert.deepEqual(byStreet.body.items, [{ key: '310105001000', count: 1 }]);
    // Counts come from two stats requests, not one list request per state or street.
    const reqs = page.apiRequests.filter((r) => r.startsWith('GET /cases'));
    assert.deepEqual(reqs.filter((r) => r.startsWith('GET /cases/stats')).sort(),
        ['GET /cases/stats?by=state', 'GET /cases/stats?by=street'], reqs.join('\n'));
    assert.equal(reqs.filter((r) => r.startsWith('GET /cases?')).length, 1, reqs.join('\n'));
    await shot(page, 'leader-overview.png');
  });

  it('issues an API key and a webhook, each shown once, and lists the webhook\'s deliveries', async () => {
    const page = await open('admin');
    await page.goto('/admin/integration');
    await page.getByTestId('key-name').fill('FixMyStreet 长宁');
    await page.getByTestId('key-submit').click();
    const key = (await page.getByTestId('key-shown').locator('code').innerText()).trim();
    assert.match(key, /^[0-9a-f]{64}$/);
    await page.getByTestId('keys-table').getByText('FixMyStreet 长宁').waitFor();

    // A receiver that is not there: the delivery is attempted, fails and waits for its retry.
    await page.getByTestId('webhook-url').fill('http://127.0.0.1:9/hook');
    await page.getByTestId('webhook-events').click();
    await page.locator('.el-select-dropdown__item:visible', {hasText: /^case\.reported$/}).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('webhook-submit').click();
    const secret = (await page.getByTestId('secret-shown').locator('code').innerText()).trim();
    assert.match(secret, /^[0-9a-f]{48}$/);
    // (Last in this file: the leader's counts above expect one case.)
    const resident = await apiLogin(server.url, server.users.resident.username, server.users.resident.password);
    const admin = await apiLogin(server.url, server.users.admin.username, server.users.admin.password);
    const grid = await apiCall(server.url, admin, 'GET', '/areas/310105001001001');
    const report = await apiCall(server.url, resident, 'POST', '/cases', {
      category_code: '06010', description: '推送测试', lng: grid.body.center.lng, lat: grid.body.center.lat, channel: 'resident',
    });
    assert.equal(report.status, 201);
    // The table lists the delivery once it has been attempted (the sender polls every second).
    let rows = 0;
    for (let i = 0; i < 30 && rows === 0; i++) {
      await page.waitForTimeout(500);
      await page.getByTestId('webhooks-table').locator('.el-table__body tr').last().click();
      rows = await page.getByTestId('deliveries-table').locator('.el-table__body tr', {hasText: 'case.reported'}).count();
    }
    assert.ok(rows >= 1, 'the delivery is listed');
    await shot(page, 'admin-integration.png');
    const listed = await apiCall(server.url, admin, 'GET', '/admin/webhooks');
    assert.ok(!JSON.stringify(listed.body).includes(secret), 'the secret is not listed again');
  });

  it('serves the API reference at /api/docs', async () => {
    const page = await open('admin');
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .info .title', {hasText: 'CivicGrid'}).waitFor();
    await page.locator('.opblock-tag', {hasText: 'open311'}).first().waitFor();
    assert.ok(await page.locator('.opblock').count() > 50, 'every operation is listed');
    await shot(page, 'api-docs.png');
  });
});
