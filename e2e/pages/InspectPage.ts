/**
 * Step 5, Inspect: type a text; the top 3 with log-probabilities, the prefix chart, the hidden-state
 * heatmap per layer and direction, cell state and gate heatmaps, and the gradient-norm chart.
 */
import type { Locator, Page } from '@playwright/test';

/** What a heatmap's SVG says about itself: "title: R row-title × C column-title". */
export interface HeatmapShape {
  rows: number;
  columns: number;
  columnLabels: string[];
}

export class InspectPage {
  readonly input: Locator;
  readonly topK: Locator;
  readonly prefixChart: Locator;
  readonly cellHeatmap: Locator;
  readonly gradientNormChart: Locator;
  readonly traceError: Locator;
  /** The line under the tabs saying what the screen shows ("… letter by letter" / "… word by word"). */
  readonly blurb: Locator;
  /** The notice naming what the model cannot read: characters read as "�", or words read as <unk>. */
  readonly unknownNotice: Locator;
  /** The plain prompt shown while the box is empty. */
  readonly prompt: Locator;

  constructor(readonly page: Page) {
    const screen = page.getByTestId('screen-inspect');
    this.input = screen.getByTestId('inspect-input');
    this.topK = screen.getByTestId('top-k');
    this.prefixChart = screen.getByTestId('prefix-chart');
    this.cellHeatmap = screen.getByTestId('cell-heatmap');
    this.gradientNormChart = screen.getByTestId('gradient-norm-chart');
    this.traceError = screen.getByTestId('error-trace');
    this.blurb = screen.locator('.screen-blurb');
    this.unknownNotice = screen.getByTestId('inspect-unknown');
    this.prompt = screen.getByTestId('inspect-prompt');
  }

  /** The hidden-state heatmap of one layer and direction (layer 0 forward by default). */
  hiddenHeatmap(layer = 0, direction: 'forward' | 'reverse' = 'forward'): Locator {
    return this.page.getByTestId(`hidden-heatmap-l${layer}-${direction}`);
  }

  gateHeatmap(gate: string): Locator {
    return this.page.getByTestId(`gate-heatmap-${gate}`);
  }

  async type(text: string): Promise<void> {
    await this.input.fill(text);
  }

  /** Rows and columns from the heatmap's accessible name, and its column labels (the letters). */
  /** A heatmap's colour legend: its title as drawn, and whether the title's box reaches into the colour bar. */
  async legend(heatmap: Locator): Promise<{ title: string; titleMeetsBar: boolean }> {
    return heatmap.evaluate((root) => {
      const title = root.querySelector<SVGTextElement>('text.legend-title');
      const bar = root.querySelector<SVGRectElement>('rect.legend-bar');
      if (!title || !bar) return { title: '', titleMeetsBar: true };
      const box = title.getBBox();
      return { title: title.textContent ?? '', titleMeetsBar: box.y + box.height > bar.y.baseVal.value };
    });
  }

  async heatmapShape(heatmap: Locator): Promise<HeatmapShape> {
    return heatmap.evaluate((root) => {
      const label = root.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? '';
      const match = /:\s*(\d+)\s.*×\s*(\d+)\s/.exec(label);
      return {
        rows: match ? Number(match[1]) : -1,
        columns: match ? Number(match[2]) : -1,
        columnLabels: [...root.querySelectorAll('g.column-labels text')].map((text) => text.textContent ?? ''),
      };
    });
  }

  /**
   * The prefix chart's x labels as drawn: text, whole word (a cut label's tooltip), font size in px and the four
   * corners on screen (rotated labels are not upright boxes).
   */
  async prefixLabels(): Promise<{ text: string; whole: string; fontSize: number; corners: { x: number; y: number }[] }[]> {
    return this.prefixChart.evaluate((root) =>
      [...root.querySelectorAll<SVGTextElement>('.x-axis .tick text')].map((label) => {
        const box = label.getBBox();
        const matrix = label.getScreenCTM();
        const corners = [
          [box.x, box.y],
          [box.x + box.width, box.y],
          [box.x + box.width, box.y + box.height],
          [box.x, box.y + box.height],
        ].map(([x, y]) => (matrix ? new DOMPoint(x, y).matrixTransform(matrix) : new DOMPoint(x, y)));
        const ownText = [...label.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
        return {
          text: ownText,
          whole: label.querySelector('title')?.textContent ?? ownText,
          fontSize: parseFloat(getComputedStyle(label).fontSize),
          corners: corners.map((point) => ({ x: point.x, y: point.y })),
        };
      }),
    );
  }

  /** The font size (px) of the prefix chart's x axis title, the chart's label size. */
  async prefixTitleFontSize(): Promise<number> {
    return this.prefixChart.locator('.x-title').evaluate((title) => parseFloat(getComputedStyle(title).fontSize));
  }

  /** The top-k lines under the "> text" line, e.g. ["(-0.59) Spanish", …]. */
  async topLines(): Promise<string[]> {
    const text = (await this.topK.textContent()) ?? '';
    return text.split('\n').slice(1).filter((line) => line.trim() !== '');
  }
}
