#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ServerProfile {
    /// Reads a profile from JSON (the format is described in the lab's docs and by
    /// ``json``): keys left out keep the values of the profile named by `"base"`, or of `base`.
    ///
    /// - Throws: ``ProfileError`` naming the key or value at fault. The profile is not validated:
    ///   call ``validate()`` for the ranges.
    public init(json: [UInt8], base: ServerProfile = .local) throws(ProfileError) {
        let document: ProfileDocument
        do {
            document = try JSONDecoder().decode(ProfileDocument.self, from: Data(json))
        } catch let error as ProfileError {
            throw error
        } catch {
            throw ProfileError("not a profile in JSON: \(Self.describe(error))")
        }
        do {
            self = try document.profile(fallback: base)
        } catch let error as ProfileError {
            throw error
        } catch {
            throw ProfileError("\(error)")
        }
    }

    /// Reads and checks the profile file at `path`.
    ///
    /// - Throws: ``FlagServerError`` (`invalidConfiguration`) naming the file and the problem.
    public static func load(file path: String) throws(FlagServerError) -> ServerProfile {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw FlagServerError.invalidConfiguration("profile file \(path): cannot be read")
        }
        let profile: ServerProfile
        do {
            profile = try ServerProfile(json: Array(contents))
        } catch {
            throw FlagServerError.invalidConfiguration("profile file \(path): \(error)")
        }
        do {
            try profile.validate()
        } catch {
            throw FlagServerError.invalidConfiguration("profile file \(path): \(error)")
        }
        return profile
    }

    /// The profile as JSON, every key written: what `GET /_lab/profile` answers, and a profile
    /// file to start from.
    public var json: String {
        LabControl.json(ProfileDocument(self))
    }

    /// A decoding error in a sentence, with the path of keys to the bad value.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context):
            return "missing \(type)\(path(context))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'\(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription)\(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
