/// The `--help` text after the options: what the columns mean, examples, exit status.
///
/// Lines are kept under 80 columns: ArgumentParser wraps longer ones without indenting them.
enum BenchHelp {
    static let discussion = """
        Runs flags-seq, flags-pool and flags-async (found next to flags-bench) and, \
        where curl is installed, `curl --parallel` against one server: the same codes \
        and settings, --repetitions runs each after --warmup runs, strictly one \
        process at a time. Each client runs with --json and its own elapsed time is \
        compared. Without --server, a server is started inside flags-bench, one per \
        --delay value (it shares this process's CPU, but it is asynchronous and idle \
        while it holds responses).

        Bench release builds: swift build -c release, then .build/release/flags-bench \
        (or swift run -c release flags-bench). A debug build refuses to run unless \
        --allow-debug is given.

        Columns:
          strategy   sequential, pool, async; curl is the reference (libcurl's tool)
          delay      seconds the server holds each response (– when unknown)
          codes      flags requested per run: N
          conc, got  concurrency asked for (m), and delivered (may be less)
          median, min, max
                     seconds per run: the client's own elapsed time (for curl,
                     the process's lifetime)
          speedup    sequential median ÷ this median, at the same delay
          ideal      ceil(N ÷ m) × delay: the least time m at a time can take
          eff        ideal ÷ median (100% = no overhead at all)
          flight     most transfers in flight at once, counted by the client
          server     the same, counted by the server (/_lab/stats; – if none)
          CPU s      user + system CPU seconds of the process (median)
          CPU/wall   CPU s ÷ the process's lifetime: 1.00 = one core busy
          RSS MB     peak resident memory of the process (largest run)

        Examples:
          flags-bench
                     20 flags, m = 20, 0.5 s per response: the side-by-side table
          flags-bench -r 1 --warmup 0
                     the same, quicker: one run each
          flags-bench --concurrency 1,2,5,10,20,50,100,200 --all --chart sweep.svg
                     a sweep over 194 flags, drawn as a chart
          flags-bench --delay 0.5,0.1,0 --strategies seq,async
                     one embedded server per delay
          flags-bench --cpu-work 200 --all
                     parallelism: CPU/wall shows the cores each strategy uses
          flags-bench -s DELAY --json bench.json --csv bench.csv
                     a running flags-server; results saved as JSON and CSV too

        Exit status: 0 the bench ran (failed transfers are noted under the table); \
        1 it could not run (a debug build, a client missing or failing, no server, \
        a file not written); 64 bad usage.
        """
}
