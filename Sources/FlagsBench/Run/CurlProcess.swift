import FlagsShared
import Foundation

/// The reference row: `curl --parallel` fetching the same URLs, over the same libcurl the
/// clients use. How close do they come to libcurl's own tool?
enum CurlProcess {
    /// curl refuses a `--parallel-max` above this and uses 300 instead.
    static let parallelLimit = 300

    /// Writes a config file with one `url` / `output` pair per code and runs curl on it.
    ///
    /// - Returns: The measurement (curl has no clock to report: its elapsed time is the process's
    ///   wall-clock time, start-up included), the command line, and nothing to note.
    /// - Throws: ``BenchError`` when curl fails other than by some URLs answering an HTTP error.
    static func run(
        settings: BenchSettings, concurrency: Int, server: ServerPoint, scratch: ScratchDirectory,
        stop: BenchStop? = nil
    ) throws -> (Measurement, String, [String]) {
        guard let curl = settings.curlPath else {
            throw BenchError.missingExecutable("curl", directory: "the PATH")
        }
        let config = scratch.file("curl.config")
        var lines = [#"write-out = "%{http_code}\n""#]
        for code in settings.codes.codes {
            let cc = code.lowercased()
            lines.append(#"url = "\#(server.baseURL)/\#(cc)/\#(cc).png""#)
            lines.append(#"output = "\#(scratch.file("\(code).png"))""#)
        }
        do {
            try (lines.joined(separator: "\n") + "\n").write(
                toFile: config, atomically: false, encoding: .utf8)
        } catch {
            throw BenchError.cannotWrite(config, reason: "\(error)")
        }
        let arguments = [
            "--parallel", "--parallel-immediate", "--parallel-max", String(concurrency), "--fail", "--silent",
            "--max-time", Format.seconds(settings.timeout), "--config",
        ]
        let command = "curl " + arguments.joined(separator: " ") + " FILE"
        let result = try ChildProcess.run(curl, arguments + [config], stop: stop)
        let statuses = result.stdout.split(separator: "\n").compactMap { Int($0) }
        // 22: some URLs answered 4xx (the 404s of codes the server does not hold), as expected.
        guard [0, 22].contains(result.status), statuses.count == settings.codes.codes.count else {
            let said = result.stderr.split(separator: "\n").prefix(3).joined(separator: " / ")
            throw BenchError.clientFailed(
                command, status: result.status,
                detail: said.isEmpty
                    ? "\(statuses.count) of \(settings.codes.codes.count) transfers reported" : said)
        }
        let ok = statuses.count { $0 == 200 }
        let notFound = statuses.count { $0 == 404 }
        let measurement = Measurement(
            elapsed: result.wallSeconds, wall: result.wallSeconds, cpu: result.cpuSeconds,
            peakRSSKilobytes: result.peakRSSKilobytes,
            concurrency: min(concurrency, parallelLimit, settings.codes.codes.count),
            maxInFlight: nil, serverMaxInFlight: nil, ok: ok, notFound: notFound,
            errors: statuses.count - ok - notFound)
        return (measurement, command, [])
    }
}
