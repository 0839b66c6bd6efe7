/**
 * The composition root (docs/architecture.md, "The pipeline"): builds every adapter from a
 * validated configuration and wires them into the controller and its status server. Used by
 * `cxone-gitops run`, the demo and the tests that run a controller in-process.
 *
 * A start that fails (the status server refuses a non-loopback host without a token, the port is
 * in use, the first fetch fails) releases everything it built before rethrowing, so the process
 * can exit at once.
 */
import path from 'node:path';
import { actorFor } from './adapters/cxone/client-from-config.js';
import { reconcileTargetFromConfig } from './adapters/cxone/target-from-config.js';
import { lockDataDir } from './adapters/fs/data-dir-lock.js';
import { commitUrlTemplate } from './adapters/http/commit-link.js';
import { loadDesiredStateInWorker } from './adapters/fs/load-desired-state-in-worker.js';
import { createAuditTrail } from './adapters/git/audit-trail.js';
import { createGitSource } from './adapters/git/git-source.js';
import { createAlertDispatcher, defaultSinks } from './adapters/alerts/alert-dispatcher.js';
import { createMetrics } from './adapters/http/metrics.js';
import { startStatusServer, type StatusServer } from './adapters/http/status-server.js';
import { createProcessLogger } from './adapters/logging/create-process-logger.js';
import type { LogFormat } from './adapters/logging/create-text-logger.js';
import type { Logger } from './adapters/logging/logger.js';
import { SecretRegistry } from './adapters/logging/secret-registry.js';
import type { Config } from './config.js';
import { createFileIntentLog } from './reconcile/apply-intents.js';
import { createController, type Controller } from './reconcile/controller.js';
import { createSweepSchedule } from './scheduler/sweep-schedule.js';
import { createSimulationPool } from './simulation/index.js';
import { verificationOptions } from './reconcile/verify-apply.js';
import { heartbeatFor } from './adapters/election/git-heartbeat.js';
import { secretsOfConfig } from './adapters/logging/config-secrets.js';
import { mayWriteNow } from './adapters/election/write-fence.js';

/** Longest a graceful stop may take before the process exits anyway. */
export const STOP_DEADLINE_MS = 10_000;

export interface RunningController {
  url: string;
  stop(): Promise<void>;
}

/** Starts the controller and its server for a validated configuration (also used by `npm start`). */
export interface ControllerProcessOptions {
  verificationPollMs?: number;
  /** JSON lines (default, as `run` logs) or one readable line per event (the demo). */
  logFormat?: LogFormat;
  /** The single-writer heartbeat was taken (or, elected, is held) by a controller outside this one's election: `run` exits 1. */
  onFatal?: (error: Error) => void;
}

/**
 * Takes DATA_DIR's lock first (a second controller on it refuses to start, naming the holder:
 * adapters/fs/data-dir-lock.ts), then starts; the lock goes with the stop or a failed start.
 */
