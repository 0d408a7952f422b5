import { describe, expect, it } from 'vitest';
import { createWorld, delivered, people, releaseRequested, workedUpTo, type World } from '../escrow-fixtures.test-support.ts';

function preview(
  world: World,
  contractId: string,
  action: string,
  dispute: { freelancerPayout?: unknown; refundPlatformFee?: unknown } = {},
) {
  return world.service.previewResolution.execute({ actor: people.admin, contractId, action, ...dispute });
}

describe('PreviewResolution', () => {
  it('gives the split the refund policy gives, as the refund then decides it, and changes nothing', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);

    const shown = await preview(world, hire.contractId, 'refund');

    // ₹500: fee 50, earning 450; stopped Ongoing by an admin, the freelancer keeps 40 % of it.
    expect(shown).toMatchObject({
      action: 'refund',
      amountPaise: 50_000,
      stoppedBy: 'admin',
      resolution: { kind: 'refund', stage: 'Ongoing', clientRefundPaise: 27_000, freelancerPayoutPaise: 18_000, platformFeePaise: 5_000 },
    });
    await expect(world.service.contracts.view({ contractId: hire.contractId })).resolves.toMatchObject({
      contract: { status: 'Ongoing' },
      escrow: { resolution: null },
    });
    const refunded = await world.service.refundEscrow.execute({
      actor: people.admin,
      contractId: hire.contractId,
      clientId: people.client.userId,
    });
    expect(refunded.resolution).toMatchObject(shown.resolution);
  });

  it('keeps who canceled the work: a freelancer who walked away gets nothing', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Canceled' });
    await expect(preview(world, hire.contractId, 'refund')).resolves.toMatchObject({
      stoppedBy: 'freelancer',
      resolution: { stage: 'Ongoing', clientRefundPaise: 45_000, freelancerPayoutPaise: 0 },
    });
  });

  it('shows a release and a dispute decision as they would be decided, and refuses what the action would refuse', async () => {
    const world = createWorld();
    const requested = await releaseRequested(world);
    await expect(preview(world, requested.contractId, 'release')).resolves.toMatchObject({
      resolution: { kind: 'release', clientRefundPaise: 0, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 },
    });
    await expect(preview(world, requested.contractId, 'refund')).rejects.toMatchObject({ code: 'ESCROW.REFUND_REFUSED' });
    await expect(preview(world, requested.contractId, 'dispute', { freelancerPayout: 100 })).rejects.toMatchObject({
      code: 'DISPUTE.NOT_OPEN',
    });

    const disputed = await delivered(world, 100_000);
    await world.service.openDispute.execute({
      actor: people.client,
      contractId: disputed.contractId,
      reason: 'quality',
      description: 'No',
    });
    await expect(
      preview(world, disputed.contractId, 'dispute', { freelancerPayout: '270', refundPlatformFee: true }),
    ).resolves.toMatchObject({
      resolution: { kind: 'dispute', clientRefundPaise: 73_000, freelancerPayoutPaise: 27_000, platformFeePaise: 0 },
    });
    await expect(preview(world, disputed.contractId, 'dispute', { freelancerPayout: 900.01 })).rejects.toMatchObject({
      code: 'VALIDATION.PAYOUT_OVER_EARNING',
    });
    await expect(preview(world, disputed.contractId, 'release')).rejects.toMatchObject({ code: 'ESCROW.IN_DISPUTE' });
    await expect(preview(world, disputed.contractId, 'everything')).rejects.toMatchObject({ code: 'VALIDATION.INVALID_CHOICE' });
    await expect(
      world.service.previewResolution.execute({ actor: people.client, contractId: disputed.contractId, action: 'release' }),
    ).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
  });
});
