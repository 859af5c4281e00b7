import { useCallback, useEffect, useRef } from 'react';
import { ApiError } from '../../services/request';

/**
 * Stale-response-safe loads: `run(promise, onDone, onFail)` lands only the newest call's answer,
 * so a slower answer for an earlier filter (or one arriving after the page is gone) is dropped.
 */
export function useLatest() {
  const seq = useRef(0);
  useEffect(() => {
    const mounted = seq;
    return () => {
      mounted.current += 1;
    };
  }, []);
  return useCallback(<T>(promise: Promise<T>, onDone: (value: T) => void, onFail: (error: Error) => void): Promise<void> => {
    const mine = ++seq.current;
    return promise.then(
      (value) => {
        if (mine === seq.current) onDone(value);
      },
      (error: Error) => {
        if (mine === seq.current) onFail(error);
      },
    );
  }, []);
}

/** A server field name ("reg.number", "title.zh-Hans") as an element id part. */
export const fieldKey = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '-');

/** The server's per-field messages (already localised), or none. */
export const fieldErrors = (e: unknown): Record<string, string> => (e instanceof ApiError ? e.fields : {});

/** 404: missing, or another organisation's (the server does not say which); the page shows its not-found view. */
export const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.status === 404;
