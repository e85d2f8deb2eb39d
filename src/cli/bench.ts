/**
 * `npm run bench`: how fast the engine trains, on every backend, in the browser and in Node.
 * Prints a table and writes bench-results.json; see README "Reading the benchmark". Options: --help.
 */
import { writeFileSync } from 'node:fs';
import { formatTable } from '../bench/table';
import { BenchArgumentError, parseBenchArgs, USAGE } from './bench/args';
import { formatMemoryRaceBench, runMemoryRaceBench } from './bench/memoryRaceBench';
import { runGeneratorBench, summaryLine, writeGeneratorOutput } from './bench/generatorRunner';
import { runBenchmark } from './bench/runBenchmark';

const startedAt = Date.now();

function log(line: string): void {
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const stamp = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  console.log(`[${stamp}] ${line}`);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchArgumentError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.showHelp) {
    console.log(USAGE);
    return;
  }
  if (options.memoryRace) {
    const result = await runMemoryRaceBench({ build: options.build, screenshot: options.screenshot }, log);
    console.log(`\n${formatMemoryRaceBench(result).join('\n')}`);
    // The last line is JSON, as the train command's is.
    console.log(JSON.stringify(result));
    return;
  }
  if (options.generator) {
    const output = await runGeneratorBench(options, options.generator, log);
    console.log(summaryLine(output));
    writeGeneratorOutput(options.out, output);
    console.log(`wrote ${options.out}`);
    return;
  }
  const results = await runBenchmark(options, log);
  console.log(`\n${formatTable(results.runs)}`);
  const { loadAverageStart, loadAverageEnd, cpuCount } = results.machine;
  console.log(`load average ${loadAverageStart} at the start, ${loadAverageEnd} at the end (${cpuCount} cores)`);
  if (results.racesRanOn.length > 0) console.log(`time-to-accuracy races ran on: ${results.racesRanOn.join('; ')}`);
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${options.out} (${results.runs.length} rows) in ${Math.round((Date.now() - startedAt) / 1000)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
