import { getInstanceByDom } from 'echarts/core';
import { saveFile } from '../../../shared/download.ts';

/** A data: URL (base64) as a Blob, for a download without a round trip to the server. */
export function blobOfDataUrl(url: string): Blob {
  const [head = '', body = ''] = url.split(',', 2);
  const type = /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

/** Characters that file systems refuse, out of a report name used as a file name. */
export function fileNameOf(name: string, extension: string): string {
  const safe = name
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${safe || 'report'}.${extension}`;
}

/**
 * Downloads the chart drawn in `element` (the EChart container) as a PNG, on white and at twice
 * the screen's resolution so that it stays sharp in a slide. False when no chart is drawn there.
 */
export function downloadChartPng(element: Element | null | undefined, name: string): boolean {
  const chart = element instanceof HTMLElement ? getInstanceByDom(element) : undefined;
  if (!chart) return false;
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  saveFile(blobOfDataUrl(url), fileNameOf(name, 'png'));
  return true;
}
