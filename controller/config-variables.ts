/**
 * Every environment variable `readConfig` reads, with its default and meaning: `run --help` lists
 * them (the README's Configuration table says the same). A unit test checks that every name read in
 * config.ts is here, so the help cannot fall behind.
 */
export interface ConfigVariable {
  name: string;
  /** As the help shows it: a value, `unset`, or `required`. */
  default: string;
  meaning: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'CXONE_DOMAIN', default: 'required', meaning: 'the CXone API host[:port] (HTTPS), or a full URL; http:// only to loopback' },
  { name: 'CXONE_CLIENT_ID', default: 'required', meaning: 'the API client id' },
  { name: 'CXONE_CLIENT_SECRET', default: 'required', meaning: "the API client's secret" },
  { name: 'CXONE_DIALECT', default: 'tutorial', meaning: "tutorial (the tutorial's campaign API) or cxone (a real NICE CXone tenant's skills)" },
  { name: 'CXONE_ACCESS_KEY_ID', default: 'unset', meaning: "cxone dialect: the API user's access key id" },
  { name: 'CXONE_ACCESS_KEY_SECRET', default: 'unset', meaning: "cxone dialect: the access key's secret" },
  { name: 'CXONE_AUTH_URL', default: 'https://cxone.niceincontact.com', meaning: 'cxone dialect: where tokens come from' },
  { name: 'CXONE_TENANT_ID', default: "the token's tenantId", meaning: 'cxone dialect: the tenant' },
  { name: 'CXONE_API_VERSION', default: 'v34.0', meaning: 'cxone dialect: the API version in the paths' },
  { name: 'CXONE_RATE_LIMIT_PER_MINUTE', default: '100', meaning: 'client-side request budget per client id' },
  { name: 'CXONE_MAX_RETRY_AFTER_SECONDS', default: '300', meaning: 'the longest Retry-After waited for; a longer one opens the circuit' },
  { name: 'CXONE_MAX_RESPONSE_BYTES', default: '16 MiB', meaning: 'the largest answer body read from CXone' },
  { name: 'CXONE_MAX_LIST_PAGES', default: '1000', meaning: 'the most pages one listing reads' },
  { name: 'ML_WEBHOOK_URL', default: 'unset', meaning: 'ML monitoring endpoint (a CXone webhook plus an event per apply)' },
  { name: 'GITOPS_REPO_URL', default: 'required', meaning: 'the desired-state remote: a path, file://, https or ssh URL' },
  { name: 'GITOPS_REPO_TOKEN', default: 'unset', meaning: 'an https token for the remote (through a credential helper, never in argv)' },
  { name: 'GITOPS_REPO_USERNAME', default: 'x-access-token', meaning: "the token's user name" },
  { name: 'GITOPS_SSH_KEY_FILE', default: "ssh's own", meaning: 'the private key ssh offers (only that one)' },
  { name: 'GITOPS_SSH_KNOWN_HOSTS', default: "ssh's own", meaning: "known_hosts with the server's host key" },
  { name: 'GITOPS_BRANCH', default: 'main', meaning: 'the watched branch' },
  { name: 'GITOPS_PATH', default: '.', meaning: 'the sub-directory holding the files' },
  { name: 'GITOPS_POLL_SECONDS', default: '30', meaning: 'fetch interval' },
  { name: 'GITOPS_SCHEDULE', default: '*/5 * * * *', meaning: 'cron of full sweeps (a leading seconds field is allowed)' },
  { name: 'GITOPS_AUDIT_BRANCH', default: 'cxone-gitops/audit', meaning: 'where audit commits go' },
  { name: 'GITOPS_COMMIT_URL', default: 'from GITOPS_REPO_URL', meaning: "the dashboard's link to a commit, {sha} replaced (an https or ssh remote gives https://host/owner/repo/commit/{sha})" },
  { name: 'GIT_WEBHOOK_SECRET', default: 'unset', meaning: 'secret of signed push events (POST /hooks/git is off without it)' },
  { name: 'DATA_DIR', default: '.cxone-gitops', meaning: 'the clone, the audit journal and state' },
  { name: 'HTTP_HOST', default: '127.0.0.1', meaning: 'the status server address' },
  { name: 'HTTP_PORT', default: '8080', meaning: 'the status server port (0 picks a free one)' },
  { name: 'HTTP_ALLOWED_HOSTS', default: 'unset', meaning: 'host names the status server answers besides IP addresses and localhost (comma-separated; .example.com for a domain)' },
  { name: 'HTTP_AUTH_TOKEN', default: 'unset', meaning: 'bearer token for /api/* and the dashboard, enforced whenever set; required off loopback' },
  { name: 'ALERT_WEBHOOK_URL', default: 'unset', meaning: 'signed JSON webhook for alerts' },
  { name: 'ALERT_WEBHOOK_SECRET', default: 'unset', meaning: "the webhook's HMAC-SHA256 secret" },
  { name: 'ALERT_SLACK_WEBHOOK_URL', default: 'unset', meaning: 'Slack incoming webhook for alerts' },
  { name: 'ALERT_ALERTMANAGER_URL', default: 'unset', meaning: 'Prometheus Alertmanager for alerts' },
  { name: 'ALERT_PAGERDUTY_ROUTING_KEY', default: 'unset', meaning: 'PagerDuty Events v2 routing key' },
  { name: 'ALERT_PAGERDUTY_EVENTS_URL', default: 'PagerDuty', meaning: 'PagerDuty Events API URL' },
  { name: 'ALERT_TEAMS_WEBHOOK_URL', default: 'unset', meaning: 'Microsoft Teams webhook for alerts' },
  { name: 'LEADER_ELECTION', default: 'unset', meaning: 'etcd: replicas elect one writer (unset: a single controller)' },
  { name: 'ETCD_ENDPOINTS', default: 'unset', meaning: 'with LEADER_ELECTION=etcd: the etcd client URLs, comma-separated' },
  { name: 'LEADER_ELECTION_TTL', default: '15', meaning: 'with LEADER_ELECTION=etcd: the lease, seconds' },
  { name: 'ETCD_CA_FILE', default: 'unset', meaning: "with LEADER_ELECTION=etcd: PEM CA of etcd's server certificates (https:// endpoints)" },
  { name: 'ETCD_CERT_FILE', default: 'unset', meaning: 'with ETCD_CA_FILE: a client certificate (PEM), with ETCD_KEY_FILE' },
  { name: 'ETCD_KEY_FILE', default: 'unset', meaning: "the client certificate's private key (PEM)" },
  { name: 'ETCD_TLS_SERVER_NAME', default: "the endpoint's host", meaning: "the name etcd's certificates are checked against (needed on Node 26 for endpoints given by IP)" },
  { name: 'ETCD_USERNAME', default: 'unset', meaning: "etcd's own authentication: the user, with ETCD_PASSWORD" },
  { name: 'ETCD_PASSWORD', default: 'unset', meaning: "the etcd user's password" },
  { name: 'GITOPS_HEARTBEAT_SECONDS', default: '30', meaning: 'without LEADER_ELECTION: the single-writer heartbeat on the remote (stale after 3 intervals); 0 is off' },
  { name: 'SIMULATION_WORKERS', default: 'one per core', meaning: "worker threads of the local simulator" },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent (JSON lines)' },
  { name: 'NODE_EXTRA_CA_CERTS', default: 'unset', meaning: 'PEM file of extra CAs to trust (a private CA in front of CXone)' },
];

/** The help text block: one aligned line per variable. */
export function describeConfigVariables(variables: readonly ConfigVariable[] = CONFIG_VARIABLES): string {
  const width = Math.max(...variables.map((variable) => variable.name.length));
  const lines = variables.map((variable) => `  ${variable.name.padEnd(width)}  ${variable.meaning} (${variable.default === 'required' || variable.default === 'unset' ? variable.default : `default ${variable.default}`})`);
  return ['', 'Environment (a .env file in the working directory is read too; real variables win):', ...lines].join('\n');
}
