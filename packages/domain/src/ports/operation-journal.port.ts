/**
 * What a multi-step operation is about: recovery reconciles this subject from its authoritative
 * records, so it does not matter at which step the operation stopped.
 */
export type OperationSubject =
  | { readonly type: 'job'; readonly id: string }
  | { readonly type: 'escrow'; readonly id: string }
  | { readonly type: 'checkoutSession'; readonly id: string };

export interface OpenOperation {
  readonly id: string;
  readonly subject: OperationSubject;
  readonly openedAt: Date;
}

/**
 * A work list for recovery. An operation is opened before its first write and closed after its last;
 * one left open tells recovery where a crash may have stopped something half-way.
 */
export interface OperationJournal {
  open(operation: OpenOperation): Promise<void>;
  close(operationId: string): Promise<void>;
  /** Oldest first, bounded. */
  listOpen(openedBefore: Date, limit: number): Promise<readonly OpenOperation[]>;
}
