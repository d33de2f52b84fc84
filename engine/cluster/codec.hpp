// A plain binary encoding of job results, exact to the bit: how results cross between ranks and how
// finished jobs are kept on disk. Doubles travel as their 64 bits, so a decoded result is the same
// value, and an output built from it the same bytes, as the one computed in place.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/outputs.hpp"

namespace pathways::cluster {

/// Appends values to a byte string (native byte order: every rank of one run is the same machine type).
struct Writer {
  std::string bytes;
};

/// Reads values back in the order they were written; throws std::runtime_error past the end.
struct Reader {
  const std::string& bytes;
  std::size_t at = 0;
  void take(void* out, std::size_t n) {
    if (n > bytes.size() - at) throw std::runtime_error("job record: truncated");
    std::memcpy(out, bytes.data() + at, n);
    at += n;
  }
};

template <class T>
requires std::is_arithmetic_v<T> || std::is_enum_v<T>
void put(Writer& w, T v) {
  w.bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
requires std::is_arithmetic_v<T> || std::is_enum_v<T>
void get(Reader& r, T& v) {
  r.take(&v, sizeof v);
}

inline void put(Writer& w, const std::string& s) {
  put(w, static_cast<std::uint64_t>(s.size()));
  w.bytes.append(s);
}
inline void get(Reader& r, std::string& s) {
  std::uint64_t n = 0;
  get(r, n);
  if (n > r.bytes.size() - r.at) throw std::runtime_error("job record: truncated");
  s.assign(r.bytes, r.at, n);
  r.at += n;
}

template <class T>
void put(Writer& w, const std::vector<T>& v) {
  put(w, static_cast<std::uint64_t>(v.size()));
  if constexpr (std::is_arithmetic_v<T>) {
    w.bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  } else {
    for (const auto& x : v) put(w, x);
  }
}
template <class T>
void get(Reader& r, std::vector<T>& v) {
  std::uint64_t n = 0;
  get(r, n);
  if constexpr (std::is_arithmetic_v<T>) {
    if (n > (r.bytes.size() - r.at) / sizeof(T)) throw std::runtime_error("job record: truncated");
    v.resize(n);
    r.take(v.data(), n * sizeof(T));
  } else {
    if (n > r.bytes.size() - r.at) throw std::runtime_error("job record: truncated");
    v.resize(n);
    for (auto& x : v) get(r, x);
  }
}

// The fields of the engine's result tables, in order (see put and get below).
template <class F>
void fields(MetricInfo& m, F&& f) {
  f(m.name), f(m.kind), f(m.per_person);
}
template <class F>
void fields(Curve& c, F&& f) {
  f(c.name), f(c.x), f(c.y);
}
template <class F>
void fields(SeriesTable& t, F&& f) {
  f(t.start_year), f(t.years), f(t.metrics), f(t.values), f(t.curves), f(t.events);
}

/// A struct crosses as its fields, listed once in `fields(value, f)` (which calls f on each, in
/// order) and used by both directions. Types of other parts of the engine add a `fields` overload
/// beside their own definition.
template <class T>
concept HasFields = requires(T& v) {
  fields(v, [](auto&) {});
};

template <class T>
requires HasFields<T>
void put(Writer& w, const T& v) {
  fields(const_cast<T&>(v), [&](const auto& x) { put(w, x); });
}
template <class T>
requires HasFields<T>
void get(Reader& r, T& v) {
  fields(v, [&](auto& x) { get(r, x); });
}

/// One value as bytes, and back (the whole string must be consumed).
template <class T>
std::string encode(const T& v) {
  Writer w;
  put(w, v);
  return std::move(w.bytes);
}
template <class T>
T decode(const std::string& bytes) {
  Reader r{bytes};
  T v{};
  get(r, v);
  if (r.at != bytes.size()) throw std::runtime_error("job record: trailing bytes");
  return v;
}

}  // namespace pathways::cluster
