import { describe, expect, it } from 'vitest';
import { EscrowInDispute } from '../escrow/escrow.errors.ts';
import { evolveEscrow, foldEscrow, type EscrowEvent, type EscrowResolution, type EscrowState } from '../escrow/escrow.ts';
import {
  ADMIN,
  CLIENT,
  CLIENT_AS_FREELANCER,
  CONTRACT_ID,
  ESCROW_ID,
  escrowOf500Inr,
  escrowResolved,
  FREELANCER,
  FREELANCER_AS_CLIENT,
  OTHER_CLIENT,
  OTHER_FREELANCER,
  type ResolutionFields,
} from '../escrow/escrow.test-support.ts';
import { AssertionFailed } from '../shared/domain-error.ts';
import { SYSTEM_ACTOR_ID, type Actor } from '../user/user.ts';
import { decideCancel, decideCancelForRefund, decideFollowEscrow, decideRequestRelease, decideWorkProgress } from './contract.decide.ts';
import { ContractNotFunded, NotAPartyToContract, ReleaseNotAllowed, TransitionRefused } from './contract.errors.ts';
import { CONTRACT_STATUSES, evolveContract, foldContract, type Contract, type ContractEvent, type ContractStatus } from './contract.ts';

const AT = new Date('2026-02-01T10:00:00.000Z');
const LATER = new Date('2026-02-02T10:00:00.000Z');

const created: ContractEvent = {
  type: 'ContractCreated',
  data: {
    contractId: CONTRACT_ID,
    jobId: 'b'.repeat(24),
    clientId: CLIENT.userId,
    freelancerId: FREELANCER.userId,
    amountPaise: 50_000,
    escrowId: null,
    at: AT,
  },
};

function step(from: 'Pending' | 'Started' | 'Ongoing', to: 'Started' | 'Ongoing' | 'Completed'): ContractEvent {
  return { type: 'StatusChanged', data: { from, to, by: FREELANCER.userId, at: AT } };
}

/** Given: a funded contract that reached `status` the way the rules allow. */
function contractAt(status: ContractStatus): Contract {
  const events: ContractEvent[] = [created, { type: 'EscrowAttached', data: { escrowId: ESCROW_ID, at: AT } }];
  const path = [step('Pending', 'Started'), step('Started', 'Ongoing'), step('Ongoing', 'Completed')];
  const steps = { Pending: 0, Started: 1, Ongoing: 2, Completed: 3, Canceled: 1 }[status];
  events.push(...path.slice(0, steps));
  if (status === 'Canceled') {
    events.push({
      type: 'ContractCanceled',
      data: { by: CLIENT.userId, byRole: 'client', reason: null, description: null, from: 'Started', forRefund: false, at: AT },
    });
  }
  return foldContract(events)!;
}

/** The escrow that funds the contract. */
const ESCROW = escrowOf500Inr(AT);
const fundedContract: EscrowEvent = { type: 'ContractFunded', data: { contractId: CONTRACT_ID, at: AT } };
const disputeOpened: EscrowEvent = {
  type: 'DisputeOpened',
  data: { by: CLIENT.userId, byRole: 'client', reason: 'quality', description: 'not what we agreed', at: AT },
};

/** Given: the contract's escrow after these events of its stream. */
function escrowAfter(...events: readonly EscrowEvent[]): EscrowState {
  return foldEscrow(ESCROW, [fundedContract, ...events]);
}

const FUNDED = escrowAfter();
const IN_DISPUTE = escrowAfter(disputeOpened);
const DISPUTE_WITHDRAWN = escrowAfter(disputeOpened, { type: 'DisputeWithdrawn', data: { by: CLIENT.userId, reviewEndsAt: null, at: AT } });

const resolution = (fields: ResolutionFields) => escrowResolved(LATER, fields);

const released = (by: string, byRole: EscrowResolution['decidedByRole']) =>
  resolution({
    kind: 'release',
    clientRefundPaise: 0,
    freelancerPayoutPaise: 45_000,
    platformFeePaise: 5_000,
    decidedBy: by,
    decidedByRole: byRole,
  });
const refunded = resolution({
  kind: 'refund',
  stage: 'Started',
  clientRefundPaise: 38_250,
  freelancerPayoutPaise: 6_750,
  platformFeePaise: 5_000,
});
const disputeDecided = (freelancerPayoutPaise: number) =>
  resolution({
    kind: 'dispute',
    clientRefundPaise: 45_000 - freelancerPayoutPaise,
    freelancerPayoutPaise,
    platformFeePaise: 5_000,
    reason: 'dispute_decision',
    reasonDescription: 'decided on the statements',
  });

