import { useEffect, useRef } from 'react';

/** How often a broadcast that is sending is reloaded. */
export const PROGRESS_POLL_MS = 2000;

/** Calls `load` every `everyMs` (default PROGRESS_POLL_MS) while `active`; stops when the page goes away. */
export function usePoll(active: boolean, load: () => Promise<unknown>, everyMs = PROGRESS_POLL_MS): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      timer = setTimeout(() => {
        void latest.current().finally(() => {
          if (!stopped) tick();
        });
      }, everyMs);
    };
    tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [active, everyMs]);
}
