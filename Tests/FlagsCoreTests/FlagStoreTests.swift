import FlagsCore
import FlagsTestSupport
import Foundation
import Testing

@Suite struct FlagStoreTests {
    @Test func savesTheExactBytesUnderTheFinalNameOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FlagStore(directory: directory.path)
        try store.prepare()
        let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try store.save(bytes, as: "BR.png")
        #expect(directory.contents() == ["BR.png"])
        #expect(FileManager.default.contents(atPath: directory.file("BR.png")).map { Array($0) } == bytes)
        try store.save([1, 2, 3], as: "BR.png")  // replaced atomically, never appended
        #expect(
            FileManager.default.contents(atPath: directory.file("BR.png")).map { Array($0) } == [1, 2, 3])
    }

    @Test func prepareCreatesMissingDirectories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nested = directory.file("a/b/c")
        try FlagStore(directory: nested).prepare()
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory) && isDirectory.boolValue
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: nested) == [],
            "the write check leaves nothing")
    }

    @Test func prepareRejectsAFileOrAnUnwritablePlace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = FileManager.default.createFile(atPath: directory.file("plain"), contents: Data([1]))
        #expect {
            try FlagStore(directory: directory.file("plain")).prepare()
        } throws: { error in
            "\(error)".contains("not a directory")
        }
        #expect {
            try FlagStore(directory: directory.file("plain/sub")).prepare()
        } throws: { error in
            "\(error)".contains("plain/sub")
        }
        // A read-only file system refuses even root.
        #expect(throws: StoreError.self) { try FlagStore(directory: "/proc/self/flags-test").prepare() }
    }

    @Test func aFailedSaveLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FlagStore(directory: directory.file("gone"))
        try store.prepare()
        try FileManager.default.removeItem(atPath: directory.file("gone"))
        #expect(throws: StoreError.self) { try store.save([1, 2, 3], as: "BR.png") }
        #expect(directory.contents() == [])
    }

    @Test func prepareRemovesTemporaryFilesOfDeadRunsOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let finished = try BuiltExecutable("true").start([])
        _ = finished.wait()
        let dead = ".BR.png.part-\(finished.pid)-1"
        let alive = ".IN.png.part-\(getpid())-1"
        let mine = ".notes.txt"
        for name in [dead, alive, mine] {
            _ = FileManager.default.createFile(atPath: directory.file(name), contents: Data([1]))
        }
        try FlagStore(directory: directory.path).prepare()
        #expect(directory.contents() == [mine, alive].sorted())
    }
}
