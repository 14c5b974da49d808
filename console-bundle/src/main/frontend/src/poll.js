import { useEffect, useState, useCallback } from 'preact/hooks';

// Polls a JSON answer every `ms` while the page shows; `reload` asks at once (after an action).
export function usePoll(load, ms, deps = []) {
  const [state, setState] = useState({ data: null, error: null });
  const run = useCallback(() => load().then(
    (data) => setState({ data, error: null }),
    (error) => setState((s) => ({ data: s.data, error })),
  ), deps);
  useEffect(() => {
    run();
    const id = setInterval(run, ms);
    return () => clearInterval(id);
  }, [run, ms]);
  return { ...state, reload: run };
}