export async function startControllerProcess(config: Config, extra: ControllerProcessOptions = {}): Promise<RunningController> {
  const lockLog = createProcessLogger({ format: extra.logFormat ?? 'json', level: config.logLevel, secrets: new SecretRegistry(), base: { name: 'cxone-gitops' } });
  const lock = await lockDataDir(config.dataDir, { log: lockLog });
  try {
    const running = await startLocked(config, extra);
    return {
      url: running.url,
      stop: () => running.stop().finally(() => lock.release()),
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** The status server on HTTP_HOST:HTTP_PORT; a port in use is a clear error. */
function serve(config: Config, controller: Controller, parts: { metrics: ReturnType<typeof createMetrics>; secrets: SecretRegistry; log: Logger; namesVersions: boolean }): Promise<StatusServer> {
  return startStatusServer({
    controller,
    host: config.http.host,
    port: config.http.port,
    authToken: config.http.authToken,
    allowedHosts: config.http.allowedHosts,
    webhookSecret: config.git.webhookSecret,
    metrics: () => parts.metrics.render(),
    secrets: parts.secrets,
    commitUrlTemplate: commitUrlTemplate(config.git.repoUrl, config.git.commitUrl),
    sweep: { schedule: config.git.schedule, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    namesVersions: parts.namesVersions,
    log: parts.log,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new Error(`HTTP_PORT ${config.http.port} on ${config.http.host} is already in use: stop the other process or set HTTP_PORT to a free port`, { cause: error });
  });
}

async function startLocked(config: Config, extra: ControllerProcessOptions): Promise<RunningController> {
  const secrets = secretsOfConfig(config);
  const logFormat = extra.logFormat ?? 'json';
  const log = createProcessLogger({ format: logFormat, level: config.logLevel, secrets, base: { name: 'cxone-gitops' } });
  const metrics = createMetrics(() => controller.status());
  // LEADER_ELECTION=etcd: the fence guards every CXone write and audit push (README "High availability").
  // Loaded only when asked for: etcd's client (gRPC, protobuf) costs start-up time and memory.
  // The elected leader holds the Git heartbeat as well; one held by a controller outside the election is fatal.
  const election = config.election ? await (await import('./adapters/election/start-election.js')).startElection(config, log, (error) => extra.onFatal?.(error)) : undefined;
  // Without an election, the single-writer heartbeat; its fence refuses writes until it is taken.
  const heartbeat = !election && config.heartbeatSeconds > 0 ? await heartbeatFor(config, log) : undefined;
  const fence = election?.fence ?? heartbeat?.fence;
  // CXONE_DIALECT picks what is reconciled: campaigns (tutorial) or outbound skills (cxone).
  const target = reconcileTargetFromConfig(config, { log: log.child({ component: 'cxone' }), secrets, onResponse: (info) => metrics.observeApiResponse(info), fence });
  const pool = createSimulationPool({ size: config.simulationWorkers });
  const createSource = () => createGitSource({ repoUrl: config.git.repoUrl!, branch: config.git.branch, path: config.git.path, dataDir: config.dataDir, pollSeconds: config.git.pollSeconds, access: config.git.access, log });
  const audit = createAuditTrail({ repoUrl: config.git.repoUrl!, access: config.git.access, auditBranch: config.git.auditBranch, dataDir: config.dataDir, log, scrub: (value) => secrets.scrub(value), fence, onPushed: election?.onPushed });
  const intents = election?.intents ?? (await createFileIntentLog(path.join(config.dataDir, 'journal', 'intents.jsonl'), log));
  const alerts = createAlertDispatcher({
    defaultSinks: defaultSinks(config.alerts, log.child({ component: 'alerts' })),
    lookup: secrets.registering(config.lookup),
    log: log.child({ component: 'alerts' }),
    onDelivery: (sink, outcome) => metrics.observeAlertDelivery(sink, outcome),
    scrub: (value) => secrets.scrub(value),
  });
  for (const name of ['ALERT_WEBHOOK_URL', 'ALERT_SLACK_WEBHOOK_URL', 'ALERT_TEAMS_WEBHOOK_URL']) secrets.add(config.lookup(name));
  // Under leader election one controller per term of leadership (adapters/election/elected-controller.ts).
  const createTerm = () => createController({
    alerts,
    intents,
    target,
    source: createSource(),
    audit: election?.tracked(audit) ?? audit,
    mayWrite: election?.mayWrite ?? (heartbeat ? () => mayWriteNow(heartbeat.fence) : undefined),
    pool,
    log,
    actor: actorFor(config),
    mlWebhookUrl: config.mlWebhookUrl,
    createSweep: (onTick) => createSweepSchedule({ expression: config.git.schedule, onTick, log }),
    verification: verificationOptions(extra.verificationPollMs),
    onReconciled: (state, seconds) => metrics.observeReconcile(state, seconds),
    loadDesiredState: loadDesiredStateInWorker,
  });
  const controller = election ? election.controller({ createTerm, audit, cxone: target, statusProblem: target.statusProblem }) : createTerm();
  let server: StatusServer | undefined;
  try {
    server = await serve(config, controller, { metrics, secrets, log, namesVersions: target.capabilities.namesVersions });
    // Printed whatever LOG_LEVEL says: it is how a user (and a script) learns where the server is.
    createProcessLogger({ format: logFormat, level: 'info', secrets, base: { name: 'cxone-gitops' } }).info({ url: server.url }, `listening on ${server.url}`);
    // A second controller of this repository and client id refuses to start here (SecondControllerError).
    await heartbeat?.acquire();
    // Beating from here, not after the start: a start slower than the write limit (10,000 files)
    // would otherwise find its own fence closed and drop the start-up sweep's reconciles.
    heartbeat?.run((error) => (extra.onFatal ?? (() => undefined))(error));
    // Under an election: a live controller without one (or of another etcd) refuses this start too.
    await election?.checkHeartbeat();
    await controller.start();
  } catch (error) {
    await server?.close().catch(() => undefined);
    await controller.stop().catch(() => undefined);
    await heartbeat?.release();
    alerts.close();
    await pool.close();
    throw error;
  }
  const listening = server;
  return {
    url: listening.url,
    async stop() {
      await controller.stop();
      await heartbeat?.release();
      await Promise.race([alerts.idle(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      alerts.close();
      await listening.close();
      await pool.close();
      log.info({}, 'controller stopped');
    },
  };
}

/**
 * Stops `running` on the first SIGTERM/SIGINT; exits 0 when done, or 1 past the deadline. Given the
 * start's promise, a signal that comes while the start is still under way (the server already
 * listens) stops the controller once the start settles, rather than killing the process mid-start.
 */
export function stopOnSignals(running: { stop(): Promise<void> } | Promise<{ stop(): Promise<void> }>, write: (line: string) => void = () => undefined): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    write(`${signal} received: stopping`);
    const deadline = setTimeout(() => {
      write(`still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    Promise.resolve(running).then((started) => started.stop()).then(
      () => process.exit(0),
      (error: unknown) => {
        write(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

