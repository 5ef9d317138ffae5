// The bare ceiling loop of the webhook bench: `count` posts of the given bodies to a local sink with Node's
// HTTP client, `concurrency` at once over the agent's keep-alive sockets. Used in its own process
// (ceiling-poster.mjs) and inside the sink's process (webhooks.ts).
import http from "node:http";

/**
 * @param {{ port: number, bodies: string[], concurrency: number, agent: http.Agent }} o
 * @param {number} count
 * @returns {Promise<void>}
 */
export async function postLoop({ port, bodies, concurrency, agent }, count) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const body = bodies[next++ % bodies.length];
        await new Promise((resolve, reject) => {
          const req = http.request(
            {
              host: "127.0.0.1",
              port,
              path: "/hook",
              method: "POST",
              agent,
              headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
            },
            (res) => {
              res.resume();
              res.on("end", resolve);
            },
          );
          req.on("error", reject);
          req.end(body);
        });
      }
    }),
  );
}
