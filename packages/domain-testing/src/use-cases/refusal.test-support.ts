import { expect } from 'vitest';
import type { DomainErrorKind } from '@skillhouse/domain';
import { observeState, type ObservedState } from '../escrow-invariants.test-support.ts';
import { type FundedHire, hexId, people, unfundedContract, type World } from '../escrow-fixtures.test-support.ts';

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
