import { OPERATION_SUBJECT_TYPES, type OpenOperation, type OperationJournal, type PendingOperation } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { OperationDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { deleteDocumentById, updateDocument, upsertDocumentById } from './driver-writes.ts';
import type { WriteConcernSettings } from './write-concern.ts';

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
      await upsertDocumentById(this.operations, operation.id, fields, this.writeConcern);
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
    }
  }

  async close(operationId: string): Promise<void> {
    await deleteDocumentById(this.operations, operationId);
  }

  async listOpen(dueBefore: Date, limit: number): Promise<readonly PendingOperation[]> {
    const documents: unknown[] = await this.operations
      .find({ dueAt: { $lte: dueBefore } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    return documents.map(operationFromDocument);
  }

  async postpone(operationId: string, failedAttempts: number, dueAt: Date): Promise<void> {
    await updateDocument(this.operations, { _id: operationId }, { $set: { failedAttempts, dueAt } });
  }
}

function operationFromDocument(document: unknown): PendingOperation {
  const fields = StoredFields.ofDocument(document, 'operations');
  const subject = fields.record('subject');
  return {
    id: fields.text('_id'),
    subject: { type: subject.oneOf('type', OPERATION_SUBJECT_TYPES), id: subject.text('id') },
    openedAt: fields.date('openedAt'),
    failedAttempts: fields.count('failedAttempts'),
    dueAt: fields.date('dueAt'),
  };
}
