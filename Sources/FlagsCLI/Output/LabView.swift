import FlagsCore
import FlagsShared
import Foundation

/// The server's side of a run, read from a flags-server lab's `/_lab/` endpoints.
///
/// These are blocking libcurl calls, made before and after the run, never while transfers are in
/// flight. Callers run them with `onOwnThread`: never on Swift's cooperative pool.
enum LabView {
    /// Zeroes the lab's counters (and its attempt numbers) before a run.
    ///
    /// - Throws: a message when the server is not a flags-server lab or refuses.
    static func reset(_ site: FlagSite) throws(CommandFailure) {
        let url = site.serverURL(path: "/_lab/reset")
        let status: Int
        do {
            status = try BlockingClient().post(url).status
        } catch {
            throw CommandFailure("--server-stats: \(url): \(error.message)")
        }
        guard (200..<300).contains(status) else {
            throw CommandFailure(
                "--server-stats: \(url) answered \(status): is this a flags-server (from this version)?")
        }
    }

    /// The most requests the server had in flight at once since the reset, or `nil` if it cannot
    /// tell.
    static func maxInFlight(_ site: FlagSite) -> Int? {
        guard let response = try? BlockingClient().get(site.serverURL(path: "/_lab/stats")),
            response.status == 200,
            let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        else { return nil }
        return object["max_in_flight"] as? Int
    }
}
