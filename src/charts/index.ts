/**
 * Framework-free D3 drawers: construct once on a container `<div>` that React owns, call `update(data)` whenever data
 * changes, `refreshTheme()` after presenter mode or the colour scheme changes, and `destroy()` in the effect's cleanup.
 * Each chart's data preparation is a pure, tested function exported beside it.
 */
export { DEFAULT_THEME, OKABE_ITO, categoricalColor, contrastingTextColor, readChartTheme, themeFromVariables } from './chartTheme';
export type { ChartTheme, Interpolator } from './chartTheme';
export { motionDuration, prefersReducedMotion } from './motion';
export { formatCount, formatShare, formatValue } from './format';

export { LineChart } from './lineChart';
export type { LineChartData, LineChartOptions, LinePoint, LineSeries, ReferenceLine, SeriesMark } from './lineChart';
export { decimate, hoverReadout, lineDomains, nearestIndex } from './lineChartData';

export { ConfusionMatrix } from './confusionMatrix';
export type { ConfusionMatrixData, ConfusionMatrixOptions } from './confusionMatrix';
export { cellText, confusionCells, confusionSummary, rowNormalise } from './confusionData';

export { Heatmap } from './heatmap';
export type { HeatmapData, HeatmapOptions } from './heatmap';
export { heatmapGrid, heatmapPixels, resolveColorDomain } from './heatmapData';
export type { ColorScaleKind, MatrixLike } from './heatmapData';

export { OneHotGrid } from './oneHotGrid';
export type { OneHotGridData, OneHotGridOptions } from './oneHotGrid';
export { oneHotRows, oneHotShape } from './oneHotData';

export { BarChart } from './barChart';
export type { BarChartData, BarChartOptions } from './barChart';
export { Histogram } from './histogram';
export type { HistogramData, HistogramOptions } from './histogram';
export { barRows, lengthHistogram, majorityBaseline } from './distributionData';

export { PrefixPredictionChart } from './prefixPredictionChart';
export type { PrefixPredictionData, PrefixPredictionOptions } from './prefixPredictionChart';
export { GradientNormChart } from './gradientNormChart';
export type { GradientNormData, GradientNormOptions } from './gradientNormChart';
export { gradientNormSeries, prefixSeries, vanishingRatio } from './inspectData';

export { NetworkDiagram } from './networkDiagram';
export type { NetworkDiagramData, NetworkDiagramOptions } from './networkDiagram';
export { modelTitle, unrolledLayout } from './networkLayout';
export type { DiagramModel } from './networkLayout';
