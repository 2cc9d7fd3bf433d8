// Calls a function now and then every `interval` ms, never two at once; stops when asked.

export function poll(interval, tick) {
  let stopped = false;
  let timer = 0;
  const controller = new AbortController();
  const run = async () => {
    if (stopped) return;
    try {
      await tick(controller.signal);
    } finally {
      if (!stopped) timer = setTimeout(run, interval);
    }
  };
  run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
    },
    now() {
      clearTimeout(timer);
      run();
    },
  };
}
