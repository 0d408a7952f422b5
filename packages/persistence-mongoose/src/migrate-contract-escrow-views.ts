import { escrowSummaryOf, viewFromDocument } from './escrow-documents.ts';
import { runOnce } from './migration-runs.ts';
import type { PersistenceModels } from './models.ts';
import { StoredFields } from './stored-values.ts';

/** Recorded in `migrations` once every contract projection holds its escrow's view. */
export const CONTRACT_ESCROW_VIEWS_MIGRATION_ID = 'contract-escrow-views';

const BATCH_SIZE = 100;

/**
 * Contract projections written before they held the view of their escrow (no `escrow` field) get it
 * from the escrow's document, or null when the contract has none: then a contract list is one
 * query. Runs after `migrateToEscrowStreams`, so every escrow document holds a view. Each write is
 * guarded by the field's absence, so a concurrent run, or a projection written meanwhile by the
 * new code, is never overwritten. Runs once (`runOnce`): answers how many projections were given a
 * view, or null when it had run.
 */
export async function migrateContractEscrowViews(
  models: Pick<PersistenceModels, 'contracts' | 'escrows' | 'migrations'>,
): Promise<number | null> {
  return runOnce(models.migrations, CONTRACT_ESCROW_VIEWS_MIGRATION_ID, () => giveContractsTheirEscrowView(models));
}

async function giveContractsTheirEscrowView(models: Pick<PersistenceModels, 'contracts' | 'escrows'>): Promise<number> {
  let written = 0;
  for (;;) {
    const batch: unknown[] = await models.contracts
      .find({ escrow: { $exists: false } }, { _id: 1, escrowId: 1 })
      .limit(BATCH_SIZE)
      .lean();
    if (batch.length === 0) break;
    const contracts = batch.map((document) => {
      const fields = StoredFields.ofDocument(document, 'contracts');
      return { id: fields.text('_id'), escrowId: fields.textOrNull('escrowId') };
    });
    const escrowIds = contracts.flatMap(({ escrowId }) => (escrowId === null ? [] : [escrowId]));
    const escrows: unknown[] = escrowIds.length === 0 ? [] : await models.escrows.find({ _id: { $in: escrowIds } }).lean();
    const viewById = new Map(escrows.map(viewFromDocument).map((view) => [view.id, view]));
    for (const { id, escrowId } of contracts) {
      const view = escrowId === null ? undefined : viewById.get(escrowId);
      const escrow = view === undefined ? null : escrowSummaryOf(view);
      await models.contracts.updateOne({ _id: id, escrow: { $exists: false } }, { $set: { escrow } });
      written += 1;
    }
  }
  return written;
}
