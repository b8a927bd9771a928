import EcoprodAPI
import EcoprodProtocol

/// What an evidence upload may carry, and how evidence is named.
enum EvidenceRules {
    /// Larger messages are refused rather than buffered: memory stays bounded per upload.
    static let maximumChunkSize = 1 << 20
    static let defaultMaximumSize: UInt64 = 4 << 30
    static let downloadChunkSize = 256 << 10

    static func checkSHA256(_ text: String) throws(RPCError) {
        guard SHA256Digest.isValid(text) else { throw RPCError(.invalidArgument, "sha256: 64 lowercase hex digits") }
    }

    /// The name is only a label for people (the file is stored under its sha256), but it
    /// is handed back to clients that will save it: a bare file name, never a path.
    static func check(_ header: Ecoprod_Label_V1_EvidenceHeader) throws(RPCError) {
        let name = header.name
        guard !name.isEmpty else { throw RPCError(.invalidArgument, "header.name: required") }
        guard name.utf8.count <= 255 else {
            throw RPCError(.invalidArgument, "header.name: at most 255 bytes (\(name.utf8.count) given)")
        }
        guard !name.contains("/"), !name.contains("\0"), name != ".", name != ".." else {
            throw RPCError(.invalidArgument, "header.name: a file name, without '/' or NUL")
        }
        guard !header.mediaType.isEmpty else { throw RPCError(.invalidArgument, "header.media_type: required") }
        guard isMediaType(header.mediaType) else {
            throw RPCError(.invalidArgument, "header.media_type: \"\(header.mediaType)\" is not of the form type/subtype, such as application/pdf")
        }
        guard header.expectedSha256.isEmpty || SHA256Digest.isValid(header.expectedSha256) else {
            throw RPCError(.invalidArgument, "header.expected_sha256: 64 lowercase hex digits")
        }
    }

    /// RFC 6838 section 4.2: two restricted names of at most 127 characters around a '/'.
    private static func isMediaType(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in
            guard let first = part.first, isLetterOrDigit(first), part.count <= 127 else { return false }
            return part.allSatisfy { isLetterOrDigit($0) || "!#$&-^_.+".utf8.contains($0) }
        }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
