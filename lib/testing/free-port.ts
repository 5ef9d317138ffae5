import { createServer } from "node:net";

/**
 * A port the OS says is free right now. Tests that must know their server's URL before it starts
 * (INTERNAL_URL is read once) use this instead of a random number, which can collide with the
 * ephemeral ports of the run's own database connections.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
