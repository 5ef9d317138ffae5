/**
 * Runs a deleting step until it deletes fewer than `chunk` rows. Each step is its own short statement,
 * so pruning a large backlog never holds locks or an old snapshot for long. Returns the total.
 */
export async function inChunks(step: (limit: number) => Promise<number>, chunk = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step(chunk);
    total += n;
    if (n < chunk) return total;
  }
}

export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * 86_400_000);
