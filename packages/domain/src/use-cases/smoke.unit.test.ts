import { describe, expect, it } from 'vitest';
import { createInMemoryPorts } from '@skillhouse/in-memory';
import { createEscrowService } from '../index.ts';

describe('smoke', () => {
  it('runs the whole flow', async () => {
    const ports = createInMemoryPorts();
    const service = createEscrowService(ports);
    const client = { userId: 'a'.repeat(24), role: 'client' as const };
    const freelancer = { userId: 'b'.repeat(24), role: 'freelancer' as const };
    const admin = { userId: 'c'.repeat(24), role: 'admin' as const };
    const job = await service.postJob.execute({ actor: client, title: 'T', description: 'D', rate: 500 });
    const session = await service.createCheckout.execute({ actor: client, jobId: job.id, title: 'T', rate: 500, freelancerId: freelancer.userId });
    const paid = await service.recordPayment.execute({
      checkoutSessionId: session.sessionId, paymentIntentId: 'pi_1', amountPaidPaise: 50000, currency: 'inr', paid: true,
      metadata: { jobId: job.id, clientId: client.userId, freelancerId: freelancer.userId },
    });
    expect(paid.outcome).toBe('recorded');
    if (paid.outcome !== 'recorded') return;
    const contractId = paid.escrow.contractId!;
    await service.approveContract.execute({ actor: freelancer, contractId, freelancerId: freelancer.userId });
    await service.updateContractStatus.execute({ actor: freelancer, contractId, status: 'Ongoing' });
    await service.updateContractStatus.execute({ actor: freelancer, contractId, status: 'Completed' });
    await service.requestRelease.execute({ actor: client, contractId });
    const released = await service.releaseEscrow.execute({ actor: admin, contractId });
    expect(released.status).toBe('released');
    expect(await ports.ledger.balanceOf(freelancer.userId)).toBe(45000);
  });
});
