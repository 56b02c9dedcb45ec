import FlagsCore
import FlagsServer
import FlagsShared

/// Which server a client talks to, from `--server`.
enum ServerChoice: Equatable {
    /// No `--server`: start a DELAY server inside the client.
    case embedded
    /// A label (LOCAL, DELAY, ERROR, or a lab preset such as HOSTILE): the `flags-server` profile
    /// on its usual port.
    case label(String, FlagSite)
    /// Any base URL.
    case url(FlagSite)

    init(_ argument: String?) throws(UsageError) {
        guard let argument else {
            self = .embedded
            return
        }
        if let profile = ServerProfile.named(argument) {
            self = .label(
                profile.name, try FlagSite(baseURL: "http://127.0.0.1:\(profile.defaultPort)/flags"))
        } else if argument.contains("://") {
            self = .url(try FlagSite(baseURL: argument))
        } else if argument.contains(":") || argument.contains("/") || argument.contains(".") {
            // 127.0.0.1:8001/flags: an address without its scheme.
            throw UsageError(
                "'\(argument)' is neither a label nor a URL: did you mean http://\(argument)?")
        } else {
            let labels = ServerProfile.presets.map(\.name).joined(separator: ", ")
            throw UsageError(
                "unknown server '\(argument)': use one of \(labels), or a URL such as http://127.0.0.1:8001/flags"
            )
        }
    }
}
