// Debian's Chromium driven by playwright-core, with phone (375 px) and desktop (1920 px) pages.
import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {deflateSync} from 'node:zlib';
import {chromium} from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const OUTPUT = join(here, '..', 'output');

export async function launch() {
  await mkdir(OUTPUT, {recursive: true});
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    timeout: 60000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'
    ],
  });
}

export const PHONE = {
  viewport: {width: 375, height: 812},
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true
};
export const DESKTOP = {
  viewport: {width: 1920, height: 1080}
};

// A fresh context (own localStorage) for one user, in Chinese, on Shanghai time.
export async function newPage(browser, base, device) {
  const context = await browser.newContext(
      {...device, baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
  context.setDefaultTimeout(20000);
  context.setDefaultNavigationTimeout(30000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror on ${page.url()}: ${err.message}\n${err.stack}`));
  // Refused requests (4xx) are part of the tests; any other console error is a problem.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/the server responded with a status of 4\d\d/.test(msg.text()))
      problems.push(`console: ${msg.text()}`);
  });
  page.problems = problems;
  // Every API request the page makes (path and query), to check how many a workbench needs.
  const apiRequests = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname.startsWith('/api/v1/')) apiRequests.push(`${req.method()} ${u.pathname.slice(7)}${u.search}`);
  });
  page.apiRequests = apiRequests;
  return page;
}

export async function login(page, user) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function shot(page, name) {
  await page.waitForTimeout(300);
  await page.screenshot({path: join(OUTPUT, name), fullPage: true});
}

// A small solid-colour PNG, encoded here so the test ships no binary file.
export function makePng(width = 64, height = 48, rgb = [40, 120, 200]) {
  const crcTable = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 2;  // truecolour
  const row =
      Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({length: width}, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({length: height}, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
