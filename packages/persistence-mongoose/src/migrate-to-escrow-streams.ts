import {
  foldContract,
  foldEscrow,
  REFUND_STAGES,
  RESOLUTION_KINDS,
  SYSTEM_ACTOR_ID,
  type Escrow,
  type EscrowEvent,
  type EscrowResolution,
  type EscrowState,
} from '@skillhouse/domain';
import { escrowFromDocument, viewFieldsOf } from './escrow-documents.ts';
import { runOnce } from './migration-runs.ts';
import type { PersistenceModels } from './models.ts';
import { documentFromContract, type MongoContractRepository } from './mongo-contract-repository.ts';
import type { MongoEscrowRepository } from './mongo-escrow-repository.ts';
import { StoredFields } from './stored-values.ts';

/** Recorded in `migrations` once the migration has run to its end. */
export const ESCROW_STREAMS_MIGRATION_ID = 'escrow-resolutions-to-streams';

/** Where escrows resolved before the escrow had a stream keep their resolution (`_id` = escrow id). */
export const OLD_RESOLUTIONS_COLLECTION = 'escrow_resolutions';

const BATCH_SIZE = 100;

export interface EscrowStreamsMigration {
  /** Escrows given a stream and a view. */
  readonly escrows: number;
  /** Contract projections rewritten with the fields added since. */
  readonly contracts: number;
}

/**
 * Brings a database written before the escrow became a decider to the new shape: each escrow
 * without a view gets the stream its old records imply (the contract it funded, then its old
 * resolution and the progress of that resolution), and each contract projection without the new
 * fields is written again from its stream. Events go to sequences 1..n, so a second run, even a
 * concurrent one from another process, finds them taken and appends nothing; views are written
 * only over documents still of the old shape. Runs once (`runOnce`): null when it had run.
 */
export async function migrateToEscrowStreams(
  models: Pick<PersistenceModels, 'escrows' | 'contracts' | 'migrations'>,
  repositories: { readonly escrows: MongoEscrowRepository; readonly contracts: MongoContractRepository },
): Promise<EscrowStreamsMigration | null> {
  return runOnce(models.migrations, ESCROW_STREAMS_MIGRATION_ID, async () => {
    const escrows = await migrateEscrows(models, repositories.escrows);
    const contracts = await rewriteOldContractProjections(models, repositories.contracts);
    return { escrows, contracts };
  });
}

/** Each pass takes escrows still without a view; a migrated one leaves that set, a bad one throws. */
async function migrateEscrows(models: Pick<PersistenceModels, 'escrows'>, repository: MongoEscrowRepository): Promise<number> {
  const oldResolutions = models.escrows.db.collection<{ _id: string }>(OLD_RESOLUTIONS_COLLECTION);
  let migrated = 0;
  for (;;) {
    const documents: unknown[] = await models.escrows
      .find({ sequence: { $exists: false } })
      .sort({ _id: 1 })
      .limit(BATCH_SIZE)
      .lean();
    if (documents.length === 0) return migrated;
    const escrows = documents.map((document) => ({ escrow: escrowFromDocument(document), document }));
    const resolutions = await oldResolutions.find({ _id: { $in: escrows.map(({ escrow }) => escrow.id) } }).toArray();
    const resolutionById = new Map(resolutions.map((resolution) => [resolution._id, resolution]));
    for (const { escrow, document } of escrows) {
      const recordedContractId = StoredFields.ofDocument(document, 'escrows').textOrNull('contractId');
      const resolution = resolutionById.get(escrow.id);
      const events = eventsOfOldEscrow(
        escrow,
        recordedContractId,
        resolution === undefined ? null : StoredFields.ofDocument(resolution, OLD_RESOLUTIONS_COLLECTION),
      );
      const state = foldOldStream(escrow, events);
      for (const [index, event] of events.entries()) await repository.append(escrow.id, index, event);
      await models.escrows.updateOne({ _id: escrow.id, sequence: { $exists: false } }, { $set: viewFieldsOf(state) });
      migrated += 1;
    }
  }
}

/** Folded before anything is appended, so records the new rules refuse stop the migration untouched. */
function foldOldStream(escrow: Escrow, events: readonly EscrowEvent[]): EscrowState {
  try {
    return foldEscrow(escrow, events);
  } catch (error) {
    throw new Error(`escrow ${escrow.id}: its old records do not make a valid stream`, { cause: error });
  }
}

/**
 * The stream an escrow's old records imply. The contract is the one recorded on the escrow, or
 * else the one its resolution names (the old view read it the same way). The old records keep no
 * time for the attachment or the refund: the funding time and the decision time stand in for them.
 */
export function eventsOfOldEscrow(escrow: Escrow, recordedContractId: string | null, resolution: StoredFields | null): EscrowEvent[] {
  const contractId = recordedContractId ?? resolution?.textOrNull('contractId') ?? null;
  const events: EscrowEvent[] = [];
  if (contractId !== null) events.push({ type: 'ContractFunded', data: { contractId, at: escrow.fundedAt } });
  if (resolution === null) return events;
  const resolved = resolutionOf(escrow, resolution);
  events.push({ type: 'EscrowResolved', data: resolved });
  const refundId = resolution.textOrNull('stripeRefundId');
  if (refundId !== null) events.push({ type: 'ClientRefundSent', data: { refundId, at: resolved.decidedAt } });
  const completedAt = resolution.dateOrNull('completedAt');
  if (completedAt !== null) events.push({ type: 'EscrowSettled', data: { at: completedAt } });
  return events;
}

/** Old resolutions name who decided but not in what role: the service, the escrow's client, or else an admin. */
function resolutionOf(escrow: Escrow, old: StoredFields): EscrowResolution {
  const decidedBy = old.text('decidedBy');
  return {
    escrowId: escrow.id,
    contractId: old.textOrNull('contractId'),
    kind: old.oneOf('kind', RESOLUTION_KINDS),
    stage: old.oneOfOrNull('stage', REFUND_STAGES),
    clientRefundPaise: old.paise('clientRefundPaise'),
    freelancerPayoutPaise: old.paise('freelancerPayoutPaise'),
    platformFeePaise: old.paise('platformFeePaise'),
    decidedBy,
    decidedByRole: decidedBy === SYSTEM_ACTOR_ID ? 'system' : decidedBy === escrow.clientId ? 'client' : 'admin',
    decidedAt: old.date('decidedAt'),
    reason: old.textOrNull('cancelReason'),
    reasonDescription: old.textOrNull('cancelReasonDescription'),
  };
}

/**
 * A contract projection written before deliveries and change requests were counted has the same
 * sequence as its stream, so the guarded reproject would leave it: it is written over once here.
 */
async function rewriteOldContractProjections(
  models: Pick<PersistenceModels, 'contracts'>,
  repository: MongoContractRepository,
): Promise<number> {
  let rewritten = 0;
  for (;;) {
    const stale = await models.contracts
      .find({ deliveries: { $exists: false } }, { _id: 1 })
      .limit(BATCH_SIZE)
      .lean<{ _id: string }[]>();
    if (stale.length === 0) return rewritten;
    for (const { _id: contractId } of stale) {
      const contract = foldContract((await repository.read(contractId)).map(({ event }) => event));
      if (contract === null) throw new Error(`contract ${contractId} has a projection but no events`);
      const { _id: _, ...fields } = documentFromContract(contract);
      await models.contracts.updateOne({ _id: contractId, deliveries: { $exists: false } }, { $set: fields });
      rewritten += 1;
    }
  }
}
