// The closed loop through the UI, across four logins: a resident reports on a phone, the
// street's dispatcher registers and dispatches, the department handler claims and reports it
// handled with a photo, the grid's inspector verifies, the dispatcher closes, the resident rates.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';

import {apiCall, apiLogin} from './lib/api.mjs';
import {DESKTOP, makePng, PHONE, shot} from './lib/browser.mjs';
import {act, allowedActions, waitForState} from './lib/case.mjs';
import {demoFixture} from './lib/fixture.mjs';

// The centre of the inspector's grid (华阳路一居委会第1网格) in the demo data.
const GRID = '310105001001001';

describe('the closed loop in the browser', {timeout: 300000}, () => {
  const f = demoFixture();
  const open = f.open;
  let server;
  let caseId;
  let point;

  before(async () => {
    await f.start(GRID);
    server = f.server;
    point = f.point;
  });
  after(f.stop);

  it('a resident reports a problem on a 375-px phone (no photo, map tap, category from the list)',
     async () => {
       const page = await open(PHONE, 'resident');
       assert.match(new URL(page.url()).pathname, /^\/my$/);
       await page.getByTestId('state-empty').waitFor();
       await shot(page, 'resident-workbench.png');
       await page.getByTestId('resident-report').click();
       await page.waitForURL(/\/report$/);
       // A link or QR code on site can carry the point; then the resident taps the map there.
       await page.goto(`/report?lng=${point.lng}&lat=${point.lat}`);
       await page.getByTestId('report-map').locator('.leaflet-pane path').first().waitFor();
       await page.getByTestId('report-map').click();
       const located = page.getByTestId('located-grid');
       await located.waitFor();
       assert.equal(await located.getAttribute('data-grid-code'), GRID);
       await page.getByTestId('category-kind-matter').click();
       await page.getByTestId('category-class-matter-09').click();
       await page.getByTestId('category-option-matter-09006').click();
       await page.getByTestId('category-chosen').waitFor();
       await page.getByTestId('report-description').fill('人行道上有人占道经营，摆摊卖水果');
       await page.getByTestId('report-address').fill('华阳路一居委会门口');
       const width = await page.evaluate(() => document.documentElement.scrollWidth);
       assert.ok(width <= 375, `no horizontal scrolling at 375 px (page is ${width} px wide)`);
       await shot(page, 'resident-report-form.png');
       await page.getByTestId('report-submit').click();
       await page.getByTestId('report-done').waitFor();
       await page.getByTestId('report-open-case').click();
       await page.waitForURL(/\/cases\/\d+$/);
       caseId = Number(new URL(page.url()).pathname.split('/').pop());
       await waitForState(page, 'reported');
       assert.deepEqual(
           await allowedActions(page), [], 'a resident has nothing to do on a fresh report');
       await page.getByTestId('no-actions').waitFor();
       await page.context().close();
     });

  it('the dispatcher registers and dispatches, the suggested department preselected', async () => {
    const page = await open(DESKTOP, 'dispatcher');
    assert.match(new URL(page.url()).pathname, /^\/centre$/);
    const count = page.getByTestId('queue-count-reported');
    await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="queue-count-reported"]')?.textContent) >=
            1);
    assert.ok(Number(await count.textContent()) >= 1);
    await page.getByTestId('centre-map').locator('path.case-marker').first().waitFor();
    await page.getByTestId(`case-link-${caseId}`).waitFor();

    // The counts are the server's: the same as GET /cases/stats for the dispatcher.
    const dispatcher = await apiLogin(
        server.url, server.users.dispatcher.username, server.users.dispatcher.password);
    const stats = await apiCall(server.url, dispatcher, 'GET', '/cases/stats?by=state');
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    const byState = Object.fromEntries(stats.body.items.map((i) => [i.key, i.count]));
    for (const q of ['reported', 'registered', 'handled', 'verified']) {
      await page.waitForFunction(
          ([key, n]) => document.querySelector(`[data-testid="queue-count-${key}"]`)?.textContent.trim() === String(n),
          [q, byState[q] || 0]);
    }
    const late = await apiCall(server.url, dispatcher, 'GET', '/cases/stats?by=state&overdue=true');
    assert.equal(
        (await page.getByTestId('queue-count-overdue').textContent()).trim(), String(late.body.total));
    // A fresh report runs the 1-working-hour register clock, so its queue shows a light.
    const openList = await apiCall(server.url, dispatcher, 'GET', '/cases?state=open&page_size=200');
    assert.equal(openList.status, 200);
    const fresh = openList.body.items.find((c) => c.id === caseId);
    assert.equal(fresh.stage, 'register');
    assert.notEqual(fresh.light, 'none');
    await page.getByTestId('queue-reported').locator('[data-light]:not([data-light="none"])').first().waitFor();
    // One marker per open case.
    assert.equal(
        await page.getByTestId('centre-map').locator('path.case-marker').count(),
        Math.min(openList.body.total, 200));

    // Few requests: the street's grids in one, counts from stats, one list for the open queue
    // and one for the map's markers.
    const reqs = page.apiRequests.filter((r) => r.startsWith('GET '));
    assert.equal(reqs.filter((r) => /\/areas\/\d+\/grids\?/.test(r)).length, 1, reqs.join('\n'));
    assert.ok(reqs.filter((r) => /\/children/.test(r)).length <= 1, reqs.join('\n'));
    assert.equal(reqs.filter((r) => /\/cases\/stats\?/.test(r)).length, 2, reqs.join('\n'));
    const lists = reqs.filter((r) => /\/cases\?/.test(r));
    assert.equal(lists.length, 2, lists.join('\n'));
    assert.ok(lists.some((r) => /state=open/.test(r) && /page_size=200/.test(r)), lists.join('\n'));
    await shot(page, 'dispatcher-workbench.png');
    await page.getByTestId(`case-link-${caseId}`).click();
    await waitForState(page, 'reported');
    await act(page, 'register');
    await waitForState(page, 'registered');

    const handler = await apiLogin(
        server.url, server.users.department_handler.username,
        server.users.department_handler.password);
    const me = await apiCall(server.url, handler, 'GET', '/auth/me');
    await page.getByTestId('case-suggested-department').waitFor();
    await act(page, 'dispatch', async (form) => {
      assert.equal(
          await form.getAttribute('data-selected-department'), String(me.body.department_id),
          'the suggested department is preselected');
    });
    await waitForState(page, 'dispatched');
    await page.getByTestId('case-department').waitFor();
    await shot(page, 'case-detail-dispatched.png');
    await page.context().close();
  });

  it('the handler claims and reports it handled with a photo', async () => {
    const page = await open(PHONE, 'department_handler');
    assert.match(new URL(page.url()).pathname, /^\/inbox$/);
    await page.getByTestId(`case-card-${caseId}`).waitFor();
    await shot(page, 'handler-inbox.png');
    await page.getByTestId(`case-card-${caseId}`).click();
    await waitForState(page, 'dispatched');
    await act(page, 'claim');
    await waitForState(page, 'in_progress');
    await act(page, 'report_handled', async (form) => {
      await form.getByTestId('action-note').fill('已劝离摊贩，现场已清理');
      await form.getByTestId('action-photo-input')
          .setInputFiles({name: 'after.png', mimeType: 'image/png', buffer: makePng()});
      await form.locator('[data-testid="photo-thumb"]').waitFor();
    });
    await waitForState(page, 'handled');
    await page.getByTestId('case-photos').locator('img').first().waitFor();
    await page.context().close();
  });

  it('the inspector of the grid verifies it on the phone', async () => {
    const page = await open(PHONE, 'inspector');
    assert.match(new URL(page.url()).pathname, /^\/inspector$/);
    const card = page.getByTestId('verify-list').getByTestId(`case-card-${caseId}`);
    await card.waitFor();
    await shot(page, 'inspector-workbench.png');
    await card.click();
    await waitForState(page, 'handled');
    await act(page, 'verify', async (form) => {
      await form.getByTestId('action-result-pass').click();
      await form.getByTestId('action-photo-input')
          .setInputFiles(
              {name: 'check.png', mimeType: 'image/png', buffer: makePng(32, 32, [30, 160, 60])});
      await form.locator('[data-testid="photo-thumb"]').waitFor();
    });
    await waitForState(page, 'verified');
    await page.context().close();
  });

  it('the dispatcher closes it from the 待结案 queue', async () => {
    const page = await open(DESKTOP, 'dispatcher');
    await page.getByTestId('queue-verified').click();
    await page.getByTestId(`case-link-${caseId}`).click();
    await waitForState(page, 'verified');
    await act(page, 'close');
    await waitForState(page, 'closed');
    await page.context().close();
  });

  it('the resident follows the timeline and rates the closed case', async () => {
    const page = await open(PHONE, 'resident');
    const card = page.getByTestId(`case-card-${caseId}`);
    await card.waitFor();
    await card.click();
    await waitForState(page, 'closed');
    const actions = await page.locator('[data-testid="timeline-event"]')
                        .evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.deepEqual(
        actions, ['report', 'register', 'dispatch', 'claim', 'report_handled', 'verify', 'close']);
    await act(page, 'rate', async (form) => {
      await form.getByTestId('action-satisfaction-satisfied').click();
      await form.getByTestId('action-score-5').click();
      await form.getByTestId('action-solved-yes').click();
    });
    await page.getByTestId('case-rating').waitFor();
    assert.deepEqual(await allowedActions(page), []);
    await shot(page, 'case-detail-closed-phone.png');

    // The callback (回访) request waits in the resident's messages, behind the bell.
    await page.getByTestId('notif-bell').click();
    await page.getByTestId('notifications').getByText('您反映的问题已办结').first().waitFor();
    await page.goBack();

    // English is one switch away, and the domain words follow.
    await page.getByTestId('lang-switch').selectOption('en');
    await page.locator('[data-testid="case-state"][data-state="closed"]', {hasText: 'Closed'})
        .waitFor();
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.context().close();
  });
});
