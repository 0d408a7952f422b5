import { expect } from 'vitest';
import { paiseToInr } from '@skillhouse/domain';
import { expectStatus, type ApiClient, type Caller } from './api-client.ts';
import { checkoutCompletedEvent, deliverWebhook, type CheckoutCompletedEvent } from './stripe-events.ts';

/** The steps of the marketplace over HTTP, each checked to succeed, for tests whose subject comes after. */

export interface ContractDocument {
  readonly _id: string;
  readonly status: string;
  readonly releaseFundStatus: string;
  readonly escrowId: string | null;
  readonly amount: number;
  readonly jobId: { readonly _id: string; readonly status: string | null };
  readonly clientId: { readonly _id: string };
  readonly freelancerId: { readonly _id: string };
  readonly canceledFrom: string | null;
  readonly [field: string]: unknown;
}

export interface EscrowDocument {
  readonly _id: string;
  readonly status: string;
  readonly amount: number;
  readonly platformFee: number;
  readonly freelancerEarning: number;
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string;
  readonly refund: { readonly clientRefund: number; readonly freelancerPayout: number; readonly stripeRefundId: string | null } | null;
  readonly [field: string]: unknown;
}

export interface Earnings {
  readonly userId: string;
  readonly balance: number;
  readonly entries: readonly { readonly amount: number; readonly direction: string; readonly escrowId: string }[];
}

export async function postJob(api: ApiClient, client: Caller, rate: number): Promise<string> {
  const response = await api.post('/api/client/job/create-job', {
    as: client,
    json: { title: 'React Frontend Developer', description: 'A dashboard in React and TypeScript', rate },
  });
  return expectStatus<{ job: { _id: string } }>(response, 201, 'create-job').job._id;
}

export interface Hire {
  readonly jobId: string;
  readonly client: Caller;
  readonly freelancer: Caller;
  readonly amountPaise: number;
}

/** Stripe reports the hire paid: the signed event is delivered once and must be accepted. */
export async function payThroughWebhook(apiUrl: string, webhookSecret: string, hire: Hire): Promise<CheckoutCompletedEvent> {
  const event = checkoutCompletedEvent({
    jobId: hire.jobId,
    clientId: hire.client.id,
    freelancerId: hire.freelancer.id,
    amountPaise: hire.amountPaise,
  });
  const response = await deliverWebhook(apiUrl, event.payload, webhookSecret);
  expectStatus(response, 200, 'webhook');
  return event;
}

/** The contract of a job and client as `is-created` reports it, or null. */
export async function contractOfJob(api: ApiClient, jobId: string, clientId: string): Promise<ContractDocument | null> {
  const response = await api.get(`/api/client/is-created/${jobId}/${clientId}`);
  return expectStatus<{ contract: ContractDocument | null }>(response, 200, 'is-created').contract;
}

/**
 * The contract a paid checkout just made for a job, as `is-created` reports it: Pending, funded by
 * an escrow, the job Closed, the parties populated. Returns it for the steps that follow.
 */
export async function fundedContractOfJob(
  api: ApiClient,
  hire: { readonly jobId: string; readonly client: Caller; readonly freelancer: Caller; readonly amount: number },
): Promise<ContractDocument> {
  const contract = await contractOfJob(api, hire.jobId, hire.client.id);
  expect(contract).toMatchObject({
    status: 'Pending',
    amount: hire.amount,
    releaseFundStatus: 'NotRequested',
    jobId: { _id: hire.jobId, status: 'Closed' },
    clientId: { _id: hire.client.id },
    freelancerId: { _id: hire.freelancer.id },
  });
  expect(contract!.escrowId).toMatch(/^[0-9a-f]{24}$/);
  return contract!;
}

export async function viewContract(api: ApiClient, contractId: string): Promise<ContractDocument> {
  return expectStatus<ContractDocument>(await api.get(`/api/freelancer/contract/view-contract/${contractId}`), 200, 'view-contract');
}

export interface FundedContract {
  readonly contract: ContractDocument;
  readonly payment: CheckoutCompletedEvent;
}

/** A job posted and paid for: its contract, Pending and funded, and the payment that funded it. */
export async function fundedContract(
  api: ApiClient,
  webhookSecret: string,
  client: Caller,
  freelancer: Caller,
  amountPaise: number,
): Promise<FundedContract> {
  const jobId = await postJob(api, client, paiseToInr(amountPaise));
  const payment = await payThroughWebhook(api.baseUrl, webhookSecret, { jobId, client, freelancer, amountPaise });
  const contract = await contractOfJob(api, jobId, client.id);
  if (contract === null) throw new Error(`no contract for job ${jobId} after its payment`);
  return { contract, payment };
}

