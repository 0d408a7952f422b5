import { fundingOf, initialEscrowState, viewOfEscrow, type Escrow, type EscrowView } from '../escrow/escrow.ts';
import { splitPlatformFee } from '../money/fee-policy.ts';
import { PaymentErrors } from '../payment/payment.errors.ts';
import { ValidationError } from '../shared/domain-error.ts';
import { isObjectId } from '../shared/ids.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

/** What the payment processor says about a finished checkout, already verified as coming from it. */
export interface CheckoutOutcome {
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string | null;
  /** What was actually paid, in paise: this, not the rate the client typed, is what the escrow holds. */
  readonly amountPaidPaise: number | null;
  readonly currency: string | null;
  readonly paid: boolean;
  /**
   * What `checkoutMetadata` wrote on a checkout this marketplace opened (CreateCheckout), as the
   * processor signed it back. Trusted as such: `jobOpen` and `jobRevision` say CreateCheckout saw the
   * job Open and the client its owner, so the hire is tried at that revision without reading the job.
   */
  readonly metadata: Readonly<Record<string, string | undefined>>;
}

export type RecordPaymentResult =
  { readonly outcome: 'recorded'; readonly escrow: EscrowView } | { readonly outcome: 'ignored'; readonly reason: string };

/**
 * A paid checkout becomes an escrow (claimed once per session) and funds a contract. Replays of
 * the same session, in any order and any number, finish the same work and create nothing twice.
 */
export class RecordPayment {
  /**
   * The sessions this instance is recording now. A delivery of one of them joins the one in flight
   * and answers as it does, rather than racing it through the same claim and streams: a storm of
   * Stripe's retries costs one delivery's work. Only a saving: deliveries in other processes race
   * through the unique keys as before, and a failure is every joiner's answer (Stripe retries it).
   */
  private readonly inFlight = new Map<string, Promise<RecordPaymentResult>>();

  constructor(
    private readonly ports: Pick<MarketplacePorts, 'escrows' | 'clock' | 'ids'>,
    private readonly policy: Pick<MarketplacePolicy, 'platformFeeBps'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(checkout: CheckoutOutcome): Promise<RecordPaymentResult> {
    if (!checkout.paid) return { outcome: 'ignored', reason: 'the checkout is not paid' };
    const sessionId = checkout.checkoutSessionId;
    const joined = this.inFlight.get(sessionId);
    if (joined !== undefined) return joined;
    const recording = this.record(checkout).finally(() => this.inFlight.delete(sessionId));
    this.inFlight.set(sessionId, recording);
    return recording;
  }

  private async record(checkout: CheckoutOutcome): Promise<RecordPaymentResult> {
    const escrow = this.escrowFor(checkout);
    // The claim is also the journal entry: recovery finishes every escrow matched to no contract and
    // not settled (EscrowRepository.listUnfinishedPayments), so no entry is opened or closed here.
    const claim = await this.ports.escrows.claim(escrow);
    if (claim.outcome === 'alreadyClaimed') {
      // A payment whose escrow's view shows it matched (or returned and settled) has nothing left to do
      // here: the view is written after every record of the match. What follows the match (a
      // resolution's money, the review timer) belongs to its own operations and to recovery.
      if (isPaymentFinished(claim.existing)) return { outcome: 'recorded', escrow: claim.existing };
      return { outcome: 'recorded', escrow: viewOfEscrow(await this.flow.advance(fundingOf(claim.existing))) };
    }
    // A fresh claim has an empty stream: no need to read it.
    const advanced = await this.flow.advance(escrow, { state: initialEscrowState(escrow), openJobRevision: openJobRevisionOf(checkout) });
    return { outcome: 'recorded' as const, escrow: viewOfEscrow(advanced) };
  }

  private escrowFor(checkout: CheckoutOutcome): Escrow {
    const { jobId, clientId, freelancerId } = checkout.metadata;
    const { amountPaidPaise: amount, paymentIntentId } = checkout;
    if (
      !isObjectId(jobId) ||
      !isObjectId(clientId) ||
      !isObjectId(freelancerId) ||
      paymentIntentId === null ||
      paymentIntentId === '' ||
      amount === null ||
      !Number.isSafeInteger(amount) ||
      amount <= 0 ||
      checkout.currency?.toLowerCase() !== 'inr'
    ) {
      throw new ValidationError(
        PaymentErrors.UnusableCheckout,
        'this checkout session cannot fund an escrow: it needs metadata jobId, clientId and freelancerId, a payment intent, and a positive INR amount',
        {
          checkoutSessionId: checkout.checkoutSessionId,
        },
      );
    }
    const fee = splitPlatformFee(amount, this.policy.platformFeeBps);
    return {
      id: this.ports.ids.newId(),
      checkoutSessionId: checkout.checkoutSessionId,
      paymentIntentId,
      jobId,
      clientId,
      freelancerId,
      amountPaise: fee.amountPaise,
      platformFeePaise: fee.platformFeePaise,
      freelancerEarningPaise: fee.freelancerEarningPaise,
      proposedContractId: this.ports.ids.newId(),
      fundedAt: this.ports.clock.now(),
    };
  }
}

/** The payment's own work is done: matched to its contract, or returned whole and settled (as `listUnfinishedPayments` reads it). */
function isPaymentFinished(view: EscrowView): boolean {
  return view.contractId !== null || view.settledAt !== null;
}

/**
 * The job's sequence at which the checkout saw it Open (metadata `jobRevision` and `jobOpen`, set by
 * CreateCheckout and signed by the processor), or null when the session does not say (older
 * sessions, a job already hired for a contract awaiting payment): the job is then read.
 */
function openJobRevisionOf(checkout: CheckoutOutcome): number | null {
  const { jobOpen, jobRevision } = checkout.metadata;
  if (jobOpen !== 'true' || jobRevision === undefined || !/^[1-9][0-9]{0,8}$/.test(jobRevision)) return null;
  return Number(jobRevision);
}
