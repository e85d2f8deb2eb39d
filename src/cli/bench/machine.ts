/** What the numbers were measured on, for the JSON's `machine` field. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  memoryGB: number;
  os: string;
  node: string;
  chromium: string | null;
  tfjs: string;
  /** Commit of the code measured; `+dirty` when the tree had uncommitted changes. */
  commit: string;
  /**
   * 1-minute load average when the run started and ended. Above `cpuCount`, other processes competed
   * for the cores and every time in the table is inflated by them.
   */
  loadAverageStart: number;
  loadAverageEnd: number;
}

/** The 1-minute load average, rounded. */
export function currentLoad(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

function packageVersion(name: string): string {
  try {
    const text = readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url), 'utf8');
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return status === '' ? commit : `${commit}+dirty`;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(chromium: string | null, loadAverageStart: number): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model ?? 'unknown',
    cpuCount: processors.length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium,
    tfjs: packageVersion('@tensorflow/tfjs'),
    commit: gitCommit(),
    loadAverageStart,
    loadAverageEnd: currentLoad(),
  };
}
