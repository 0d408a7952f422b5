/**
 * What a multi-step operation is about: recovery reconciles this subject from its authoritative
 * records, so it does not matter at which step the operation stopped.
 */
export type OperationSubject =
  | { readonly type: 'job'; readonly id: string }
  | { readonly type: 'escrow'; readonly id: string }
  | { readonly type: 'checkoutSession'; readonly id: string }
  | { readonly type: 'withdrawal'; readonly id: string };

export type OperationSubjectType = OperationSubject['type'];

/** Every kind of subject, for adapters that read one back from storage. */
export const OPERATION_SUBJECT_TYPES = [
  'job',
  'escrow',
  'checkoutSession',
  'withdrawal',
] as const satisfies readonly OperationSubjectType[];

export interface OpenOperation {
  readonly id: string;
  readonly subject: OperationSubject;
  readonly openedAt: Date;
}

/** An open operation as recovery sees it: how often finishing it failed, and when to try next. */
export interface PendingOperation extends OpenOperation {
  readonly failedAttempts: number;
  /** `openedAt` until an attempt fails; then when recovery may try again. */
  readonly dueAt: Date;
}

/**
 * A work list for recovery. An operation is opened before its first write and closed after its last;
 * one left open tells recovery where a crash may have stopped something half-way.
 */
export interface OperationJournal {
  open(operation: OpenOperation): Promise<void>;
  close(operationId: string): Promise<void>;
  /** Operations due at or before `dueBefore`, earliest due first, bounded. */
  listOpen(dueBefore: Date, limit: number): Promise<readonly PendingOperation[]>;
  /**
   * Records a failed attempt to finish an operation and when to try again, so operations that keep
   * failing cannot crowd out the rest. A plain write: the last attempt's numbers win, which is enough.
   */
  postpone(operationId: string, failedAttempts: number, dueAt: Date): Promise<void>;
}
