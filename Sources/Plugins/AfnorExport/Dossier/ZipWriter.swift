/// A ZIP archive written as a stream, and the same bytes every time for the same entries:
/// entries are stored (not compressed: evidence is mostly PDFs and images already
/// compressed), every timestamp is 1980-01-01 00:00, names are UTF-8, and nothing of the
/// machine or the moment goes in. The bytes accumulate in `output` for the caller to
/// send and clear (`takeOutput()`), so an entry of any size streams through a chunk at a
/// time. No ZIP64: an archive stays under 4 GiB.
public struct ZipWriter: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooLarge
        case entryOpen(String)
        case noEntryOpen
        case duplicateName(String)

        public var description: String {
            switch self {
            case .tooLarge: "the archive would exceed 4 GiB, the limit without ZIP64"
            case .entryOpen(let name): "entry \(name) is still open"
            case .noEntryOpen: "no entry is open"
            case .duplicateName(let name): "\(name) is already in the archive"
            }
        }
    }

    private struct Entry {
        let name: [UInt8]
        let offset: UInt32
        let flags: UInt16
        var crc = CRC32()
        var size: UInt64 = 0
    }

    /// Flag bit 3: CRC and sizes follow the data; bit 11: the name is UTF-8.
    private static let streamedFlags: UInt16 = 1 << 3 | 1 << 11
    private static let knownFlags: UInt16 = 1 << 11
    /// MS-DOS date of 1980-01-01, the earliest a ZIP can say.
    private static let fixedDate: UInt16 = 1 << 5 | 1

    public private(set) var output: [UInt8] = []
    private var written: UInt64 = 0
    private var entries: [Entry] = []
    private var names: Set<String> = []
    private var open: Entry?

    public init() {}

    /// The size of the archive these entries make, before writing it: a streamed entry
    /// carries a data descriptor, a whole one does not.
    public static func archiveSize(_ entries: [(name: String, size: UInt64, streamed: Bool)]) -> UInt64 {
        entries.reduce(22) { total, entry in
            let name = UInt64(entry.name.utf8.count)
            return total + 30 + name + entry.size + (entry.streamed ? 16 : 0) + 46 + name
        }
    }

    /// Hands over the bytes written since the last call.
    public mutating func takeOutput() -> [UInt8] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// A whole entry whose bytes are at hand: its CRC and size go in its header.
    public mutating func add(_ name: String, _ bytes: [UInt8]) throws(Failure) {
        guard open == nil else { throw .entryOpen(String(decoding: open!.name, as: UTF8.self)) }
        var crc = CRC32()
        crc.update(bytes)
        var entry = try header(name, flags: Self.knownFlags, crc: crc.value, size: UInt32(clamping: bytes.count))
        entry.crc = crc
        entry.size = UInt64(bytes.count)
        try append(bytes)
        entries.append(entry)
    }

    /// Starts an entry whose bytes come later, in any number of `write`s.
    public mutating func begin(_ name: String) throws(Failure) {
        guard open == nil else { throw .entryOpen(String(decoding: open!.name, as: UTF8.self)) }
        open = try header(name, flags: Self.streamedFlags, crc: 0, size: 0)
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard open != nil else { throw .noEntryOpen }
        open!.crc.update(bytes)
        open!.size += UInt64(bytes.count)
        try append(bytes)
    }

    /// Ends the open entry with its data descriptor.
    public mutating func end() throws(Failure) {
        guard let entry = open else { throw .noEntryOpen }
        open = nil
        guard entry.size <= UInt32.max else { throw .tooLarge }
        var descriptor: [UInt8] = []
        descriptor.append(le32: 0x0807_4B50)
        descriptor.append(le32: entry.crc.value)
        descriptor.append(le32: UInt32(entry.size))
        descriptor.append(le32: UInt32(entry.size))
        try append(descriptor)
        entries.append(entry)
    }

    /// The central directory and its end: the archive is complete.
    public mutating func finish() throws(Failure) {
        if let open { throw .entryOpen(String(decoding: open.name, as: UTF8.self)) }
        let directoryOffset = written
        for entry in entries {
            var record: [UInt8] = []
            record.append(le32: 0x0201_4B50)
            record.append(le16: 20)                      // made by: MS-DOS attributes, version 2.0
            record.append(le16: 20)                      // needed to extract: 2.0
            record.append(le16: entry.flags)
            record.append(le16: 0)                       // stored
            record.append(le16: 0)                       // time 00:00
            record.append(le16: Self.fixedDate)
            record.append(le32: entry.crc.value)
            record.append(le32: UInt32(entry.size))
            record.append(le32: UInt32(entry.size))
            record.append(le16: UInt16(entry.name.count))
            record.append(le16: 0)                       // extra
            record.append(le16: 0)                       // comment
            record.append(le16: 0)                       // disk
            record.append(le16: 0)                       // internal attributes
            record.append(le32: 0)                       // external attributes
            record.append(le32: entry.offset)
            record += entry.name
            try append(record)
        }
        let directorySize = written - directoryOffset
        guard directoryOffset <= UInt32.max, directorySize <= UInt32.max, entries.count < UInt16.max else { throw .tooLarge }
        var end: [UInt8] = []
        end.append(le32: 0x0605_4B50)
        end.append(le16: 0)
        end.append(le16: 0)
        end.append(le16: UInt16(entries.count))
        end.append(le16: UInt16(entries.count))
        end.append(le32: UInt32(directorySize))
        end.append(le32: UInt32(directoryOffset))
        end.append(le16: 0)
        try append(end)
    }

    private mutating func header(_ name: String, flags: UInt16, crc: UInt32, size: UInt32) throws(Failure) -> Entry {
        guard names.insert(name).inserted else { throw .duplicateName(name) }
        guard written <= UInt32.max else { throw .tooLarge }
        let entry = Entry(name: Array(name.utf8), offset: UInt32(written), flags: flags)
        var header: [UInt8] = []
        header.append(le32: 0x0403_4B50)
        header.append(le16: 20)
        header.append(le16: flags)
        header.append(le16: 0)
        header.append(le16: 0)
        header.append(le16: Self.fixedDate)
        header.append(le32: crc)
        header.append(le32: size)
        header.append(le32: size)
        header.append(le16: UInt16(entry.name.count))
        header.append(le16: 0)
        header += entry.name
        try append(header)
        return entry
    }

    private mutating func append(_ bytes: [UInt8]) throws(Failure) {
        written += UInt64(bytes.count)
        guard written <= UInt32.max else { throw .tooLarge }
        output += bytes
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        written += UInt64(bytes.count)
        guard written <= UInt32.max else { throw .tooLarge }
        output.append(contentsOf: bytes)
    }
}

extension [UInt8] {
    mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(value >> UInt32(shift) & 0xFF)) }
    }
}
