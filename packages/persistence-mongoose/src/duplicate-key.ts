const DUPLICATE_KEY_CODE = 11000;

/**
 * True for a unique-index violation on exactly `keys`. MongoDB names the index's key pattern in
 * the error; FerretDB v1 does not, so there a duplicate key on a collection counts as the caller's
 * index and the caller confirms it by reading the record that holds the key.
 */
export function isDuplicateKeyOn(error: unknown, keys: readonly string[]): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code !== DUPLICATE_KEY_CODE) return false;
  const keyPattern = 'keyPattern' in error ? error.keyPattern : undefined;
  if (typeof keyPattern !== 'object' || keyPattern === null) return true;
  const actual = Object.keys(keyPattern);
  return actual.length === keys.length && keys.every((key) => actual.includes(key));
}
