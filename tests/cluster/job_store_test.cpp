// labels: unit
// The store of finished jobs: records come back whole, a damaged one is run again rather than trusted,
// a torn tail is cut off before new records follow it, and another run's records are refused on
// --resume and cleared otherwise.
#include "cluster/job_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pathways::cluster {
namespace {

namespace fs = std::filesystem;

fs::path fresh(const std::string& name) {
  const fs::path p = fs::path(std::getenv("PATHWAYS_BINARY_DIR")) / "test-out" / name;
  fs::remove_all(p);
  return p;
}

TEST(JobStore, RecordsComeBackInTheirPhase) {
  const auto dir = fresh("job_store_basic");
  {
    JobStore s(dir, "run A", false);
    EXPECT_EQ(s.begin_phase(), 0);
    s.save(0, 7, std::string("seven\0bytes", 11));
    EXPECT_EQ(s.begin_phase(), 1);
    s.save(1, 0, "");
  }
  EXPECT_EQ(JobStore::count_records(dir), 2u);
  JobStore s(dir, "run A", true);
  EXPECT_EQ(s.records_found(), 2u);
  EXPECT_EQ(s.load(0, 7), std::string("seven\0bytes", 11));
  EXPECT_EQ(s.load(1, 0), std::string());
  EXPECT_FALSE(s.load(0, 0).has_value());
  EXPECT_FALSE(s.load(1, 7).has_value());
}

TEST(JobStore, ADamagedRecordIsRunAgainAndATornTailIsCutOff) {
  const auto dir = fresh("job_store_damaged");
  std::uintmax_t first_end = 0;
  {
    JobStore s(dir, "run A", false);
    s.save(0, 1, "a result of some length");
    first_end = fs::file_size(dir / "jobs.log");
    s.save(0, 2, "another result");
    s.save(0, 3, "a third result");
  }
  {
    // One byte of the first payload flipped: its checksum fails, the frame still holds.
    std::fstream f(dir / "jobs.log", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('#');
  }
  // The last record cut short, as by a kill in the middle of its write.
  fs::resize_file(dir / "jobs.log", fs::file_size(dir / "jobs.log") - 5);
  {
    JobStore s(dir, "run A", true);
    EXPECT_FALSE(s.load(0, 1).has_value()) << "damaged";
    EXPECT_EQ(s.load(0, 2), "another result");
    EXPECT_FALSE(s.load(0, 3).has_value()) << "cut short";
    s.save(0, 3, "the third again");
  }
  // The new record follows the last whole one, so it is read back.
  JobStore s(dir, "run A", true);
  EXPECT_EQ(s.load(0, 3), "the third again");
  EXPECT_EQ(s.records_found(), 2u);
  EXPECT_GT(first_end, 0u);
}

TEST(JobStore, ResumingAnotherRunIsRefusedAndStartingAfreshClears) {
  const auto dir = fresh("job_store_other");
  {
    JobStore s(dir, "run A", false);
    s.save(0, 0, "x");
  }
  EXPECT_THROW(JobStore(dir, "run B", true), std::invalid_argument);
  EXPECT_EQ(JobStore::count_records(dir), 1u) << "a refused resume must not delete the records";
  JobStore s(dir, "run B", false);
  EXPECT_EQ(s.records_found(), 0u);
  EXPECT_EQ(JobStore::count_records(dir), 0u);
  s.remove();
  EXPECT_FALSE(fs::exists(dir));
}

TEST(JobStore, ResumingWithNoRecordsStarts) {
  const auto dir = fresh("job_store_none");
  JobStore s(dir, "run A", true);
  EXPECT_EQ(s.records_found(), 0u);
  EXPECT_TRUE(fs::exists(dir / "fingerprint.txt"));
}

}  // namespace
}  // namespace pathways::cluster
