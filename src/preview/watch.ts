import { watch, type FSWatcher } from 'node:fs';

export interface Watcher {
  close(): void;
}

/**
 * Calls `onChange` once after a burst of changes to any of the paths (folders are
 * watched with everything in them). Editors save in several writes; the delay
 * makes one rebuild of them.
 */
export function watchPaths(paths: readonly string[], onChange: (path: string) => void, delay = 40): Watcher {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  for (const path of paths) {
    try {
      watchers.push(
        watch(path, { recursive: true }, (_event, name) => {
          last = name === null ? path : `${path}/${name}`;
          clearTimeout(timer);
          timer = setTimeout(() => onChange(last), delay);
        }),
      );
    } catch {
      // A path that does not exist (no config file) has nothing to watch.
    }
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
