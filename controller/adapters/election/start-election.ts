/**
 * The pieces `run` needs under LEADER_ELECTION=etcd (README "High availability"): the election of
 * this repository and client id, its fence, the PUT intents in etcd, the audit trail told which
 * records wait for their push, and the controller that leads or stands by.
 */
import type { Config } from '../../config.js';
import type { Controller, ControllerAudit } from '../../reconcile/controller-types.js';
import type { CxoneClient } from '../cxone/cxone-client.js';
import type { Logger } from '../logging/logger.js';
import { createElectedController, type ElectedController } from './elected-controller.js';
import { electionKeys } from './election-key.js';
import { createEtcdElection, type EtcdElection } from './etcd-election.js';
import { createEtcdIntentLog, type EtcdIntentLog } from './etcd-intent-log.js';
import { probeEtcd, readEtcdTls } from './etcd-connect.js';
import { instanceHolder } from './instance-holder.js';
import { mayWriteNow, type WriteFence } from './write-fence.js';

export interface StartedElection {
  election: EtcdElection;
  fence: WriteFence;
  intents: EtcdIntentLog;
  holder: string;
  /** For the controller's "may I write now?" before each reconcile. */
  mayWrite: () => boolean;
  /** For the audit trail: these records are on the branch. */
  onPushed: (ids: string[]) => void;
  /** The audit trail as the controller sees it: each journaled record is noted for its intent. */
  tracked<A extends ControllerAudit>(audit: A): A;
  controller(parts: { createTerm: () => Controller; audit: ControllerAudit; cxone: CxoneClient }): ElectedController;
}

export async function startElection(config: Config, log: Logger): Promise<StartedElection> {
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
  const intents = createEtcdIntentLog(election, keys.intents, electionLog);
  const mayWrite = (): boolean => mayWriteNow(election.fence);
  return {
    election,
    fence: election.fence,
    intents,
    holder,
    mayWrite,
    onPushed: (ids) => intents.pushed(ids),
    tracked: (audit) => {
      const record: ControllerAudit['record'] = async (entry, status) => {
        await audit.record(entry, status);
        intents.journaled(entry.id);
      };
      return { ...audit, record };
    },
    controller: ({ createTerm, audit, cxone }) =>
      createElectedController({
        election,
        audit,
        cxone,
        holder,
        log: electionLog,
        createTerm: async () => {
          // The previous leader's unfinished PUTs, resolved by the new term's start (I1).
          await intents.load();
          return createTerm();
        },
      }),
  };
}
