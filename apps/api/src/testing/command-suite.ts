import { connectMongo, createMongoosePorts, type MongoosePorts } from '@skillhouse/persistence-mongoose';
import { fileScoped } from './file-scoped.ts';
import { startIntegrationApi, type IntegrationApi } from './integration-api.ts';

export interface CommandSuite {
  readonly api: IntegrationApi;
  /** The API's database. */
  readonly uri: string;
  /** Ports of a second connection to it, for records no request writes (an interrupted operation, a violation). */
  readonly ports: MongoosePorts;
}

/**
 * One test file's API with its database opened beside it, for tests of the command-line tools run
 * on the same database: started before the file's tests and closed after them; read inside tests.
 */
export function commandSuite(tag: string): () => CommandSuite {
  return fileScoped(
    `the ${tag} API`,
    async () => {
      const api = await startIntegrationApi(tag);
      const uri = api.config.database.kind === 'mongo' ? api.config.database.uri : '';
      const mongo = await connectMongo(uri);
      return { api, uri, mongo, ports: await createMongoosePorts(mongo.connection) };
    },
    async ({ api, mongo }) => {
      await mongo.close();
      await api.close();
    },
  );
}
