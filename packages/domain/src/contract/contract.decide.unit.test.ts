import { describe, expect, it } from 'vitest';
import { AssertionFailed } from '../shared/domain-error.ts';
import type { Actor } from '../user/user.ts';
import { decideCancel, decideCancelForRefund, decideRequestRelease, decideWorkProgress } from './contract.decide.ts';
import { NotAPartyToContract, ReleaseNotAllowed, TransitionRefused } from './contract.errors.ts';
import { CONTRACT_STATUSES, evolveContract, foldContract, type Contract, type ContractEvent, type ContractStatus } from './contract.ts';

const CLIENT: Actor = { userId: 'c1'.padEnd(24, '0'), role: 'client' };
const FREELANCER: Actor = { userId: 'f1'.padEnd(24, '0'), role: 'freelancer' };
const OTHER_CLIENT: Actor = { userId: 'c2'.padEnd(24, '0'), role: 'client' };
const OTHER_FREELANCER: Actor = { userId: 'f2'.padEnd(24, '0'), role: 'freelancer' };
const ADMIN: Actor = { userId: 'ad'.padEnd(24, '0'), role: 'admin' };
/** The freelancer's own id under the wrong role, and the client's. */
const FREELANCER_AS_CLIENT: Actor = { userId: FREELANCER.userId, role: 'client' };
const CLIENT_AS_FREELANCER: Actor = { userId: CLIENT.userId, role: 'freelancer' };

const AT = new Date('2026-02-01T10:00:00.000Z');
const LATER = new Date('2026-02-02T10:00:00.000Z');

const created: ContractEvent = {
  type: 'ContractCreated',
  data: { contractId: 'a'.repeat(24), jobId: 'b'.repeat(24), clientId: CLIENT.userId, freelancerId: FREELANCER.userId, amountPaise: 50_000, at: AT },
};

function step(from: 'Pending' | 'Started' | 'Ongoing', to: 'Started' | 'Ongoing' | 'Completed'): ContractEvent {
  return { type: 'StatusChanged', data: { from, to, by: FREELANCER.userId, at: AT } };
}

/** Given: a funded contract that reached `status` the way the rules allow. */
function contractAt(status: ContractStatus): Contract {
  const events: ContractEvent[] = [created, { type: 'EscrowAttached', data: { escrowId: 'e'.repeat(24), at: AT } }];
  const path = [step('Pending', 'Started'), step('Started', 'Ongoing'), step('Ongoing', 'Completed')];
  const steps = { Pending: 0, Started: 1, Ongoing: 2, Completed: 3, Canceled: 1 }[status];
  events.push(...path.slice(0, steps));
  if (status === 'Canceled') {
    events.push({ type: 'ContractCanceled', data: { by: CLIENT.userId, byRole: 'client', reason: null, description: null, from: 'Started', forRefund: false, at: AT } });
  }
  return foldContract(events)!;
}

const ALLOWED_WORK: readonly [ContractStatus, 'Started' | 'Ongoing' | 'Completed'][] = [
  ['Pending', 'Started'],
  ['Started', 'Ongoing'],
  ['Ongoing', 'Completed'],
];
const WORK_TARGETS = ['Started', 'Ongoing', 'Completed'] as const;
const REFUSED_WORK = CONTRACT_STATUSES.flatMap((from) =>
  WORK_TARGETS.filter((to) => !ALLOWED_WORK.some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to)).map((to) => [from, to] as const),
);

describe('decideWorkProgress', () => {
  it.each(ALLOWED_WORK)('lets the freelancer move %s → %s, appending {status, at} to the history', (from, to) => {
    const contract = contractAt(from);
    const event = decideWorkProgress(contract, FREELANCER, to, LATER);
    expect(event).toEqual({ type: 'StatusChanged', data: { from, to, by: FREELANCER.userId, at: LATER } });
    const next = evolveContract(contract, event);
    expect(next.status).toBe(to);
    expect(next.statusHistory).toEqual([...contract.statusHistory, { status: to, at: LATER }]);
    expect(next.sequence).toBe(contract.sequence + 1);
  });

  it.each(REFUSED_WORK)('refuses %s → %s', (from, to) => {
    expect(() => decideWorkProgress(contractAt(from), FREELANCER, to, LATER)).toThrow(TransitionRefused);
    expect(() => decideWorkProgress(contractAt(from), FREELANCER, to, LATER)).toThrow(expect.objectContaining({ code: 'CONTRACT.INVALID_TRANSITION' }));
  });

  it.each([
    ['another freelancer', OTHER_FREELANCER],
    ['the client', CLIENT],
    ['an admin', ADMIN],
    ["the freelancer's id acting as a client", FREELANCER_AS_CLIENT],
    ["the client's id acting as a freelancer", CLIENT_AS_FREELANCER],
  ])('refuses %s moving the work', (_who, actor) => {
    for (const [from, to] of ALLOWED_WORK) {
      expect(() => decideWorkProgress(contractAt(from), actor, to, LATER)).toThrow(NotAPartyToContract);
    }
  });
});

