/**
 * A deep copy of what the adapters hold, as a database hands out its own copy of a document and
 * keeps its own of what it was given: no caller can change a stored record through a reference.
 * The records are plain data (objects, arrays, dates, primitives), which this copies several times
 * faster than `structuredClone`; anything else is left to `structuredClone`, so the copy is the same.
 */
export function copyOf<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index += 1) items[index] = copy(value[index]);
    return items;
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  // Spreading copies the primitive fields at once; only the nested objects need a copy of their own.
  const fields: Record<string, unknown> = { ...value };
  for (const key in fields) {
    const field = fields[key];
    if (typeof field === 'object' && field !== null) fields[key] = copy(field);
  }
  return fields;
}

/**
 * A copy that nobody can change, for records that never change once written (events, an escrow's
 * funding): the adapters keep it and hand it out as it is, as often as it is read, instead of a copy
 * per read. Its objects and arrays are frozen, so a caller that tries to change one throws (ES
 * modules run in strict mode); a Date cannot be frozen, and nothing calls a setter on one.
 */
export function frozenCopyOf<T>(value: T): T {
  return frozenCopy(value) as T;
}

function frozenCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index += 1) items[index] = frozenCopy(value[index]);
    return Object.freeze(items);
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (Object.getPrototypeOf(value) !== Object.prototype) return Object.freeze(structuredClone(value));
  const fields: Record<string, unknown> = { ...value };
  for (const key in fields) {
    const field = fields[key];
    if (typeof field === 'object' && field !== null) fields[key] = frozenCopy(field);
  }
  return Object.freeze(fields);
}
