import Foundation

/// Where the clients write: results on stdout, progress and diagnostics on stderr.
enum Terminal {
    /// Writes `text` to stderr at once (unbuffered).
    static func error(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Prints a line on stdout and flushes it, so lines and the progress line interleave in order.
    static func output(_ line: String) {
        print(line)
        fflush(nil)  // all output streams; stdout is the only one we buffer
    }

    /// `true` when stderr is a terminal that can redraw a line.
    static var stderrIsInteractive: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// `NO_COLOR` set to anything but the empty string turns colour off (no-color.org).
    static var colorAllowed: Bool {
        (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
