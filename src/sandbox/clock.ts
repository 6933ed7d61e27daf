/**
 * The clock of one sandbox. Domain code never reads the system clock: it asks the sandbox's clock,
 * which runs on real time (optionally shifted by an offset) or stays frozen at a date, and which a
 * trainer can move forward.
 */
export type ClockMode = 'real' | 'frozen' | 'offset';

export interface ClockState {
  readonly mode: ClockMode;
  readonly frozenAt: string | null;
  readonly offsetMs: number;
}

export function clockNow(state: ClockState, systemNow: number = Date.now()): Date {
  if (state.mode === 'frozen' && state.frozenAt) return new Date(state.frozenAt);
  return new Date(systemNow + state.offsetMs);
}
