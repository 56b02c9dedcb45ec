import Dispatch
import FlagsCore
import Foundation
import Synchronization

/// Turns Ctrl-C and `--deadline` into a stop: the first SIGINT fires the run's cancellation
/// signal (strategies stop starting transfers and abort running ones, and the partial report is
/// printed); a second one removes temporary files and exits 130 at once.
enum StopSignals {
    static func install(cancellation: CancellationSignal, deadline: Double?) {
        signal(SIGINT, SIG_IGN)  // delivered to the dispatch source instead of killing us
        let interrupts = Atomic<Int>(0)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if interrupts.add(1, ordering: .relaxed).newValue == 1 {
                Terminal.error("\nStopping: cancelling transfers in flight (Ctrl-C again to quit at once)…\n")
                cancellation.cancel(.interrupted)
            } else {
                FlagStore.removeTemporaryFiles()
                Terminal.error("\nQuit.\n")
                _exit(ExitStatus.interrupted)
            }
        }
        source.resume()
        // The sources live as long as the process: their retain is deliberately never released.
        _ = Unmanaged.passRetained(source as AnyObject)
        if let deadline {
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + deadline)
            timer.setEventHandler { cancellation.cancel(.deadline) }
            timer.resume()
            _ = Unmanaged.passRetained(timer as AnyObject)
        }
    }
}
