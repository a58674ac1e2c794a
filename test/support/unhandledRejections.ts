// Watching for promises that reject with nobody listening: the engine must leave none behind.

/** Collects `unhandledRejection` events from now until `stop()`. */
export function watchUnhandledRejections(): { readonly reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', listener);
  return {
    reasons,
    stop: () => {
      process.off('unhandledRejection', listener);
    },
  };
}
