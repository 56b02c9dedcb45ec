import FlagsTestSupport
import Foundation
import Testing

@testable import FlagsCore

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

    @Test func aNameIsClaimedOncePerRunAndCopiesShareTheClaims() {
        let store = FlagStore(directory: "/nonexistent")
        let copy = store
        #expect(store.claim("Same_Name.png"))
        #expect(!copy.claim("Same_Name.png"), "a copy of the run's store sees the claim")
        #expect(FlagStore(directory: "/nonexistent").claim("Same_Name.png"), "another run starts afresh")
    }

    @Test func theLongestSanitizedNameIsSavedTemporaryNameIncluded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FlagStore(directory: directory.path)
        try store.prepare()
        for letter in ["x", "é", "漢"] {
            let name = try #require(FlagFile.name(forCountry: String(repeating: letter, count: 245)))
            try store.save([1, 2, 3], as: name)
        }
        #expect(directory.contents().count == 3)
        #expect(directory.contents().allSatisfy { !$0.hasPrefix(".") })
    }

    @Test(arguments: ["", ".", "..", "a/b", "../BR.png", "a\u{0}b", String(repeating: "x", count: 256)])
    func onlyPlainFileNamesAreSaved(name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FlagStore(directory: directory.file("out"))
        try store.prepare()
        #expect(throws: StoreError.self) { try store.save([1], as: name) }
        #expect(directory.contents() == ["out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out")) == [])
    }

    @Test func aDirectoryThatCannotBeMadeSaysWhichAndWhy() {
        #expect {
            try FlagStore(directory: "/proc/flags-test/x").prepare()
        } throws: { error in
            let text = "\(error)"
            return text.contains("cannot make directory '/proc/flags-test'")
                && text.contains("No such file or directory") && text.contains("takes no new directories")
        }
    }
}
