// labels: unit
// Placeholder while the test is written.
#include <gtest/gtest.h>
TEST(Placeholder, Nothing) {}
