/**
 * One writer for a one-shot command (`cxone-gitops apply`; README "High availability", "One
 * controller without an election"): for its duration the command holds what a `run` controller
 * holds, the single-writer heartbeat on the Git remote, and under LEADER_ELECTION=etcd the
 * election's lease first, so it refuses to run beside a live controller of the same repository
 * and client id, naming it, and a controller started meanwhile refuses (or stands by) in turn.
 * It never waits in line behind a leader: a pipeline's apply fails at once instead.
 */
import type { Config } from '../../config.js';
import type { Logger } from '../logging/logger.js';
import { electionKeys } from './election-key.js';
import { probeEtcd, readEtcdTls } from './etcd-connect.js';
import type { EtcdElection } from './etcd-election.js';
import { heartbeatFor, SecondControllerError, type GitHeartbeat } from './git-heartbeat.js';
import { instanceHolder } from './instance-holder.js';
import { allFences, type WriteFence } from './write-fence.js';

export interface OneShotWriter {
  /** Refuses writes unless the command still holds what it took (undefined: nothing to hold). */
  fence?: WriteFence;
  /** Gives it back: the heartbeat branch deleted (unless a standby waits), the lease revoked. */
  release(): Promise<void>;
}

/** How long the command waits for etcd to say who leads. */
const ELECTION_ANSWER_MS = 10_000;

/** Leads the election at once, or throws naming the leader; the election is closed on failure. */
async function leadOrRefuse(command: string, config: Config, repoUrl: string, log: Logger): Promise<EtcdElection> {
  const settings = config.election!;
  const keys = electionKeys(repoUrl, config.cxone.clientId ?? '');
  const { holder } = await instanceHolder(config.dataDir);
  // Loaded only under an election: etcd's client (gRPC, protobuf) costs start-up time.
  const { createEtcdElection } = await import('./etcd-election.js');
  const election = createEtcdElection({ endpoints: settings.endpoints, ttlSeconds: settings.ttlSeconds, prefix: keys.election, holder, log, tls: await readEtcdTls(settings.tls), auth: settings.auth });
  try {
    await probeEtcd(election.client, settings, log, Math.min(5000, settings.ttlSeconds * 1000));
    election.start({ onElected: () => undefined, onLost: (reason) => log.error({ reason }, `${command}: the lease was lost; nothing more is written`) });
    const deadline = Date.now() + ELECTION_ANSWER_MS;
    for (;;) {
      if (election.isLeader()) return election;
      const leader = election.leader();
      if (leader !== undefined && leader !== holder) {
        throw new SecondControllerError(
          `cxone-gitops ${command} refused: ${leader} leads the etcd election of ${repoUrl} and CXONE_CLIENT_ID ${config.cxone.clientId ?? ''} (LEADER_ELECTION=etcd) and writes to CXone; ` +
            `a one-shot ${command} beside it would be a second writer. The controller applies every commit itself; or stop it first`,
        );
      }
      if (Date.now() > deadline) throw new Error(`etcd at ${settings.endpoints.join(', ')} did not say within ${ELECTION_ANSWER_MS / 1000} s who leads: ${command} writes only while it holds the election's lease`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await election.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Takes the heartbeat (and the lease when LEADER_ELECTION=etcd) for `command`, or throws
 * SecondControllerError naming the controller that writes now. Nothing is held with
 * GITOPS_HEARTBEAT_SECONDS=0 and no election, or without a Git remote to hold a heartbeat on.
 */
export async function holdForCommand(command: string, config: Config, repoUrl: string | undefined, log: Logger): Promise<OneShotWriter> {
  if (!repoUrl) {
    if (config.election) throw new Error(`cxone-gitops ${command}: LEADER_ELECTION=etcd needs GITOPS_REPO_URL (or an origin remote) to know which election to join`);
    log.warn({}, `no GITOPS_REPO_URL and no origin remote: ${command} cannot check that no controller writes for this client id`);
    return { release: async () => undefined };
  }
  const election = config.election ? await leadOrRefuse(command, config, repoUrl, log) : undefined;
  let heartbeat: GitHeartbeat | undefined;
  try {
    if (config.heartbeatSeconds > 0) {
      const keys = electionKeys(repoUrl, config.cxone.clientId ?? '');
      heartbeat = await heartbeatFor(config, log, { repoUrl, ...(election ? { election: { id: keys.id, cluster: () => election.clusterId() } } : {}) });
      await heartbeat.acquire();
      heartbeat.run((error) => log.error({ err: error }, `${command}: ${error.message}`));
    }
  } catch (error) {
    await election?.close().catch(() => undefined);
    throw error;
  }
  return {
    fence: allFences([election?.fence, heartbeat?.fence]),
    async release() {
      const remove = election ? (await election.candidates().catch(() => 2)) <= 1 : true;
      await heartbeat?.release({ remove });
      await election?.close();
    },
  };
}
