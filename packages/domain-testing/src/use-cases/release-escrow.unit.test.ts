import { describe, expect, it } from 'vitest';
import { ConflictError, createMarketplace, freelancerPayoutTransferId } from '@skillhouse/domain';
import {
  advanceWork,
  createWorld,
  hireThroughPayment,
  people,
  releaseRequested,
  unfundedContract,
} from '../escrow-fixtures.test-support.ts';
import { interceptPorts } from '../port-interception.test-support.ts';

describe('ReleaseEscrow', () => {
  it("an admin releases a requested escrow: the freelancer's wallet gets their earning, the release is Approved", async () => {
    const world = createWorld();
    const hire = await releaseRequested(world);

    const released = await world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });

    expect(released).toMatchObject({
      id: hire.escrowId,
      status: 'released',
      contractId: hire.contractId,
      resolution: {
        kind: 'release',
        clientRefundPaise: 0,
        freelancerPayoutPaise: 45_000,
        platformFeePaise: 5_000,
        decidedBy: people.admin.userId,
      },
    });
    expect(world.ports.ledger.walletEntries()).toEqual([
      expect.objectContaining({
        ownerId: people.freelancer.userId,
        amountPaise: 45_000,
        direction: 'credit',
        contractId: hire.contractId,
        escrowId: hire.escrowId,
        transferId: freelancerPayoutTransferId(hire.escrowId, 'release'),
      }),
    ]);
    expect((await world.service.contracts.view({ contractId: hire.contractId })).contract.releaseFundStatus).toBe('Approved');
    expect(world.ports.payments.refunds()).toEqual([]);
  });

  // Goal: a release waits on no processor, so its escrow's view is written once, settled, not
  // once resolved and again settled (two writes fewer on every release).
  it("writes the escrow's view once, settled", async () => {
    const world = createWorld();
    const hire = await releaseRequested(world);
    const viewsWritten: string[] = [];
    const service = createMarketplace(
      interceptPorts(world.ports, async (port, method, call) => {
        const result = await call();
        if ((port === 'escrows' && method === 'project') || (port === 'contracts' && method === 'projectEscrow')) {
          viewsWritten.push(`${port}.${method}: ${(await world.ports.escrows.view(hire.escrowId))?.status ?? 'none'}`);
        }
        return result;
      }),
    );

    await service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });

    expect(viewsWritten).toEqual(['contracts.projectEscrow: funded', 'escrows.project: released']);
    const [listed] = await world.ports.contracts.list({ clientId: people.client.userId, limit: 10 });
    expect(listed?.escrow).toMatchObject({ status: 'released' });
  });

  it('a second release is a 409 ESCROW.ALREADY_RESOLVED and credits nothing more', async () => {
    const world = createWorld();
    const hire = await releaseRequested(world);
    await world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId })).rejects.toThrow(ConflictError);
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId })).rejects.toMatchObject({
      code: 'ESCROW.ALREADY_RESOLVED',
    });
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(45_000);
  });

  it('refuses anyone but an admin', async () => {
    const world = createWorld();
    const hire = await releaseRequested(world);
    for (const actor of [people.client, people.freelancer]) {
      await expect(world.service.releaseEscrow.execute({ actor, contractId: hire.contractId })).rejects.toMatchObject({
        code: 'AUTH.ROLE_NOT_ALLOWED',
      });
    }
    expect(world.ports.ledger.walletEntries()).toEqual([]);
  });

  it('refuses before the client requested it, and before the work is Completed', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId })).rejects.toMatchObject({
      code: 'CONTRACT.RELEASE_NOT_ALLOWED',
    });
    await advanceWork(world, hire.contractId, 'Completed');
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId })).rejects.toMatchObject({
      code: 'CONTRACT.RELEASE_NOT_ALLOWED',
    });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({ status: 'funded', resolution: null });
  });

  it('answers ESCROW.NOT_FOUND for a contract no payment funds', async () => {
    const world = createWorld();
    const { contract } = await unfundedContract(world);
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: contract.id })).rejects.toMatchObject({
      code: 'ESCROW.NOT_FOUND',
      kind: 'not_found',
    });
  });
});
