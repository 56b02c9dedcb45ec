import Foundation

/// How wide the table may be: `COLUMNS` when set, else the terminal's width when stdout is a
/// terminal, else unknown (a pipe or a file gets the default table).
enum TerminalWidth {
    /// The widths honoured: below 20, the table keeps its three essential columns anyway.
    static let range = 20...10_000

    /// - Parameters:
    ///   - environment: Where `COLUMNS` is read.
    ///   - descriptor: The terminal to ask, when it is one (`nil`: do not ask).
    static func current(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        descriptor: Int32? = STDOUT_FILENO
    ) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)),
            range.contains(columns)
        {
            return columns
        }
        guard let descriptor, isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, range.contains(Int(size.ws_col)) else {
            return nil
        }
        return Int(size.ws_col)
    }
}
