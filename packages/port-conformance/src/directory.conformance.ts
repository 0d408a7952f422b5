import { AssertionFailed, LOOKUP_IDS_MAX, type OpenOperation, type PendingOperation } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { at, newId, reviewFixture, simultaneously, userFixture } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

export function describeReviews(ports: () => PersistencePorts): void {
  describe('reviews', () => {
    it('adds one review per contract', async () => {
      const review = reviewFixture();
      await expect(ports().reviews.add(review)).resolves.toEqual({ outcome: 'added' });
      await expect(
        ports().reviews.add(reviewFixture({ contractId: review.contractId, freelancerId: review.freelancerId })),
      ).resolves.toEqual({ outcome: 'alreadyExists' });
      await expect(ports().reviews.listByFreelancer(review.freelancerId, { limit: 10 })).resolves.toStrictEqual([review]);
    });

    it('adds exactly one of 20 simultaneous reviews of one contract', async () => {
      const contractId = newId();
      const freelancerId = newId();
      const results = await simultaneously(20, () => ports().reviews.add(reviewFixture({ contractId, freelancerId })));
      expect(results.filter((result) => result.outcome === 'added')).toHaveLength(1);
      await expect(ports().reviews.listByFreelancer(freelancerId, { limit: 50 })).resolves.toHaveLength(1);
    });

    it('lists a freelancer newest first, bounded', async () => {
      const freelancerId = newId();
      const reviews = [1, 3, 2].map((minute) => reviewFixture({ freelancerId, createdAt: at(minute) }));
      for (const review of reviews) await ports().reviews.add(review);
      await ports().reviews.add(reviewFixture());
      await expect(ports().reviews.listByFreelancer(freelancerId, { limit: 10 })).resolves.toStrictEqual([
        reviews[1],
        reviews[2],
        reviews[0],
      ]);
      await expect(ports().reviews.listByFreelancer(freelancerId, { limit: 1 })).resolves.toStrictEqual([reviews[1]]);
    });

    it('pages a freelancer’s reviews after a position, ties on the time broken by the id', async () => {
      const freelancerId = newId();
      const [early, sameTimeA, sameTimeB] = [at(1), at(2), at(2)].map((createdAt) => reviewFixture({ freelancerId, createdAt }));
      for (const review of [early, sameTimeA, sameTimeB]) await ports().reviews.add(review!);
      const [higher, lower] = [sameTimeA!, sameTimeB!].sort((left, right) => (left.id < right.id ? 1 : -1));
      await expect(ports().reviews.listByFreelancer(freelancerId, { limit: 10 })).resolves.toStrictEqual([higher, lower, early]);
      const after = { at: at(2), id: higher!.id };
      await expect(ports().reviews.listByFreelancer(freelancerId, { limit: 10, after })).resolves.toStrictEqual([lower, early]);
      await expect(
        ports().reviews.listByFreelancer(freelancerId, { limit: 1, after: { at: at(2), id: lower!.id } }),
      ).resolves.toStrictEqual([early]);
    });
  });
}