/** The freelancer takes the contract from Pending to `target` one allowed step at a time. */
export async function advanceWork(
  api: ApiClient,
  freelancer: Caller,
  contractId: string,
  target: 'Started' | 'Ongoing' | 'Completed',
): Promise<void> {
  const approved = await api.post(`/api/freelancer/contract/approve-contract/${contractId}/${freelancer.id}`, { as: freelancer });
  expectStatus(approved, 200, 'approve-contract');
  for (const status of ['Ongoing', 'Completed'] as const) {
    if (target === 'Started' || (target === 'Ongoing' && status === 'Completed')) return;
    const updated = await api.put(`/api/freelancer/contract/update-status/${contractId}`, { as: freelancer, json: { status } });
    expectStatus(updated, 200, `update-status ${status}`);
  }
}

/** `party` opens a dispute on the contract: 201 with the dispute, open. */
export async function openDispute(
  api: ApiClient,
  party: Caller,
  contractId: string,
  claim: { readonly reason: string; readonly description: string },
): Promise<DisputeDocument> {
  const opened = await api.post(`/api/contracts/${contractId}/dispute`, { as: party, json: claim });
  return expectStatus<{ dispute: DisputeDocument }>(opened, 201, 'open dispute').dispute;
}

export async function requestRelease(api: ApiClient, client: Caller, contractId: string): Promise<void> {
  expectStatus(await api.patch(`/api/client/release-fund/${contractId}`, { as: client }), 200, 'release-fund request');
}

/** The wallet of `userId` (the caller's own by default) as the caller reads it: themselves, or an admin. */
export async function earningsOf(api: ApiClient, caller: Caller, userId: string = caller.id): Promise<Earnings> {
  return expectStatus<Earnings>(await api.get(`/api/freelancer/wallet/earnings/${userId}`, { as: caller }), 200, 'wallet earnings');
}

export interface ActorReference {
  readonly _id: string;
  readonly role: string;
}

export interface DisputeDocument {
  readonly number: number;
  readonly status: string;
  readonly openedBy: ActorReference;
  readonly reason: string;
  readonly description: string;
  readonly statements: readonly { readonly by: ActorReference; readonly text: string; readonly mediaUrls: readonly string[] }[];
  readonly [field: string]: unknown;
}

export interface HistoryEntryDocument {
  readonly at: string;
  readonly actor: ActorReference;
  readonly source: 'contract' | 'escrow' | 'money';
  readonly type: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The contract's audit trail, as a party or an admin reads it. */
export async function historyOf(api: ApiClient, caller: Caller, contractId: string): Promise<readonly HistoryEntryDocument[]> {
  const history = expectStatus<{ count: number; data: HistoryEntryDocument[] }>(
    await api.get(`/api/contracts/${contractId}/history`, { as: caller }),
    200,
    'contract history',
  );
  expect(history.count).toBe(history.data.length);
  return history.data;
}

/**
 * Each entry of a history as `source type by who`, who being the name under which `parties` holds
 * the actor (its id and role both match), `system`, or else the actor's role and id as they came.
 */
export function stepsOf(history: readonly HistoryEntryDocument[], parties: Readonly<Record<string, Caller>>): string[] {
  const nameOf = ({ _id, role }: ActorReference): string => {
    if (_id === 'system' && role === 'system') return 'system';
    const party = Object.entries(parties).find(([, caller]) => caller.id === _id && caller.role === role);
    return party === undefined ? `${role} ${_id}` : party[0];
  };
  return history.map((entry) => `${entry.source} ${entry.type} by ${nameOf(entry.actor)}`);
}

/** The details of the one entry of `type` from `source`; fails when there is not exactly one. */
export function detailsOf(
  history: readonly HistoryEntryDocument[],
  source: HistoryEntryDocument['source'],
  type: string,
): Readonly<Record<string, unknown>> {
  const found = history.filter((entry) => entry.source === source && entry.type === type);
  if (found.length !== 1) throw new Error(`expected one ${source} ${type} in the history, found ${found.length}`);
  return found[0]!.details;
}

/** The history's times are in order (ISO text of one format sorts like the instants it names). */
export function expectChronological(history: readonly HistoryEntryDocument[]): void {
  const times = history.map((entry) => entry.at);
  expect(times).toEqual([...times].sort());
}

/** How the history (as `stepsOf` tells it) of a funded contract its freelancer delivered begins. */
export const FUNDED_AND_DELIVERED_STEPS: readonly string[] = [
  'contract ContractCreated by client',
  'escrow ContractFunded by system',
  'contract StatusChanged by freelancer',
  'contract StatusChanged by freelancer',
  'contract StatusChanged by freelancer',
  'escrow ReviewStarted by system',
];

/**
 * `steps` are `before`, then the release by `releasedBy` and what follows from it, each once; their
 * order among equal times is not the point.
 */
export function expectReleasedAfter(steps: readonly string[], before: readonly string[], releasedBy: 'admin' | 'system'): void {
  expect(steps.slice(0, before.length)).toEqual(before);
  const release = steps.slice(before.length);
  expect(release).toHaveLength(4);
  expect(release).toEqual(
    expect.arrayContaining([
      `escrow EscrowResolved by ${releasedBy}`,
      'money WalletCredited by system',
      `contract ReleaseApproved by ${releasedBy}`,
      'escrow EscrowSettled by system',
    ]),
  );
}
