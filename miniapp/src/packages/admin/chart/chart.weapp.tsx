import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, type CanvasTouchEvent } from '@tarojs/components';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartProps } from './types';

// The same parts as chart.h5.tsx, with the canvas renderer (a mini-program has no SVG DOM).
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type CanvasNode = { width: number; height: number; [k: string]: unknown };
let platformSet = false;

/**
 * WeChat: ECharts draws on a `<Canvas type="2d">` node (the way Apache's echarts-for-weixin
 * does): text is measured on an offscreen canvas, and touches are handed to ZRender's handler
 * so tapping a bar shows its tooltip.
 */
export default function Chart({ id, option, height, label }: ChartProps) {
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    if (!platformSet) {
      platformSet = true;
      echarts.setPlatformAPI({ createCanvas: () => Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as HTMLCanvasElement });
    }
    Taro.nextTick(() => {
      Taro.createSelectorQuery().select(`#${id}`).fields({ node: true, size: true }).exec((res: { node?: CanvasNode; width: number; height: number }[]) => {
        const info = res?.[0];
        if (disposed || !info?.node) return;
        const dpr = Taro.getWindowInfo().pixelRatio;
        const node = info.node;
        node.width = info.width * dpr;
        node.height = info.height * dpr;
        // ZRender may ask a root for DOM listeners; a canvas node has none.
        for (const k of ['addEventListener', 'removeEventListener', 'attachEvent', 'detachEvent']) if (typeof node[k] !== 'function') node[k] = () => undefined;
        const c = echarts.init(node as unknown as HTMLCanvasElement, undefined, { width: info.width, height: info.height, devicePixelRatio: dpr });
        c.setOption(latest.current, { notMerge: true });
        chart.current = c;
      });
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
  }, [id, height]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  const touch = (type: 'mousedown' | 'mousemove' | 'mouseup') => (e: CanvasTouchEvent) => {
    const t = e.touches?.[0] ?? e.changedTouches?.[0];
    const c = chart.current;
    if (!t || !c) return;
    const handler = c.getZr().handler as unknown as { dispatch(name: string, ev: Record<string, unknown>): void };
    const ev = { zrX: t.x, zrY: t.y, preventDefault: () => undefined, stopPropagation: () => undefined, stopImmediatePropagation: () => undefined };
    handler.dispatch(type, ev);
    if (type === 'mouseup') handler.dispatch('click', ev);
  };

  return (
    <Canvas
      type='2d'
      id={id}
      canvasId={id}
      className='chart'
      style={`width: 100%; height: ${height}px;`}
      onTouchStart={touch('mousedown')}
      onTouchMove={touch('mousemove')}
      onTouchEnd={touch('mouseup')}
      aria-label={label}
    />
  );
}
