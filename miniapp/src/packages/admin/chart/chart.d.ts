// Implemented per platform: chart.h5.tsx (SVG into a DOM node), chart.weapp.tsx (a 2D canvas node).
import type { ChartProps } from './types';

export type { ChartProps };
export default function Chart(props: ChartProps): JSX.Element;
