/**
 * Resolves at the first SIGINT or SIGTERM. Call it before printing "listening": whoever reads that
 * line may signal at once, and a signal before the handlers are installed kills the process
 * instead of stopping it.
 */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
