import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Point, Position } from 'unist';

export const messageSource = 'bulletin';

export interface ProblemOptions {
  place?: Point | Position | undefined;
  ruleId: string;
  /** Errors stop the build; warnings are reported and the build goes on. Default: error. */
  severity?: 'error' | 'warning';
}

/**
 * Records a content problem on the file it was found in. Problems are messages,
 * never exceptions: every one of them is collected and reported at once.
 */
export function reportProblem(file: VFile, reason: string, options: ProblemOptions): VFileMessage {
  const message = file.message(reason, {
    ...(options.place === undefined ? {} : { place: options.place }),
    ruleId: options.ruleId,
    source: messageSource,
  });
  message.fatal = (options.severity ?? 'error') === 'error';
  return message;
}

export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true));
}
