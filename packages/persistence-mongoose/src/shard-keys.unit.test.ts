import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { modelsFor, SHARD_KEYS, type ShardKey } from './models.ts';

interface IndexDefinition {
  readonly collection: string;
  readonly name: string;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly unique: boolean;
}

/** The index definitions of every collection, read from the schemas (no server: the connection is never opened). */
function declaredIndexes(): IndexDefinition[] {
  return Object.values(modelsFor(mongoose.createConnection())).flatMap((model) =>
    model.schema.indexes().map(([keys, options]: [Record<string, unknown>, { name?: unknown; unique?: unknown }]) => ({
      collection: model.collection.collectionName,
      name: String(options.name),
      keys,
      unique: options.unique === true,
    })),
  );
}

/**
 * MongoDB enforces a unique index on a sharded collection only when the index starts with the
 * shard key, and never on a hashed one: otherwise two shards could each accept one of two
 * "unique" claims. The unique indexes that break this, named.
 */
function uniqueIndexesOffTheirShardKey(
  indexes: readonly IndexDefinition[],
  shardKeys: Readonly<Record<string, ShardKey | 'unsharded'>>,
): string[] {
  return indexes.flatMap((index) => {
    const shardKey = shardKeys[index.collection];
    if (!index.unique || shardKey === 'unsharded') return [];
    if (shardKey === undefined) return [`${index.collection}.${index.name}: the collection declares no shard key`];
    const fields = Object.keys(shardKey);
    const leading = Object.keys(index.keys).slice(0, fields.length);
    if (leading.join() !== fields.join())
      return [`${index.collection}.${index.name} does not start with the shard key ${fields.join(', ')}`];
    if (Object.values(shardKey).some((direction) => direction !== 1)) return [`${index.collection}.${index.name}: the shard key is hashed`];
    return [];
  });
}

describe('shard keys (docs/scaling.md)', () => {
  it('are declared for every collection, and for no other', () => {
    const collections = Object.values(modelsFor(mongoose.createConnection())).map((model) => model.collection.collectionName);
    expect(Object.keys(SHARD_KEYS).sort()).toEqual(collections.sort());
  });

  it('every unique index starts with its collection’s ranged shard key, so each claim is decided on one shard', () => {
    const indexes = declaredIndexes();
    expect(indexes.filter((index) => index.unique).length).toBeGreaterThanOrEqual(6);
    expect(uniqueIndexesOffTheirShardKey(indexes, SHARD_KEYS)).toEqual([]);
  });

  it('names a unique index that does not start with the shard key, or sits on a hashed one', () => {
    const escrowsByPaymentIntent = { collection: 'escrows', name: 'payment_intent_unique', keys: { paymentIntentId: 1 }, unique: true };
    const reviewByContract = { collection: 'reviews', name: 'contract_unique', keys: { contractId: 1 }, unique: true };
    expect(
      uniqueIndexesOffTheirShardKey([escrowsByPaymentIntent, reviewByContract], { ...SHARD_KEYS, reviews: { contractId: 'hashed' } }),
    ).toEqual([
      'escrows.payment_intent_unique does not start with the shard key checkoutSessionId',
      'reviews.contract_unique: the shard key is hashed',
    ]);
  });
});
