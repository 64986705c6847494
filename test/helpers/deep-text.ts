/**
 * Everything an error tracker could print of a value: every own property (enumerable or not,
 * symbols too), getters on its prototype chain, the cause chain, stacks, util.inspect with hidden
 * properties and getters, JSON with every own property, String(). For "no secret anywhere" checks.
 */
import { inspect } from 'node:util';

export function deepText(value: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 40) return;
    if (typeof v === 'string') return void parts.push(v);
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return void parts.push(String(v));
    if (seen.has(v)) return;
    seen.add(v);
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'), Buffer.from(v).toString('latin1'));
    for (const key of Reflect.ownKeys(v)) {
      parts.push(String(key));
      try {
        walk(Reflect.get(v, key), depth + 1);
      } catch {
        // a throwing getter hides nothing from us that a tracker would see
      }
    }
    for (let proto = Object.getPrototypeOf(v); proto && proto !== Object.prototype && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto)) {
        const getter = Object.getOwnPropertyDescriptor(proto, key)?.get;
        if (!getter) continue;
        try {
          walk(getter.call(v), depth + 1);
        } catch {
          // as above
        }
      }
    }
  };
  walk(value, 0);
  parts.push(inspect(value, { depth: Infinity, showHidden: true, getters: true, maxStringLength: Infinity, maxArrayLength: Infinity }));
  try {
    parts.push(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? allOwn(v) : v)));
  } catch {
    // cyclic: the walk above has it all
  }
  try {
    parts.push(String(value));
  } catch {
    // no string form
  }
  return parts.join('\n');
}

function allOwn(v: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(v)) {
    try {
      out[key] = (v as Record<string, unknown>)[key];
    } catch {
      // skip
    }
  }
  return out;
}

/** The innermost non-OtpError in a cause chain: the driver error as the caller receives it. */
export function driverCause(error: unknown): Record<string, unknown> {
  let e = error as { name?: unknown; cause?: unknown } | undefined;
  while (e && e.name === 'OtpError' && e.cause !== undefined) e = e.cause as typeof e;
  return (e ?? {}) as Record<string, unknown>;
}