const ALLOWED_WORK: readonly [ContractStatus, 'Started' | 'Ongoing' | 'Completed'][] = [
  ['Pending', 'Started'],
  ['Started', 'Ongoing'],
  ['Ongoing', 'Completed'],
];
const WORK_TARGETS = ['Started', 'Ongoing', 'Completed'] as const;
const REFUSED_WORK = CONTRACT_STATUSES.flatMap((from) =>
  WORK_TARGETS.filter((to) => !ALLOWED_WORK.some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to)).map(
    (to) => [from, to] as const,
  ),
);

describe('decideWorkProgress', () => {
  it.each(ALLOWED_WORK)('lets the freelancer move %s → %s, appending {status, at, by} to the history', (from, to) => {
    const contract = contractAt(from);
    const event = decideWorkProgress(contract, FUNDED, FREELANCER, to, LATER);
    expect(event).toEqual({ type: 'StatusChanged', data: { from, to, by: FREELANCER.userId, at: LATER } });
    const next = evolveContract(contract, event);
    expect(next.status).toBe(to);
    expect(next.statusHistory).toEqual([...contract.statusHistory, { status: to, at: LATER, by: FREELANCER.userId }]);
    expect(next.sequence).toBe(contract.sequence + 1);
  });

  it.each(REFUSED_WORK)('refuses %s → %s', (from, to) => {
    expect(() => decideWorkProgress(contractAt(from), FUNDED, FREELANCER, to, LATER)).toThrow(TransitionRefused);
    expect(() => decideWorkProgress(contractAt(from), FUNDED, FREELANCER, to, LATER)).toThrow(
      expect.objectContaining({ code: 'CONTRACT.INVALID_TRANSITION' }),
    );
  });

  it.each([
    ['another freelancer', OTHER_FREELANCER],
    ['the client', CLIENT],
    ['an admin', ADMIN],
    ["the freelancer's id acting as a client", FREELANCER_AS_CLIENT],
    ["the client's id acting as a freelancer", CLIENT_AS_FREELANCER],
  ])('refuses %s moving the work', (_who, actor) => {
    for (const [from, to] of ALLOWED_WORK) {
      expect(() => decideWorkProgress(contractAt(from), FUNDED, actor, to, LATER)).toThrow(NotAPartyToContract);
    }
  });
});

describe('decideCancel', () => {
  it.each(['Pending', 'Started', 'Ongoing'] as const)(
    'lets the client or the freelancer cancel %s work, recording who, why and from where',
    (from) => {
      for (const actor of [CLIENT, FREELANCER]) {
        const contract = contractAt(from);
        const event = decideCancel(contract, FUNDED, { actor, reason: 'budget', description: 'ran out', at: LATER });
        expect(event).toEqual({
          type: 'ContractCanceled',
          data: { by: actor.userId, byRole: actor.role, reason: 'budget', description: 'ran out', from, forRefund: false, at: LATER },
        });
        const next = evolveContract(contract, event);
        expect(next.status).toBe('Canceled');
        expect(next.cancellation).toEqual(event.data);
        expect(next.statusHistory.at(-1)).toEqual({ status: 'Canceled', at: LATER, by: actor.userId });
      }
    },
  );

  it.each(['Completed', 'Canceled'] as const)('refuses to cancel %s work: it is terminal', (status) => {
    expect(() => decideCancel(contractAt(status), FUNDED, { actor: CLIENT, reason: null, description: null, at: LATER })).toThrow(
      TransitionRefused,
    );
  });

  it.each([
    ['an admin', ADMIN],
    ['another client', OTHER_CLIENT],
    ['another freelancer', OTHER_FREELANCER],
    ["the freelancer's id acting as a client", FREELANCER_AS_CLIENT],
  ])('refuses %s cancelling someone else’s contract', (_who, actor) => {
    expect(() => decideCancel(contractAt('Pending'), FUNDED, { actor, reason: null, description: null, at: LATER })).toThrow(
      NotAPartyToContract,
    );
  });
});

