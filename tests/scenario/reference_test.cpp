// The checked-in docs/scenario-reference.md must equal the reference generated from the code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "scenario/scenario.hpp"

namespace pathways {
namespace {

TEST(ScenarioReference, CheckedInFileIsUpToDate) {
  const char* src = std::getenv("PATHWAYS_SOURCE_DIR");
  const std::string path = std::string(src ? src : ".") + "/docs/scenario-reference.md";
  std::ifstream in(path);
  ASSERT_TRUE(in)
      << "missing " << path
      << "; generate it with: build/bin/pathways describe --markdown > docs/scenario-reference.md";
  std::stringstream buf;
  buf << in.rdbuf();
  EXPECT_TRUE(buf.str() == reference_markdown())
      << "docs/scenario-reference.md is out of date with the modules' parameter declarations; regenerate it "
         "with:\n"
         "  build/bin/pathways describe --markdown > docs/scenario-reference.md\n"
         "(or scripts/gen-reference)";
}

TEST(ScenarioReference, ListsEveryParameterOfEveryModule) {
  const std::string md = reference_markdown();
  for (const auto& m : registered_modules()) {
    EXPECT_NE(md.find("## `" + m.type + "`"), std::string::npos) << m.type;
    for (const auto& p : m.params) EXPECT_NE(md.find("| `" + p.key + "` |"), std::string::npos) << p.key;
  }
}

}  // namespace
}  // namespace pathways
