import FlagsCore
import FlagsDataBuilder
import FlagsShared
import Foundation
import Testing

@testable import FlagsServer

@Suite struct FlagDataBuilderTests {
    /// A fresh, empty directory for one test, removed afterwards.
    private static func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.path + "/flags-builder-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    private static func inode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
    }

    @Test func buildsAllFlagsThenChangesNothingOnASecondRun() throws {
        try Self.withTemporaryDirectory { directory in
            let root = directory + "/flags-data"
            let first = try FlagDataBuilder.build(codes: CountryCodes.all, root: root)
            #expect(first == FlagDataBuildReport(flagsDirectory: root + "/flags", written: 194, unchanged: 0))
            #expect(first.description == "194 flags in \(root)/flags (194 written, 0 unchanged)")
            let inodes = try ["br/br.png", "br/metadata.json", "zw/zw.png"].map {
                try Self.inode("\(root)/flags/\($0)")
            }

            let second = try FlagDataBuilder.build(codes: CountryCodes.all, root: root)
            #expect(second.written == 0 && second.unchanged == 194)
            // Untouched: not even rewritten with the same bytes.
            #expect(
                try ["br/br.png", "br/metadata.json", "zw/zw.png"].map {
                    try Self.inode("\(root)/flags/\($0)")
                } == inodes)
            let names = try FileManager.default.contentsOfDirectory(atPath: root + "/flags")
            #expect(names.count == 194)
        }
    }

    @Test func rewritesOnlyWhatChanged() throws {
        try Self.withTemporaryDirectory { directory in
            _ = try FlagDataBuilder.build(codes: CountryCodes.all, root: directory)
            try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/flags/br/metadata.json"))
            try FileManager.default.removeItem(atPath: directory + "/flags/fr/fr.png")
            let report = try FlagDataBuilder.build(codes: CountryCodes.all, root: directory)
            #expect(report.written == 2 && report.unchanged == 192)
            #expect(FileManager.default.fileExists(atPath: directory + "/flags/fr/fr.png"))
        }
    }

    @Test(arguments: ["br", "us", "cn", "ci", "zw"])
    func imagesAreByteCopiesOfTheDebianPackage(code: String) throws {
        let built = FileManager.default.contents(
            atPath: "\(TestFixture.shared.root)/flags/\(code)/\(code).png")
        let original = FileManager.default.contents(
            atPath: "\(FlagDataBuilder.defaultImagesDirectory)/\(code).png")
        #expect(built != nil && built == original)
    }

    @Test(arguments: [
        ("br", "Brazil"), ("bo", "Bolivia"), ("ci", "Côte d'Ivoire"), ("kr", "South Korea"), ("tw", "Taiwan"),
        ("us", "United States"), ("gb", "United Kingdom"), ("ir", "Iran"),
    ])
    func metadataNamesTheCountryByItsCommonName(code: String, country: String) throws {
        let json = try #require(
            FileManager.default.contents(atPath: "\(TestFixture.shared.root)/flags/\(code)/metadata.json"))
        let metadata = try JSONDecoder().decode([String: String].self, from: json)
        #expect(metadata == ["country": country, "iso_cc": code.uppercased()])
    }

    @Test func metadataIsTheBooksFormat() throws {
        let json = FileManager.default.contents(atPath: "\(TestFixture.shared.root)/flags/br/metadata.json")
        #expect(json == Data("{\"country\": \"Brazil\", \"iso_cc\": \"BR\"}\n".utf8))
    }

    @Test(arguments: [
        ("Brazil", "\"Brazil\""), ("Côte d'Ivoire", "\"Côte d'Ivoire\""), ("a\"b", "\"a\\\"b\""),
        ("back\\slash", "\"back\\\\slash\""), ("line\nbreak", "\"line\\nbreak\""), ("\u{1}", "\"\\u0001\""),
    ])
    func jsonStringsAreEscaped(text: String, literal: String) {
        #expect(text.jsonQuoted == literal)
    }

    @Test func aMissingImagePackageSaysWhatToInstall() throws {
        try Self.withTemporaryDirectory { directory in
            let error = #expect(throws: FlagServerError.self) {
                try FlagDataBuilder.build(codes: ["BR"], imagesDir: directory + "/no-images", root: directory)
            }
            #expect(error?.code == .sourceMissing)
            #expect(error?.description.contains("apt-get install iso-flags-png-320x240 iso-codes") == true)
            #expect(!FileManager.default.fileExists(atPath: directory))
        }
    }

    @Test func aMissingCountryListSaysWhatToInstall() throws {
        try Self.withTemporaryDirectory { directory in
            let error = #expect(throws: FlagServerError.self) {
                try FlagDataBuilder.build(
                    codes: ["BR"], isoCodesJSON: directory + "/none.json", root: directory)
            }
            #expect(error?.code == .sourceMissing)
            #expect(error?.description.contains("apt-get install iso-flags-png-320x240 iso-codes") == true)
        }
    }

    @Test(arguments: ["XX", "QQ", "B1", "BRA", ""])
    func aCodeWithoutAnImageFailsBeforeWritingAnything(code: String) throws {
        try Self.withTemporaryDirectory { directory in
            let error = #expect(throws: FlagServerError.self) {
                try FlagDataBuilder.build(codes: ["BR", code, "FR"], root: directory)
            }
            #expect(error?.code == .unknownCountry)
            #expect(error?.description.hasPrefix("cannot build the flag of \"\(code)\": ") == true)
            #expect(!FileManager.default.fileExists(atPath: directory))
        }
    }
}
