import type { EChartsCoreOption } from 'echarts/core';

export interface ChartProps {
  id: string;
  /** An ECharts option (options.ts builds them from the dashboard's figures). */
  option: EChartsCoreOption;
  /** Height in px; the width is the card's. */
  height: number;
  /** What the chart shows, for screen readers (the figures are also printed beside it). */
  label: string;
}
