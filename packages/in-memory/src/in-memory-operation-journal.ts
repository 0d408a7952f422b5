import type { OpenOperation, OperationJournal, PendingOperation } from '@skillhouse/domain';

export class InMemoryOperationJournal implements OperationJournal {
  private readonly openOperations = new Map<string, PendingOperation>();

  async open(operation: OpenOperation): Promise<void> {
    const { id, subject, openedAt } = operation;
    this.openOperations.set(id, { id, subject, openedAt, failedAttempts: 0, dueAt: openedAt });
  }

  async close(operationId: string): Promise<void> {
    this.openOperations.delete(operationId);
  }

  async listOpen(dueBefore: Date, limit: number): Promise<readonly PendingOperation[]> {
    return [...this.openOperations.values()]
      .filter((operation) => operation.dueAt.getTime() <= dueBefore.getTime())
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async postpone(operationId: string, failedAttempts: number, dueAt: Date): Promise<void> {
    const operation = this.openOperations.get(operationId);
    if (operation !== undefined) this.openOperations.set(operationId, { ...operation, failedAttempts, dueAt });
  }
}