export function describeUsers(ports: () => PersistencePorts): void {
  describe('user directory', () => {
    it('saves, finds and overwrites a user', async () => {
      const user = userFixture();
      await expect(ports().users.find(user.id)).resolves.toBeNull();
      await ports().users.save(user);
      await expect(ports().users.find(user.id)).resolves.toStrictEqual(user);
      await ports().users.save({ ...user, blocked: true });
      await expect(ports().users.find(user.id)).resolves.toStrictEqual({ ...user, blocked: true });
    });

    it('finds many in the order asked, skipping unknown ids', async () => {
      const [first, second] = [userFixture({ role: 'client' }), userFixture()];
      await ports().users.save(first);
      await ports().users.save(second);
      await expect(ports().users.findMany([second.id, newId(), first.id])).resolves.toStrictEqual([second, first]);
      await expect(ports().users.findMany([])).resolves.toStrictEqual([]);
    });

    it('registers a user once and never overwrites a known one', async () => {
      const user = userFixture();
      await expect(ports().users.register(user)).resolves.toStrictEqual({ outcome: 'registered' });
      await ports().users.save({ ...user, blocked: true });
      await expect(ports().users.register({ ...user, displayName: 'someone else' })).resolves.toStrictEqual({
        outcome: 'alreadyKnown',
        existing: { ...user, blocked: true },
      });
      await expect(ports().users.find(user.id)).resolves.toStrictEqual({ ...user, blocked: true });
    });

    it('registers and saves a user whose display name is not known yet', async () => {
      const user = userFixture({ displayName: '' });
      await expect(ports().users.register(user)).resolves.toStrictEqual({ outcome: 'registered' });
      await ports().users.save({ ...user, blocked: true });
      await expect(ports().users.find(user.id)).resolves.toStrictEqual({ ...user, blocked: true });
    });

    it('registers exactly one of 20 simultaneous first registrations', async () => {
      const user = userFixture();
      const results = await simultaneously(20, (index) => ports().users.register({ ...user, displayName: `Asha ${index}` }));
      expect(results.filter((result) => result.outcome === 'registered')).toHaveLength(1);
      await expect(ports().users.findMany([user.id])).resolves.toHaveLength(1);
    });

    it(`refuses to find more than ${LOOKUP_IDS_MAX} users at once`, async () => {
      const ids = Array.from({ length: LOOKUP_IDS_MAX + 1 }, () => newId());
      await expect(ports().users.findMany(ids)).rejects.toThrow(AssertionFailed);
    });

    it('keeps one user when 20 first saves race', async () => {
      const user = userFixture();
      await simultaneously(20, (index) => ports().users.save({ ...user, displayName: `Asha ${index}` }));
      const saved = await ports().users.find(user.id);
      expect(saved?.displayName).toMatch(/^Asha \d+$/);
      await expect(ports().users.findMany([user.id])).resolves.toHaveLength(1);
    });
  });
}

export function describeOperations(ports: () => PersistencePorts): void {
  describe('operation journal', () => {
    const operation = (minute: number): OpenOperation => ({ id: newId(), subject: { type: 'escrow', id: newId() }, openedAt: at(minute) });
    const pending = (open: OpenOperation): PendingOperation => ({ ...open, failedAttempts: 0, dueAt: open.openedAt });

    it('lists open operations due at or before a time, earliest first, bounded', async () => {
      const [late, early, middle, future] = [operation(3), operation(1), operation(2), operation(9)];
      for (const open of [late, early, middle, future]) await ports().operations.open(open);
      await expect(ports().operations.listOpen(at(3), 10)).resolves.toStrictEqual([early, middle, late].map(pending));
      await expect(ports().operations.listOpen(at(3), 2)).resolves.toStrictEqual([early, middle].map(pending));
      await expect(ports().operations.listOpen(at(0), 10)).resolves.toStrictEqual([]);
    });

    it('lists a postponed operation again only once it is due, with its failed attempts', async () => {
      const [first, second] = [operation(1), operation(2)];
      await ports().operations.open(first);
      await ports().operations.open(second);
      await ports().operations.postpone(first.id, 3, at(5));
      await expect(ports().operations.listOpen(at(4), 10)).resolves.toStrictEqual([pending(second)]);
      await expect(ports().operations.listOpen(at(5), 10)).resolves.toStrictEqual([
        pending(second),
        { ...first, failedAttempts: 3, dueAt: at(5) },
      ]);
      await ports().operations.postpone(newId(), 1, at(1));
    });

    it('forgets a closed operation, and closing twice or closing an unknown one is harmless', async () => {
      const job = { id: newId(), subject: { type: 'job', id: newId() }, openedAt: at(1) } as const;
      const session = { id: newId(), subject: { type: 'checkoutSession', id: 'cs_test_1' }, openedAt: at(2) } as const;
      await ports().operations.open(job);
      await ports().operations.open(session);
      await ports().operations.close(job.id);
      await ports().operations.close(job.id);
      await ports().operations.close(newId());
      await expect(ports().operations.listOpen(at(10), 10)).resolves.toStrictEqual([
        { ...session, failedAttempts: 0, dueAt: session.openedAt },
      ]);
    });
  });
}