describe('decideCancel', () => {
  it.each(['Pending', 'Started', 'Ongoing'] as const)('lets the client or the freelancer cancel %s work, recording who, why and from where', (from) => {
    for (const actor of [CLIENT, FREELANCER]) {
      const contract = contractAt(from);
      const event = decideCancel(contract, { actor, reason: 'budget', description: 'ran out', at: LATER });
      expect(event).toEqual({
        type: 'ContractCanceled',
        data: { by: actor.userId, byRole: actor.role, reason: 'budget', description: 'ran out', from, forRefund: false, at: LATER },
      });
      const next = evolveContract(contract, event);
      expect(next.status).toBe('Canceled');
      expect(next.cancellation).toEqual(event.data);
      expect(next.statusHistory.at(-1)).toEqual({ status: 'Canceled', at: LATER });
    }
  });

  it.each(['Completed', 'Canceled'] as const)('refuses to cancel %s work: it is terminal', (status) => {
    expect(() => decideCancel(contractAt(status), { actor: CLIENT, reason: null, description: null, at: LATER })).toThrow(TransitionRefused);
  });

  it.each([
    ['an admin', ADMIN],
    ['another client', OTHER_CLIENT],
    ['another freelancer', OTHER_FREELANCER],
    ["the freelancer's id acting as a client", FREELANCER_AS_CLIENT],
  ])('refuses %s cancelling someone else’s contract', (_who, actor) => {
    expect(() => decideCancel(contractAt('Pending'), { actor, reason: null, description: null, at: LATER })).toThrow(NotAPartyToContract);
  });
});

describe('decideCancelForRefund', () => {
  it.each([
    ['an admin', ADMIN],
    ['the client', CLIENT],
  ])('lets %s cancel live work for a refund, marked so recovery finishes the refund', (_who, actor) => {
    const event = decideCancelForRefund(contractAt('Ongoing'), { actor, reason: null, description: null, at: LATER });
    expect(event).toMatchObject({ type: 'ContractCanceled', data: { from: 'Ongoing', forRefund: true, by: actor.userId } });
  });

  it.each([
    ['the freelancer', FREELANCER],
    ['another client', OTHER_CLIENT],
  ])('refuses %s', (_who, actor) => {
    expect(() => decideCancelForRefund(contractAt('Pending'), { actor, reason: null, description: null, at: LATER })).toThrow(NotAPartyToContract);
  });

  it('refuses Completed work: it is released, not refunded', () => {
    expect(() => decideCancelForRefund(contractAt('Completed'), { actor: ADMIN, reason: null, description: null, at: LATER })).toThrow(TransitionRefused);
  });
});

describe('terminal contracts', () => {
  it.each(['Completed', 'Canceled'] as const)('a %s contract refuses every status change', (status) => {
    const contract = contractAt(status);
    for (const to of WORK_TARGETS) expect(() => decideWorkProgress(contract, FREELANCER, to, LATER)).toThrow(TransitionRefused);
    for (const actor of [CLIENT, FREELANCER]) expect(() => decideCancel(contract, { actor, reason: null, description: null, at: LATER })).toThrow(TransitionRefused);
    expect(() => decideCancelForRefund(contract, { actor: ADMIN, reason: null, description: null, at: LATER })).toThrow(TransitionRefused);
  });
});

describe('releaseFundStatus', () => {
  it('goes NotRequested → Requested when the client asks on a Completed, funded contract, then → Approved', () => {
    const completed = contractAt('Completed');
    expect(completed.releaseFundStatus).toBe('NotRequested');
    const requested = evolveContract(completed, decideRequestRelease(completed, CLIENT, true, LATER));
    expect(requested.releaseFundStatus).toBe('Requested');
    const approved = evolveContract(requested, { type: 'ReleaseApproved', data: { by: ADMIN.userId, escrowId: 'e'.repeat(24), at: LATER } });
    expect(approved.releaseFundStatus).toBe('Approved');
    expect(approved.status).toBe('Completed');
  });

  it.each(['Pending', 'Started', 'Ongoing', 'Canceled'] as const)('refuses a request on a %s contract', (status) => {
    expect(() => decideRequestRelease(contractAt(status), CLIENT, true, LATER)).toThrow(ReleaseNotAllowed);
  });

  it('refuses a request when the escrow is not funded', () => {
    expect(() => decideRequestRelease(contractAt('Completed'), CLIENT, false, LATER)).toThrow(ReleaseNotAllowed);
  });

  it('refuses a request on a contract no escrow funds', () => {
    const unfunded = foldContract([created, step('Pending', 'Started'), step('Started', 'Ongoing'), step('Ongoing', 'Completed')])!;
    expect(() => decideRequestRelease(unfunded, CLIENT, true, LATER)).toThrow(ReleaseNotAllowed);
  });

  it('refuses a second request', () => {
    const completed = contractAt('Completed');
    const requested = evolveContract(completed, decideRequestRelease(completed, CLIENT, true, LATER));
    expect(() => decideRequestRelease(requested, CLIENT, true, LATER)).toThrow(expect.objectContaining({ code: 'CONTRACT.RELEASE_NOT_ALLOWED' }));
  });

  it.each([
    ['the freelancer', FREELANCER],
    ['another client', OTHER_CLIENT],
    ['an admin', ADMIN],
  ])('refuses a request by %s', (_who, actor) => {
    expect(() => decideRequestRelease(contractAt('Completed'), actor, true, LATER)).toThrow(NotAPartyToContract);
  });

  it('treats an approval without a request as a programming error', () => {
    expect(() => evolveContract(contractAt('Completed'), { type: 'ReleaseApproved', data: { by: ADMIN.userId, escrowId: 'e'.repeat(24), at: LATER } })).toThrow(AssertionFailed);
  });
});

describe('evolveContract', () => {
  it('starts Pending with one history entry and no escrow', () => {
    expect(evolveContract(null, created)).toMatchObject({
      status: 'Pending', statusHistory: [{ status: 'Pending', at: AT }], releaseFundStatus: 'NotRequested', escrowId: null, cancellation: null, sequence: 1,
    });
  });

  it('refuses a second escrow and a status change from a status the contract is not in', () => {
    const funded = contractAt('Pending');
    expect(() => evolveContract(funded, { type: 'EscrowAttached', data: { escrowId: 'f'.repeat(24), at: LATER } })).toThrow(AssertionFailed);
    expect(() => evolveContract(funded, step('Started', 'Ongoing'))).toThrow(AssertionFailed);
  });
});
