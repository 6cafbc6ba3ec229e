// The command-centre screen and the evaluation page: a leader's 1920×1080 screen shows a case
// the moment a resident reports it in another browser (no reload: the live stream), and the
// evaluation page's ranking downloads as an .xlsx that is parsed back here, and as a CSV that
// Excel opens (UTF-8 with a BOM); the centre's queue downloads as an .xlsx holding exactly the
// cases the API lists for it.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';

import ExcelJS from 'exceljs';

import {apiCall, apiLogin} from './lib/api.mjs';

import {DESKTOP, OUTPUT, PHONE, shot} from './lib/browser.mjs';
import {demoFixture} from './lib/fixture.mjs';

const GRID = '310105001001001';

describe('the command-centre screen and the evaluation page', {timeout: 300000}, () => {
  const f = demoFixture();
  const open = f.open;
  let point;

  before(async () => {
    await f.start(GRID);
    point = f.point;
  });
  after(f.stop);

  it('updates the screen when a case is reported in another browser page', async () => {
    const screen = await open(DESKTOP, 'leader');
    await screen.goto('/screen');
    await screen.locator('[data-testid="screen-live"]', {hasText: '实时'}).waitFor();
    await screen.getByTestId('screen-map').locator('.leaflet-pane path').first().waitFor();
    const today = Number(await screen.getByTestId('screen-today').locator('.n').innerText());

    // A resident reports on a phone, in another browser context.
    const phone = await open(PHONE, 'resident');
    const created = await phone.evaluate(async (p) => {
      const {token} = JSON.parse(localStorage.getItem('civicgrid.session'));
      const res = await fetch('/api/v1/cases', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Authorization: `Bearer ${token}`},
        body: JSON.stringify({category_code: '06010', description: '大屏测试：路边垃圾', lng: p.lng,
                              lat: p.lat, channel: 'resident'}),
      });
      return {status: res.status, body: await res.json()};
    }, point);
    assert.equal(created.status, 201);

    // The screen shows it without a reload.
    await screen.getByTestId(`ticker-${created.body.number}`).waitFor({timeout: 15000});
    await screen
        .locator('[data-testid="screen-today"] .n', {hasText: new RegExp(`^${today + 1}$`)})
        .waitFor();
    await shot(screen, 'command-screen-1920.png');
    await screen.context().close();
    await phone.context().close();
  });

  it('exports the centre\'s queue as an .xlsx that matches the cases listed', async () => {
    const users = f.server.users;
    const resident = await apiLogin(f.server.url, users.resident.username, users.resident.password);
    const reported = await apiCall(f.server.url, resident, 'POST', '/cases', {
      category_code: '06010', description: '导出测试：楼道堆物', lng: point.lng, lat: point.lat,
      channel: 'resident', reporter_phone: '13811112222',
    });
    assert.equal(reported.status, 201);
    const dispatcher =
        await apiLogin(f.server.url, users.dispatcher.username, users.dispatcher.password);
    const listed = await apiCall(f.server.url, dispatcher, 'GET', '/cases?state=reported&page_size=200');
    assert.equal(listed.status, 200);
    assert.ok(listed.body.items.length >= 1);

    const page = await open(DESKTOP, 'dispatcher');
    await page.goto('/centre');
    await page.getByTestId('queue-list-reported').waitFor();
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    assert.equal(xlsx.suggestedFilename(), 'cases-reported.xlsx');
    const path = join(OUTPUT, 'cases-reported.xlsx');
    await xlsx.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0];
    const header = sheet.getRow(1).values.slice(1);
    assert.deepEqual(header.slice(0, 3), ['number', 'state', 'channel']);
    const col = (name) => header.indexOf(name) + 1;
    const rows = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      rows.push({
        number: row.getCell(col('number')).value,
        state: row.getCell(col('state')).value,
        category_code: row.getCell(col('category_code')).value,
        description: row.getCell(col('description')).value,
        lng: row.getCell(col('lng')).value.toFixed(9),  // Excel keeps 15 digits
        reporter_phone: row.getCell(col('reporter_phone')).value ?? '',
      });
    }
    assert.deepEqual(rows, listed.body.items.map((c) => ({
      number: c.number, state: c.state, category_code: c.category_code,
      description: c.description, lng: c.lng.toFixed(9), reporter_phone: c.reporter_phone,
    })));
    assert.ok(rows.some((r) => r.reporter_phone === '13811112222'), 'the centre sees the phone');
    await page.context().close();
  });

  it('the hotline seat sees a likely duplicate of a call and merges the call into it', async () => {
    const users = f.server.users;
    const resident = await apiLogin(f.server.url, users.resident.username, users.resident.password);
    const first = await apiCall(f.server.url, resident, 'POST', '/cases', {
      category_code: '06010', description: '热线重复测试：垃圾满溢', lng: point.lng, lat: point.lat, channel: 'resident',
    });
    assert.equal(first.status, 201);
    const page = await open(DESKTOP, 'dispatcher');
    await page.goto(`/report?lng=${point.lng}&lat=${point.lat}`);
    await page.getByTestId('report-map').locator('.leaflet-pane path').first().waitFor();
    await page.getByTestId('use-map-centre').click();
    await page.getByTestId('located-grid').waitFor();
    await page.getByTestId('category-kind-matter').click();
    await page.getByTestId('category-class-matter-06').click();
    await page.getByTestId('category-option-matter-06010').click();
    await page.getByTestId('report-description').fill('市民来电：同一处垃圾满溢');
    await page.getByTestId('report-phone').fill('13700001234');
    await page.getByTestId(`duplicate-${first.body.id}`).waitFor();
    await shot(page, 'hotline-seat-duplicates.png');
    await page.getByTestId(`merge-into-${first.body.id}`).click();
    await page.waitForURL(new RegExp(`/cases/${first.body.id}$`));
    const dispatcher =
        await apiLogin(f.server.url, users.dispatcher.username, users.dispatcher.password);
    const merged = await apiCall(f.server.url, dispatcher, 'GET', '/cases?state=merged&page_size=50');
    assert.ok(merged.body.items.some((c) => c.merged_into === first.body.id && c.channel === 'hotline'),
        'the call was saved and merged into the case that was there');
    await page.context().close();
  });

  it('ranks the streets and downloads the ranking as .xlsx and CSV', async () => {
    const page = await open(DESKTOP, 'leader');
    await page.goto('/evaluation');
    const rows = page.getByTestId('eval-ranking').locator('.el-table__body tr');
    await rows.first().waitFor();
    const shown = await rows.count();
    assert.ok(shown >= 5, `the district's streets are ranked (${shown})`);
    await page.getByTestId('ind-reports').waitFor();

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('eval-export-xlsx').click(),
    ]);
    assert.match(xlsx.suggestedFilename(), /^evaluation-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsxPath = join(OUTPUT, 'evaluation.xlsx');
    await xlsx.saveAs(xlsxPath);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxPath);
    const sheet = book.worksheets[0];
    assert.equal(sheet.getCell('A1').value, '名次');
    assert.equal(sheet.getCell('B1').value, '对象');
    assert.equal(sheet.rowCount, shown + 1, 'a header and one row per ranked area');
    const firstName = await rows.first().locator('td').nth(1).innerText();
    assert.equal(sheet.getCell('B2').value, firstName.trim());

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('eval-export-csv').click(),
    ]);
    const csvPath = join(OUTPUT, 'evaluation.csv');
    await csv.saveAs(csvPath);
    const bytes = await readFile(csvPath);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    assert.match(bytes.toString('utf8'), /名次,对象,得分/);

    // A leader gives a street bonus points: the reason is required, then it is recorded.
    await page.getByTestId('entry-subject').click();
    await page.locator('.el-select-dropdown__item:visible').first().click();
    await page.getByTestId('entry-kind').click();
    await page.locator('.el-select-dropdown__item:visible', {hasText: '加分'}).click();
    await page.getByTestId('entry-submit').click();
    await page.locator('.entry .el-form-item__error').first().waitFor();
    await page.getByTestId('entry-reason').fill('创新做法');
    await page.getByTestId('entry-submit').click();
    await page.getByText('已记录').waitFor();
    await shot(page, 'evaluation-1920.png');
    await page.context().close();
  });
});
