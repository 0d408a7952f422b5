import { randomBytes } from 'node:crypto';

/**
 * A fresh id shaped like a Stripe test-mode id (`cs_test_…`, `pi_test_…`, `evt_test_…`). stripe-mock
 * answers every create with the same canned id, so events of distinct payments take their ids from here.
 */
export function stripeTestId(prefix: string): string {
  return `${prefix}_test_${randomBytes(12).toString('hex')}`;
}
