// A local smart-HTTP git server (git http-backend behind node:http), so `claude plugin marketplace add
// http://127.0.0.1:PORT/<name>.git` goes through the same clone → cache copy path as a GitHub marketplace.
// (Claude Code rejects file:// sources and clones with --depth 1, which the dumb HTTP protocol cannot serve.)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const gitEnv = { GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
  GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' };

/** Commit `include` (paths relative to `srcDir`) into a fresh bare repo `<root>/<name>.git`. */
export function snapshotToBareRepo(srcDir, include, root, name) {
  const work = path.join(root, `${name}-work`);
  for (const rel of include) fs.cpSync(path.join(srcDir, rel), path.join(work, rel), { recursive: true });
  const git = (cwd, ...args) => execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, ...gitEnv } });
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'marketplace snapshot');
  git(root, 'clone', '-q', '--bare', work, `${name}.git`);
  fs.rmSync(work, { recursive: true, force: true });
  return path.join(root, `${name}.git`);
}

/** Serve every bare repo under `projectRoot` read-only over smart HTTP on 127.0.0.1. */
export async function startGitHttp(projectRoot) {
  const backend = path.join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-http-backend');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cgi = spawn(backend, [], { env: {
      PATH: process.env.PATH, GIT_PROJECT_ROOT: projectRoot, GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET', PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1), CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '', GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
      REMOTE_ADDR: '127.0.0.1', REMOTE_USER: 'e2e',
    } });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk) => {
      if (headersDone) return res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      headersDone = true;
      let status = 200;
      const headers = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      return res.write(head.subarray(end + 4));
    });
    cgi.stderr.on('data', (d) => process.stderr.write(`[git-http] ${d}`));
    cgi.on('close', () => { if (!headersDone) res.writeHead(502); res.end(); });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) };
}
