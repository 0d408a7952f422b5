import {
  assertLookupBound,
  escrowStatusOf,
  type ClaimResult,
  type Escrow,
  type EscrowRepository,
  type EscrowResolution,
  type EscrowView,
  type ResolutionProgress,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { EscrowDocument, ResolutionDocument } from './models.ts';
import { parseRefundStage, parseResolutionKind } from './stored-values.ts';
import { saveOptionsFor, writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

type Resolution = EscrowResolution & ResolutionProgress;

/**
 * `escrows` is unique by checkout session (one escrow per payment) and `escrow_resolutions` by
 * escrow id, its `_id` (one resolution per escrow). Everything else written here is a projection:
 * the contract an escrow funds and the progress of a resolution.
 */
export class MongoEscrowRepository implements EscrowRepository {
  constructor(
    private readonly escrows: Model<EscrowDocument>,
    private readonly resolutions: Model<ResolutionDocument>,
    private readonly writeConcern: WriteConcernSettings,
  ) {}

  async claim(escrow: Escrow): Promise<ClaimResult<Escrow>> {
    try {
      await this.escrows.insertOne({ ...documentFromEscrow(escrow), contractId: null }, saveOptionsFor(this.writeConcern));
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['checkoutSessionId'])) throw error;
      const existing = await this.findByCheckoutSession(escrow.checkoutSessionId);
      if (existing === null) throw error;
      return { outcome: 'alreadyClaimed', existing };
    }
  }

  async findById(escrowId: string): Promise<Escrow | null> {
    const document = await this.escrows.findById(escrowId).lean<EscrowDocument>();
    return document === null ? null : escrowFromDocument(document);
  }

  async findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null> {
    const document = await this.escrows.findOne({ checkoutSessionId }).lean<EscrowDocument>();
    return document === null ? null : escrowFromDocument(document);
  }

  async claimResolution(resolution: EscrowResolution): Promise<ClaimResult<Resolution>> {
    try {
      await this.resolutions.insertOne(documentFromResolution(resolution), saveOptionsFor(this.writeConcern));
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
      const existing = await this.findResolution(resolution.escrowId);
      if (existing === null) throw error;
      return { outcome: 'alreadyClaimed', existing };
    }
  }

  async findResolution(escrowId: string): Promise<Resolution | null> {
    const document = await this.resolutions.findById(escrowId).lean<ResolutionDocument>();
    return document === null ? null : resolutionFromDocument(document);
  }

  /**
   * Plain writes of facts, never read to decide anything. `completedAt` is set only while unset:
   * on FerretDB v1 that filter is not atomic, so two settlers finishing together may both write,
   * each its own "now" of the same moment, and the later one stays; either is a true completion time.
   */
  async recordProgress(escrowId: string, progress: Partial<ResolutionProgress>): Promise<void> {
    const options = writeOptionsFor(this.writeConcern);
    if (progress.stripeRefundId !== undefined && progress.stripeRefundId !== null) {
      await this.resolutions.updateOne({ _id: escrowId }, { $set: { stripeRefundId: progress.stripeRefundId } }, options);
    }
    if (progress.completedAt !== undefined && progress.completedAt !== null) {
      await this.resolutions.updateOne({ _id: escrowId, completedAt: null }, { $set: { completedAt: progress.completedAt } }, options);
    }
  }

  async recordContract(escrowId: string, contractId: string): Promise<void> {
    await this.escrows.updateOne({ _id: escrowId }, { $set: { contractId } }, writeOptionsFor(this.writeConcern));
  }

  async view(escrowId: string): Promise<EscrowView | null> {
    const document = await this.escrows.findById(escrowId).lean<EscrowDocument>();
    if (document === null) return null;
    return viewFromDocuments(document, await this.findResolution(escrowId));
  }

  /** Two queries whatever the number of ids: one `$in` on escrows, one on their resolutions. */
  async viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]> {
    assertLookupBound(escrowIds, 'viewMany');
    const ids = [...new Set(escrowIds)];
    if (ids.length === 0) return [];
    const [escrows, resolutions] = await Promise.all([
      this.escrows.find({ _id: { $in: ids } }).lean<EscrowDocument[]>(),
      this.resolutions.find({ _id: { $in: ids } }).lean<ResolutionDocument[]>(),
    ]);
    const resolutionById = new Map(resolutions.map((document) => [document._id, resolutionFromDocument(document)]));
    const viewById = new Map(escrows.map((document) => [document._id, viewFromDocuments(document, resolutionById.get(document._id) ?? null)]));
    return escrowIds.flatMap((id) => {
      const view = viewById.get(id);
      return view === undefined ? [] : [structuredClone(view)];
    });
  }
}

function viewFromDocuments(document: EscrowDocument, resolution: Resolution | null): EscrowView {
  return {
    ...escrowFromDocument(document),
    contractId: document.contractId ?? resolution?.contractId ?? null,
    status: escrowStatusOf(resolution),
    resolution,
  };
}

function documentFromEscrow(escrow: Escrow): Omit<EscrowDocument, 'contractId'> {
  const { id, ...fields } = escrow;
  return { _id: id, ...fields };
}

function escrowFromDocument(document: EscrowDocument): Escrow {
  return {
    id: document._id,
    checkoutSessionId: document.checkoutSessionId,
    paymentIntentId: document.paymentIntentId,
    jobId: document.jobId,
    clientId: document.clientId,
    freelancerId: document.freelancerId,
    amountPaise: document.amountPaise,
    platformFeePaise: document.platformFeePaise,
    freelancerEarningPaise: document.freelancerEarningPaise,
    proposedContractId: document.proposedContractId,
    fundedAt: document.fundedAt,
  };
}

function documentFromResolution(resolution: EscrowResolution): ResolutionDocument {
  const { escrowId, ...fields } = resolution;
  return { _id: escrowId, ...fields, stripeRefundId: null, completedAt: null };
}

function resolutionFromDocument(document: ResolutionDocument): Resolution {
  return {
    escrowId: document._id,
    contractId: document.contractId,
    kind: parseResolutionKind(document.kind, 'escrow_resolutions.kind'),
    stage: document.stage === null ? null : parseRefundStage(document.stage, 'escrow_resolutions.stage'),
    clientRefundPaise: document.clientRefundPaise,
    freelancerPayoutPaise: document.freelancerPayoutPaise,
    platformFeePaise: document.platformFeePaise,
    decidedBy: document.decidedBy,
    decidedAt: document.decidedAt,
    cancelReason: document.cancelReason,
    cancelReasonDescription: document.cancelReasonDescription,
    stripeRefundId: document.stripeRefundId,
    completedAt: document.completedAt,
  };
}
