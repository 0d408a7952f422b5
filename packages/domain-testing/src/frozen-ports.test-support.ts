import type { MarketplacePorts } from '@skillhouse/domain';

/**
 * The same adapters, with every record frozen where it crosses a port: what a caller passes in and
 * what it is handed back, however deep. The in-memory adapters keep records as handed over and hand
 * out what they keep, so a use case that changed one it gave or was given would change what the
 * store holds; here it throws instead (modules run in strict mode). Dates are left as they are:
 * freezing one does not stop its setters.
 */
export function frozenPorts<P extends Partial<MarketplacePorts>>(ports: P): P {
  const frozen: Record<string, unknown> = { ...(ports as object) };
  for (const [name, adapter] of Object.entries(ports)) {
    if (name !== 'clock' && name !== 'ids') frozen[name] = freezingAdapter(adapter as object);
  }
  return frozen as P;
}

function freezingAdapter<T extends object>(adapter: T): T {
  return new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args.map(deepFreeze));
        return result instanceof Promise ? result.then(deepFreeze) : deepFreeze(result);
      };
    },
  });
}

/** Freezes plain objects and arrays, nested ones too; anything else (dates, buffers, class instances) is left alone. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
  Object.freeze(value);
  for (const field of Object.values(value)) deepFreeze(field);
  return value;
}
