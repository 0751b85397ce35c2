import { useEffect, useReducer, useRef, useState, type RefObject } from 'react';
import type { LaneFrame, LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad } from '../../app/hooks';

export interface Lanes {
  readonly lanes: readonly LaneView[];
  readonly loaded: boolean;
  readonly error: unknown;
  /** A lane as a command answered it (the pushed event follows; whichever comes, the screen is current). */
  update(lane: LaneView): void;
  /** Asks the kiosk for every lane again (after a refused command: this console's view was behind). */
  refresh(): Promise<void>;
}

type Devices = ReadonlyMap<string, NonNullable<LaneView['relay']>>;

/** A lane's relay and camera as the latest `devices.changed` has them: health changes emit no `lanes.changed`. */
function withHealth(lane: LaneView, devices: Devices): LaneView {
  const current = (device: LaneView['relay']): LaneView['relay'] => (device ? (devices.get(device.id) ?? device) : null);
  return { ...lane, relay: current(lane.relay), camera: current(lane.camera) };
}

/**
 * Every lane, loaded once and then kept current by `lanes.changed`, its devices' health by `devices.changed` (every
 * change of any device pushes the whole list). A push that arrives while the list is still on its way is newer than
 * that list, so pushed views win over listed ones.
 */
export function useLanes(): Lanes {
  const { client } = useApp();
  const pushed = useRef(new Map<string, LaneView>());
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const list = useLoad(async () => {
    pushed.current.clear();
    return (await client.call('lanes.list', {})).lanes;
  }, []);
  const update = (lane: LaneView): void => {
    pushed.current.set(lane.laneId, lane);
    changed();
  };
  const [devices, setDevices] = useState<Devices>(new Map());
  useKioskEvent('lanes.changed', (p) => update(p.lane));
  useKioskEvent('devices.changed', (p) => setDevices(new Map(p.devices.map((d) => [d.id, { id: d.id, healthy: d.healthy, detail: d.detail }]))));
  const lanes = (list.data ?? []).map((lane) => withHealth(pushed.current.get(lane.laneId) ?? lane, devices));
  return { lanes, loaded: list.data !== undefined, error: list.error, update, refresh: list.reload };
}

/** Whether the element is on screen and the window is shown: no pictures are fetched for nobody. */
function useVisible(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(false);
  const [shown, setShown] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  useEffect(() => {
    const onChange = (): void => setShown(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return inView && shown;
}

const FRAME_EVERY_MS = 1_000;

/**
 * The lane's latest camera picture, fetched about once a second while `live` (a car at the lane) and the picture
 * is visible. The next fetch waits for the last answer, so a slow kiosk is never asked twice at once. The last
 * picture stays when the lane goes idle.
 */
export function useLaneFrame(laneId: string, live: boolean, ref: RefObject<Element | null>): { frame: LaneFrame | null; error: unknown } {
  const { client, reportError } = useApp();
  const visible = useVisible(ref);
  const [frame, setFrame] = useState<LaneFrame | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!live || !visible) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchFrame = async (): Promise<void> => {
      try {
        const answer = await client.call('lanes.frame', { laneId });
        if (stopped) return;
        if (answer.frame) setFrame(answer.frame);
        setError(null);
      } catch (e) {
        if (stopped) return;
        reportError(e);
        setError(e);
      }
      timer = setTimeout(() => void fetchFrame(), FRAME_EVERY_MS);
    };
    void fetchFrame();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, reportError, laneId, live, visible]);
  return { frame, error };
}
