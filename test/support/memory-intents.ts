/** An in-memory write-intent log (the journal's semantics without the file): what a killed run left is `intents`. */
import type { ApplyIntent, IntentLog } from '../../controller/reconcile/apply-intents.js';

export function memoryIntents(initial: ApplyIntent[] = []): IntentLog & { intents: ApplyIntent[] } {
  const log = {
    intents: [...initial],
    begin: async (intent: ApplyIntent) => void log.intents.push(intent),
    accepted: async (id: string, at: string) => void (log.intents = log.intents.map((intent) => (intent.id === id ? { ...intent, acceptedAt: at } : intent))),
    end: async (id: string) => void (log.intents = log.intents.filter((intent) => intent.id !== id)),
    pending: () => [...log.intents],
  };
  return log;
}
