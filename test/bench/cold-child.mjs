// Child process of the bench (section a, cold start): imports the engine bundle in a fresh process and times the
// import, defaultPolicy(), the first classify (a simple command), the first call that needs the full parser, and a
// warm call after both. Prints one JSON line. Usage: node --liftoff-only cold-child.mjs <engine bundle path>
import { pathToFileURL } from 'node:url';

const SIMPLE = 'ls -la';
const STRUCTURED = 'for f in build/*.log; do if [ -s "$f" ]; then gzip "$f"; fi; done'; // needs the grammar
const WARM = 'git status --short';

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: cold-child.mjs <engine bundle>');

const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const policy = mod.defaultPolicy();
const t2 = performance.now();
const ctx = {
  cwd: '/home/user/project',
  home: '/home/user',
  projectDir: '/home/user/project',
  stateDir: '/home/user/.task-orchestrator',
  tmpDirs: ['/tmp', '/var/tmp'],
  policy,
};
const call = (command) => mod.classify({ tool_name: 'Bash', tool_input: { command } }, ctx);
await call(SIMPLE);
const t3 = performance.now();
await call(STRUCTURED);
const t4 = performance.now();
await call(WARM);
const t5 = performance.now();

process.stdout.write(
  `${JSON.stringify({ importMs: t1 - t0, policyMs: t2 - t1, firstSimpleMs: t3 - t2, firstParserMs: t4 - t3, warmMs: t5 - t4 })}\n`,
);
