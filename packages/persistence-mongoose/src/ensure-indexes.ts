import type { Model } from 'mongoose';

/**
 * Creates every index the schemas declare, then reads them back: a unique index that is missing
 * would silently turn a claim into a double write, so a server that did not build one as declared
 * stops the start.
 */
export async function ensureIndexes(models: readonly Model<never>[]): Promise<void> {
  for (const model of models) {
    const collection = model.collection.collectionName;
    try {
      await createCollectionOnce(model);
      await model.createIndexes();
    } catch (error) {
      throw new Error(`could not create the indexes of ${collection}`, { cause: error });
    }
    const existing = await model.collection.indexes();
    for (const [keys, options] of model.schema.indexes()) {
      const built = existing.find((index) => JSON.stringify(index.key) === JSON.stringify(keys));
      if (built === undefined || Boolean(built.unique) !== Boolean(options['unique'])) {
        throw new Error(`the index ${JSON.stringify(keys)} of ${collection} is missing or not built as declared`);
      }
    }
  }
}

const NAMESPACE_EXISTS_CODE = 48;

async function createCollectionOnce(model: Model<never>): Promise<void> {
  try {
    await model.createCollection();
  } catch (error) {
    if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === NAMESPACE_EXISTS_CODE)) throw error;
  }
}
