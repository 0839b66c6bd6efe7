/**
 * How this controller names itself to the others (the election's candidate value, the audit
 * branch's heartbeat): host name, process id and an instance id kept in DATA_DIR, so a restart on
 * the same data is recognised as the same controller and a copy on other data is not.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface InstanceHolder {
  /** Stable across restarts on the same DATA_DIR. */
  instanceId: string;
  /** For people: `host (pid N, instance abcd1234)`. */
  holder: string;
  host: string;
  pid: number;
}

export async function instanceHolder(dataDir: string): Promise<InstanceHolder> {
  const file = path.join(dataDir, 'instance-id');
  let instanceId = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!/^[0-9a-f-]{36}$/.test(instanceId)) {
    instanceId = randomUUID();
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${instanceId}\n`);
  }
  const host = os.hostname();
  return { instanceId, host, pid: process.pid, holder: `${host} (pid ${process.pid}, instance ${instanceId.slice(0, 8)})` };
}
