import type { PlatformEntry } from '../platform.js';

/** The local console: never turned on by the config; `serve` starts it when no chat platform is set. */
export const consoleEntry: PlatformEntry = {
  configured: () => false,
  local: true,
  load: () => import('./platform.js'),
};
