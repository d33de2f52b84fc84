// The fuzz smoke run of `make test`, without libFuzzer: every seed file, then a fixed number of
// deterministic mutations of each (byte flips, deletions, duplications, dictionary words spliced in,
// truncations), through the same targets as `make fuzz`. Any crash, sanitizer report or uncaught
// exception fails the test; a finding is kept as a regression fixture in fuzz/regressions/.
//
// Usage: fuzz_smoke scenario|posterior DICT MUTATIONS SEED_FILE_OR_DIR...
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "targets.hpp"

namespace {

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// libFuzzer dictionary lines: name="word" (only the quoted word is used; \\, \" and \xAB unescaped).
std::vector<std::string> read_dictionary(const std::filesystem::path& p) {
  std::vector<std::string> words;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) {
    const auto open = line.find('"');
    const auto close = line.rfind('"');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) continue;
    std::string w;
    for (std::size_t i = open + 1; i < close; ++i) {
      if (line[i] == '\\' && i + 3 < close && line[i + 1] == 'x') {  // \xAB
        w += static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16));
        i += 3;
        continue;
      }
      if (line[i] == '\\' && i + 1 < close) ++i;  // \\ and \"
      w += line[i];
    }
    words.push_back(w);
  }
  return words;
}

std::string mutate(std::string s, const std::vector<std::string>& dict, std::mt19937_64& rng) {
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:  // flip a byte
        if (!s.empty()) s[at % s.size()] = static_cast<char>(rng() % 256);
        break;
      case 1:  // delete a run
        if (!s.empty()) s.erase(at % s.size(), 1 + rng() % 16);
        break;
      case 2:  // duplicate a run
        if (!s.empty()) {
          const std::size_t from = rng() % s.size();
          s.insert(at, s.substr(from, 1 + rng() % 64));
        }
        break;
      case 3:  // splice a dictionary word
        if (!dict.empty()) s.insert(at, dict[rng() % dict.size()]);
        break;
      case 4:  // truncate
        s.resize(at);
        break;
      default:  // a structural character
        s.insert(at, 1, "{}[]:,-&*!|>\"'#\n\t "[rng() % 19]);
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s scenario|posterior DICT MUTATIONS SEED_FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  const std::string target = argv[1];
  auto* run = target == "scenario" ? pathways::fuzz::scenario_input : pathways::fuzz::posterior_input;
  const auto dict = read_dictionary(argv[2]);
  const long mutations = std::stol(argv[3]);
  std::vector<std::filesystem::path> seeds;
  for (int i = 4; i < argc; ++i) {
    const std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) seeds.push_back(e.path());
      }
    } else if (std::filesystem::is_regular_file(p)) {
      seeds.push_back(p);
    }
  }
  std::sort(seeds.begin(), seeds.end());
  std::mt19937_64 rng(20261129);
  long inputs = 0, slow = 0;
  for (const auto& seed : seeds) {
    const std::string bytes = read_bytes(seed);
    for (long m = 0; m <= mutations; ++m) {
      const std::string input = m == 0 ? bytes : mutate(bytes, dict, rng);
      if (std::getenv("PATHWAYS_FUZZ_SAVE")) {  // keep the input being run, to find a crash's cause
        std::ofstream(std::getenv("PATHWAYS_FUZZ_SAVE"), std::ios::binary | std::ios::trunc) << input;
      }
      const auto start = std::chrono::steady_clock::now();
      run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      // An input that takes seconds is a finding too (unbounded work): report and keep it.
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(2)) {
        std::fprintf(stderr, "slow input (mutation %ld of %s) saved as fuzz-slow-%ld\n", m, seed.c_str(),
                     inputs);
        std::ofstream("fuzz-slow-" + std::to_string(inputs), std::ios::binary) << input;
        ++slow;
      }
      ++inputs;
    }
  }
  std::printf("fuzz smoke (%s): %ld inputs from %zu seeds, no crash\n", target.c_str(), inputs, seeds.size());
  return seeds.empty() || slow > 0 ? 1 : 0;
}
