import { main } from './main.js';

main().catch((e: unknown) => {
  process.stderr.write(`task-orchestrator mcp: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
