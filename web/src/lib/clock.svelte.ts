/** A shared ticking clock for wait timers; ticks only while someone watches it. */
let now = $state(Date.now());
let watchers = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export const clock = {
  get now(): number {
    return now;
  },
  /** Call from an $effect; answers the cleanup. */
  watch(): () => void {
    watchers++;
    if (!timer) {
      now = Date.now();
      timer = setInterval(() => (now = Date.now()), 1000);
    }
    return () => {
      watchers--;
      if (watchers === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  },
};
