/**
 * The node flags the controller's image starts `cxone-gitops run` with (the Dockerfile's
 * ENTRYPOINT; docs/architecture.md, "Scale"). A young generation of 8 MB per semi-space instead of
 * node's 16 (node 20) or 32 (node 26): the controller's garbage is short-lived (a reconcile's
 * objects), and the default young generation alone would be a sixth to a third of the 200 MB its
 * first sweep of 10,000 campaigns is meant to fit in. V8 reads this size only when the process
 * starts, so it cannot be set from `run` itself (the heap's growth is: lib/heap-growth.ts).
 *
 * Outside the image, run `node --max-semi-space-size=8 "$(command -v cxone-gitops)" run` for the
 * same footprint (README, "Limits"). The benchmark starts the controller with these flags, and
 * test/unit/lib/service-node-flags.test.ts keeps the Dockerfile in step with them.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
