import CSystemSupport

/// SHA-256 over bytes that arrive in pieces, through libcrypto's EVP interface.
final class SHA256Digest {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto cannot start a SHA-256 digest")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// The digest of everything so far, as 64 lowercase hex digits. Ends the digest.
    func finish() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return String(decoding: digest.prefix(Int(length)).flatMap { [Self.hexDigits[Int($0 >> 4)], Self.hexDigits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }

    /// Whether `text` is a digest as `finish` writes it: how evidence files are named.
    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy(hexDigits.contains)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
