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
        (swift run flags-bench would build and run debug builds). A debug build \
        refuses to run unless --allow-debug is given.

        Columns (--wide adds codes, server, CPU s and RSS MB):
          strategy   sequential, pool, async; curl is the reference (libcurl's tool)
          delay      seconds the server holds each response (– when unknown)
          conc, got  concurrency asked for (m), and delivered (may be less)
          median, min, max
                     seconds per run: the client's own elapsed time (for curl,
                     the process's lifetime)
          speedup    sequential median ÷ this median, at the same delay
          ideal      ceil(N ÷ m) × delay: the least time m at a time can take
          eff        ideal ÷ median (100% = no overhead at all)
          flight     most transfers in flight at once, counted by the client
          CPU/wall   CPU seconds ÷ the process's lifetime: 1.00 = one core busy
          codes      (--wide) flags requested per run: N
          server     (--wide) flight, counted by the server (/_lab/stats)
          CPU s      (--wide) user + system CPU seconds of the process (median)
          RSS MB     (--wide) peak resident memory of the process (largest run)

        The table fits 100 columns; in a narrower terminal (or COLUMNS) the \
        least needed columns are left out, and a line under the table says which.

        Examples (times on 2 cores, release build):
          flags-bench
                     20 flags, m = 20, 0.5 s per response: the table (~1 min)
          flags-bench -r 1 --warmup 0
                     the same, quicker: one run each (~12 s)
          flags-bench -m 1,2,5,10,20,50,100,200 --all --chart sweep.svg
                     a sweep over 194 flags, drawn as a chart (~20 min)
          flags-bench --delay 0.5,0.1,0 --strategies pool,async
                     one embedded server per delay (~15 s)
          flags-bench --cpu-work 200 --all --delay 0
                     parallelism: CPU/wall shows the cores each one uses (~30 s)
          flags-bench -s DELAY --json-file bench.json --csv-file bench.csv
                     a running flags-server; results saved as JSON and CSV too
          flags-bench --json BR IN
                     the results as JSON on stdout (as flags-seq --json prints)
          flags-bench --timeline bench.svg --timeline-traces
                     every request of each client's last run, one panel each,
                     and each client's trace beside it (bench-pool-m20.json)

        Output files (--json-file, --csv-file, --chart, --timeline) are created before the \
        first run, so a bad path stops the bench at once; the results are \
        printed before the files are written.

        Ctrl-C stops the bench after dropping the run in progress: the runs \
        measured before it are printed and saved as usual (exit status 130). \
        A second Ctrl-C quits at once and saves nothing.

        Exit status: 0 the bench ran (failed transfers are noted under the table); \
        1 it could not run (a debug build, a client missing or failing, no \
        server); 64 bad usage; 73 an output file cannot be created or written \
        (sysexits' EX_CANTCREAT); 130 stopped by Ctrl-C (the runs before it shown).
        """
}
