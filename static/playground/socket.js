// One websocket per page: JSON messages, reconnect with backoff, seq gap/duplicate detection.

const BROADCAST = new Set(["outcome", "output", "diagrams", "sync"]);

export class PlaygroundSocket {
  /**
   * @param {string} path  e.g. "/ws/terminal/"
   * @param {(msg: object) => void} onMessage
   * @param {(state: "connecting"|"open"|"lost") => void} onState
   */
  constructor(path, onMessage, onState) {
    this.url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
    this.onMessage = onMessage;
    this.onState = onState;
    this.ws = null;
    this.lastSeq = null;
    this.delay = 500;
    this.queue = [];
    this.lastSyncAsk = 0;
    this.syncTimer = null;
  }

  connect() {
    this.onState("connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.delay = 500;
      this.onState("open");
      // After any (re)connect the server's state is the truth: prompts, modes, diagrams.
      this.lastSeq = null;
      ws.send(JSON.stringify({ type: "sync" }));
      for (const msg of this.queue.splice(0)) ws.send(JSON.stringify(msg));
    });
    ws.addEventListener("message", (event) => this.receive(event.data));
    ws.addEventListener("close", () => {
      if (this.ws !== ws) return;
      this.onState("lost");
      // Exponential backoff with jitter, capped at 10 s, so a restarted server is not stampeded.
      const wait = this.delay * (0.75 + Math.random() * 0.5);
      this.delay = Math.min(this.delay * 2, 10000);
      setTimeout(() => this.connect(), wait);
    });
  }

  send(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
    else if (msg.type === "input" || msg.type === "signal") this.queue.push(msg);
  }

  askSync() {
    const now = Date.now();
    const wait = this.lastSyncAsk + 1000 - now;
    if (wait > 0) {
      // At most one ask a second, but never none: a partial diagrams message after a gap leaves
      // the panels it omits stale until a sync brings them all.
      this.syncTimer ??= setTimeout(() => {
        this.syncTimer = null;
        this.askSync();
      }, wait);
      return;
    }
    this.lastSyncAsk = now;
    this.send({ type: "sync" });
  }

  receive(raw) {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (!msg || typeof msg !== "object") return;
    if (BROADCAST.has(msg.type) && typeof msg.seq === "number") {
      // Whole state: applied even when late. A diagrams message with only the changed `panels`
      // is a delta, so it is dropped as a duplicate and a gap before it asks for a sync.
      const stateful = msg.type === "sync" || (msg.type === "diagrams" && typeof msg.html === "string");
      if (this.lastSeq !== null && msg.seq <= this.lastSeq && !stateful) return; // duplicate
      if (this.lastSeq !== null && msg.seq > this.lastSeq + 1 && !stateful) this.askSync(); // gap
      this.lastSeq = this.lastSeq === null ? msg.seq : Math.max(this.lastSeq, msg.seq);
    }
    this.onMessage(msg);
  }
}
