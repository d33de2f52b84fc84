// Safe file input and output: bounded reads of regular files only, UTF-8 checks, durable atomic writes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pathways {

/// Largest input file pathways reads (scenarios, posteriors, calibration configs and targets).
/// Real inputs are a few kilobytes; the bound keeps `/dev/zero` or a huge file from exhausting memory.
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

/// Why a file could not be read, in words that fit "expected ..., found <why>".
struct ReadFailure {
  std::string found;  ///< e.g. "no file at 'x.yaml'", "a FIFO at 'p'" (never the file's contents)
};

/// Reads a whole regular file of at most `max_bytes`. Refuses directories, devices, FIFOs and
/// sockets (which could block or never end) without reading from them. Returns the text, or sets
/// `failure` and returns nullopt.
std::optional<std::string> read_regular_file(const std::string& path, ReadFailure& failure,
                                             std::size_t max_bytes = kMaxInputBytes);

/// Position of the first byte sequence that is not valid UTF-8 (RFC 3629: no overlong forms, no
/// surrogates U+D800..U+DFFF, nothing above U+10FFFF) or is a NUL byte; npos when all is valid.
std::size_t invalid_utf8_at(std::string_view s);

/// `s` made safe to print on a terminal or in an output file: control characters (C0, DEL, C1)
/// become \xNN escapes, invalid UTF-8 bytes become \xNN too, and text beyond `max_chars` is cut
/// with "...". Used for every name or value that came from a user and is echoed back.
std::string printable(std::string_view s, std::size_t max_chars = 200);

/// Writes `content` to `path` durably and atomically: a temporary file in the same folder,
/// flushed to disk (fsync), renamed over `path`, and the folder entry flushed too, so that after
/// a crash or a kill the file is either the old one or the new one, never a part of either.
void write_file_atomically(const std::string& path, std::string_view content);

/// Flushes a file or folder to disk (fsync); throws std::runtime_error on failure.
void sync_path(const std::string& path);

}  // namespace pathways
