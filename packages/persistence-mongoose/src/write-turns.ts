/**
 * The last write of each projected document this process started, settled either way: the next
 * write of that document starts after it. Process-wide, as the race it stops is (two use cases, or
 * two repositories, writing one document at once).
 */
const lastWrites = new Map<string, Promise<void>>();

/**
 * Runs `write` after every write of the same document this process started before it. FerretDB v1
 * reads a document and writes it back as two steps (an update's filter, `findOneAndUpdate`'s
 * pre-image, an operator such as `$set` or `$push`), so two writes of one document at once can
 * leave the older fold on top with neither writer seeing the other's; in turn, each write reads
 * what the one before it wrote, and the guard against an older fold holds within a process.
 * Across processes the race stays, and the repair pass ends it (docs/persistence.md). `write` must
 * not wait for another turn of the same document.
 */
export async function inTurn<T>(collection: string, id: string, write: () => Promise<T>): Promise<T> {
  const key = `${collection}/${id}`;
  const written = (lastWrites.get(key) ?? Promise.resolve()).then(write);
  const settled = written.then(
    () => undefined,
    () => undefined,
  );
  lastWrites.set(key, settled);
  try {
    return await written;
  } finally {
    if (lastWrites.get(key) === settled) lastWrites.delete(key);
  }
}
