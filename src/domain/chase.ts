export type ChaseCloseReason = 'done' | 'next_occurrence' | 'max' | 'until';

/** The open follow-up (催单) of one occurrence. */
export interface Chase {
  id: number;
  taskId: number;
  runId: number | null;
  scheduledFor: number; // ms
  openedAt: number;
  nextChaseAt: number | null;
  count: number;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: ChaseCloseReason | null;
}
