// Writes a report.html rendered from synthetic results to the path given, for the browser test.
#include <fstream>
#include <iostream>

#include "report/html_report.hpp"
#include "report/sample_results.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: render_sample OUTPUT.html\n";
    return 2;
  }
  const auto results = pathways::test::sample_results();
  const pathways::RunInfo info = pathways::test::sample_info(results.size());
  const auto comparison = pathways::compare(results, info.economics);
  std::ofstream out(argv[1], std::ios::binary);
  out << pathways::render_report(results, pathways::summarise(results), comparison, info);
  return out.good() ? 0 : 1;
}
