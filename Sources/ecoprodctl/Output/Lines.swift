import Foundation

/// Writes a line to stdout at once, unbuffered, so a pipe sees each streamed message
/// as it happens and nothing is lost if the reader stops us.
func emitLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
