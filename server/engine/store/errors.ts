/** The store's one error type: `code` says what went wrong, `backup` names a file set aside, if any. */
export type StoreErrorCode = 'NEWER_SCHEMA' | 'LOCK_TIMEOUT' | 'IO' | 'CORRUPT_RECOVERED' | 'READ_ONLY';

/**
 * @example
 * try { await store.write(...) } catch (err) { if (err instanceof StoreError && err.code === 'NEWER_SCHEMA') … }
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly backup?: string,
  ) {
    super(message);
  }
}
