/**
 * The controller's configuration: `readConfig(env)` is the only reader of the environment. It
 * validates every setting and names every missing or wrong one at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseEnv } from 'node:util';
import { sweepCronProblem } from './domain/sweep-cron.js';
import type { AlertEnvironment } from './adapters/alerts/alert-dispatcher.js';
import type { GitRemoteAccess } from './adapters/git/git-remote-access.js';
import { isLoopback } from './lib/is-loopback.js';
import { authTokenProblem } from './lib/constant-time-equal.js';
import { allowedHostProblem } from './adapters/http/host-allow-list.js';
import { BAD_PORT_ADVICE, badPortText, FETCH_BAD_PORTS } from './adapters/outbound/fetch-bad-ports.js';
import { readElection, readHeartbeatSeconds, type ElectionSettings } from './adapters/election/election-settings.js';
import { envReader, type EnvReader } from './config-env-reader.js';

export interface Config {
  cxone: {
    /** Base URL resolved from CXONE_DOMAIN, e.g. `https://api.example.com`. */
    baseUrl?: string;
    clientId?: string;
    clientSecret?: string;
    ratePerMinute: number;
    /** CXONE_DIALECT: the tutorial's campaign API or the real CXone skills API. Default `tutorial`. */
    dialect: 'tutorial' | 'cxone';
    /** cxone: CXONE_ACCESS_KEY_ID / CXONE_ACCESS_KEY_SECRET, the API user's access key. */
    accessKeyId?: string;
    accessKeySecret?: string;
    /** cxone: CXONE_AUTH_URL. Default `https://cxone.niceincontact.com`. */
    authUrl: string;
    /** cxone: CXONE_TENANT_ID. Default: the token's tenantId claim. */
    tenantId?: string;
    /** cxone: CXONE_API_VERSION. Default `v34.0`. */
    apiVersion: string;
    /** CXONE_MAX_RETRY_AFTER_SECONDS: the longest Retry-After honoured; longer opens the circuit. Default 300. */
    maxRetryAfterSeconds: number;
    /** CXONE_MAX_RESPONSE_BYTES: the largest answer body read. Default 16 MiB. */
    maxResponseBytes: number;
    /** CXONE_MAX_LIST_PAGES: the most pages one listing reads. Default 1000. */
    maxListPages: number;
  };
  mlWebhookUrl?: string;
  git: {
    repoUrl?: string;
    branch: string;
    path: string;
    pollSeconds: number;
    schedule: string;
    auditBranch: string;
    webhookSecret?: string;
    /** GITOPS_COMMIT_URL: the dashboard's commit link (`{sha}` replaced); default from GITOPS_REPO_URL. */
    commitUrl?: string;
    /** GITOPS_REPO_TOKEN (with GITOPS_REPO_USERNAME), GITOPS_SSH_KEY_FILE, GITOPS_SSH_KNOWN_HOSTS. */
    access: GitRemoteAccess;
  };
  dataDir: string;
  /** HTTP_ALLOWED_HOSTS: host names the status server answers besides IP addresses and localhost (default none). */
  http: { host: string; port: number; authToken?: string; allowedHosts: string[] };
  alerts: AlertEnvironment;
  logLevel: string;
  /** SIMULATION_WORKERS: worker threads of the local simulator. Default: one per core. */
  simulationWorkers: number;
  /** LEADER_ELECTION=etcd: replicas elect one writer (README "High availability"). Unset: no election. */
  election?: ElectionSettings;
  /** GITOPS_HEARTBEAT_SECONDS: without an election, the single-writer heartbeat's interval; 0 is off. */
  heartbeatSeconds: number;
  /** Reads a variable the policy file names (alert routes name their sinks' URLs and secrets by variable). */
  lookup: (name: string) => string | undefined;
}

