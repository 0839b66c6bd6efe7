/**
 * The one place that picks the dialect (docs/architecture.md, "The dialect seam"): CXONE_DIALECT
 * `tutorial` reconciles CampaignWeights files over the tutorial's campaign API, `cxone`
 * OutboundSkill files over a real CXone tenant's skills API (README, "Real CXone"). `run`, `apply`
 * and the demo build their target here; nothing else asks which dialect it runs.
 */
import type { Config } from '../../config.js';
import { skillTarget, tutorialTarget, type ReconcileTarget } from '../../reconcile/reconcile-target.js';
import type { SkillResourceOptions } from '../../reconcile/skill-model.js';
import type { WriteFence } from '../election/write-fence.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import type { CxoneGatewayOptions } from './cxone-gateway.js';
import { clientFromConfig, skillsClientFromConfig } from './client-from-config.js';

export interface TargetFromConfigOptions extends Pick<CxoneGatewayOptions, 'onResponse' | 'failFast' | 'onWait' | 'fetch'> {
  log?: Logger;
  secrets?: SecretRegistry;
  fence?: WriteFence;
  /** The skills' verification kinds (default `live-analysis`). */
  skills?: SkillResourceOptions;
}

export function reconcileTargetFromConfig(config: Config, options: TargetFromConfigOptions = {}): ReconcileTarget {
  const { skills, ...client } = options;
  if (config.cxone.dialect === 'cxone') return skillTarget(skillsClientFromConfig(config, client), skills);
  return tutorialTarget(clientFromConfig(config, client));
}
