/**
 * Runs rebuilds one at a time: a save during a rebuild queues one more (however many
 * saves came), which runs when the current one ends.
 */
export interface RebuildQueue {
  /** Rebuilds now, or after the running rebuild; resolves when the rebuilds it waits for are done. */
  rebuild(): Promise<void>;
  /** Whether a newer save is waiting: a rebuild may then skip its slower part. */
  pending(): boolean;
  /** Settles when no rebuild is running. */
  idle(): Promise<void>;
}

export function createRebuildQueue(buildOnce: () => Promise<void>): RebuildQueue {
  let running: Promise<void> | undefined;
  let pending = false;
  return {
    rebuild() {
      if (running) {
        pending = true;
        return running;
      }
      running = (async () => {
        do {
          pending = false;
          await buildOnce();
        } while (pending);
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
    pending: () => pending,
    idle: async () => {
      await running?.catch(() => {});
    },
  };
}
