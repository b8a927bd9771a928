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

    /// Every file, dependencies before dependents (the order each set arrived in).
    public var fileDescriptorSet: Google_Protobuf_FileDescriptorSet {
        var set = Google_Protobuf_FileDescriptorSet()
        set.file = files.withLockedValue { $0 }
        return set
    }
}
