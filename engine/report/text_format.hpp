// Text for people: HTML escaping and numbers with thousands separators, US$ and sensible rounding.
#pragma once

#include <string>

namespace pathways {

/// Escapes &, <, >, " and ' so that any user text is safe inside HTML elements and attributes.
std::string html_escape(const std::string& s);

/// A number with thousands separators and `decimals` digits after the point ("12,345.6"); "n/a"
/// when not finite. A minus sign is the typographic U+2212.
std::string format_fixed(double v, int decimals);

/// A count or quantity rounded for reading: whole numbers from 100 up and for whole values,
/// otherwise three significant digits ("1,234", "45.6", "0.123", "10").
std::string format_amount(double v);

/// Money in US dollars, large sums in millions or billions ("US$12.3 million", "US$45,600").
std::string format_usd(double v);

/// A share in [0, 1] as a percentage with one decimal ("45.2%").
std::string format_percent(double share);

/// `text` with a leading "+" for positive values (negatives already carry their minus sign).
std::string with_sign(double v, const std::string& text);

}  // namespace pathways