describe('decideCancelForRefund', () => {
  it.each([
    ['an admin', ADMIN],
    ['the client', CLIENT],
  ])('lets %s cancel live work for a refund, marked so recovery finishes the refund', (_who, actor) => {
    const event = decideCancelForRefund(contractAt('Ongoing'), FUNDED, { actor, reason: null, description: null, at: LATER });
    expect(event).toMatchObject({ type: 'ContractCanceled', data: { from: 'Ongoing', forRefund: true, by: actor.userId } });
  });

  it.each([
    ['the freelancer', FREELANCER],
    ['another client', OTHER_CLIENT],
  ])('refuses %s', (_who, actor) => {
    expect(() => decideCancelForRefund(contractAt('Pending'), FUNDED, { actor, reason: null, description: null, at: LATER })).toThrow(
      NotAPartyToContract,
    );
  });

  it('refuses Completed work: it is released, not refunded', () => {
    expect(() =>
      decideCancelForRefund(contractAt('Completed'), FUNDED, { actor: ADMIN, reason: null, description: null, at: LATER }),
    ).toThrow(TransitionRefused);
  });
});

describe('terminal contracts', () => {
  it.each(['Completed', 'Canceled'] as const)('a %s contract refuses every status change', (status) => {
    const contract = contractAt(status);
    for (const to of WORK_TARGETS) expect(() => decideWorkProgress(contract, FUNDED, FREELANCER, to, LATER)).toThrow(TransitionRefused);
    for (const actor of [CLIENT, FREELANCER])
      expect(() => decideCancel(contract, FUNDED, { actor, reason: null, description: null, at: LATER })).toThrow(TransitionRefused);
    expect(() => decideCancelForRefund(contract, FUNDED, { actor: ADMIN, reason: null, description: null, at: LATER })).toThrow(
      TransitionRefused,
    );
  });
});

describe('releaseFundStatus', () => {
  it('goes NotRequested → Requested when the client asks on a Completed, funded contract, then → Approved', () => {
    const completed = contractAt('Completed');
    expect(completed.releaseFundStatus).toBe('NotRequested');
    const requested = evolveContract(completed, decideRequestRelease(completed, FUNDED, CLIENT, LATER));
    expect(requested.releaseFundStatus).toBe('Requested');
    const approved = evolveContract(requested, { type: 'ReleaseApproved', data: { by: ADMIN.userId, escrowId: ESCROW_ID, at: LATER } });
    expect(approved.releaseFundStatus).toBe('Approved');
    expect(approved.status).toBe('Completed');
  });

  it.each(['Pending', 'Started', 'Ongoing', 'Canceled'] as const)('refuses a request on a %s contract', (status) => {
    expect(() => decideRequestRelease(contractAt(status), FUNDED, CLIENT, LATER)).toThrow(ReleaseNotAllowed);
  });

  it.each([
    ['refunded', escrowAfter(refunded)],
    ['released', escrowAfter(released(ADMIN.userId, 'admin'))],
    ['decided on a dispute', escrowAfter(disputeOpened, disputeDecided(0))],
  ])('refuses a request when the escrow is no longer funded: %s', (_how, escrow) => {
    expect(() => decideRequestRelease(contractAt('Completed'), escrow, CLIENT, LATER)).toThrow(ReleaseNotAllowed);
  });

  it('refuses a request on a contract no escrow funds', () => {
    const unfunded = foldContract([created, step('Pending', 'Started'), step('Started', 'Ongoing'), step('Ongoing', 'Completed')])!;
    expect(() => decideRequestRelease(unfunded, null, CLIENT, LATER)).toThrow(ReleaseNotAllowed);
  });

  it('refuses a second request', () => {
    const completed = contractAt('Completed');
    const requested = evolveContract(completed, decideRequestRelease(completed, FUNDED, CLIENT, LATER));
    expect(() => decideRequestRelease(requested, FUNDED, CLIENT, LATER)).toThrow(
      expect.objectContaining({ code: 'CONTRACT.RELEASE_NOT_ALLOWED' }),
    );
  });

  it.each([
    ['the freelancer', FREELANCER],
    ['another client', OTHER_CLIENT],
    ['an admin', ADMIN],
  ])('refuses a request by %s', (_who, actor) => {
    expect(() => decideRequestRelease(contractAt('Completed'), FUNDED, actor, LATER)).toThrow(NotAPartyToContract);
  });

  it('goes NotRequested → Approved when the review lapsed, and treats a second approval as a programming error', () => {
    // Since auto-release, an approval needs no request; approving twice would still be a bug.
    const approval: ContractEvent = { type: 'ReleaseApproved', data: { by: SYSTEM_ACTOR_ID, escrowId: ESCROW_ID, at: LATER } };
    const approved = evolveContract(contractAt('Completed'), approval);
    expect(approved.releaseFundStatus).toBe('Approved');
    expect(() => evolveContract(approved, approval)).toThrow(AssertionFailed);
  });
});

