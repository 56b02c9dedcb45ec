import Dispatch
import Foundation
import Synchronization

/// Ctrl-C during a bench. The first stops it: the run in progress is dropped (its client got the
/// signal too, or is sent it) and every run measured before it is printed and saved as usual,
/// so a long sweep is never lost to one keystroke. A second quits at once. Either way no output
/// file is left empty and no scratch directory of downloads is left behind.
///
/// The state is shared by the signal's dispatch queue, the thread that runs each child and the
/// runner: all of it is behind one `Mutex`.
final class BenchStop: Sendable {
    private struct State {
        var stopped = false
        /// The child being measured, while it runs.
        var child: pid_t?
        /// The scratch directory of the run in progress, removed by a quit.
        var scratch: String?
        /// What a quit must undo (the output files the early check created).
        var onQuit: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let interrupts = Atomic<Int>(0)

    /// `true` once the bench should start no more runs.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Routes SIGINT to this stop instead of the default (dying on the spot).
    func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            if interrupts.add(1, ordering: .relaxed).newValue == 1 {
                say(
                    "\nflags-bench: stopping: the run in progress is dropped, the runs measured so far follow"
                )
                say("(Ctrl-C again to quit at once, without them)")
                stop()
            } else {
                quit()
            }
        }
        source.resume()
        // The source lives as long as the process: its retain is deliberately never released.
        _ = Unmanaged.passRetained(source as AnyObject)
    }

    /// Stops the bench after the run in progress, and ends that run: its child is sent SIGINT
    /// (a client then prints its partial report and exits 130; a second SIGINT, when the
    /// terminal already sent one, makes it quit at once — the run is dropped either way).
    func stop() {
        let child = state.withLock { state -> pid_t? in
            state.stopped = true
            return state.child
        }
        if let child { kill(child, SIGINT) }
    }

    /// Something to undo if the bench quits before writing its results.
    func onQuit(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onQuit.append(action) }
    }

    /// The results are written: a quit from now on has nothing to undo.
    func resultsWritten() {
        state.withLock { $0.onQuit = [] }
    }

    /// Records the child being measured; a child started after a stop is stopped at once.
    func childStarted(_ pid: pid_t) {
        let stopped = state.withLock { state -> Bool in
            state.child = pid
            return state.stopped
        }
        if stopped { kill(pid, SIGINT) }
    }

    /// The child was reaped: its pid may belong to another process from now on.
    func childEnded() {
        state.withLock { $0.child = nil }
    }

    /// Records the scratch directory of the run in progress (`nil` once it is removed).
    func scratch(_ path: String?) {
        state.withLock { $0.scratch = path }
    }

    /// The second Ctrl-C: undo what was asked for, kill the child, remove its downloads, exit 130.
    private func quit() {
        let (child, scratch, actions) = state.withLock { ($0.child, $0.scratch, $0.onQuit) }
        if let child { kill(child, SIGKILL) }
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
        for action in actions { action() }
        say("flags-bench: quit; nothing was saved")
        _exit(130)
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
