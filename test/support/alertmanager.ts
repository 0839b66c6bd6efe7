/**
 * A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) on 127.0.0.1, port 0, with a
 * test-owned configuration and storage directory: one route grouping by `campaign` to a webhook
 * receiver. `close()` stops the process by its handle and removes the directory.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestProcess } from './test-process.js';
import { waitFor } from './wait-for.js';

export const ALERTMANAGER_BINARY = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'].find((path) => existsSync(path));

export interface RunningAlertmanager {
  url: string;
  /** GET /api/v2/alerts. */
  alerts(): Promise<Array<{ labels: Record<string, string>; endsAt: string; status: { state: string } }>>;
  close(): Promise<void>;
}

export interface AlertmanagerSettings {
  receiverUrl: string;
  groupWait?: string;
  groupInterval?: string;
}

export async function startAlertmanager(settings: AlertmanagerSettings): Promise<RunningAlertmanager> {
  if (!ALERTMANAGER_BINARY) throw new Error('prometheus-alertmanager is not installed: run .ci/run, or apt-get install prometheus-alertmanager');
  const dir = await mkdtemp(join(tmpdir(), 'cxone-alertmanager-'));
  const config = [
    'route:',
    '  receiver: hook',
    '  group_by: [campaign]',
    `  group_wait: ${settings.groupWait ?? '300ms'}`,
    `  group_interval: ${settings.groupInterval ?? '1s'}`,
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: hook',
    '    webhook_configs:',
    `      - url: ${settings.receiverUrl}`,
    '        send_resolved: true',
    '',
  ].join('\n');
  await writeFile(join(dir, 'alertmanager.yml'), config);
  const alertmanager = startTestProcess('alertmanager', ALERTMANAGER_BINARY, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, '--web.listen-address=127.0.0.1:0', '--cluster.listen-address=', '--log.level=info']);
  const close = async (): Promise<void> => {
    await alertmanager.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const address = await alertmanager.waitUntil((log) => /msg="Listening on" address=(127\.0\.0\.1:\d+)/.exec(log)?.[1], { timeoutMs: 15_000, what: 'alertmanager to listen' });
    const url = `http://${address}`;
    await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, { timeoutMs: 15_000, what: 'alertmanager to be ready' });
    return {
      url,
      alerts: async () => (await (await fetch(`${url}/api/v2/alerts`)).json()) as Awaited<ReturnType<RunningAlertmanager['alerts']>>,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
