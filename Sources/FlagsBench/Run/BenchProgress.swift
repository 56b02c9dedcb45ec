import Foundation
import Synchronization

/// The progress line on stderr (`[3/16] pool -m 20: run 2/3`), drawn only when stderr is a
/// terminal, and cleared before the results are printed.
final class BenchProgress: Sendable {
    private let total: Int
    private let enabled: Bool
    private let started = Mutex(0)

    init(total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.enabled = enabled
    }

    /// Redraws the line for the run about to start.
    func show(_ text: String) {
        let count = started.withLock { count -> Int in
            count += 1
            return count
        }
        guard enabled else { return }
        write("\r\u{1B}[K[\(count)/\(total)] \(text)")
    }

    /// Removes the line.
    func clear() {
        if enabled { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
