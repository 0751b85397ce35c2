import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { useI18n } from '../../i18n';
import { CORNERS, regionAfterDrag, regionAfterKey, regionFromDrag, shareOf, STARTING_REGION, type Point, type RoiHandle, type RoiRect } from './roi-geometry';

/** A gesture under way: drawing a new region from a point, or dragging the region or one of its corners. */
type Drag = { kind: 'draw'; start: Point } | { kind: 'handle'; handle: RoiHandle; start: Point; from: RoiRect };

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/**
 * The lane's region of interest drawn on its camera's latest picture: drag on the picture to draw it, drag the
 * region or a corner to move it; from the keyboard, Tab to the region (arrows move it, Shift+arrows resize it) or to
 * a corner (arrows move that corner). Without a picture (no camera wired, or none sending) the region is drawn on a
 * blank 16:9 frame; the percentages below say the same in figures.
 */
export function RoiPicture({ laneId, region, onChange }: { laneId: string; region: RoiRect | null; onChange(region: RoiRect | null): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const frame = useLoad(async () => (await client.call('lanes.frame', { laneId })).frame, [laneId]);
  // A camera with no picture yet (just wired, or restarting after the lane's settings were saved) is asked again.
  const { loading: frameLoading, data: frameData, reload: reloadFrame } = frame;
  useEffect(() => {
    if (frameLoading || frameData) return;
    const timer = setTimeout(() => void reloadFrame(), 1_000);
    return () => clearTimeout(timer);
  }, [frameLoading, frameData, reloadFrame]);
  const surface = useRef<HTMLDivElement>(null);
  const regionButton = useRef<HTMLButtonElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  // The picture's own shape once it has loaded, so the region is drawn on it undistorted.
  const [shape, setShape] = useState<string | undefined>(undefined);

  const pointAt = (e: PointerEvent): Point => shareOf(e, surface.current!.getBoundingClientRect());
  const start = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    const handle = (e.target as HTMLElement).dataset.handle as RoiHandle | undefined;
    const at = pointAt(e);
    surface.current!.setPointerCapture(e.pointerId);
    setDrag(handle && region ? { kind: 'handle', handle, start: at, from: region } : { kind: 'draw', start: at });
  };
  const follow = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag) return;
    const at = pointAt(e);
    onChange(drag.kind === 'draw' ? regionFromDrag(drag.start, at) : regionAfterDrag(drag.from, drag.handle, at.x - drag.start.x, at.y - drag.start.y));
  };
  const end = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag) return;
    follow(e);
    setDrag(null);
    // The region is the next step: the keyboard can fine-tune what the mouse drew.
    requestAnimationFrame(() => regionButton.current?.focus());
  };
  const key = (handle: RoiHandle) => (e: KeyboardEvent): void => {
    if (!region) return;
    const next = regionAfterKey(region, handle, e.key, e.shiftKey);
    if (!next) return;
    e.preventDefault();
    onChange(next);
  };
  const draw = (): void => {
    onChange(STARTING_REGION);
    requestAnimationFrame(() => regionButton.current?.focus());
  };

  const picture = frame.data;
  const described = region && t('devices.roiRegionNow', { left: percent(region.x), top: percent(region.y), width: percent(region.width), height: percent(region.height) });
  return (
    <div className="roi-picture-block">
      <div className="roi-picture" ref={surface} data-testid="roi-picture" onPointerDown={start} onPointerMove={follow} onPointerUp={end} onPointerCancel={() => setDrag(null)} style={{ aspectRatio: shape }}>
        {picture ? <img src={`data:image/jpeg;base64,${picture.jpegBase64}`} alt={t('devices.roiPicture')} draggable={false} onLoad={(e) => setShape(`${e.currentTarget.naturalWidth} / ${e.currentTarget.naturalHeight}`)} /> : <span className="roi-picture-none">{frame.data === undefined ? '' : t('devices.roiNoPicture')}</span>}
        {region ? (
          <div className="roi-region" style={{ left: `${region.x * 100}%`, top: `${region.y * 100}%`, width: `${region.width * 100}%`, height: `${region.height * 100}%` }}>
            <button type="button" ref={regionButton} className="roi-move" data-handle="region" data-testid="roi-region" aria-label={`${t('devices.roiRegion')}: ${described}`} onKeyDown={key('region')} />
            {CORNERS.map((corner) => (
              <button key={corner} type="button" className={`roi-corner roi-${corner}`} data-handle={corner} data-testid={`roi-${corner}`} aria-label={t(`devices.roiCorner.${corner}`)} onKeyDown={key(corner)} />
            ))}
          </div>
        ) : null}
      </div>
      <div className="roi-picture-actions">
        {region ? (
          <button type="button" className="btn btn-small" onClick={() => onChange(null)}>{t('devices.roiWhole')}</button>
        ) : (
          <button type="button" className="btn btn-small" onClick={draw} data-testid="roi-draw">{t('devices.roiDraw')}</button>
        )}
        <p className="field-hint" aria-live="polite">{region ? `${described} ${t('devices.roiKeys')}` : t('devices.roiWholeNow')}</p>
      </div>
    </div>
  );
}
