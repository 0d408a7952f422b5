import { z } from 'zod';
import {
  paiseToInr,
  RECONCILIATION_DIFFERENCE_KINDS,
  RECONCILIATION_WINDOW_DAYS_DEFAULT,
  type ReconciliationReport,
} from '@skillhouse/domain';

/** The reconciliation's query and answer (docs/ledger.md, "Reconciliation"), amounts in INR like every amount the API shows. */

export const reconciliationQuery = z.object({
  since: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: 'must be an ISO 8601 date, or date and time with its zone, e.g. 2026-03-01 or 2026-03-01T06:00:00Z',
    })
    .optional()
    .meta({
      description: `Compare escrows funded, and withdrawals requested, at or after this time (UTC midnight for a date); ${RECONCILIATION_WINDOW_DAYS_DEFAULT} days back when left out`,
    }),
});

const differenceSchema = z
  .object({
    kind: z.enum(RECONCILIATION_DIFFERENCE_KINDS),
    subject: z.enum(['escrow', 'withdrawal']),
    subjectId: z.string(),
    externalId: z.string().nullable().meta({ description: "The processor's object: the payment intent, a refund, a transfer" }),
    ledgerAmount: z.number().nullable().meta({ description: 'INR, as the ledger records it, when the difference is about an amount' }),
    processorAmount: z.number().nullable().meta({ description: 'INR, as the processor reports it' }),
    message: z.string(),
  })
  .meta({ id: 'ReconciliationDifference' });

export const reconciliationSchema = z
  .object({
    since: z.iso.datetime(),
    escrowsChecked: z.number().int(),
    withdrawalsChecked: z.number().int(),
    count: z.number().int(),
    differences: z.array(differenceSchema),
  })
  .meta({ id: 'Reconciliation' });

export function reconciliationDocument(report: ReconciliationReport): z.infer<typeof reconciliationSchema> {
  return {
    since: report.since.toISOString(),
    escrowsChecked: report.escrowsChecked,
    withdrawalsChecked: report.withdrawalsChecked,
    count: report.differences.length,
    differences: report.differences.map((difference) => ({
      kind: difference.kind,
      subject: difference.subject,
      subjectId: difference.subjectId,
      externalId: difference.externalId,
      ledgerAmount: difference.ledgerPaise === null ? null : paiseToInr(difference.ledgerPaise),
      processorAmount: difference.processorPaise === null ? null : paiseToInr(difference.processorPaise),
      message: difference.message,
    })),
  };
}
