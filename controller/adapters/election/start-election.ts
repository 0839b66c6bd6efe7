/**
 * The pieces `run` needs under LEADER_ELECTION=etcd (README "High availability"): the election of
 * this repository and client id, its fence, the PUT intents in etcd, the audit trail told which
 * records wait for their push, and the controller that leads or stands by. Unless
 * GITOPS_HEARTBEAT_SECONDS=0 the leader also holds the single-writer heartbeat on the Git remote
 * for each term, and its fence needs both, so a controller started without LEADER_ELECTION and
 * this election see each other (README "One controller without an election").
 */
import type { Config } from '../../config.js';
import type { Controller, ControllerAudit } from '../../reconcile/controller-types.js';
import type { CxoneClient } from '../cxone/cxone-client.js';
import type { Logger } from '../logging/logger.js';
import { createElectedController, type ElectedController, type ElectedControllerOptions } from './elected-controller.js';
import { electionKeys } from './election-key.js';
import { createEtcdElection, type EtcdElection } from './etcd-election.js';
import { createEtcdIntentLog, type EtcdIntentLog } from './etcd-intent-log.js';
import { probeEtcd, readEtcdTls } from './etcd-connect.js';
import { instanceHolder } from './instance-holder.js';
import { allFences, mayWriteNow, type WriteFence } from './write-fence.js';
import { heartbeatFor, SecondControllerError, type GitHeartbeat } from './git-heartbeat.js';

export interface StartedElection {
  election: EtcdElection;
  fence: WriteFence;
  intents: EtcdIntentLog;
  holder: string;
  /** The leader's single-writer heartbeat (undefined with GITOPS_HEARTBEAT_SECONDS=0). */
  heartbeat?: GitHeartbeat;
  /** At start: throws SecondControllerError when a controller without an election (or of another etcd) writes now. */
  checkHeartbeat(): Promise<void>;
  /** For the controller's "may I write now?" before each reconcile. */
  mayWrite: () => boolean;
  /** For the audit trail: these records are on the branch. */
  onPushed: (ids: string[]) => void;
  /** The audit trail as the controller sees it: each journaled record is noted for its intent. */
  tracked<A extends ControllerAudit>(audit: A): A;
  controller(parts: { createTerm: () => Controller; audit: ControllerAudit; cxone: Pick<CxoneClient, 'health'>; statusProblem?: ElectedControllerOptions['statusProblem'] }): ElectedController;
}

/** `onFatal`: a controller outside this election holds the heartbeat; the process must stop. */
export async function startElection(config: Config, log: Logger, onFatal: (error: Error) => void = () => undefined): Promise<StartedElection> {
  const settings = config.election!;
  const keys = electionKeys(config.git.repoUrl!, config.cxone.clientId ?? '');
  const { holder } = await instanceHolder(config.dataDir);
  const electionLog = log.child({ component: 'election', election: keys.id });
  const tls = await readEtcdTls(settings.tls);
  const election = createEtcdElection({ endpoints: settings.endpoints, ttlSeconds: settings.ttlSeconds, prefix: keys.election, holder, log: electionLog, tls, auth: settings.auth });
  // A certificate or password etcd refuses fails the start with what to fix (README "High availability").
  await probeEtcd(election.client, settings, electionLog, Math.min(5000, settings.ttlSeconds * 1000)).catch(async (error: unknown) => {
    await election.close().catch(() => undefined);
    throw error;
  });
  const heartbeat = config.heartbeatSeconds > 0 ? await heartbeatFor(config, log, { election: { id: keys.id, cluster: () => election.clusterId() } }) : undefined;
  const fence = allFences([election.fence, heartbeat?.fence])!;
  // Intents are judged only while this replica may write: the same fence as its writes.
  const intents = createEtcdIntentLog(election, keys.intents, electionLog, fence);
  const mayWrite = (): boolean => mayWriteNow(fence);
  /** Each term takes the heartbeat first (a predecessor's at once); one held outside the election is fatal. */
  const takeHeartbeat = async (): Promise<void> => {
    if (!heartbeat) return;
    await heartbeat.acquire().catch((error: unknown) => {
      if (error instanceof SecondControllerError) {
        electionLog.error({ err: error }, error.message);
        onFatal(error);
      }
      throw error;
    });
    heartbeat.run(onFatal);
  };
  return {
    election,
    fence,
    intents,
    holder,
    heartbeat,
    checkHeartbeat: async () => heartbeat?.check(),
    mayWrite,
    onPushed: (ids) => intents.pushed(ids),
    tracked: (audit) => {
      const record: ControllerAudit['record'] = async (entry, status) => {
        await audit.record(entry, status);
        intents.journaled(entry.id);
      };
      return { ...audit, record };
    },
    controller: ({ createTerm, audit, cxone, statusProblem }) =>
      createElectedController({
        election,
        audit,
        cxone,
        statusProblem,
        holder,
        log: electionLog,
        createTerm: async () => {
          await takeHeartbeat();
          // The previous leader's unfinished PUTs, resolved by the new term's start (I1).
          await intents.load();
          return createTerm();
        },
        // A lost lease leaves the heartbeat to the next leader; the last replica to stop deletes it.
        endTerm: async (closing) => heartbeat?.release({ remove: closing && (await election.candidates().catch(() => 2)) <= 1 }),
      }),
  };
}
