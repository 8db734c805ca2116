import type { ExplorationResult } from './explore.js';

const CELL = 10;
const ROW = 26;
const LEFT = 290;
const TOP = 40;

/** What a route's window is, for a chart's title. */
const routeTitle = (route: string) =>
  route === 'int $0x80' || route === 'sysenter'
    ? `null system call by ${route}`
    : route === 'resume_kernel' || route === 'nmi' || route === 'iret_exc'
      ? `${route} path (from kernel mode)`
      : `${route} path (from user mode)`;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The race explorer's chart for one entry route: one row per configuration, one cell per
 * instruction boundary (green: every invariant held; red: one broke), and inside each row the
 * kernel stack depth reached in that trial as a line. Plain SVG: opens anywhere.
 */
export function sweepChart(route: string, results: readonly ExplorationResult[]): string {
  const width = Math.max(720, LEFT + CELL * Math.max(...results.map((r) => r.tried)) + 20);
  const height = TOP + ROW * results.length + 60;
  const maxDepth = Math.max(1, ...results.flatMap((r) => r.boundaries.map((b) => b.depth)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(`The race explorer: a timer interrupt before every instruction of the ${routeTitle(route)}`)}</title>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(`A timer interrupt before every instruction of the ${routeTitle(route)}`)}</text>`,
  ];
  results.forEach((result, row) => {
    const y = TOP + row * ROW;
    parts.push(`<text x="10" y="${y + 15}">${escapeXml(result.configuration)}</text>`);
    const points: string[] = [];
    for (const b of result.boundaries) {
      const x = LEFT + b.boundary * CELL;
      parts.push(
        `<rect x="${x}" y="${y}" width="${CELL - 1}" height="${ROW - 4}" fill="${b.ok ? '#8c8' : '#d44'}"><title>boundary ${b.boundary}, CPL ${b.cpl}, stack ${b.depth} bytes${b.ok ? '' : ': an invariant broke'}</title></rect>`,
      );
      points.push(`${x + CELL / 2},${y + ROW - 5 - ((ROW - 8) * b.depth) / maxDepth}`);
    }
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="#224" stroke-width="1"/>`);
  });
  const legendY = TOP + ROW * results.length + 20;
  parts.push(
    `<rect x="10" y="${legendY - 10}" width="10" height="10" fill="#8c8"/><text x="24" y="${legendY}">every invariant held</text>`,
    `<rect x="170" y="${legendY - 10}" width="10" height="10" fill="#d44"/><text x="184" y="${legendY}">an invariant broke</text>`,
    `<text x="330" y="${legendY}">line: deepest kernel stack in the trial (top of a row = ${maxDepth} bytes)</text>`,
    `<text x="10" y="${legendY + 20}">x: the instruction boundary, from the first kernel instruction of the call to the first one back in user mode</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
