import type { Model, mongo } from 'mongoose';

/**
 * The collection of `model` as the driver sees it: Mongoose's thin wrapper of the driver's
 * (`Connection.collection`, cached per name), which follows the connection's `bufferCommands`
 * (off in the API: connectMongo) and throws the driver's own errors. The hot reads
 * (driver-reads.ts) and writes (driver-writes.ts) go through it, past Mongoose's query and
 * document layers.
 */
export function driverCollection<T, D extends mongo.Document>(model: Model<T>): mongo.Collection<D> {
  return model.db.collection<D>(model.collection.collectionName);
}
