/**
 * Waits for `promise` to settle, at most `ms` milliseconds; resolves true when it settled in time.
 * The promise's own outcome is not reported (callers that need it await it themselves).
 */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let cancel: (() => void) | undefined;
  const timeout = new Promise<false>((resolve) => {
    const handle = setTimeout(() => resolve(false), ms);
    cancel = () => clearTimeout(handle);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    cancel?.();
  }
}