/** What a command needs: `cxone` for plan/apply/run, `repo` for run. */
export type Requirement = 'cxone' | 'repo';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * CXONE_DOMAIN as the tutorial has it (`host[:port]`, reached over HTTPS) or a full URL. Plain
 * http:// is refused unless the host is loopback (the emulator).
 */
export function resolveCxoneBaseUrl(domain: string): { url?: string; problem?: string } {
  const trimmed = domain.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: `CXONE_DOMAIN "${domain}" is not a host[:port] or URL: set it like your-tenant.nicecxone.com` };
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return { problem: `CXONE_DOMAIN "${domain}" uses plain http to a host that is not loopback: use https` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `CXONE_DOMAIN "${domain}" must be reached over https` };
  if (url.search || url.hash || url.username) return { problem: `CXONE_DOMAIN "${domain}" must not carry a query, fragment or credentials` };
  if (url.port !== '' && FETCH_BAD_PORTS.has(Number(url.port))) return { problem: `CXONE_DOMAIN "${domain}": ${badPortText(url.port)}: ${BAD_PORT_ADVICE}, or start the emulator on another port (--port 0 picks a free one)` };
  return { url: `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}` };
}

/** Reads `.env` (if there is one) under the given environment: real variables win over the file. */
export function withDotEnv(env: NodeJS.ProcessEnv, file = '.env'): NodeJS.ProcessEnv {
  if (!existsSync(file)) return env;
  const parsed = parseEnv(readFileSync(file, 'utf8'));
  return { ...parsed, ...env };
}

/** The real dialect's settings (README, "Real CXone"): CXONE_DIALECT and the access-key variables. */
function readRealCxone(text: (name: string) => string | undefined, problems: string[], required: boolean): Omit<Config['cxone'], 'baseUrl' | 'clientId' | 'clientSecret' | 'ratePerMinute' | 'maxRetryAfterSeconds' | 'maxResponseBytes' | 'maxListPages'> {
  const raw = text('CXONE_DIALECT') ?? 'tutorial';
  const dialect = raw === 'cxone' || raw === 'tutorial' ? raw : undefined;
  if (dialect === undefined) problems.push(`CXONE_DIALECT must be tutorial (the tutorial's campaign API) or cxone (a real NICE CXone tenant), got "${raw}"`);
  const authUrl = (text('CXONE_AUTH_URL') ?? 'https://cxone.niceincontact.com').replace(/\/+$/, '');
  const resolved = resolveCxoneBaseUrl(authUrl);
  if (resolved.problem) problems.push(resolved.problem.replace('CXONE_DOMAIN', 'CXONE_AUTH_URL'));
  const apiVersion = text('CXONE_API_VERSION') ?? 'v34.0';
  if (!/^v\d+\.0$/.test(apiVersion)) problems.push(`CXONE_API_VERSION must look like v34.0, got "${apiVersion}"`);
  const accessKeyId = text('CXONE_ACCESS_KEY_ID');
  const accessKeySecret = text('CXONE_ACCESS_KEY_SECRET');
  if (required && dialect === 'cxone') {
    if (accessKeyId === undefined) problems.push('CXONE_ACCESS_KEY_ID is not set: create an access key for the API user in CXone (Admin > Employees > Access Keys) and set its id');
    if (accessKeySecret === undefined) problems.push('CXONE_ACCESS_KEY_SECRET is not set: set the secret shown once when the access key was created');
  }
  const tenantId = text('CXONE_TENANT_ID');
  return { dialect: dialect ?? 'tutorial', accessKeyId, accessKeySecret, authUrl: resolved.url ?? authUrl, tenantId, apiVersion };
}

/** The git remote's credential and SSH settings (README "Git remotes"). */
function gitAccess(text: (name: string) => string | undefined): GitRemoteAccess {
  const token = text('GITOPS_REPO_TOKEN');
  const sshKeyFile = text('GITOPS_SSH_KEY_FILE');
  const sshKnownHostsFile = text('GITOPS_SSH_KNOWN_HOSTS');
  return {
    ...(token ? { credential: { username: text('GITOPS_REPO_USERNAME') ?? 'x-access-token', password: token } } : {}),
    ...(sshKeyFile ? { sshKeyFile } : {}),
    ...(sshKnownHostsFile ? { sshKnownHostsFile } : {}),
  };
}

