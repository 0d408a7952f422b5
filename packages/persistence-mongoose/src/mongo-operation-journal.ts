import type { OpenOperation, OperationJournal, PendingOperation } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { OperationDocument } from './models.ts';
import { parseOperationSubjectType } from './stored-values.ts';
import { writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/**
 * Open operations are documents; closing one deletes it, so the collection is the work list of
 * recovery. Opening is as durable as the money writes it guards: an entry lost to a failover would
 * hide a half-done operation from recovery.
 */
export class MongoOperationJournal implements OperationJournal {
  constructor(
    private readonly operations: Model<OperationDocument>,
    private readonly writeConcern: WriteConcernSettings,
  ) {}

  async open(operation: OpenOperation): Promise<void> {
    const fields = {
      subject: { type: operation.subject.type, id: operation.subject.id },
      openedAt: operation.openedAt,
      failedAttempts: 0,
      dueAt: operation.openedAt,
    };
    try {
      await this.operations.replaceOne({ _id: operation.id }, fields, { upsert: true, ...writeOptionsFor(this.writeConcern) });
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
    }
  }

  async close(operationId: string): Promise<void> {
    await this.operations.deleteOne({ _id: operationId });
  }

  async listOpen(dueBefore: Date, limit: number): Promise<readonly PendingOperation[]> {
    const documents = await this.operations
      .find({ dueAt: { $lte: dueBefore } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit)
      .lean<OperationDocument[]>();
    return documents.map((document) => ({
      id: document._id,
      subject: { type: parseOperationSubjectType(document.subject.type, 'operations.subject.type'), id: document.subject.id },
      openedAt: document.openedAt,
      failedAttempts: document.failedAttempts,
      dueAt: document.dueAt,
    }));
  }

  async postpone(operationId: string, failedAttempts: number, dueAt: Date): Promise<void> {
    await this.operations.updateOne({ _id: operationId }, { $set: { failedAttempts, dueAt } });
  }
}
