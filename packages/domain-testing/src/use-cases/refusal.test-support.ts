import { expect, it } from 'vitest';
import type { Actor, DomainErrorKind } from '@skillhouse/domain';
import { observeState, type ObservedState } from '../escrow-invariants.test-support.ts';
import { createWorld, hexId, people, unfundedContract, type FundedHire, type World } from '../escrow-fixtures.test-support.ts';

const USER_IDS = Object.values(people).map((person) => person.userId);

/** Everything the records hold about one hire: its job, contract, escrow with its view, wallets, refunds, open operations. */
export function recordsOf(world: World, hire: Pick<FundedHire, 'job' | 'contractId' | 'checkoutSessionId'>): Promise<ObservedState> {
  return observeState(
    world.ports,
    { jobIds: [hire.job.id], contractIds: [hire.contractId], checkoutSessionIds: [hire.checkoutSessionId], userIds: USER_IDS },
    () => world.ports.payments.refunds(),
  );
}

export interface ExpectedRefusal {
  readonly code: string;
  readonly kind: DomainErrorKind;
  /** For a validation refusal: the fields `details.fields` names. */
  readonly fields?: readonly string[];
}

/** `attempt` is refused with `expected`, and the records of `hire` are exactly as they were. */
export async function expectRefusedChangingNothing(
  world: World,
  hire: Pick<FundedHire, 'job' | 'contractId' | 'checkoutSessionId'>,
  attempt: () => Promise<unknown>,
  expected: ExpectedRefusal,
): Promise<void> {
  const before = await recordsOf(world, hire);
  const error: unknown = await attempt().then(
    () => null,
    (refusal: unknown) => refusal,
  );
  expect(error, `expected ${expected.code}`).toMatchObject({ code: expected.code, kind: expected.kind });
  if (expected.fields !== undefined) {
    expect(Object.keys((error as { details?: { fields?: object } }).details?.fields ?? {}).sort()).toEqual([...expected.fields].sort());
  }
  expect(await recordsOf(world, hire), `${expected.code} changes nothing`).toEqual(before);
}

/**
 * `act` on a contract nobody has is answered 404 CONTRACT.NOT_FOUND, and on a contract no payment
 * funds 404 ESCROW.NOT_FOUND. Returns the id of that unfunded contract.
 */
export async function expectNotFoundUnlessFunded(world: World, act: (contractId: string) => Promise<unknown>): Promise<string> {
  await expect(act(hexId('99'))).rejects.toMatchObject({ code: 'CONTRACT.NOT_FOUND', kind: 'not_found' });
  const { contract: unfunded } = await unfundedContract(world);
  await expect(act(unfunded.id)).rejects.toMatchObject({ code: 'ESCROW.NOT_FOUND', kind: 'not_found' });
  return unfunded.id;
}

export interface ContractGuards {
  /** The hire the use case acts on; its records must not change when the use case is refused. */
  readonly setup: (world: World) => Promise<FundedHire>;
  /** The use case on `contractId`, done by `actor`. */
  readonly act: (world: World, contractId: unknown, actor: Actor) => Promise<unknown>;
  /** Whose use case it is. */
  readonly actor: Actor;
  readonly malformedId: unknown;
  /** Those it is not for, and the 403 code each is refused with. */
  readonly outsiders: readonly (readonly [who: string, actor: Actor, code: string])[];
  /** What must still hold of the unfunded contract the 404 was answered for. */
  readonly unfundedAfterwards?: (world: World, unfundedId: string) => Promise<void>;
}

/** Each of `outsiders` is refused the use case on the hire's contract with its 403, changing nothing. */
export function itRefusesOutsiders(guards: Pick<ContractGuards, 'setup' | 'act' | 'outsiders'>): void {
  it.each(guards.outsiders)('refuses %s: 403 %s, nothing changed', async (_who, actor, code) => {
    const world = createWorld();
    const hire = await guards.setup(world);
    await expectRefusedChangingNothing(world, hire, () => guards.act(world, hire.contractId, actor), { code, kind: 'forbidden' });
  });
}

/**
 * The refusals every use case on one funded contract owes, each changing nothing: 400
 * VALIDATION.INVALID_ID for a contract id that is not one, 403 for those it is not for, 404 for a
 * contract nobody has or no payment funds.
 */
export function itGuardsTheContract(guards: ContractGuards): void {
  it('refuses a contract id that is not an id: 400 VALIDATION.INVALID_ID naming contractId', async () => {
    const world = createWorld();
    const hire = await guards.setup(world);
    await expectRefusedChangingNothing(world, hire, () => guards.act(world, guards.malformedId, guards.actor), {
      code: 'VALIDATION.INVALID_ID',
      kind: 'validation',
      fields: ['contractId'],
    });
  });

  itRefusesOutsiders(guards);

  it('answers 404 for an unknown contract, and for a contract no payment funds', async () => {
    const world = createWorld();
    const unfundedId = await expectNotFoundUnlessFunded(world, (contractId) => guards.act(world, contractId, guards.actor));
    await guards.unfundedAfterwards?.(world, unfundedId);
  });
}