/** The CXone client settings and the credentials each dialect needs (README "Configuration", "Real CXone"). */
function readCxoneAccess(read: EnvReader, required: boolean): Pick<Config['cxone'], 'baseUrl' | 'clientId' | 'clientSecret'> & { real: ReturnType<typeof readRealCxone> } {
  const { text, problems } = read;
  const domain = text('CXONE_DOMAIN');
  let baseUrl: string | undefined;
  if (domain !== undefined) {
    const resolved = resolveCxoneBaseUrl(domain);
    if (resolved.problem) problems.push(resolved.problem);
    baseUrl = resolved.url;
  }
  const clientId = text('CXONE_CLIENT_ID');
  const clientSecret = text('CXONE_CLIENT_SECRET');
  const real = readRealCxone(text, problems, required);
  if (required && real.dialect === 'tutorial') {
    if (domain === undefined) problems.push('CXONE_DOMAIN is not set: set it to your CXone API host, e.g. api-na1.niceincontact.com (or CXONE_DIALECT=cxone for a real CXone tenant)');
    if (clientId === undefined) problems.push('CXONE_CLIENT_ID is not set: set it to the API client id registered in CXone');
    if (clientSecret === undefined) problems.push('CXONE_CLIENT_SECRET is not set: set it to that API client\'s secret');
  }
  if (required && real.dialect === 'cxone') {
    if (clientId === undefined) problems.push('CXONE_CLIENT_ID is not set: set it to the client id of the application registered in CXone (README, Real CXone)');
    if (clientSecret === undefined) problems.push('CXONE_CLIENT_SECRET is not set: set it to that application\'s client secret');
    // README, "Real CXone": the skills API has no webhooks, and a skill has no weights to monitor.
    if (text('ML_WEBHOOK_URL') !== undefined) problems.push('ML_WEBHOOK_URL is set, but CXONE_DIALECT=cxone has no ML monitoring: the skills API has no webhooks and a skill has no weights to send; unset ML_WEBHOOK_URL (every apply and its live analysis are on the audit branch and in the alerts)');
  }
  return { baseUrl, clientId, clientSecret, real };
}

/** GITOPS_REPO_URL, GITOPS_SCHEDULE and GITOPS_PATH: where the desired state is and when it is swept. */
function readDesiredStateSource(read: EnvReader, required: boolean): { repoUrl?: string; schedule: string; path: string } {
  const { text, problems } = read;
  const repoUrl = text('GITOPS_REPO_URL');
  if (required && repoUrl === undefined) {
    problems.push('GITOPS_REPO_URL is not set: set it to the desired-state repository (a path, file://, https or ssh URL)');
  }
  const schedule = text('GITOPS_SCHEDULE') ?? '*/5 * * * *';
  const scheduleProblem = sweepCronProblem(schedule);
  if (scheduleProblem !== undefined) problems.push(`GITOPS_SCHEDULE "${schedule}" is not a valid cron expression (${scheduleProblem}): e.g. "*/5 * * * *"`);
  const path = text('GITOPS_PATH') ?? '.';
  if (path.split(/[\\/]/).includes('..')) problems.push(`GITOPS_PATH "${path}" must stay inside the repository`);
  return { repoUrl, schedule, path };
}

