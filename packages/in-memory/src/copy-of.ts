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
