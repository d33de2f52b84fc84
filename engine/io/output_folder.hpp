// The output folder of a command: checked before the run, written in full beside the target, then
// swapped in atomically. It never deletes or overwrites anything a user made.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pathways {

/// What the user asked for and what the command is about to read and write.
struct OutputRequest {
  std::string option = "--out";       ///< the option that named the folder, for messages
  std::filesystem::path target;       ///< as given; a trailing slash names the folder itself
  bool force = false;                 ///< replace an existing folder that pathways wrote
  std::vector<std::string> inputs;    ///< files the command reads; the target may not contain them
  std::uintmax_t bytes_estimate = 0;  ///< expected size of everything written, for the space check
};

/// Why `path` is a folder pathways may replace with --force, or the reason it is not ("" when it is).
/// A replaceable folder holds a manifest.json written by pathways whose "files" list names every
/// entry in the folder, so a folder into which a user put anything of their own is never replaced.
std::string not_replaceable_because(const std::filesystem::path& path);

/// Writes files into a fresh hidden folder beside the target and, on commit(), puts it in place of
/// the target in one atomic step (renameat2 with RENAME_EXCHANGE when an earlier result is
/// replaced, RENAME_NOREPLACE otherwise), so a reader or a crash never sees a half-written result
/// and no moment exists without a whole output. Every file and the folder are flushed to disk
/// before the swap. All checks run in the constructor, before any simulation starts: the target
/// must not exist unless it is a pathways output and `force` is set; it may not be the working
/// folder, one of its ancestors, or contain an input; the parent must be writable with room for
/// `bytes_estimate`. Temporary folders left by killed runs for the same target are removed.
/// Problems are std::invalid_argument with a message naming the option and the path.
class OutputFolder {
 public:
  explicit OutputFolder(OutputRequest request);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Writes one file (flushed to disk) into the temporary folder.
  void write(const std::string& name, const std::string& content);
  /// Writes manifest.json: `json` (an object) with a "files" list of everything written, which is
  /// what lets a later --force recognise the folder as replaceable.
  void write_manifest(const std::string& json);
  /// Puts the finished folder in place of the target.
  void commit();
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_, temp_;
  std::string option_;
  bool force_ = false;
  bool committed_ = false;
  std::vector<std::string> written_;
};

/// The target folder named by an option value: a trailing slash names the folder itself.
std::filesystem::path output_target(const std::string& given);

}  // namespace pathways
