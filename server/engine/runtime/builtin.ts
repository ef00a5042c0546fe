/**
 * A Node built-in loaded only when called (its load is a hook's cost otherwise): `process.getBuiltinModule`
 * where Node has it (20.16+), else the bundle's `require`.
 */
export function builtin<T>(id: `node:${string}`): T {
  return (typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : require(id)) as T;
}
