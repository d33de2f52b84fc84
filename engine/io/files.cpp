// Bounded reads of regular files, UTF-8 validation, printable echoes and durable atomic writes.
#include "io/files.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace pathways {

namespace {

/// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

std::string kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO (pipe)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "a special file";
}

std::string mib(std::size_t bytes) {
  return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / (1 << 20));
}

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid (or NUL).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogates U+D800..U+DFFF
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::optional<std::string> read_regular_file(const std::string& path, ReadFailure& failure,
                                             std::size_t max_bytes) {
  const std::string shown = printable(path);
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below in any case.
  Fd f(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (f.fd < 0) {
    const int e = errno;
    if (e == ENOENT || e == ENOTDIR) {
      failure.found = "no file at '" + shown + "'";
    } else if (e == EACCES || e == EPERM) {
      failure.found = "a file that cannot be read (permission denied) at '" + shown + "'";
    } else {
      failure.found = "a file that cannot be opened at '" + shown + "' (" + std::strerror(e) + ")";
    }
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    failure.found = "a file that cannot be examined at '" + shown + "'";
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    failure.found = kind_of(st.st_mode) + " at '" + shown + "' (only regular files are read)";
    return std::nullopt;
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    failure.found = fmt::format("a file of {} at '{}' (larger than the {} limit)",
                                mib(static_cast<std::size_t>(st.st_size)), shown, mib(max_bytes));
    return std::nullopt;
  }
  std::string text;
  text.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > max_bytes) break;
      text.resize(std::min(max_bytes + 1, text.size() + 65536));  // the file grew while we read it
    }
    const ssize_t n = ::read(f.fd, text.data() + got, text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      failure.found = "a file that cannot be read at '" + shown + "' (" + std::strerror(errno) + ")";
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) {
    failure.found = fmt::format("a file at '{}' larger than the {} limit", shown, mib(max_bytes));
    return std::nullopt;
  }
  text.resize(got);
  return text;
}

std::size_t invalid_utf8_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string printable(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    const std::size_t n = utf8_length(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    // C1 controls (U+0080..U+009F) and bidirectional overrides (U+202A..U+202E, U+2066..U+2069)
    // can rewrite what a terminal or a spreadsheet shows; escape them like C0 controls.
    const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    const bool bidi =
        n == 3 && c == 0xE2 &&
        ((static_cast<unsigned char>(s[i + 1]) == 0x80 && static_cast<unsigned char>(s[i + 2]) >= 0xAA &&
          static_cast<unsigned char>(s[i + 2]) <= 0xAE) ||
         (static_cast<unsigned char>(s[i + 1]) == 0x81 && static_cast<unsigned char>(s[i + 2]) >= 0xA6 &&
          static_cast<unsigned char>(s[i + 2]) <= 0xA9));
    if (n == 0 || c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c);
      i += 1;
    } else if (c1 || bidi) {
      for (std::size_t k = 0; k < n; ++k)
        out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[i + k]));
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
    ++chars;
  }
  return out;
}

void sync_path(const std::string& path) {
  Fd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (f.fd < 0 || ::fsync(f.fd) != 0) {
    throw std::runtime_error("cannot flush '" + printable(path) + "' to disk: " + std::strerror(errno));
  }
}

void write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string tmp = path + fmt::format(".tmp-{}", ::getpid());
  {
    Fd f(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (f.fd < 0) throw std::runtime_error("cannot write '" + printable(tmp) + "': " + std::strerror(errno));
    std::size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = ::write(f.fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot write '" + printable(tmp) + "': " + std::strerror(e));
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(f.fd) != 0) {
      const int e = errno;
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot flush '" + printable(tmp) + "' to disk: " + std::strerror(e));
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot rename '" + printable(tmp) + "' to '" + printable(path) +
                             "': " + std::strerror(e));
  }
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  sync_path(dir.string());
}

}  // namespace pathways
