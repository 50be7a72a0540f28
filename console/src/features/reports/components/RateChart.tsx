import { useId } from "react";
import { useTranslation } from "react-i18next";
import { formatDay, formatPercent } from "../format";

export interface RatePoint {
  day: string;
  value: number | null;
}

const WIDTH = 320;
const HEIGHT = 140;
const PAD = { left: 38, right: 8, top: 8, bottom: 22 };
const GRID = [0, 0.5, 1];

/** Runs of consecutive days that have a value: a day without data is a gap in the line, not a zero. */
function runs(points: readonly { x: number; y: number | null }[]): { x: number; y: number }[][] {
  const found: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  for (const { x, y } of points) {
    if (y === null) {
      if (current.length) found.push(current);
      current = [];
    } else current.push({ x, y });
  }
  if (current.length) found.push(current);
  return found;
}

/**
 * A rate (0-1) by day as a plain SVG line: no chart library for three small lines (README, design notes).
 * The picture is for the eye; screen readers get the same numbers as a table.
 */
export function RateChart({ title, points }: { title: string; points: readonly RatePoint[] }) {
  const { t, i18n } = useTranslation();
  const captionId = useId();
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xOf = (i: number) => PAD.left + (points.length > 1 ? (i * plotW) / (points.length - 1) : plotW / 2);
  const yOf = (v: number) => PAD.top + (1 - v) * plotH;
  const placed = points.map((p, i) => ({ x: xOf(i), y: p.value === null ? null : yOf(p.value), point: p }));
  const [first, last] = [points[0], points.at(-1)];
  const percent = (v: number | null) => formatPercent(v, i18n.language) ?? t("reports.noData");
  return (
    <figure className="rate-chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{t("reports.byDay", { figure: title })}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
        {GRID.map((g) => (
          <g key={g}>
            <line className="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={yOf(g)} y2={yOf(g)} />
            <text className="axis" x={PAD.left - 4} y={yOf(g) + 4} textAnchor="end">
              {percent(g)}
            </text>
          </g>
        ))}
        {first && last && (
          <>
            <text className="axis" x={xOf(0)} y={HEIGHT - 4} textAnchor="start">
              {formatDay(first.day, i18n.language)}
            </text>
            <text className="axis" x={xOf(points.length - 1)} y={HEIGHT - 4} textAnchor="end">
              {formatDay(last.day, i18n.language)}
            </text>
          </>
        )}
        {runs(placed).map((run) => (
          <polyline key={run.map((p) => p.x).join()} className="line" points={run.map((p) => `${p.x},${p.y}`).join(" ")} />
        ))}
        {placed.map(({ x, y, point }) =>
          y === null ? null : (
            <circle key={point.day} className="dot" cx={x} cy={y} r={2.5}>
              <title>{`${formatDay(point.day, i18n.language)}: ${percent(point.value)}`}</title>
            </circle>
          ),
        )}
      </svg>
      <table className="visually-hidden" aria-labelledby={captionId}>
        <thead>
          <tr>
            <th scope="col">{t("reports.day")}</th>
            <th scope="col">{title}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.day}>
              <th scope="row">{formatDay(p.day, i18n.language)}</th>
              <td>{percent(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
