/**
 * The one place that picks the dialect (docs/architecture.md, "The dialect seam"): CXONE_DIALECT
 * `tutorial` works on CampaignWeights files over the tutorial's campaign API, `cxone` on
 * OutboundSkill files over a real CXone tenant's skills API (README, "Real CXone"). A caller gives
 * one binding per dialect (what it does with that dialect's client: `run`, `apply` and the demo a
 * reconcile target, `plan` a planner, `adopt` an adopter); `bindDialect` builds the client the
 * configuration names and hands it to that binding. Nothing else asks which dialect it runs.
 */
import type { Config } from '../../config.js';
import { skillTarget, tutorialTarget, type ReconcileTarget } from '../../reconcile/reconcile-target.js';
import type { SkillResourceOptions } from '../../reconcile/skill-model.js';
import type { WriteFence } from '../election/write-fence.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import type { CxoneClient } from './cxone-client.js';
import type { CxoneGatewayOptions } from './cxone-gateway.js';
import type { CxoneSkillsClient } from './cxone-skills-client.js';
import { clientFromConfig, skillsClientFromConfig } from './client-from-config.js';

/** How the API client of either dialect is built (the same options for both). */
export interface ClientFromConfigOptions extends Pick<CxoneGatewayOptions, 'onResponse' | 'failFast' | 'onWait' | 'fetch'> {
  log?: Logger;
  secrets?: SecretRegistry;
  fence?: WriteFence;
}

/** What a command does on each dialect, given that dialect's API client. */
export interface DialectBindings<T> {
  /** CXONE_DIALECT=tutorial: CampaignWeights files, the tutorial's campaign API. */
  tutorial(client: CxoneClient): T;
  /** CXONE_DIALECT=cxone: OutboundSkill files, a real tenant's skills API. */
  cxone(client: CxoneSkillsClient): T;
}

export function bindDialect<T>(config: Config, bindings: DialectBindings<T>, options: ClientFromConfigOptions = {}): T {
  if (config.cxone.dialect === 'cxone') return bindings.cxone(skillsClientFromConfig(config, options));
  return bindings.tutorial(clientFromConfig(config, options));
}

export interface TargetFromConfigOptions extends ClientFromConfigOptions {
  /** The skills' verification kinds (default `live-analysis`). */
  skills?: SkillResourceOptions;
}

export function reconcileTargetFromConfig(config: Config, options: TargetFromConfigOptions = {}): ReconcileTarget {
  const { skills, ...client } = options;
  return bindDialect(config, { tutorial: tutorialTarget, cxone: (skillsClient) => skillTarget(skillsClient, skills) }, client);
}
