import Hummingbird
import NIOCore

/// `GET /_lab/`: one self-contained page (inline CSS and JavaScript, no external URL) that shows
/// what the server sees, live, for a room to watch on a projector: every flag it holds lighting up
/// as its requests arrive, are held and end, the requests in flight over the last minute, the
/// profile and the outcome counts, and a button that resets the lab.
///
/// It reads `/_lab/events` (``LabEvents``), passing on its own query (`/_lab/?until_idle=5` ends
/// the stream once the server has idled 5 s: what a headless browser needs to finish), and shows
/// the flags from `/_lab/flag/{cc}.png`, which the stats do not count.
///
/// The DOM says what it shows, for tests: `#flag-BR[data-state][data-attempts]`, the counts in
/// `[data-count=requests]`…, the stream's state in `body[data-stream]`.
enum LabPage {
    /// The page for a server holding `codes` (lower-case): the grid of flags is in the HTML, so
    /// the images load with the page (the stream then only changes their state).
    static func response(codes: [String]) -> PreparedResponse {
        let grid = codes.map { code in
            let upper = code.uppercased()
            return #"<figure class="flag" id="flag-\#(upper)" data-state="idle" data-attempts="0">"#
                + #"<img alt="\#(upper)" src="/_lab/flag/\#(code).png" onerror="this.style.visibility='hidden'">"#
                + #"<div class="mark"></div><figcaption><span>\#(upper)</span><span></span></figcaption></figure>"#
        }
        let page = html.replacing(
            #"<main class="grid" id="grid"></main>"#,
            with: #"<main class="grid" id="grid">"# + grid.joined(separator: "\n") + "</main>")
        return PreparedResponse(
            status: .ok, contentType: "text/html; charset=utf-8", body: ByteBuffer(string: page))
    }

    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>flags-server lab</title>
        <link rel="icon" href="data:,">
        <style>
        :root {
          --bg: #ffffff; --fg: #000000; --dim: #555555; --line: #000000; --panel: #f0f0f0;
          --held: #b35900; --ok: #006b2e; --bad: #c00000; --chart: #0040c0;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #000000; --fg: #ffffff; --dim: #b0b0b0; --line: #ffffff; --panel: #1c1c1c;
            --held: #ffb000; --ok: #40e070; --bad: #ff4d4d; --chart: #60b0ff;
          }
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; padding: 1rem 1.5rem; background: var(--bg); color: var(--fg);
          font: 600 22px/1.25 system-ui, "DejaVu Sans", sans-serif;
        }
        header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4rem 1.5rem; }
        h1 { margin: 0; font-size: 2.2rem; }
        .about { color: var(--dim); font-size: 1.1rem; }
        button {
          margin-left: auto; font: inherit; font-size: 1.2rem; padding: 0.3rem 1rem; cursor: pointer;
          color: var(--fg); background: var(--panel); border: 3px solid var(--line); border-radius: 0.4rem;
        }
        .numbers { display: flex; flex-wrap: wrap; gap: 0.5rem 2.2rem; margin: 0.6rem 0; }
        .number b { display: block; font-size: 2.4rem; line-height: 1.1; font-variant-numeric: tabular-nums; }
        .number span { color: var(--dim); font-size: 1rem; }
        .outcomes { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font-size: 1.2rem; min-height: 1.6rem; }
        .outcomes .bad { color: var(--bad); }
        .outcomes .ok { color: var(--ok); }
        .chart { background: var(--panel); border-radius: 0.4rem; margin: 0.6rem 0; padding: 0.3rem 0.6rem; }
        .chart svg { display: block; width: 100%; height: 90px; }
        .chart polyline { fill: none; stroke: var(--chart); stroke-width: 3; vector-effect: non-scaling-stroke; }
        .chart .legend { display: flex; justify-content: space-between; color: var(--dim); font-size: 1rem; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(88px, 1fr)); gap: 5px; }
        .flag {
          margin: 0; border: 4px solid var(--panel); border-radius: 4px; position: relative; overflow: hidden;
          opacity: 0.3; filter: grayscale(1); background: var(--panel);
        }
        .flag img { display: block; width: 100%; aspect-ratio: 4 / 3; object-fit: cover; }
        .flag figcaption {
          position: absolute; left: 0; right: 0; bottom: 0; display: flex; justify-content: space-between;
          padding: 0 0.25rem; font-size: 0.8rem; background: rgba(0, 0, 0, 0.65); color: #ffffff;
        }
        .flag .mark {
          position: absolute; left: 0; right: 0; top: 0; text-align: center;
          font-size: 0.85rem; background: var(--bad); color: #ffffff; display: none;
        }
        .flag[data-state="held"] { opacity: 1; filter: none; border-color: var(--held); }
        .flag[data-state="ok"] { opacity: 1; filter: none; border-color: var(--ok); }
        .flag[data-state="failed"] { opacity: 1; filter: none; border-color: var(--bad); }
        .flag[data-state="failed"] .mark { display: block; }
        .flag[data-state="failed"] img { filter: sepia(1) saturate(6) hue-rotate(-50deg); }
        footer { color: var(--dim); font-size: 1rem; margin-top: 0.6rem; }
        </style>
        </head>
        <body data-stream="connecting">
        <header>
          <h1 id="profile">flags-server</h1>
          <span class="about" id="summary"></span>
          <span class="about" id="seed"></span>
          <button id="reset" type="button" title="POST /_lab/reset: zero the attempts and counts">Reset</button>
        </header>
        <section class="numbers">
          <div class="number"><b data-count="in_flight">0</b><span>in flight now</span></div>
          <div class="number"><b data-count="max_in_flight">0</b><span>max in flight</span></div>
          <div class="number"><b data-count="rate">0</b><span>requests/s</span></div>
          <div class="number"><b data-count="requests">0</b><span>requests</span></div>
          <div class="number"><b data-count="served">0</b><span>flags served</span></div>
          <div class="number"><b data-count="open">0</b><span>connections open</span></div>
          <div class="number"><b data-count="capacity">∞</b><span>capacity</span></div>
        </section>
        <section class="outcomes" id="outcomes"></section>
        <section class="chart">
          <svg viewBox="0 0 600 100" preserveAspectRatio="none" aria-label="requests in flight, last minute">
            <polyline id="line" points=""></polyline>
          </svg>
          <div class="legend"><span>requests in flight, last 60 s</span><span id="scale">max 0</span><span>now</span></div>
        </section>
        <main class="grid" id="grid"></main>
        <footer><span id="status">connecting…</span> · /_lab/stats has the same counts as JSON</footer>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        const flags = new Map();      // "BR" → its figure
        for (const node of document.querySelectorAll(".flag")) flags.set(node.id.slice(5), node);
        const peaks = new Map();      // tick → most in flight during it
        const starts = new Map();     // tick → requests started in it
        let serverTick = 0, receivedAt = performance.now();
        const names = { ok: "served", slow_body: "served slowly", not_found: "404", overloaded: "503 busy",
          reset: "reset", reset_mid_body: "reset", stall: "stalled", truncated: "cut short",
          client_gone: "client left", cut_at_shutdown: "cut at stop", method_not_allowed: "405" };
        const good = (outcome) => outcome === "ok" || outcome === "slow_body";
        const label = (outcome) => names[outcome] || (outcome.startsWith("http_") ? outcome.slice(5) : outcome);

        function figure(code) {
          let node = flags.get(code);
          if (node) return node;
          node = document.createElement("figure");
          node.className = "flag";
          node.id = "flag-" + code;
          node.dataset.state = "idle";
          node.dataset.attempts = "0";
          const img = document.createElement("img");
          img.alt = code;
          img.src = "/_lab/flag/" + code.toLowerCase() + ".png";
          img.onerror = () => { img.style.visibility = "hidden"; };
          const mark = document.createElement("div");
          mark.className = "mark";
          const caption = document.createElement("figcaption");
          caption.innerHTML = "<span></span><span></span>";
          caption.firstChild.textContent = code;
          node.append(img, mark, caption);
          $("grid").append(node);
          flags.set(code, node);
          return node;
        }

        function setFlag(code, [attempts, inFlight, outcome]) {
          const node = figure(code);
          const state = inFlight > 0 ? "held" : outcome == null ? "idle" : good(outcome) ? "ok" : "failed";
          node.dataset.state = state;
          node.dataset.attempts = String(attempts);
          node.dataset.outcome = outcome || "";
          node.querySelector(".mark").textContent = outcome ? label(outcome) : "";
          node.lastChild.lastChild.textContent = attempts > 1 ? "×" + attempts : attempts === 1 ? "1" : "";
          node.title = code + ": " + attempts + " attempt(s)" + (outcome ? ", last " + label(outcome) : "");
        }

        function count(name, value) {
          for (const node of document.querySelectorAll('[data-count="' + name + '"]')) node.textContent = String(value);
        }

        function apply(message, snapshot) {
          const p = message.profile;
          $("profile").textContent = p.name;
          $("summary").textContent = p.summary;
          $("seed").textContent = "seed " + p.seed;
          count("capacity", p.capacity == null ? "∞" : p.capacity);
          count("requests", message.requests);
          count("in_flight", message.in_flight);
          count("max_in_flight", message.max_in_flight);
          count("open", message.connections.open);
          const outcomes = $("outcomes");
          outcomes.textContent = "";
          for (const [name, n] of Object.entries(message.by_outcome)) {
            const item = document.createElement("span");
            item.className = good(name) ? "ok" : "bad";
            item.dataset.outcome = name;
            item.dataset.n = String(n);
            item.textContent = label(name) + " " + n;
            outcomes.append(item);
          }
          if (snapshot) {
            // A new stream (first, or after a reconnect): start again from the server's word.
            const keep = new Set(message.codes.concat(Object.keys(message.flags)));
            for (const [code, node] of flags) if (!keep.has(code)) { node.remove(); flags.delete(code); }
            for (const code of message.codes) setFlag(code, [0, 0, null]);
            peaks.clear();
            starts.clear();
          }
          for (const [code, flag] of Object.entries(message.flags)) setFlag(code, flag);
          let served = 0;
          for (const node of flags.values()) if (node.dataset.state === "ok") served += 1;
          count("served", served);
          const chart = message.chart;
          chart.peak.forEach((peak, i) => peaks.set(chart.first + i, peak));
          chart.started.forEach((n, i) => starts.set(chart.first + i, n));
          serverTick = chart.first + chart.peak.length - 1;
          receivedAt = performance.now();
          for (const tick of peaks.keys()) if (tick <= serverTick - 600) { peaks.delete(tick); starts.delete(tick); }
          draw();
        }

        function draw() {
          const now = serverTick + Math.max(0, Math.floor((performance.now() - receivedAt) / 100));
          let top = 10, carry = 0;
          for (const peak of peaks.values()) top = Math.max(top, peak);
          const points = [];
          // Ticks after the last message keep its value: nothing changed since, or it would have come.
          for (let tick = now - 599; tick <= now; tick++) {
            if (peaks.has(tick)) carry = peaks.get(tick);
            points.push((tick - now + 599) + "," + (100 - 96 * carry / top).toFixed(1));
          }
          $("line").setAttribute("points", points.join(" "));
          $("scale").textContent = "scale 0–" + top;
          let rate = 0;
          for (let tick = now - 9; tick <= now; tick++) rate += starts.get(tick) || 0;
          count("rate", rate);
        }

        function status(text, state) {
          $("status").textContent = text;
          document.body.dataset.stream = state;
        }

        const source = new EventSource("/_lab/events" + location.search);
        source.addEventListener("snapshot", (e) => { apply(JSON.parse(e.data), true); status("live", "live"); });
        source.addEventListener("update", (e) => apply(JSON.parse(e.data), false));
        source.addEventListener("end", (e) => {
          const reason = JSON.parse(e.data).reason;
          source.close();
          status("stream ended: " + (reason === "idle" ? "the server went idle" : "the server stopped"), "ended-" + reason);
        });
        source.onerror = () => { if (source.readyState !== EventSource.CLOSED) status("reconnecting…", "reconnecting"); };
        setInterval(draw, 500);

        $("reset").addEventListener("click", async () => {
          const answer = await fetch("/_lab/reset", { method: "POST" });
          status(answer.ok ? "reset" : "reset refused: " + answer.status, document.body.dataset.stream);
        });
        </script>
        </body>
        </html>
        """#
}
