// Polling for something another process does: shared by the integration helpers and the suite that runs
// inside VS Code's extension host (bundled on its own, so this module imports nothing).

/** Polls `probe` every `everyMs` until it returns something truthy (returned); throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
