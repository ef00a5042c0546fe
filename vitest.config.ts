import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Only the extension imports `vscode`; its unit tests get a small stub instead of VS Code.
  resolve: { alias: { vscode: fileURLToPath(new URL('./test/unit/extension/vscode-stub.ts', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
