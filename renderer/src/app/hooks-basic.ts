import { useEffect, useState } from 'react';

/** Current time, ticking every `ms`, for clocks and countdowns. Needs no kiosk: usable before login. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