describe('the funding gate', () => {
  const unfunded = foldContract([created])!;

  it('refuses Pending → Started with CONTRACT.NOT_FUNDED while no escrow is attached', () => {
    expect(() => decideWorkProgress(unfunded, null, FREELANCER, 'Started', LATER)).toThrow(ContractNotFunded);
    expect(() => decideWorkProgress(unfunded, null, FREELANCER, 'Started', LATER)).toThrow(
      expect.objectContaining({ code: 'CONTRACT.NOT_FUNDED' }),
    );
  });

  it('lets the same contract start once its escrow is attached', () => {
    const funded = evolveContract(unfunded, { type: 'EscrowAttached', data: { escrowId: ESCROW_ID, at: LATER } });
    expect(decideWorkProgress(funded, FUNDED, FREELANCER, 'Started', LATER)).toMatchObject({
      type: 'StatusChanged',
      data: { from: 'Pending', to: 'Started' },
    });
  });

  it('still refuses someone else first, and a skipped step as a transition, not as a funding matter', () => {
    expect(() => decideWorkProgress(unfunded, null, OTHER_FREELANCER, 'Started', LATER)).toThrow(NotAPartyToContract);
    expect(() => decideWorkProgress(unfunded, null, FREELANCER, 'Ongoing', LATER)).toThrow(TransitionRefused);
  });

  it('lets either party cancel an unfunded contract', () => {
    for (const actor of [CLIENT, FREELANCER]) {
      expect(decideCancel(unfunded, null, { actor, reason: null, description: null, at: LATER })).toMatchObject({
        type: 'ContractCanceled',
        data: { from: 'Pending' },
      });
    }
  });
});

describe('the dispute freeze', () => {
  const cancelBy = (actor: Actor) => ({ actor, reason: null, description: null, at: LATER });

  it.each(ALLOWED_WORK)('refuses the freelancer moving %s → %s with ESCROW.IN_DISPUTE while the escrow has an open dispute', (from, to) => {
    expect(() => decideWorkProgress(contractAt(from), IN_DISPUTE, FREELANCER, to, LATER)).toThrow(EscrowInDispute);
    expect(() => decideWorkProgress(contractAt(from), IN_DISPUTE, FREELANCER, to, LATER)).toThrow(
      expect.objectContaining({ code: 'ESCROW.IN_DISPUTE' }),
    );
  });

  it.each(['Pending', 'Started', 'Ongoing'] as const)('refuses every cancel of %s work while the escrow has an open dispute', (from) => {
    for (const actor of [CLIENT, FREELANCER]) {
      expect(() => decideCancel(contractAt(from), IN_DISPUTE, cancelBy(actor))).toThrow(
        expect.objectContaining({ code: 'ESCROW.IN_DISPUTE' }),
      );
    }
    for (const actor of [CLIENT, ADMIN]) {
      expect(() => decideCancelForRefund(contractAt(from), IN_DISPUTE, cancelBy(actor))).toThrow(
        expect.objectContaining({ code: 'ESCROW.IN_DISPUTE' }),
      );
    }
  });

  it('refuses the release request while the escrow has an open dispute', () => {
    expect(() => decideRequestRelease(contractAt('Completed'), IN_DISPUTE, CLIENT, LATER)).toThrow(EscrowInDispute);
  });

  it('lifts once the dispute is withdrawn: every move, cancel and release request is decided as usual again', () => {
    for (const [from, to] of ALLOWED_WORK)
      expect(decideWorkProgress(contractAt(from), DISPUTE_WITHDRAWN, FREELANCER, to, LATER).type).toBe('StatusChanged');
    expect(decideCancel(contractAt('Ongoing'), DISPUTE_WITHDRAWN, cancelBy(FREELANCER)).type).toBe('ContractCanceled');
    expect(decideCancelForRefund(contractAt('Ongoing'), DISPUTE_WITHDRAWN, cancelBy(ADMIN)).type).toBe('ContractCanceled');
    expect(decideRequestRelease(contractAt('Completed'), DISPUTE_WITHDRAWN, CLIENT, LATER).type).toBe('ReleaseRequested');
  });

  it('still refuses a stranger as a stranger, before telling them about the dispute', () => {
    expect(() => decideWorkProgress(contractAt('Started'), IN_DISPUTE, OTHER_FREELANCER, 'Ongoing', LATER)).toThrow(NotAPartyToContract);
    expect(() => decideCancel(contractAt('Started'), IN_DISPUTE, cancelBy(OTHER_CLIENT))).toThrow(NotAPartyToContract);
    expect(() => decideRequestRelease(contractAt('Completed'), IN_DISPUTE, OTHER_CLIENT, LATER)).toThrow(NotAPartyToContract);
  });
});

