import { LOOKUP_IDS_MAX, type Escrow } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { at, escrowFixture, newId, refundResolution, simultaneously } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

export function describeEscrows(ports: () => PersistencePorts): void {
  describe('escrows and their resolutions', () => {
    it('finds nothing for unknown ids', async () => {
      await expect(ports().escrows.findById(newId())).resolves.toBeNull();
      await expect(ports().escrows.findByCheckoutSession('cs_test_unknown')).resolves.toBeNull();
      await expect(ports().escrows.findResolution(newId())).resolves.toBeNull();
      await expect(ports().escrows.view(newId())).resolves.toBeNull();
    });

    it('claims an escrow and finds it by id and by checkout session, dates as dates', async () => {
      const escrow = escrowFixture();
      await expect(ports().escrows.claim(escrow)).resolves.toEqual({ outcome: 'claimed' });
      await expect(ports().escrows.findById(escrow.id)).resolves.toStrictEqual(escrow);
      await expect(ports().escrows.findByCheckoutSession(escrow.checkoutSessionId)).resolves.toStrictEqual(escrow);
      expect((await ports().escrows.findById(escrow.id))?.fundedAt).toBeInstanceOf(Date);
    });

    it('answers a second claim of the same checkout session with the first escrow', async () => {
      const first = escrowFixture();
      const second = escrowFixture({ checkoutSessionId: first.checkoutSessionId, amountPaise: 1 });
      await ports().escrows.claim(first);
      await expect(ports().escrows.claim(second)).resolves.toStrictEqual({ outcome: 'alreadyClaimed', existing: first });
      await expect(ports().escrows.findById(second.id)).resolves.toBeNull();
    });

    it('lets exactly one of 20 simultaneous claims of one checkout session win', async () => {
      const sessionId = `cs_test_${newId()}`;
      const candidates = Array.from({ length: 20 }, () => escrowFixture({ checkoutSessionId: sessionId }));
      const results = await simultaneously(20, (index) => ports().escrows.claim(candidates[index]!));
      const winners = candidates.filter((_, index) => results[index]!.outcome === 'claimed');
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.outcome === 'alreadyClaimed') expect(result.existing).toStrictEqual(winners[0]);
      }
      await expect(ports().escrows.findByCheckoutSession(sessionId)).resolves.toStrictEqual(winners[0]);
    });

    it('claims one resolution per escrow, with no progress yet, and answers a second with the first', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const refund = refundResolution(escrow);
      await expect(ports().escrows.claimResolution(refund)).resolves.toEqual({ outcome: 'claimed' });
      const held = { ...refund, stripeRefundId: null, completedAt: null };
      await expect(ports().escrows.findResolution(escrow.id)).resolves.toStrictEqual(held);
      const release = refundResolution(escrow, { kind: 'release', stage: null, clientRefundPaise: 0, freelancerPayoutPaise: 90_000, platformFeePaise: 10_000 });
      await expect(ports().escrows.claimResolution(release)).resolves.toStrictEqual({ outcome: 'alreadyClaimed', existing: held });
    });

    it('lets exactly one of 20 simultaneous resolutions of one escrow win', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const candidates = Array.from({ length: 20 }, (_, index) =>
        refundResolution(escrow, index % 2 === 0 ? { kind: 'release', stage: null, decidedBy: newId() } : { decidedBy: newId() }),
      );
      const results = await simultaneously(20, (index) => ports().escrows.claimResolution(candidates[index]!));
      const winners = candidates.filter((_, index) => results[index]!.outcome === 'claimed');
      expect(winners).toHaveLength(1);
      const held = { ...winners[0]!, stripeRefundId: null, completedAt: null };
      for (const result of results) if (result.outcome === 'alreadyClaimed') expect(result.existing).toStrictEqual(held);
      await expect(ports().escrows.findResolution(escrow.id)).resolves.toStrictEqual(held);
    });

    it('records progress: the refund id, and a completion time that is never moved once set', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      await ports().escrows.claimResolution(refundResolution(escrow));
      await ports().escrows.recordProgress(escrow.id, { stripeRefundId: 're_123' });
      await ports().escrows.recordProgress(escrow.id, { completedAt: at(40) });
      await ports().escrows.recordProgress(escrow.id, { completedAt: at(50) });
      await ports().escrows.recordProgress(escrow.id, { stripeRefundId: null });
      const resolution = await ports().escrows.findResolution(escrow.id);
      expect(resolution?.stripeRefundId).toBe('re_123');
      expect(resolution?.completedAt).toStrictEqual(at(40));
    });

    it('records no progress for an escrow without a resolution', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      await ports().escrows.recordProgress(escrow.id, { completedAt: at(40), stripeRefundId: 're_1' });
      await expect(ports().escrows.findResolution(escrow.id)).resolves.toBeNull();
    });

    it('views an escrow with its contract, resolution and status', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      await expect(ports().escrows.view(escrow.id)).resolves.toStrictEqual({ ...escrow, contractId: null, status: 'funded', resolution: null });
      const contractId = newId();
      await ports().escrows.recordContract(escrow.id, contractId);
      await ports().escrows.recordContract(escrow.id, contractId);
      const release = refundResolution(escrow, { kind: 'release', stage: null, contractId });
      await ports().escrows.claimResolution(release);
      const claimedView = await ports().escrows.view(escrow.id);
      expect(claimedView).toStrictEqual({ ...escrow, contractId, status: 'funded', resolution: { ...release, stripeRefundId: null, completedAt: null } });
      await ports().escrows.recordProgress(escrow.id, { completedAt: at(41) });
      expect((await ports().escrows.view(escrow.id))?.status).toBe('released');
    });

    it('views a refunded escrow with the contract named by its resolution when none was recorded', async () => {
      const escrow: Escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const refund = refundResolution(escrow);
      await ports().escrows.claimResolution(refund);
      await ports().escrows.recordProgress(escrow.id, { completedAt: at(42) });
      const view = await ports().escrows.view(escrow.id);
      expect(view?.contractId).toBe(refund.contractId);
      expect(view?.status).toBe('refunded');
      expect(view?.resolution?.completedAt).toStrictEqual(at(42));
    });

    it('views many escrows, each as `view` answers it, in the order asked, skipping unknown ids', async () => {
      const [funded, released, refunded] = [escrowFixture(), escrowFixture(), escrowFixture()];
      for (const escrow of [funded, released, refunded]) await ports().escrows.claim(escrow);
      await ports().escrows.recordContract(funded.id, newId());
      const releasedContractId = newId();
      await ports().escrows.recordContract(released.id, releasedContractId);
      await ports().escrows.claimResolution(refundResolution(released, { kind: 'release', stage: null, contractId: releasedContractId }));
      await ports().escrows.recordProgress(released.id, { completedAt: at(43) });
      await ports().escrows.claimResolution(refundResolution(refunded));
      await ports().escrows.recordProgress(refunded.id, { stripeRefundId: 're_456' });
      const ids = [refunded.id, newId(), funded.id, released.id];
      const views = await Promise.all(ids.map((id) => ports().escrows.view(id)));
      expect(views.map((view) => view?.status)).toStrictEqual(['funded', undefined, 'funded', 'released']);
      await expect(ports().escrows.viewMany(ids)).resolves.toStrictEqual(views.filter((view) => view !== null));
    });

    it('views one escrow per id asked, duplicates included, and nothing for none', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const view = await ports().escrows.view(escrow.id);
      await expect(ports().escrows.viewMany([escrow.id, escrow.id])).resolves.toStrictEqual([view, view]);
      await expect(ports().escrows.viewMany([])).resolves.toStrictEqual([]);
      await expect(ports().escrows.viewMany([newId()])).resolves.toStrictEqual([]);
    });

    it(`refuses to view more than ${LOOKUP_IDS_MAX} escrows at once`, async () => {
      const ids = Array.from({ length: LOOKUP_IDS_MAX + 1 }, () => newId());
      await expect(ports().escrows.viewMany(ids)).rejects.toThrow(/at most/);
    });
  });
}
