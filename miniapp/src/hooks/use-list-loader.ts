import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';

export interface ListLoader<T> {
  /** null until the first load answers. */
  items: T[] | null;
  setItems: Dispatch<SetStateAction<T[] | null>>;
  error: string;
  setError: Dispatch<SetStateAction<string>>;
  reload: () => Promise<void>;
}

/**
 * Loads a list when the page opens and on pull-down refresh, keeping the last error message
 * (already localised by the request layer) for the page to show.
 */
export function useListLoader<T>(fetchList: () => Promise<T[]>): ListLoader<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState('');
  const fetchRef = useRef(fetchList);
  fetchRef.current = fetchList;

  const reload = useCallback(async () => {
    try {
      setItems(await fetchRef.current());
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  return { items, setItems, error, setError, reload };
}
