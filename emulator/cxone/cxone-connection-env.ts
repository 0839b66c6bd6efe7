/**
 * The environment that points a `cxone-gitops` process at a cxone emulator over HTTPS, trusting
 * its certificate file `ca` (CXONE_DIALECT=cxone with the emulator's default application and access
 * key): the demo's `run` child and the tests' processes.
 */
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, type RunningCxoneEmulator } from './cxone-emulator-server.js';

export function cxoneConnectionEnv(emulator: Pick<RunningCxoneEmulator, 'url'>, ca: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    CXONE_DIALECT: 'cxone',
    CXONE_AUTH_URL: emulator.url,
    CXONE_CLIENT_ID: DEFAULT_APPLICATION.clientId,
    CXONE_CLIENT_SECRET: DEFAULT_APPLICATION.clientSecret,
    CXONE_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.accessKeyId,
    CXONE_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.accessKeySecret,
    NODE_EXTRA_CA_CERTS: ca,
  };
}
