// Tests of report.html: structure, escaping, headline numbers, determinism and charts skipped for absent
// metrics.
#include "report/html_report.hpp"

#include <gtest/gtest.h>

#include <string>

#include "report/sample_results.hpp"
#include "report/svg_chart.hpp"
#include "report/svg_frame.hpp"
#include "report/text_format.hpp"

namespace pathways {
namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

std::string render(const test::SampleOptions& o = {}) {
  const auto results = test::sample_results(o);
  const RunInfo info = test::sample_info(results.size());
  return render_report(results, summarise(results), compare(results, info.economics), info);
}

// Charts: detention, treatment, costs, HIV, retention (MMT, outpatient), CE plane, CEAC.
constexpr std::size_t kAllCharts = 8;

TEST(HtmlReport, IsSelfContainedAndBalanced) {
  const std::string html = render();
  EXPECT_EQ(count(html, "<svg"), kAllCharts);
  EXPECT_EQ(count(html, "</svg>"), kAllCharts);
  EXPECT_EQ(count(html, "<figure"), count(html, "</figure>"));
  EXPECT_EQ(count(html, "<table"), count(html, "</table>"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  // The SVG namespace is an identifier, not a link; nothing else may name a URL.
  EXPECT_EQ(count(html, "http://"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("Chart not shown"), std::string::npos);
  // No coordinate or number came out of a NaN or an infinity.
  for (const char* bad : {"\"nan", " nan", "Mnan", "Lnan", "-nan", "\"inf", " inf ", ">inf<", ">nan<", "Minf",
                          "Linf", "\"-inf", " -inf", "M-inf", "L-inf"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
}

TEST(HtmlReport, EveryChartHasAnAccessibleTitle) {
  const std::string html = render();
  std::size_t at = 0;
  for (std::size_t i = 0; i < kAllCharts; ++i) {
    at = html.find("<svg", at);
    ASSERT_NE(at, std::string::npos);
    const std::size_t end = html.find("</svg>", at);
    const std::string chart = html.substr(at, end - at);
    EXPECT_NE(chart.find("role=\"img\""), std::string::npos);
    EXPECT_NE(chart.find("<title>"), std::string::npos);
    EXPECT_TRUE(chart.find("class=\"line\"") != std::string::npos ||
                chart.find("class=\"bar\"") != std::string::npos ||
                chart.find("<circle") != std::string::npos)
        << "chart " << i << " draws nothing";
    at = end;
  }
}

TEST(HtmlReport, EscapesUserText) {
  test::SampleOptions o;
  o.alternative_name = "<script>alert(\"x\")</script> & co";
  auto results = test::sample_results(o);
  results[1].scenario.description = "<img src=x onerror=alert(1)>";
  results[1].scenario.uncertain[0].source = "<a href='javascript:alert(1)'>";
  const RunInfo info = test::sample_info(results.size());
  const std::string html = render_report(results, summarise(results), compare(results, info.economics), info);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  // The only links are the report's own, to its sections.
  for (std::size_t at = html.find("<a "); at != std::string::npos; at = html.find("<a ", at + 1)) {
    EXPECT_EQ(html.compare(at, 10, "<a href=\"#"), 0) << html.substr(at, 60);
  }
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;a href=&#39;javascript:alert(1)&#39;&gt;"), std::string::npos);
}

TEST(HtmlReport, SaysWhenAPlanSavesMoneyByLosingHealth) {
  test::SampleOptions o;
  o.saves_money_loses_health = true;
  const std::string html = render(o);
  // 1 million saved over 10 years for 100 QALYs lost: US$10,000 saved per QALY lost.
  EXPECT_NE(
      html.find("<li><strong>It saves money by losing health:</strong> US$10,000 saved for each QALY lost."),
      std::string::npos);
  EXPECT_EQ(render().find("It saves money by losing health"), std::string::npos);
}

TEST(HtmlReport, ShowsHeadlineNumbers) {
  const std::string html = render();
  // Overdose deaths: baseline 10 x (100 + r), alternative 10 x (80 + r), r = 0..4.
  EXPECT_NE(html.find("<td>Overdose deaths</td><td class=\"num\">1,020</td><td class=\"num\">820</td>"
                      "<td class=\"num\">\u2212200</td><td class=\"num\">\u2212200 to \u2212200</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">US$10.2 million</td><td class=\"num\">US$12.3 million</td>"
                      "<td class=\"num\">+US$2.10 million</td>"),
            std::string::npos);
  EXPECT_NE(
      html.find(
          "<td class=\"num\">15,000</td><td class=\"num\">9,000</td><td class=\"num\">\u22126,000</td>"),
      std::string::npos);
  EXPECT_NE(
      html.find("<td class=\"num\">42.0%</td><td class=\"num\">57.0%</td><td class=\"num\">+15.0 pp</td>"),
      std::string::npos);
  EXPECT_NE(
      html.find("<td class=\"num\">50,020</td><td class=\"num\">50,460</td><td class=\"num\">+440</td>"),
      std::string::npos);
  // ICER = 2.1 million / 440 QALYs; net benefit at US$5,000 is 50,000 x r, positive in 4 of 5 replicates.
  EXPECT_NE(html.find("<td>Cost per QALY gained</td><td>US$4,773 per QALY gained</td>"), std::string::npos);
  EXPECT_NE(
      html.find("<td>Chance of being cost-effective at US$5,000 per QALY</td><td class=\"num\">80.0%</td>"),
      std::string::npos);
  EXPECT_NE(
      html.find("<td>Chance of being cost-effective at US$15,000 per QALY</td><td class=\"num\">100.0%</td>"),
      std::string::npos);
  // In brief: plain sentences, with an interval only where replicates differ.
  EXPECT_NE(html.find("<li>Overdose deaths: 200 fewer.</li>"), std::string::npos);
  EXPECT_NE(html.find("<li>Healthy life (QALYs, lifetime, discounted): 440 more QALYs (95% interval 402 to "
                      "478 more QALYs).</li>"),
            std::string::npos);
  EXPECT_NE(html.find("<li>Share of MMT clients still in treatment after 12 months: 15.0 percentage points "
                      "higher.</li>"),
            std::string::npos);
  // Differences of -6, -3, 0, 3, 6: mean 0 within two Monte Carlo standard errors (2.1) of zero.
  EXPECT_NE(html.find("<li>New HIV infections: no change (95% interval from 57 fewer to 57 more) &mdash; not "
                      "distinguishable from simulation noise with these replicates.</li>"),
            std::string::npos);
  // The verdict is given at the headline threshold only, and says so.
  EXPECT_NE(html.find("<li>Chance of being cost-effective at US$5,000 per QALY gained (the threshold this "
                      "country's headline uses): 80.0%.</li>"),
            std::string::npos);
  EXPECT_EQ(html.find("<li>Chance of being cost-effective at US$15,000"), std::string::npos);
  EXPECT_NE(html.find("<td>Cost per HIV infection averted</td><td>not defined (no difference in this "
                      "outcome)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("central 95% of replicate outcomes"), std::string::npos);
  EXPECT_NE(html.find("common random numbers"), std::string::npos);
  EXPECT_NE(html.find("2025 to 2034 (10 years)"), std::string::npos);
  EXPECT_NE(html.find("<code>mmt.dropout_rate_per_year</code>: beta (mean 0.3, sd 0.05)"), std::string::npos);
}

TEST(HtmlReport, IsByteIdenticalWhenRenderedTwice) {
  EXPECT_EQ(render(), render());
}

TEST(HtmlReport, SkipsChartsWhoseMetricsAreAbsent) {
  test::SampleOptions o;
  o.with_hiv = false;
  o.with_curves = false;
  const std::string html = render(o);
  EXPECT_EQ(count(html, "<svg"), kAllCharts - 3);
  EXPECT_EQ(count(html, "Chart not shown"), 2u);
  EXPECT_NE(html.find("hiv.incidence_per_100py_pwid"), std::string::npos);
  const auto note = html.find("Not produced by this run: ");
  ASSERT_NE(note, std::string::npos);
  EXPECT_NE(html.substr(note, html.find("</p>", note) - note).find("New HIV infections"), std::string::npos);
}

TEST(HtmlReport, SingleRunShowsSummaryAndNoComparisonCharts) {
  test::SampleOptions o;
  o.with_alternative = false;
  const auto results = test::sample_results(o);
  const RunInfo info = test::sample_info(1);
  const std::string html = render_report(results, summarise(results), {}, info);
  EXPECT_EQ(count(html, "<svg"), kAllCharts - 2);
  EXPECT_EQ(count(html, "Chart not shown"), 2u);
  EXPECT_NE(
      html.find("<td>Overdose deaths</td><td class=\"num\">1,020</td><td class=\"num\">1,001 to 1,039</td>"),
      std::string::npos);
  EXPECT_EQ(html.find("common random numbers"), std::string::npos);
}

TEST(HtmlReport, HandlesNoResults) {
  const std::string html = render_report({}, {}, {}, RunInfo{});
  EXPECT_NE(html.find("The run produced no results."), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
}

TEST(TextFormat, FormatsNumbersForPeople) {
  EXPECT_EQ(format_fixed(1234567.891, 1), "1,234,567.9");
  EXPECT_EQ(format_fixed(-0.04, 1), "0.0");
  EXPECT_EQ(format_amount(999.6), "1,000");
  EXPECT_EQ(format_amount(0.012345), "0.0123");
  EXPECT_EQ(format_usd(2.5e9), "US$2.50 billion");
  EXPECT_EQ(format_usd(-45600.0), "\u2212US$45,600");
  EXPECT_EQ(format_percent(0.4567), "45.7%");
  EXPECT_EQ(with_sign(3.0, format_amount(3.0)), "+3");
  EXPECT_EQ(format_amount(2.5), "2.50");
  EXPECT_EQ(format_usd(std::nan("")), "n/a");
}

TEST(SvgChart, ShortensAndWrapsWithoutSplittingCharacters) {
  using svg::detail::shorten;
  using svg::detail::wrap;
  EXPECT_EQ(svg::detail::text_length("Vi\u1EC7t Nam"), 8u);
  EXPECT_EQ(shorten("Vi\u1EC7t Nam", 8), "Vi\u1EC7t Nam");
  EXPECT_EQ(shorten("Vi\u1EC7t Nam", 4), "Vi\u1EC7\u2026");
  EXPECT_EQ(wrap("Voluntary treatment with outreach", 20, 2),
            (std::vector<std::string>{"Voluntary treatment", "with outreach"}));
  EXPECT_EQ(wrap("Voluntary treatment with outreach and more", 20, 2),
            (std::vector<std::string>{"Voluntary treatment", "with outreach and m\u2026"}));
  EXPECT_EQ(wrap("Short", 20, 2), (std::vector<std::string>{"Short"}));
}

TEST(SvgChart, NiceTicksCoverTheRange) {
  EXPECT_EQ(svg::nice_ticks(0.0, 9.3, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(svg::nice_ticks(-3.0, 12.0, 5), (std::vector<double>{-5, 0, 5, 10, 15}));
  EXPECT_TRUE(svg::nice_ticks(1.0, 1.0, 5).empty());
}

}  // namespace
}  // namespace pathways
