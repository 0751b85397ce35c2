import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
  /** Bars instead of a line (counts per bin). */
  readonly bars?: boolean;
}

export interface ChartProps {
  readonly title: string;
  /** One label per point, shown on the x axis (dates, hours). */
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Shades between two series (by index), e.g. a forecast's low and high. */
  readonly band?: readonly [number, number];
  readonly height?: number;
  /** The same figures as text: the chart is a picture to the eye only. */
  readonly table: ReactNode;
  readonly testId?: string;
  readonly tableLabel: string;
}

/**
 * A chart drawn by uPlot (canvas: fast with thousands of points on a booth PC) with its data as a table beside it
 * for screen readers and for anyone who would rather read the numbers. The canvas is hidden from assistive tech.
 */
export function Chart({ title, labels, series, band, height = 220, table, testId, tableLabel }: ChartProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const x = labels.map((_, i) => i);
    const tick = (_u: uPlot, splits: number[]) => splits.map((i) => labels[Math.round(i)] ?? '');
    // The site's theme colours, so axes and grid read on the console's dark background.
    const style = getComputedStyle(el);
    const axis = { stroke: style.getPropertyValue('--text-muted').trim() || '#555', grid: { stroke: style.getPropertyValue('--border').trim() || '#ddd', width: 1 }, ticks: { show: false } };
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 320),
        height,
        scales: { x: { time: false } },
        axes: [{ ...axis, values: tick, space: 70 }, axis],
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        series: [
          { label: '', value: (_u, i) => (i === null ? '' : (labels[i] ?? '')) },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            ...(s.bars ? { fill: `${s.color}99`, paths: uPlot.paths.bars!({ size: [0.7, 40] }) } : {}),
          })),
        ],
        bands: band ? [{ series: [band[1] + 1, band[0] + 1], fill: 'rgba(40, 100, 200, 0.15)' }] : [],
      },
      [x, ...series.map((s) => [...s.values])] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 320), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, band, height]);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      <details className="chart-table">
        <summary>{tableLabel}</summary>
        {table}
      </details>
    </figure>
  );
}
