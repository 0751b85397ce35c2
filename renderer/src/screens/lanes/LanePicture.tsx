import { useRef, useState, type ReactNode } from 'react';
import type { LaneView } from '../../api/lane-types';
import { useI18n } from '../../i18n';
import { useLaneFrame } from './hooks';

/**
 * The lane camera's latest picture with the plate box of the read made on it. Fetched only while a car is at the
 * lane and the tile is on screen; the box is drawn in the picture's own pixels, so it scales with it.
 */
export function LanePicture({ lane, large = false }: { lane: LaneView; large?: boolean }): ReactNode {
  const { t, fmt } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const { frame, error } = useLaneFrame(lane.laneId, lane.phase !== 'idle' && lane.phase !== 'closed', ref);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const box = frame?.box;
  return (
    <figure className={`lane-picture${large ? ' lane-picture-large' : ''}`} ref={ref} data-testid={large ? 'lane-picture-large' : 'lane-picture'}>
      {frame ? (
        <>
          <img
            src={`data:image/jpeg;base64,${frame.jpegBase64}`}
            alt={t('lanes.picture', { lane: lane.name })}
            onLoad={(e) => setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          />
          {box && size ? (
            <svg className="plate-box" viewBox={`0 0 ${size.width} ${size.height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
              <rect x={box.x} y={box.y} width={box.width} height={box.height} />
            </svg>
          ) : null}
          <figcaption className={`num${error ? ' picture-stale' : ''}`}>
            {t(error ? 'lanes.pictureStale' : 'lanes.pictureAt', { time: fmt.time(frame.at) })}
          </figcaption>
        </>
      ) : (
        <span className="lane-picture-none">{t('lanes.noPicture')}</span>
      )}
    </figure>
  );
}
