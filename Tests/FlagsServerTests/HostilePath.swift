import Testing

/// A request target built to escape the data directory, with a readable name for the test list.
struct HostilePath: Sendable, CustomTestStringConvertible {
    let target: [UInt8]
    let method: String

    init(_ target: [UInt8], method: String = "GET") {
        self.target = target
        self.method = method
    }

    init(_ target: String, method: String = "GET") {
        self.init(Array(target.utf8), method: method)
    }

    var testDescription: String {
        let shown = target.prefix(80).map { byte in
            (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
        }
        return "\(method) \(shown.joined())" + (target.count > 80 ? "… (\(target.count) bytes)" : "")
    }

    /// Ways to say "parent directory" and "/" that a careless server might decode or normalise.
    private static let climbs = [
        "../", "..%2f", "..%2F", "%2e%2e/", "%2E%2E/", "%2e%2e%2f", ".%2e/", "%2e./", "%252e%252e%252f",
        "%252e%252e/", "..%252f", "..\\", "..%5c", "%2e%2e%5c", "%c0%ae%c0%ae/", "%c0%ae%c0%ae%c0%af",
        "%e0%80%ae%e0%80%ae/", "..%c0%af", "..%c1%9c", "....//", "..;/", "%u002e%u002e/", ".%00./",
        "..%00/", "%2e%2e%00/", "..%u2215", "..%ef%bc%8f", ".../",
    ]

    /// The secrets the fixture plants around the data, as paths relative to the places the
    /// climbs start from.
    static let all: [HostilePath] = {
        var paths: [HostilePath] = []
        for climb in climbs {
            paths.append(HostilePath("/flags/br/" + String(repeating: climb, count: 3) + "secret.txt"))
            paths.append(HostilePath("/flags/" + String(repeating: climb, count: 2) + "secret.txt"))
            paths.append(HostilePath("/" + String(repeating: climb, count: 8) + "etc/passwd"))
            // The lab's endpoints are paths too: climbing out of them must reach nothing either.
            paths.append(HostilePath("/_lab/" + String(repeating: climb, count: 2) + "secret.txt"))
            paths.append(HostilePath("/_lab/stats/" + climb + climb + "flags-data/secret.txt"))
        }
        paths += [
            "/etc/passwd", "//etc/passwd", "///etc/passwd", "/flags//etc/passwd", "/flags/br//etc/passwd",
            "/proc/self/environ", "/flags/br/%2fetc%2fpasswd", "/flags/br/%2Fetc%2Fpasswd", "%2fetc%2fpasswd",
            "/secret.txt", "/flags/secret.txt", "/flags/br/secret.txt", "/flags/br/secret.png",
            "/flags-data/secret.txt", "/flags/xyz/xyz.png", "/flags/q1/q1.png", "/flags/br/../secret.txt",
            "/flags/br/./br.png", "/flags/./br/br.png", "/./flags/br/br.png", "/flags/br/.", "/flags/br/..",
            "/flags/br/br.png/..", "/flags/br/br.png/../secret.txt", "/flags/br/br.png%00.txt",
            "/flags/br/br.png%00", "/flags/br%00/br.png", "/flags/%62r/%62r.png", "/flags/br/br%2epng",
            "/flags/br%2fbr.png", "/flags%2fbr%2fbr.png", "/flags\\br\\br.png", "\\flags\\br\\br.png",
            "/flags/br\\..\\..\\secret.txt", "/flags/br/~/secret.txt", "/~root/.ssh/id_rsa",
            "/flags/br/br.png;.txt", "/flags/br/br.png::$DATA", "/flags/br/BR.PNG", "/FLAGS/BR/BR.PNG",
            "/flags/br/br.png?../../secret.txt", "/flags/br/br.png#../../secret.txt",
            "/flags/br/metadata.json?/../../secret.txt", "http://127.0.0.1/flags/../secret.txt",
            "http://evil.example/flags/br/../../secret.txt", "file:///etc/passwd", "*", "/flags/*/*.png",
            "/flags/br/br.png%20", "/flags/br/%20br.png", "/flags/%00/secret.txt", "/%00",
            "/flags/br/%ff.png",
            "/flags/br/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt", "/flags/br/%u2215secret.txt",
            "/C:/Windows/win.ini",
            "/flags/br/..././..././secret.txt", "/flags/br/.%2e/.%2e/secret.txt",
            "/flags/%2e%2e/flags-data/secret.txt",
            "/flags/br/" + String(repeating: "a", count: 5_000) + ".png",
            "/" + String(repeating: "../", count: 3_000) + "etc/passwd",
            "/flags/" + String(repeating: "%2e%2e%2f", count: 2_000) + "secret.txt",
            "/" + String(repeating: "x", count: 100_000),
        ].map { HostilePath($0) }
        paths += [
            HostilePath(Array("/flags/br/br.png".utf8) + [0]),
            HostilePath(Array("/flags/br/".utf8) + [0] + Array("/../../secret.txt".utf8)),
            HostilePath(Array("/flags/br/".utf8) + [0xC0, 0xAE, 0xC0, 0xAE] + Array("/secret.txt".utf8)),
            HostilePath(
                Array("/flags/".utf8) + [0xC0, 0xAE, 0xC0, 0xAE, 0xC0, 0xAF] + Array("secret.txt".utf8)),
            HostilePath(Array("/flags/br/".utf8) + [0xFF, 0xFE] + Array(".png".utf8)),
            HostilePath(Array("/flags/br/br.png\r\nX-Injected: 1".utf8)),
            HostilePath(Array("/flags/br/../../secret.txt".utf8), method: "HEAD"),
            HostilePath(Array("/flags/..%2f..%2fsecret.txt".utf8), method: "HEAD"),
            HostilePath(Array("/secret.txt".utf8), method: "POST"),
            HostilePath(Array("/flags/br/br.png".utf8), method: "TRACE"),
            HostilePath(Array("/flags/br/../../secret.txt".utf8), method: "OPTIONS"),
            HostilePath(Array("/_lab/profile/../../secret.txt".utf8), method: "PUT"),
            HostilePath(Array("/_lab/".utf8) + [0] + Array("/../secret.txt".utf8)),
            HostilePath("/_lab/expect?codes=../../secret.txt"),
            HostilePath("/_lab/expect?codes=%2e%2e%2fsecret"),
            HostilePath("/_lab%2fstats"), HostilePath("/_LAB/stats"), HostilePath("/_lab\\stats"),
        ]
        return paths
    }()

    /// Ways to write `.` that a careless server might decode to a dot.
    private static let dots = [".", "%2e", "%2E", "%252e", "%c0%ae", "%e0%80%ae", "%u002e", "\u{FF0E}"]
    /// Ways to write `/` that a careless server might decode to a separator.
    private static let slashes = ["/", "%2f", "%2F", "%252f", "\\", "%5c", "%c0%af", "%e0%80%af", "\u{2215}"]
    /// Where a climb starts and what it aims at, relative to the fixture's planted secrets.
    private static let climbsFrom = [
        ("/flags/br/", 3, "secret.txt"), ("/flags/", 2, "flags-data/secret.txt"), ("/", 6, "etc/passwd"),
    ]

    /// A generated table: every pairing of the dot and slash spellings above climbing from each
    /// start (8 × 8 × 9 × 3 = 1,728 paths), the same with the climbs' two dots told apart, NUL bytes
    /// and absolute targets, and paths of growing length.
    static let generated: [[UInt8]] = {
        var paths: [[UInt8]] = []
        for first in dots {
            for second in dots {
                for slash in slashes {
                    for (start, count, target) in climbsFrom {
                        let climb = first + second + slash
                        paths.append(Array((start + String(repeating: climb, count: count) + target).utf8))
                    }
                }
            }
        }
        for slash in slashes {
            paths.append(Array(("/flags/br/" + slash + "etc" + slash + "passwd").utf8))
            paths.append(Array(("/flags" + slash + ".." + slash + ".." + slash + "secret.txt").utf8))
            paths.append(Array("/flags/br/..".utf8) + [0] + Array((slash + "..\(slash)secret.txt").utf8))
            paths.append(
                Array("/flags/br/br.png".utf8) + [0] + Array((slash + "..\(slash)..\(slash)secret.txt").utf8))
        }
        for length in [255, 256, 1_023, 1_024, 4_096, 8_192, 16_000, 16_384, 16_385, 32_768, 65_536] {
            // Exactly `length` bytes of climbing.
            let climb =
                String(repeating: "../", count: (length - 10) / 3)
                + String(repeating: "x", count: (length - 10) % 3)
            paths.append(Array(("/flags/br/" + climb).utf8))
            paths.append(
                Array(("/flags/" + String(repeating: "a", count: length) + "/../../secret.txt").utf8))
        }
        return paths
    }()
}
