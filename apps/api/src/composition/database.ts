/** The database as the process sees it: reachable or not, and closed at shutdown. */
export interface Database {
  readonly kind: 'memory' | 'mongo';
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const IN_PROCESS_DATABASE: Database = {
  kind: 'memory',
  ping: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
