import {
  AuthErrors,
  ConcurrencyErrors,
  ContractErrors,
  EscrowErrors,
  DisputeErrors,
  JobErrors,
  MediaErrors,
  PaymentErrors,
  ReviewErrors,
  UserErrors,
  ValidationErrors,
  WalletErrors,
  type ErrorCatalogue,
} from '@skillhouse/domain';
import { WebhookErrors } from '@skillhouse/payments-stripe';
import { statusOfKind } from '../http/error-middleware.ts';
import { HttpErrors, type ProblemKind } from '../http/http.errors.ts';
import { ServiceErrors } from '../http/service.errors.ts';
import { generatedSection, withGeneratedSection, type SectionMarkers } from '../../../../scripts/generated-section.ts';

/** Every catalogue of codes the API can answer with: the domain's areas, the Stripe webhook's, the API's own. */
export const ERROR_CATALOGUES: readonly ErrorCatalogue<ProblemKind>[] = [
  ValidationErrors,
  AuthErrors,
  UserErrors,
  JobErrors,
  ContractErrors,
  EscrowErrors,
  DisputeErrors,
  ReviewErrors,
  MediaErrors,
  PaymentErrors,
  WalletErrors,
  ConcurrencyErrors,
  WebhookErrors,
  HttpErrors,
  ServiceErrors,
];

export interface ErrorCodeRow {
  readonly code: string;
  readonly status: number;
  readonly when: string;
}

/** One row per catalogue entry, by status and then code. */
export function errorCodeRows(): ErrorCodeRow[] {
  return ERROR_CATALOGUES.flatMap((catalogue) =>
    Object.values(catalogue).map(({ code, kind, when }) => ({ code, status: statusOfKind(kind), when })),
  ).sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

const ERROR_CODES: SectionMarkers = {
  begin: '<!-- error codes: generated from the catalogues by `pnpm docs:errors`; a unit test checks it -->',
  end: '<!-- end of error codes -->',
};

export function errorCodeTable(rows: readonly ErrorCodeRow[]): string {
  const lines = rows.map(({ code, status, when }) => `| ${status} | \`${code}\` | ${when} |`);
  return ['| status | code | when |', '|---|---|---|', ...lines].join('\n');
}

/** The markdown between the markers, or null when a marker is missing. */
export function errorCodeSection(markdown: string): string | null {
  return generatedSection(markdown, ERROR_CODES);
}

/** `markdown` with the section between the markers replaced by the table of `rows`. */
export function withErrorCodeTable(markdown: string, rows: readonly ErrorCodeRow[]): string {
  return withGeneratedSection(markdown, ERROR_CODES, errorCodeTable(rows));
}
