import Foundation

/// The machine a bench ran on, so a table can be read (and reproduced) in context.
struct MachineInfo: Sendable, Equatable {
    /// The machine's name (`gethostname`).
    var hostname: String
    /// Cores the system has online (`nproc`).
    var cores: Int
    /// The CPU's model name from `/proc/cpuinfo`, or `unknown`.
    var cpuModel: String
    /// The operating system and kernel release: `Linux 6.1.0-18-amd64`.
    var kernel: String
    /// The 1, 5 and 15 minute load averages when the bench started: other work on the machine
    /// skews every number, so say how busy it was.
    var loadAverage: [Double]

    /// Reads the machine this process runs on.
    static func current() -> MachineInfo {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count)
        var names = utsname()
        uname(&names)
        let system = withUnsafeBytes(of: &names.sysname) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let release = withUnsafeBytes(of: &names.release) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        return MachineInfo(
            hostname: String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: model,
            kernel: "\(system) \(release)",
            loadAverage: loadAverages()
        )
    }

    /// The 1, 5 and 15 minute load averages now, from `/proc/loadavg` (empty if unreadable).
    static func loadAverages() -> [Double] {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }

    /// One line for the report: `host · 2 cores · Intel(R) Xeon(R) … · Linux 6.1 · load 0.4 0.5 0.6`.
    var summary: String {
        let load = loadAverage.map { Format.fixed($0, 2) }.joined(separator: " ")
        return "\(hostname) · \(cores) cores · \(cpuModel) · \(kernel) · load \(load)"
    }
}
