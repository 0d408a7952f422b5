import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { MigrationDocument } from './models.ts';

/**
 * Runs `migrate` unless `migrations` already holds the marker `id`, then writes the marker, so every
 * later start costs one read. Two processes may both run it: a migration writes only what is not
 * there yet, and the second marker is a duplicate key, which is the answer. Null when it had run.
 */
export async function runOnce<T>(migrations: Model<MigrationDocument>, id: string, migrate: () => Promise<T>): Promise<T | null> {
  if ((await migrations.exists({ _id: id })) !== null) return null;
  const result = await migrate();
  try {
    await migrations.insertOne({ _id: id, completedAt: new Date() });
  } catch (error) {
    if (!isDuplicateKeyOn(error, ['_id'])) throw error;
  }
  return result;
}

/** Every document of `model` in `_id` order, `batchSize` at a time, each batch read after the last is handled. */
export async function forEachBatchById<T>(
  model: Model<T>,
  batchSize: number,
  handle: (documents: readonly unknown[]) => Promise<void>,
): Promise<void> {
  let after: unknown = null;
  for (;;) {
    const documents: unknown[] = await model
      .find(after === null ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(batchSize)
      .lean();
    if (documents.length === 0) return;
    after = (documents.at(-1) as { _id: unknown })._id;
    await handle(documents);
  }
}
