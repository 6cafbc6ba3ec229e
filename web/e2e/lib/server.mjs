// Starts a real `civicgrid serve --demo` on a free loopback port with a temporary data dir and
// the built front end, and stops it again.
import {spawn} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');

export async function startServer({timeoutMs = 60000} = {}) {
  const bin = process.env.CIVICGRID_BIN || join(repo, 'build-test/src/cli/civicgrid');
  const webDir = process.env.CIVICGRID_WEB_DIR || join(repo, 'web/dist');
  const dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-e2e-'));
  const child = spawn(
      bin,
      [
        '--data-dir', dataDir, 'serve', '--demo', '--address', '127.0.0.1', '--port', '0',
        '--web-dir', webDir
      ],
      {stdio: ['ignore', 'pipe', 'pipe']},
  );
  let output = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(
        () => fail(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)),
        timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /CivicGrid serving on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${output}`));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
  });
  // Keep draining the pipes so the server never blocks on a full one.
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  child.removeAllListeners('exit');
  const users = JSON.parse(await readFile(join(dataDir, 'demo-users.json'), 'utf8'));

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, {recursive: true, force: true});
  }
  return {url, users, stop};
}
