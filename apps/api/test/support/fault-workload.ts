import { expect } from 'vitest';
import type { KnownRecords, ObservedState } from '@skillhouse/domain-testing';
import { newCaller, type ApiClient, type ApiResponse, type Caller } from './api-client.ts';
import { advanceWork, fundedContract, postJob, requestRelease, type FundedContract } from './marketplace-steps.ts';
import { checkoutCompletedEvent, type CheckoutCompletedEvent } from './stripe-events.ts';
import type { TrafficLog } from './traffic.ts';

const AMOUNT_PAISE = 100_000;

/** Work to have in flight when a fault strikes: escrows to release, escrows to refund, payments to record. */
export interface FaultWorkload {
  readonly client: Caller;
  readonly freelancer: Caller;
  readonly admin: Caller;
  /** Completed, the release requested: an admin releases each. */
  readonly releases: readonly FundedContract[];
  /** Ongoing: an admin refunds each (the freelancer keeps the Ongoing share). */
  readonly refunds: readonly FundedContract[];
  /** Posted jobs whose payment Stripe reports while the fault strikes. */
  readonly payments: readonly { readonly jobId: string; readonly event: CheckoutCompletedEvent }[];
}

export async function prepareWorkload(
  api: ApiClient,
  secrets: { readonly jwtSecret: string; readonly webhookSecret: string },
  counts: { readonly releases: number; readonly refunds: number; readonly payments: number },
): Promise<FaultWorkload> {
  const client = newCaller('client', secrets.jwtSecret);
  const freelancer = newCaller('freelancer', secrets.jwtSecret);
  const admin = newCaller('admin', secrets.jwtSecret);
  const releases: FundedContract[] = [];
  for (let index = 0; index < counts.releases; index += 1) {
    const funded = await fundedContract(api, secrets.webhookSecret, client, freelancer, AMOUNT_PAISE);
    await advanceWork(api, freelancer, funded.contract._id, 'Completed');
    await requestRelease(api, client, funded.contract._id);
    releases.push(funded);
  }
  const refunds: FundedContract[] = [];
  for (let index = 0; index < counts.refunds; index += 1) {
    const funded = await fundedContract(api, secrets.webhookSecret, client, freelancer, AMOUNT_PAISE);
    await advanceWork(api, freelancer, funded.contract._id, 'Ongoing');
    refunds.push(funded);
  }
  const payments: { jobId: string; event: CheckoutCompletedEvent }[] = [];
  for (let index = 0; index < counts.payments; index += 1) {
    const jobId = await postJob(api, client, AMOUNT_PAISE / 100);
    payments.push({
      jobId,
      event: checkoutCompletedEvent({ jobId, clientId: client.id, freelancerId: freelancer.id, amountPaise: AMOUNT_PAISE }),
    });
  }
  return { client, freelancer, admin, releases, refunds, payments };
}

/**
 * Every release, refund and payment of the workload at once, each retried as a client honouring 503
 * (or Stripe redelivering) would, until its answer is final. `apiFor(index, tries)` picks the process.
 */
export function runWorkload(
  traffic: TrafficLog,
  workload: FaultWorkload,
  webhookSecret: string,
  apiFor: (index: number, tries: number) => ApiClient,
): Promise<ApiResponse[]> {
  const { admin, client } = workload;
  const releases = workload.releases.map(({ contract }, index) =>
    traffic.untilFinal((tries) =>
      traffic.request(apiFor(index, tries), 'PUT', `/api/admin/escrow/release-fund/${contract._id}`, { as: admin }),
    ),
  );
  const refunds = workload.refunds.map(({ contract }, index) =>
    traffic.untilFinal((tries) =>
      traffic.request(apiFor(index + 1, tries), 'PUT', `/api/admin/escrow/refund-client/${contract._id}/${client.id}`, {
        as: admin,
        json: {},
      }),
    ),
  );
  const payments = workload.payments.map(({ event }, index) =>
    traffic.untilFinal((tries) => traffic.deliverWebhook(apiFor(index, tries).baseUrl, event.payload, webhookSecret)),
  );
  return Promise.all([...releases, ...refunds, ...payments]);
}

/** The final answers: 200, or 409 for a retry that found its own earlier attempt had won. */
export function expectFinalAnswers(answers: readonly ApiResponse[]): void {
  for (const answer of answers) expect([200, 409], JSON.stringify(answer.body)).toContain(answer.status);
}

export function knownRecordsOf(workload: FaultWorkload): KnownRecords {
  const funded = [...workload.releases, ...workload.refunds];
  return {
    jobIds: [...funded.map(({ contract }) => contract.jobId._id), ...workload.payments.map(({ jobId }) => jobId)],
    contractIds: funded.map(({ contract }) => contract._id),
    checkoutSessionIds: [
      ...funded.map(({ payment }) => payment.checkoutSessionId),
      ...workload.payments.map(({ event }) => event.checkoutSessionId),
    ],
    userIds: [workload.client.id, workload.freelancer.id],
  };
}

/** Every escrow resolved as it was asked to be (once: the invariants check that), every payment recorded once. */
export function expectResolvedAsRequested(state: ObservedState, workload: FaultWorkload): void {
  const kindOf = (sessionId: string) => state.escrowsBySession[sessionId]?.state.resolution?.kind ?? null;
  for (const { payment } of workload.releases)
    expect(kindOf(payment.checkoutSessionId), `escrow of ${payment.checkoutSessionId}`).toBe('release');
  for (const { payment } of workload.refunds)
    expect(kindOf(payment.checkoutSessionId), `escrow of ${payment.checkoutSessionId}`).toBe('refund');
  for (const { event } of workload.payments) {
    expect(state.escrowsBySession[event.checkoutSessionId], `escrow of ${event.checkoutSessionId}`).not.toBeNull();
    expect(kindOf(event.checkoutSessionId)).toBeNull();
  }
}
