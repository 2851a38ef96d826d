/**
 * Counts the generation jobs this process is running, so background CPU work (WebP variants) can
 * wait for a lull: on a small machine, encoding variants while people wait for their images made
 * every wait longer (bench/pipeline-overhead.ts: about half the overhead at 32 concurrent requests).
 * Per process, since the cores being shared are this machine's.
 */
export class BusyGate {
  private active = 0;

  enter(): void {
    this.active++;
  }

  leave(): void {
    this.active = Math.max(0, this.active - 1);
  }

  get busy(): boolean {
    return this.active > 0;
  }

  /**
   * Resolves once no generation job is running here, or after `maxWaitMs` at most, so a steady
   * stream of generations delays the variants but never starves them.
   */
  async idle(maxWaitMs = 10_000, pollMs = 50): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (this.busy && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
