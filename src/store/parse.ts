import * as v from 'valibot';

/** KV could not give what the release says it holds: the reader gets a 503, and nothing is cached. */
export class StoreError extends Error {
  override name = 'StoreError';
}

export function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new StoreError(`${key} is not valid JSON`, { cause });
  }
}

export function validate<T>(key: string, schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new StoreError(`${key} does not match the release layout: ${result.issues[0].message}`);
  return result.output;
}

/** A value shared by every request of an isolate, frozen so that no code can change it under another. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
