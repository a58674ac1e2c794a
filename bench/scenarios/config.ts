// Sizes and rounds of a full run and of a `--quick` smoke run.

export interface BenchConfig {
  quick: boolean;
  /** Throughput batch sizes (scenario 1). */
  throughputSizes: number[];
  /** DTO path batch size (scenario 2). */
  dtoSize: number;
  /** I/O-bound: records, milliseconds each, concurrency bounds (scenario 3). */
  ioRecords: number;
  ioDelayMs: number;
  ioConcurrency: number[];
  /** FIFO: groups x records per group (scenario 3). */
  fifoGroups: number;
  fifoPerGroup: number;
  /** Rounds for CPU-bound scenarios (after warm-up) and for the slow I/O ones. */
  rounds: number;
  warmupRounds: number;
  ioRounds: number;
  minSampleMs: number;
  /** Fresh processes per variant for cold start, and for peak RSS. */
  coldRounds: number;
  rssRounds: number;
  /** Records of the peak RSS batch (scenario 5). */
  rssSize: number;
}

export function benchConfig(quick: boolean): BenchConfig {
  if (quick) {
    return {
      quick,
      throughputSizes: [10, 100],
      dtoSize: 50,
      ioRecords: 20,
      ioDelayMs: 2,
      ioConcurrency: [1, 8],
      fifoGroups: 4,
      fifoPerGroup: 3,
      rounds: 2,
      warmupRounds: 1,
      ioRounds: 1,
      minSampleMs: 2,
      coldRounds: 1,
      rssRounds: 1,
      rssSize: 500,
    };
  }
  return {
    quick,
    throughputSizes: [10, 1000, 10_000],
    dtoSize: 1000,
    ioRecords: 100,
    ioDelayMs: 5,
    ioConcurrency: [1, 8, 32],
    fifoGroups: 10,
    fifoPerGroup: 10,
    rounds: 15,
    warmupRounds: 3,
    ioRounds: 7,
    minSampleMs: 25,
    coldRounds: 15,
    rssRounds: 3,
    rssSize: 10_000,
  };
}