/** GITOPS_BRANCH and GITOPS_AUDIT_BRANCH, which must differ (audit commits would land on the desired state). */
function readBranches(read: EnvReader): { branch: string; auditBranch: string } {
  const branch = read.text('GITOPS_BRANCH') ?? 'main';
  const auditBranch = read.text('GITOPS_AUDIT_BRANCH') ?? 'cxone-gitops/audit';
  if (auditBranch.replace(/^refs\/heads\//, '') === branch.replace(/^refs\/heads\//, '')) {
    read.problems.push(`GITOPS_AUDIT_BRANCH is "${auditBranch}", the branch the desired state is read from (GITOPS_BRANCH): audit commits would land on it; use another branch, e.g. cxone-gitops/audit`);
  }
  return { branch, auditBranch };
}

/** HTTP_AUTH_TOKEN and HTTP_ALLOWED_HOSTS: who the status server answers. */
function readHttpAccess(read: EnvReader): { authToken?: string; allowedHosts: string[] } {
  const authToken = read.text('HTTP_AUTH_TOKEN');
  const tokenProblem = authToken === undefined ? undefined : authTokenProblem(authToken);
  if (tokenProblem !== undefined) read.problems.push(tokenProblem);
  const allowedHosts = (read.text('HTTP_ALLOWED_HOSTS') ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of allowedHosts) {
    const problem = allowedHostProblem(entry);
    if (problem !== undefined) read.problems.push(problem);
  }
  return { authToken, allowedHosts };
}

/** The alert sinks' URLs and secrets (README "Drift incidents and alerts"). */
function readAlertSinks({ text, url }: EnvReader): AlertEnvironment {
  return {
    webhookUrl: url('ALERT_WEBHOOK_URL'),
    webhookSecret: text('ALERT_WEBHOOK_SECRET'),
    slackWebhookUrl: url('ALERT_SLACK_WEBHOOK_URL'),
    alertmanagerUrl: url('ALERT_ALERTMANAGER_URL'),
    pagerDutyRoutingKey: text('ALERT_PAGERDUTY_ROUTING_KEY'),
    pagerDutyEventsUrl: url('ALERT_PAGERDUTY_EVENTS_URL'),
    teamsWebhookUrl: url('ALERT_TEAMS_WEBHOOK_URL'),
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, require: readonly Requirement[] = []): Config {
  const problems: string[] = [];
  const read = envReader(env, problems);
  const { text, integer, url } = read;
  // The readers run in this order so that the problems are listed in it.
  const { real, ...access } = readCxoneAccess(read, require.includes('cxone'));
  const source = readDesiredStateSource(read, require.includes('repo'));
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const election = readElection(text, integer, problems);
  const { branch, auditBranch } = readBranches(read);
  const { authToken, allowedHosts } = readHttpAccess(read);

  const config: Config = {
    cxone: {
      ...access,
      ratePerMinute: integer('CXONE_RATE_LIMIT_PER_MINUTE', 100, 1, 100_000),
      maxRetryAfterSeconds: integer('CXONE_MAX_RETRY_AFTER_SECONDS', 300, 1, 86_400),
      maxResponseBytes: integer('CXONE_MAX_RESPONSE_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxListPages: integer('CXONE_MAX_LIST_PAGES', 1000, 1, 1_000_000),
      ...real,
    },
    mlWebhookUrl: url('ML_WEBHOOK_URL'),
    git: {
      repoUrl: source.repoUrl,
      branch,
      path: source.path,
      pollSeconds: integer('GITOPS_POLL_SECONDS', 30, 1, 86_400),
      schedule: source.schedule,
      auditBranch,
      webhookSecret: text('GIT_WEBHOOK_SECRET'),
      commitUrl: text('GITOPS_COMMIT_URL'),
      access: gitAccess(text),
    },
    dataDir: text('DATA_DIR') ?? '.cxone-gitops',
    http: { host: text('HTTP_HOST') ?? '127.0.0.1', port: integer('HTTP_PORT', 8080, 0, 65_535), authToken, allowedHosts },
    alerts: readAlertSinks(read),
    logLevel,
    simulationWorkers: integer('SIMULATION_WORKERS', os.availableParallelism(), 1, 256),
    election,
    heartbeatSeconds: readHeartbeatSeconds(integer),
    lookup: (name) => text(name),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
