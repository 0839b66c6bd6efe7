/**
 * The worker thread of `loadDesiredStateInWorker`: reads and validates one desired-state directory
 * and sends the result back one slice per `'next'` the main thread asks for
 * (docs/architecture.md, "Loading off the event loop").
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDesiredState } from './load-desired-state.js';
import { messagesOf, type DesiredStateThreadInput, type DesiredStateThreadMessage } from './desired-state-thread-protocol.js';

const port = parentPort;
if (port) {
  const { dir, options, sliceSize } = workerData as DesiredStateThreadInput;
  let messages: Iterator<DesiredStateThreadMessage> | undefined;
  const sendNext = (): void => {
    const next = messages?.next();
    if (next && !next.done) port.postMessage(next.value);
  };
  port.on('message', sendNext);
  loadDesiredState(dir, undefined, options).then(
    (loaded) => {
      messages = messagesOf(loaded, sliceSize);
      sendNext();
    },
    (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies DesiredStateThreadMessage),
  );
}
