/** The cxone-dialect emulator's default tenant credentials (light: the command's options read them). */
import type { AccessKey, CxoneApplication } from './access-key-store.js';

export const DEFAULT_APPLICATION: Readonly<CxoneApplication> = Object.freeze({ clientId: 'emulator-client', clientSecret: 'emulator-secret' });
export const DEFAULT_ACCESS_KEY: Readonly<AccessKey> = Object.freeze({ accessKeyId: 'emulator-access-key', accessKeySecret: 'emulator-access-secret' });
export const DEFAULT_TENANT_ID = '11eb0dc5-7e00-4c1a-9b7a-0242ac110002';
