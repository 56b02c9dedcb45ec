/// A runtime failure of a command, with the one line a user sees (exit status 1).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
