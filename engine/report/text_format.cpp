// Text for people: HTML escaping and numbers with thousands separators, US$ and sensible rounding.
#include "report/text_format.hpp"

#include <fmt/core.h>

#include <cmath>

namespace pathways {

namespace {
// Typographic minus: a hyphen reads as a dash in tables.
constexpr const char* kMinus = "\u2212";
}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  const std::string raw = fmt::format("{:.{}f}", std::fabs(v), decimals);
  const std::size_t point = raw.find('.');
  const std::string whole = raw.substr(0, point);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  if (point != std::string::npos) grouped += raw.substr(point);
  // Rounding can leave "-0": show it as 0.
  const bool zero = grouped.find_first_not_of("0.,") == std::string::npos;
  return (v < 0 && !zero) ? kMinus + grouped : grouped;
}

std::string format_amount(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::fabs(v);
  // Whole numbers (counts, scales) read best without decimals.
  if (a >= 100.0 || a == std::round(a)) return format_fixed(v, 0);
  if (a >= 10.0) return format_fixed(v, 1);
  if (a >= 1.0) return format_fixed(v, 2);
  const int decimals = std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
  return format_fixed(v, decimals);
}

std::string format_usd(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::fabs(v);
  const std::string sign = v < 0 ? kMinus : "";
  if (a >= 1e9) return sign + "US$" + format_fixed(a / 1e9, a >= 1e11 ? 0 : (a >= 1e10 ? 1 : 2)) + " billion";
  if (a >= 1e6) return sign + "US$" + format_fixed(a / 1e6, a >= 1e8 ? 0 : (a >= 1e7 ? 1 : 2)) + " million";
  if (a >= 100.0) return sign + "US$" + format_fixed(a, 0);
  return sign + "US$" + format_fixed(a, 2);
}

std::string format_percent(double share) {
  if (!std::isfinite(share)) return "n/a";
  return format_fixed(share * 100.0, 1) + "%";
}

std::string with_sign(double v, const std::string& text) {
  if (!std::isfinite(v) || text.rfind(kMinus, 0) == 0) return text;
  return v > 0 && text.find_first_not_of("0.,%US$") != std::string::npos ? "+" + text : text;
}

}  // namespace pathways
