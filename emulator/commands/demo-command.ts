/**
 * `cxone-gitops demo` (what `npm start` runs). This file declares the command only; the demo is in
 * run-demo.ts, imported when the command runs.
 */
import { Option, type Command } from 'commander';

export interface DemoOptions {
  dir: string;
  port: string;
  /** tutorial: campaigns over the tutorial's API; cxone: outbound skills over the real skills API (run-demo-cxone.ts). */
  dialect?: 'tutorial' | 'cxone';
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the embedded demo: the CXone emulator, a local Git remote seeded from desired-state/, the controller and its dashboard')
    .option('--dir <dir>', 'where the demo keeps its Git remote and data', '.demo')
    .option('--port <port>', 'port of the status server and dashboard (0 picks a free one)', process.env.HTTP_PORT ?? '8080')
    .addOption(new Option('--dialect <dialect>', 'tutorial: campaigns over the tutorial\'s API; cxone: Personal Connection skills over the real CXone skills API (HTTPS)').choices(['tutorial', 'cxone']).default('tutorial'))
    .action(async (options: DemoOptions) => {
      if (options.dialect === 'cxone') {
        const { runCxoneDemo } = await import('./run-demo-cxone.js');
        await runCxoneDemo(options);
        return;
      }
      const { runDemo } = await import('./run-demo.js');
      await runDemo(options);
    });
}
