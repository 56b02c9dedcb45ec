import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

@Suite struct ProgressLineTickTests {
    /// The elapsed time and transfers in flight of each progress line drawn for `0/3`, in order.
    static func idleRedraws(_ text: String) -> [(elapsed: Double, inFlight: Int)] {
        text.split(separator: "\r").compactMap { drawn in
            let line = drawn.replacingOccurrences(of: "\u{1B}[K", with: "")
            guard line.hasPrefix("0/3 "), line.hasSuffix("s") else { return nil }
            let words = line.split(separator: " ")
            guard words.count >= 4, words[words.count - 2] == "flight",
                let elapsed = Double(words[words.count - 1].dropLast()),
                let inFlight = Int(words[words.count - 4])
            else { return nil }
            return (elapsed, inFlight)
        }
    }

    @Test(arguments: Client.allCases)
    func theLineKeepsTickingWhileNothingFinishes(client: Client) async throws {
        // Every request is held until the client goes: nothing ever finishes.
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let session = try TerminalSession(
            client.executable,
            ["-s", server.baseURL, "-o", output.path, "--timeout", "3600", "BR", "IN", "US"])
        // The event: two redraws after the first one, each later than the one before, while
        // 0 of 3 are done. Without ticking the only line is the first one, at 0.0 s, and this
        // waits out its safety net.
        let held = client == .seq ? 1 : 3
        let ticked = await onOwnThread {
            session.waitFor(timeout: .seconds(300)) { text in
                let redraws = Self.idleRedraws(text)
                return redraws.filter { $0.elapsed > 0 }.count >= 2 && redraws.last?.inFlight == held
            }
        }
        session.signal(SIGINT)
        let status = await onOwnThread { session.wait() }
        let redraws = Self.idleRedraws(session.text)
        #expect(ticked, "\(session.text.debugDescription)")
        let elapsed = redraws.map(\.elapsed)
        #expect(elapsed == elapsed.sorted() && Set(elapsed).count == elapsed.count, "\(elapsed)")
        // The count of transfers in flight shows on the ticking line: all 3 held (seq: 1).
        #expect(redraws.last?.inFlight == held, "\(redraws)")
        #expect(status == 130)
    }
}
