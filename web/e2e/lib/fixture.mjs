// One demo server and one browser for a test file: `start` in before() (and the centre of `grid`
// as `point`), `open` a page signed in as a role, `stop` in after(), which fails when any page
// logged a script error.
import assert from 'node:assert/strict';

import {apiCall, apiLogin} from './api.mjs';
import {launch, login, newPage} from './browser.mjs';
import {startServer} from './server.mjs';

export function demoFixture() {
  const f = {server: null, browser: null, point: null, pages: []};
  f.start = async (grid) => {
    f.server = await startServer();
    f.browser = await launch();
    const admin = f.server.users.admin;
    const token = await apiLogin(f.server.url, admin.username, admin.password);
    const area = await apiCall(f.server.url, token, 'GET', `/areas/${grid}`);
    assert.equal(area.status, 200);
    f.point = area.body.center;
  };
  f.stop = async () => {
    await f.browser?.close();
    await f.server?.stop();
    assert.deepEqual(f.pages.flatMap((p) => p.problems), [], 'no script errors on any page');
  };
  f.open = async (device, role) => {
    const page = await newPage(f.browser, f.server.url, device);
    f.pages.push(page);
    await login(page, f.server.users[role]);
    return page;
  };
  return f;
}
