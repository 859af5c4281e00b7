import { useEffect, useRef } from 'react';
import { View } from '@tarojs/components';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartProps } from './types';

// Only what the dashboard draws: bars, grid, legend, tooltip (with the canvas renderer the weapp page is 514 KB, the full echarts.min.js 1.1 MB).
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const FALLBACK_WIDTH = 320;

/** H5: ECharts renders SVG into the card's node; redrawn when the option changes, resized with the window. */
export default function Chart({ id, option, height, label }: ChartProps) {
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = document.getElementById(id);
    if (!el) return undefined;
    const width = () => el.clientWidth || FALLBACK_WIDTH;
    const c = echarts.init(el, undefined, { renderer: 'svg', width: width(), height });
    chart.current = c;
    const onResize = () => c.resize({ width: width(), height });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, [id, height]);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, id, height]);
  return <View id={id} className='chart' style={{ height: `${height}px` }} role='img' aria-label={label} />;
}
