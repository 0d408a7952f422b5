import type { TestProject } from 'vitest/node';
import { startFerretDb } from './ferretdb.ts';
import { startStripeMock } from './stripe-mock.ts';
import type { RunningServer } from './server-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
    mongodbServer: 'ferretdb' | 'mongodb';
    stripeMockUrl: string;
  }
}

/**
 * Starts the servers the integration tests need, once per run: the MongoDB at MONGODB_URI when it is
 * set, otherwise a FerretDB v1 of our own; and stripe-mock. A server that cannot start fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: RunningServer[] = [];
  const external = process.env['MONGODB_URI'];
  if (external !== undefined && external !== '') {
    project.provide('mongodbUri', external);
    project.provide('mongodbServer', 'mongodb');
  } else {
    const ferretdb = await startFerretDb();
    started.push(ferretdb);
    project.provide('mongodbUri', ferretdb.url);
    project.provide('mongodbServer', 'ferretdb');
  }
  const stripeMock = await startStripeMock();
  started.push(stripeMock);
  project.provide('stripeMockUrl', stripeMock.url);
  return async () => {
    await Promise.all(started.map((server) => server.stop()));
  };
}
