import { watch } from 'chokidar';

export interface Watcher {
  /** Settles when every path is watched: a change before then may go unseen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` once after a burst of changes to any of the paths (folders are
 * watched with everything in them). Editors save in several writes, or write a
 * temporary file and rename it over the original (vim, JetBrains, `sed -i`): chokidar
 * follows a file through such a rename, where `fs.watch` saw only the first one. The
 * delay makes one rebuild of a burst: an editor's writes of one save come within a few
 * milliseconds (webpack waits 20 ms too), and every millisecond of it is one the editor
 * waits for both editions. A burst slower than that costs one more rebuild, as a save
 * during a rebuild does.
 */
export function watchPaths(paths: readonly string[], onChange: (path: string) => void, delay = 20): Watcher {
  const watcher = watch([...paths], { ignoreInitial: true, atomic: true });
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(path), delay);
  });
  // A path that cannot be watched (a folder without permission) is reported by the build that reads it.
  watcher.on('error', () => {});
  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
