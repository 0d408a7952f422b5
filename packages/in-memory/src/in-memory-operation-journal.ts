import type { OpenOperation, OperationJournal } from '@skillhouse/domain';

export class InMemoryOperationJournal implements OperationJournal {
  private readonly openOperations = new Map<string, OpenOperation>();

  async open(operation: OpenOperation): Promise<void> {
    this.openOperations.set(operation.id, structuredClone(operation));
  }

  async close(operationId: string): Promise<void> {
    this.openOperations.delete(operationId);
  }

  async listOpen(openedBefore: Date, limit: number): Promise<readonly OpenOperation[]> {
    return structuredClone(
      [...this.openOperations.values()]
        .filter((operation) => operation.openedAt.getTime() <= openedBefore.getTime())
        .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())
        .slice(0, limit),
    );
  }
}
