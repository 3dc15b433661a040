import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_outbox_claimed_by.ts';
import * as m0003 from './0003_run_process.ts';
import * as m0004 from './0004_rate_windows.ts';
import * as m0006 from './0006_runners.ts';
import * as m0007 from './0007_overlap_pending.ts';
import * as m0008 from './0008_callback_replays.ts';
import * as m0009 from './0009_action_buttons.ts';
import * as m0010 from './0010_run_control.ts';

/** Every migration, in order. Append only: never edit or reorder a released one. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_outbox_claimed_by': m0002,
  '0003_run_process': m0003,
  '0004_rate_windows': m0004,
  '0006_runners': m0006,
  '0007_overlap_pending': m0007,
  '0008_callback_replays': m0008,
  '0009_action_buttons': m0009,
  '0010_run_control': m0010,
};
