import { describe, expect, it } from 'vitest';
import { checkoutMetadata, createMarketplace, type Actor, type CheckoutOutcome } from '@skillhouse/domain';
import { createInMemoryPorts } from '@skillhouse/in-memory';
import { RandomObjectIds, SystemClock } from '@skillhouse/system-clock-and-ids';

/**
 * The domain used as a library, as docs/architecture.md ("Using the domain as a library") shows it:
 * public entry points only, the in-memory adapters, a hire paid through the processor's report,
 * the work delivered, the money released to the wallet. Kept as a test so the example keeps working.
 */
describe('the domain as a library', () => {
  it('hires through a paid checkout, releases the escrow and credits the wallet, in integer paise', async () => {
    const ids = new RandomObjectIds();
    const ports = { ...createInMemoryPorts(), clock: new SystemClock(), ids };
    const marketplace = createMarketplace(ports, { platformFeeBps: 1_000 });
    const client: Actor = { userId: ids.newId(), role: 'client' };
    const freelancer: Actor = { userId: ids.newId(), role: 'freelancer' };
    const admin: Actor = { userId: ids.newId(), role: 'admin' };
    await ports.users.register({ id: freelancer.userId, role: 'freelancer', displayName: 'Asha', blocked: false });

    const job = await marketplace.postJob.execute({ actor: client, title: 'Logo', description: 'For a bakery', rate: 5_000 });
    const session = await marketplace.createCheckout.execute({
      actor: client,
      jobId: job.id,
      title: 'Logo',
      rate: 5_000,
      freelancerId: freelancer.userId,
    });
    // What the processor reports once the client paid (the API's webhook builds it from Stripe's event).
    const request = ports.payments.sessions.get(session.sessionId);
    if (request === undefined) throw new Error('the checkout was opened at the processor');
    const paid: CheckoutOutcome = {
      checkoutSessionId: session.sessionId,
      paymentIntentId: `pi_${session.sessionId}`,
      amountPaidPaise: request.amountPaise,
      currency: 'inr',
      paid: true,
      metadata: checkoutMetadata(request),
    };
    const recorded = await marketplace.recordPayment.execute(paid);
    if (recorded.outcome !== 'recorded' || recorded.escrow.contractId === null) throw new Error('the payment funded a contract');
    const contractId = recorded.escrow.contractId;
    expect(recorded.escrow).toMatchObject({ amountPaise: 500_000, platformFeePaise: 50_000, freelancerEarningPaise: 450_000 });
    // A redelivery of the same report changes nothing.
    await expect(marketplace.recordPayment.execute(paid)).resolves.toMatchObject({ escrow: { id: recorded.escrow.id } });

    for (const status of ['Started', 'Ongoing', 'Completed']) {
      await marketplace.updateContractStatus.execute({ actor: freelancer, contractId, status });
    }
    await marketplace.requestRelease.execute({ actor: client, contractId });
    await expect(marketplace.releaseEscrow.execute({ actor: admin, contractId })).resolves.toMatchObject({ status: 'released' });

    await expect(marketplace.getEarnings.execute({ actor: freelancer, userId: freelancer.userId })).resolves.toMatchObject({
      balancePaise: 450_000,
    });
  });
});
