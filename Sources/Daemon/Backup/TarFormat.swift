import Glibc

/// The POSIX ustar format, as far as a backup needs it: regular files with relative paths
/// of at most 100 bytes, each a 512-byte header, the bytes, and zeros to the next 512;
/// two zero blocks end the archive. Any tar(1) lists and extracts it.
enum TarFormat {
    static let blockSize = 512

    static func header(path: String, size: Int, modifiedAt: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: blockSize)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1), at: offset, width: width - 1)
        }
        precondition(path.utf8.count <= 100, "tar paths of a backup fit in 100 bytes")
        put(path, at: 0, width: 100)
        octal(0o600, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(modifiedAt, at: 136, width: 12)
        put("        ", at: 148, width: 8)
        header[156] = UInt8(ascii: "0")
        put("ustar\u{0}00", at: 257, width: 8)
        octal(header.reduce(0) { $0 + Int($1) }, at: 148, width: 7)
        return header
    }

    /// The zeros after `size` bytes of content that reach the next block.
    static func padding(after size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    static let end = [UInt8](repeating: 0, count: 2 * blockSize)

    /// A header's path and size; nil for the zero block that ends the archive.
    static func parse(_ header: [UInt8]) throws(BackupFormatError) -> (path: String, size: Int)? {
        guard header.contains(where: { $0 != 0 }) else { return nil }
        func field(_ offset: Int, _ width: Int) -> String {
            String(decoding: header[offset..<offset + width].prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ offset: Int, _ width: Int) throws(BackupFormatError) -> Int {
            let digits = field(offset, width).trimmingSpaces
            guard let value = Int(digits, radix: 8) else { throw BackupFormatError("a tar header has \"\(digits)\" where a number belongs") }
            return value
        }
        var checked = header
        for index in 148..<156 { checked[index] = UInt8(ascii: " ") }
        guard try number(148, 8) == checked.reduce(0, { $0 + Int($1) }) else { throw BackupFormatError("a tar header's checksum does not match: the archive is damaged") }
        guard header[156] == UInt8(ascii: "0") || header[156] == 0 else { throw BackupFormatError("\(field(0, 100)) is not a regular file") }
        return (field(0, 100), try number(124, 12))
    }
}

/// Why an archive is not a backup this ecoprodd can restore.
public struct BackupFormatError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
