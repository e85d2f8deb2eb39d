/**
 * The `default` branch of an exhaustive `switch` over a message union: it only compiles when every
 * `type` has its own `case`, so a message added to protocol.ts cannot be silently ignored.
 * At run time it throws (a message from a newer or broken sender).
 */
export function assertNever(value: never, what = 'message'): never {
  throw new TypeError(`Unknown ${what}: ${JSON.stringify(value)}`);
}
