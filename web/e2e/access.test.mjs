// A resident cannot open another resident's case page (the server answers 404, the UI says so).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { PHONE, launch, login, newPage } from './lib/browser.mjs';
import { apiCall, apiLogin } from './lib/api.mjs';

describe('case visibility between residents', { timeout: 180000 }, () => {
  let server;
  let browser;
  let caseId;
  let anonymousId;
  const second = { username: 'resident2', password: 'second-resident-pw' };
  const pages = [];

  before(async () => {
    server = await startServer();
    browser = await launch();
    const admin = await apiLogin(server.url, server.users.admin.username, server.users.admin.password);
    const created = await apiCall(server.url, admin, 'POST', '/users', { ...second, role: 'resident', area_code: '310105000000' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const grid = await apiCall(server.url, admin, 'GET', '/areas/310105001001001');
    const first = await apiLogin(server.url, server.users.resident.username, server.users.resident.password);
    const report = await apiCall(server.url, first, 'POST', '/cases', {
      category_code: '09006',
      category_kind: 'matter',
      description: '楼下有人占道经营',
      lng: grid.body.center.lng,
      lat: grid.body.center.lat,
      channel: 'resident',
    });
    assert.equal(report.status, 201, JSON.stringify(report.body));
    caseId = report.body.id;
    const hidden = await apiCall(server.url, first, 'POST', '/cases', {
      category_code: '09006',
      category_kind: 'matter',
      description: '匿名反映：门口有人摆摊',
      lng: grid.body.center.lng,
      lat: grid.body.center.lat,
      channel: 'resident',
      anonymous: true,
    });
    assert.equal(hidden.status, 201, JSON.stringify(hidden.body));
    anonymousId = hidden.body.id;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pages.flatMap((p) => p.problems), [], 'no script errors on any page');
  });

  it("the reporter opens the case page, another resident gets 'not found'", async () => {
    const owner = await newPage(browser, server.url, PHONE);
    pages.push(owner);
    await login(owner, server.users.resident);
    await owner.goto(`/cases/${caseId}`);
    await owner.locator(`[data-testid="case-detail"][data-case-id="${caseId}"]`).waitFor();

    const other = await newPage(browser, server.url, PHONE);
    pages.push(other);
    await login(other, second);
    await other.getByTestId('state-empty').waitFor();
    await other.goto(`/cases/${caseId}`);
    await other.getByTestId('state-error').waitFor();
    assert.equal(await other.getByTestId('case-detail').count(), 0);
    assert.equal(await other.getByTestId('case-description').count(), 0);
    assert.doesNotMatch(await other.content(), /楼下有人占道经营/);

    const token = await apiLogin(server.url, second.username, second.password);
    assert.equal((await apiCall(server.url, token, 'GET', `/cases/${caseId}`)).status, 404);

    // Nor can a resident open a dispatcher's workbench: the router sends them home.
    await other.goto('/centre');
    await other.waitForURL((u) => u.pathname === '/my');
  });

  it('an anonymous report hides the reporter from the inspector, not from the dispatcher', async () => {
    const reportWho = (page) =>
      page.locator('[data-testid="timeline-event"][data-action="report"] .who').textContent();
    const inspector = await newPage(browser, server.url, PHONE);
    pages.push(inspector);
    await login(inspector, server.users.inspector);
    await inspector.goto(`/cases/${anonymousId}`);
    await inspector.locator(`[data-testid="case-detail"][data-case-id="${anonymousId}"]`).waitFor();
    const hiddenWho = await reportWho(inspector);
    assert.match(hiddenWho, /匿名/);
    assert.ok(!hiddenWho.includes(server.users.resident.username), hiddenWho);

    const dispatcher = await newPage(browser, server.url, PHONE);
    pages.push(dispatcher);
    await login(dispatcher, server.users.dispatcher);
    await dispatcher.goto(`/cases/${anonymousId}`);
    await dispatcher.locator(`[data-testid="case-detail"][data-case-id="${anonymousId}"]`).waitFor();
    assert.ok((await reportWho(dispatcher)).includes(server.users.resident.username));
  });
});
