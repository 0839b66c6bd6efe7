/**
 * The settings of one writer per repository and client id (README "High availability"):
 * LEADER_ELECTION, ETCD_ENDPOINTS, LEADER_ELECTION_TTL, etcd's TLS and password settings, and
 * GITOPS_HEARTBEAT_SECONDS for a controller without an election. Read by `readConfig`, which
 * names every wrong value at once.
 */

export interface ElectionSettings {
  kind: 'etcd';
  endpoints: string[];
  ttlSeconds: number;
  /** ETCD_CA_FILE / ETCD_CERT_FILE / ETCD_KEY_FILE: TLS to etcd (the files are read at start). */
  tls?: { caFile: string; certFile?: string; keyFile?: string; serverName?: string };
  /** ETCD_USERNAME / ETCD_PASSWORD: etcd's own authentication. */
  auth?: { username: string; password: string };
}

type Text = (name: string) => string | undefined;
type Integer = (name: string, fallback: number, min: number, max: number) => number;

/** LEADER_ELECTION and the etcd settings; undefined when LEADER_ELECTION is unset. */
export function readElection(text: Text, integer: Integer, problems: string[]): ElectionSettings | undefined {
  const kind = text('LEADER_ELECTION');
  if (kind === undefined) return undefined;
  if (kind !== 'etcd') {
    problems.push(`LEADER_ELECTION must be "etcd" (or unset for a single controller), got "${kind}"`);
    return undefined;
  }
  const endpoints = (text('ETCD_ENDPOINTS') ?? '').split(',').map((endpoint) => endpoint.trim()).filter(Boolean);
  if (endpoints.length === 0) problems.push('ETCD_ENDPOINTS is not set: set it to the etcd client URLs, comma-separated, e.g. http://etcd-0.etcd:2379,http://etcd-1.etcd:2379');
  for (const endpoint of endpoints) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) problems.push(`ETCD_ENDPOINTS entry "${endpoint}" must be an http(s)://host:port URL`);
  }
  const username = text('ETCD_USERNAME');
  const password = text('ETCD_PASSWORD');
  const tls = readTls(text, endpoints, problems, username !== undefined);
  if ((username === undefined) !== (password === undefined)) problems.push('ETCD_USERNAME and ETCD_PASSWORD go together: set both (etcd authentication) or neither');
  const auth = username !== undefined && password !== undefined ? { username, password } : undefined;
  return { kind, endpoints, ttlSeconds: integer('LEADER_ELECTION_TTL', 15, 2, 300), ...(tls ? { tls } : {}), ...(auth ? { auth } : {}) };
}

function readTls(text: Text, endpoints: readonly string[], problems: string[], withPassword: boolean): ElectionSettings['tls'] {
  const caFile = text('ETCD_CA_FILE');
  const certFile = text('ETCD_CERT_FILE');
  const keyFile = text('ETCD_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) problems.push('ETCD_CERT_FILE and ETCD_KEY_FILE go together: set both (a client certificate for etcd) or neither');
  if (caFile === undefined) {
    if (certFile !== undefined) problems.push('ETCD_CERT_FILE is set without ETCD_CA_FILE: set ETCD_CA_FILE to the CA that signed the etcd servers\' certificates');
    return undefined;
  }
  const plain = endpoints.filter((endpoint) => endpoint.startsWith('http://'));
  if (plain.length > 0) problems.push(`ETCD_CA_FILE is set but ETCD_ENDPOINTS has plain http entries (${plain.join(', ')}): use https:// for every etcd endpoint`);
  const serverName = text('ETCD_TLS_SERVER_NAME');
  const ipProblem = ipServerNameProblem(endpoints, serverName, Number(process.versions.node.split('.')[0]), withPassword);
  if (ipProblem) problems.push(ipProblem);
  return { caFile, ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}), ...(serverName ? { serverName } : {}) };
}

/**
 * Node 26 refuses an IP address as a TLS server name, and the gRPC client sends the endpoint's
 * host as one: TLS endpoints given by IP need ETCD_TLS_SERVER_NAME, a DNS name of the etcd
 * certificates (Node 20 accepts the IP with a deprecation warning).
 */
export function ipServerNameProblem(endpoints: readonly string[], serverName: string | undefined, nodeMajor: number, withPassword = false): string | undefined {
  if (nodeMajor < 26) return undefined;
  const byIp = endpoints.filter((endpoint) => /^https:\/\/(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d+)?\/?$/i.test(endpoint));
  if (byIp.length === 0) return undefined;
  // etcd3's password exchange opens its own connection without the server-name override.
  if (withPassword) return `ETCD_ENDPOINTS ${byIp.join(', ')} name etcd by IP address over TLS with ETCD_USERNAME: on Node ${nodeMajor} the etcd client's password exchange sends the IP as TLS server name, which Node refuses; use host names in ETCD_ENDPOINTS`;
  if (serverName !== undefined) return undefined;
  return `ETCD_ENDPOINTS ${byIp.join(', ')} name etcd by IP address over TLS, which Node ${nodeMajor} does not allow as a TLS server name: use host names in ETCD_ENDPOINTS, or set ETCD_TLS_SERVER_NAME to a DNS name the etcd certificates carry`;
}

/** GITOPS_HEARTBEAT_SECONDS for a controller without an election (default 30; 0 turns the check off). */
export function readHeartbeatSeconds(integer: Integer): number {
  return integer('GITOPS_HEARTBEAT_SECONDS', 30, 0, 3600);
}
