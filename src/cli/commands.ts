/**
 * Every command of `totp-enroll`, in the order `--help` lists them.
 * @module
 */
import type { Command } from './command.js';
import { codeCommand } from './commands/code.js';
import { disableCommand } from './commands/disable.js';
import { importCommand } from './commands/import.js';
import { listCommand } from './commands/list.js';
import { migrateCommand } from './commands/migrate.js';
import { qrCommand } from './commands/qr.js';
import { statusCommand } from './commands/status.js';
import { unlockCommand } from './commands/unlock.js';
import { uriCommand } from './commands/uri.js';

/** The commands. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  listCommand,
  unlockCommand,
  disableCommand,
  importCommand,
  migrateCommand,
  uriCommand,
  qrCommand,
  codeCommand,
];