describe('decideFollowEscrow', () => {
  const REVIEW_ENDS = new Date('2026-02-15T10:00:00.000Z');
  const reviewStarted = (round: number): EscrowEvent => ({ type: 'ReviewStarted', data: { round, endsAt: REVIEW_ENDS, at: AT } });
  const changesRequested = (round: number, note: string): EscrowEvent => ({
    type: 'ChangesRequested',
    data: { round, by: CLIENT.userId, note, at: AT },
  });

  /** Then: the contract records the event the escrow calls for, and following again decides nothing. */
  function followed(contract: Contract, escrow: EscrowState): Contract {
    const event = decideFollowEscrow(contract, escrow, LATER);
    expect(event).not.toBeNull();
    const next = evolveContract(contract, event!);
    expect(decideFollowEscrow(next, escrow, LATER)).toBeNull();
    return next;
  }

  it('decides nothing while the escrow is funded and asks nothing of the contract', () => {
    for (const status of CONTRACT_STATUSES) expect(decideFollowEscrow(contractAt(status), FUNDED, LATER)).toBeNull();
    expect(decideFollowEscrow(contractAt('Completed'), escrowAfter(reviewStarted(1)), LATER)).toBeNull();
    expect(decideFollowEscrow(contractAt('Completed'), IN_DISPUTE, LATER)).toBeNull();
  });

  it('sends a Completed contract back to Ongoing on a change request, with its note', () => {
    const contract = contractAt('Completed');
    const escrow = escrowAfter(reviewStarted(1), changesRequested(1, 'the logo needs a darker red'));
    expect(decideFollowEscrow(contract, escrow, LATER)).toEqual({
      type: 'ChangesRequested',
      data: { round: 1, by: CLIENT.userId, note: 'the logo needs a darker red', at: LATER },
    });
    const next = followed(contract, escrow);
    expect(next).toMatchObject({ status: 'Ongoing', changeRequests: 1, deliveries: 1 });
    expect(next.statusHistory.at(-1)).toEqual({ status: 'Ongoing', at: LATER, by: CLIENT.userId });
  });

  it('follows each change request once, in order, one delivery at a time', () => {
    const escrow = escrowAfter(reviewStarted(1), changesRequested(1, 'first'), reviewStarted(2), changesRequested(2, 'second'));
    const afterFirst = followed(contractAt('Completed'), escrowAfter(reviewStarted(1), changesRequested(1, 'first')));
    // Back at work, the contract follows nothing until it is delivered again.
    expect(decideFollowEscrow(afterFirst, escrow, LATER)).toBeNull();
    const redelivered = evolveContract(afterFirst, step('Ongoing', 'Completed'));
    expect(decideFollowEscrow(redelivered, escrow, LATER)).toMatchObject({ type: 'ChangesRequested', data: { round: 2, note: 'second' } });
    expect(followed(redelivered, escrow)).toMatchObject({ status: 'Ongoing', changeRequests: 2 });
  });

  it('approves the release an admin made after the client asked', () => {
    const completed = contractAt('Completed');
    const requested = evolveContract(completed, decideRequestRelease(completed, FUNDED, CLIENT, LATER));
    const escrow = escrowAfter(released(ADMIN.userId, 'admin'));
    expect(decideFollowEscrow(requested, escrow, LATER)).toEqual({
      type: 'ReleaseApproved',
      data: { by: ADMIN.userId, escrowId: ESCROW_ID, at: LATER },
    });
    expect(followed(requested, escrow)).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved' });
  });

  it('approves a release by `system` when the review lapsed, though the client never asked', () => {
    const escrow = escrowAfter(reviewStarted(1), released(SYSTEM_ACTOR_ID, 'system'));
    expect(decideFollowEscrow(contractAt('Completed'), escrow, LATER)).toEqual({
      type: 'ReleaseApproved',
      data: { by: SYSTEM_ACTOR_ID, escrowId: ESCROW_ID, at: LATER },
    });
    expect(followed(contractAt('Completed'), escrow).releaseFundStatus).toBe('Approved');
  });

  it.each(['Pending', 'Started', 'Ongoing'] as const)('ends %s work Completed when a dispute decision pays the whole earning', (from) => {
    const escrow = escrowAfter(disputeOpened, disputeDecided(45_000));
    expect(decideFollowEscrow(contractAt(from), escrow, LATER)).toMatchObject({
      type: 'DisputeSettled',
      data: { from, to: 'Completed', by: ADMIN.userId },
    });
    const next = followed(contractAt(from), escrow);
    expect(next.status).toBe('Completed');
    expect(next.cancellation).toBeNull();
  });

  it('leaves a Completed contract as it is when a dispute decision pays the whole earning', () => {
    expect(decideFollowEscrow(contractAt('Completed'), escrowAfter(disputeOpened, disputeDecided(45_000)), LATER)).toBeNull();
  });

  it.each(['Pending', 'Started', 'Ongoing', 'Completed'] as const)(
    'cancels %s work from where it stood when a dispute decision pays less than the earning',
    (from) => {
      const escrow = escrowAfter(disputeOpened, disputeDecided(13_500));
      expect(decideFollowEscrow(contractAt(from), escrow, LATER)).toEqual({
        type: 'DisputeSettled',
        data: {
          to: 'Canceled',
          from,
          by: ADMIN.userId,
          byRole: 'admin',
          reason: 'dispute_decision',
          description: 'decided on the statements',
          forRefund: false,
          at: LATER,
        },
      });
      const next = followed(contractAt(from), escrow);
      expect(next.status).toBe('Canceled');
      expect(next.cancellation).toMatchObject({ from, by: ADMIN.userId, reason: 'dispute_decision' });
      expect(next.statusHistory.at(-1)).toEqual({ status: 'Canceled', at: LATER, by: ADMIN.userId });
    },
  );

  it.each([0, 13_500, 44_999, 45_000])(
    'changes nothing on an already Canceled contract when a dispute decision pays %i paise',
    (payout) => {
      expect(decideFollowEscrow(contractAt('Canceled'), escrowAfter(disputeOpened, disputeDecided(payout)), LATER)).toBeNull();
    },
  );

  it.each([
    ['a refund', refunded],
    [
      'a returned payment',
      resolution({ kind: 'return', contractId: null, clientRefundPaise: 50_000, freelancerPayoutPaise: 0, platformFeePaise: 0 }),
    ],
  ])('decides nothing after %s: the cancellation came first', (_what, resolved) => {
    for (const status of CONTRACT_STATUSES) expect(decideFollowEscrow(contractAt(status), escrowAfter(resolved), LATER)).toBeNull();
  });

  it('follows what the escrow decided even where the contract would refuse the same move itself', () => {
    // The contract's own rules refuse a Completed contract anything but the release request: the escrow decided first.
    const escrow = evolveEscrow(escrowAfter(reviewStarted(1)), changesRequested(1, 'again'));
    expect(() => decideWorkProgress(contractAt('Completed'), escrow, FREELANCER, 'Ongoing', LATER)).toThrow(TransitionRefused);
    expect(decideFollowEscrow(contractAt('Completed'), escrow, LATER)?.type).toBe('ChangesRequested');
  });
});

describe('evolveContract', () => {
  it('starts Pending with one history entry and no escrow', () => {
    expect(evolveContract(null, created)).toMatchObject({
      status: 'Pending',
      statusHistory: [{ status: 'Pending', at: AT, by: created.data.clientId }],
      releaseFundStatus: 'NotRequested',
      escrowId: null,
      cancellation: null,
      sequence: 1,
    });
  });

  it('refuses a second escrow and a status change from a status the contract is not in', () => {
    const funded = contractAt('Pending');
    expect(() => evolveContract(funded, { type: 'EscrowAttached', data: { escrowId: 'f'.repeat(24), at: LATER } })).toThrow(
      AssertionFailed,
    );
    expect(() => evolveContract(funded, step('Started', 'Ongoing'))).toThrow(AssertionFailed);
  });
});
