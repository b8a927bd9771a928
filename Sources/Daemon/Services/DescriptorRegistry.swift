import EcoprodProtocol
import Foundation
import NIOConcurrencyHelpers
import SwiftProtobuf

/// The .proto files of everything served, for `Daemon/GetDescriptors`: the built-in
/// set embedded at build time, plus what plugins add.
public final class DescriptorRegistry: Sendable {
    private let files = NIOLockedValueBox<[Google_Protobuf_FileDescriptorProto]>([])

    public init() {
        let builtin = Data(base64Encoded: EmbeddedDescriptors.fileDescriptorSetBase64)!
        // The embedded set is produced by protoc at generation time; failing to read it is a build defect.
        let set = try! Google_Protobuf_FileDescriptorSet(serializedBytes: builtin)
        files.withLockedValue { $0 = set.file }
    }

    /// Adds files not yet known (by name); plugins share imports such as google/protobuf/*.
    public func add(_ set: Google_Protobuf_FileDescriptorSet) {
        files.withLockedValue { files in
            let known = Set(files.map(\.name))
            files += set.file.filter { !known.contains($0.name) }
        }
    }

    /// Why `set` cannot join the served files: one of its files has the name of a served
    /// file but other content. The well-known google/protobuf files are exempt, as
    /// each side may have been built with a different protoc.
    public func conflict(with set: Google_Protobuf_FileDescriptorSet) -> String? {
        let served = Dictionary(files.withLockedValue { $0 }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for file in set.file where !file.name.hasPrefix("google/protobuf/") {
            guard let existing = served[file.name] else { continue }
            var (mine, theirs) = (existing, file)
            // Comments and locations are not the schema.
            mine.clearSourceCodeInfo()
            theirs.clearSourceCodeInfo()
            if mine != theirs {
                return "its descriptor set has \(file.name), which differs from the file of that name the daemon already serves"
            }
        }
        return nil
    }

    /// Every file, dependencies before dependents (the order each set arrived in).
    public var fileDescriptorSet: Google_Protobuf_FileDescriptorSet {
        var set = Google_Protobuf_FileDescriptorSet()
        set.file = files.withLockedValue { $0 }
        return set
    }
}
