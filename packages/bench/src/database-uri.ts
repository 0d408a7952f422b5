/** The parts of a `mongodb://` connection string the benchmark needs. */
export interface DatabaseAddress {
  readonly host: string;
  readonly port: number;
  /** `user:password@`, or empty. */
  readonly credentials: string;
  /** Query options other than replicaSet, without the `?`. */
  readonly options: string;
}

const DEFAULT_PORT = 27017;

/**
 * Reads the first host of a `mongodb://` connection string. A proxy can stand in front of one
 * server only, so `mongodb+srv://` is refused.
 */
export function parseDatabaseUri(uri: string): DatabaseAddress {
  const match = /^mongodb:\/\/(?:([^@/]*)@)?([^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/.exec(uri);
  if (match === null) throw new Error(`MONGODB_URI must be a mongodb:// connection string (one server, no +srv), not ${uri}`);
  const [firstHost] = match[2]!.split(',');
  const portMatch = /^(.*):(\d+)$/.exec(firstHost!);
  const options = (match[3] ?? '')
    .split('&')
    .filter((option) => option !== '' && !/^replicaSet=/i.test(option) && !/^directConnection=/i.test(option))
    .join('&');
  return {
    host: (portMatch?.[1] ?? firstHost!).replace(/^\[(.*)\]$/, '$1'),
    port: portMatch === null ? DEFAULT_PORT : Number(portMatch[2]),
    credentials: match[1] === undefined ? '' : `${match[1]}@`,
    options,
  };
}

/** A connection string to `database` through a proxy on `proxyPort`: one server, reached directly. */
export function uriThroughProxy(address: DatabaseAddress, proxyPort: number, database: string): string {
  const options = ['directConnection=true', ...(address.options === '' ? [] : [address.options])].join('&');
  return `mongodb://${address.credentials}127.0.0.1:${proxyPort}/${database}?${options}`;
}

/** A connection string to `database` on the server itself. */
export function directUri(address: DatabaseAddress, database: string): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const options = ['directConnection=true', ...(address.options === '' ? [] : [address.options])].join('&');
  return `mongodb://${address.credentials}${host}:${address.port}/${database}?${options}`;
}
