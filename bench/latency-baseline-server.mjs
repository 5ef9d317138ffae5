// Same-run baseline for bench/inbox-latency.ts: bare node:http + socket.io. A POST's body carries a
// wamid; the server answers 200 and emits it to every socket in the room as `events.batch`, the
// same shape of round trip as the app's (HTTP in, socket.io out) without the database or the ingest.
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const id = JSON.parse(Buffer.concat(chunks).toString()).entry[0].changes[0].value.messages[0].id;
    res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    setImmediate(() =>
      io.to("project").emit("events.batch", [{ event: "message.created", payload: { id } }]),
    );
  });
});
const io = new Server(http, { serveClient: false, transports: ["websocket", "polling"] });
io.on("connection", (socket) => {
  socket.on("project.join", (_p, ack) => {
    void socket.join("project");
    if (typeof ack === "function") ack({ ok: true });
  });
});
// Longer than the client keeps idle sockets, so a reused keep-alive socket is never closed under it.
http.keepAliveTimeout = 65_000;
http.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
