// Encoding of the engine's result tables (see codec.hpp).
#include "cluster/codec.hpp"

namespace pathways::cluster {

void put(Writer& w, const MetricInfo& m) {
  put(w, m.name);
  put(w, m.kind);
  put(w, m.per_person);
}
void get(Reader& r, MetricInfo& m) {
  get(r, m.name);
  get(r, m.kind);
  get(r, m.per_person);
}

void put(Writer& w, const Curve& c) {
  put(w, c.name);
  put(w, c.x);
  put(w, c.y);
}
void get(Reader& r, Curve& c) {
  get(r, c.name);
  get(r, c.x);
  get(r, c.y);
}

void put(Writer& w, const SeriesTable& t) {
  put(w, t.start_year);
  put(w, t.years);
  put(w, t.metrics);
  put(w, t.values);
  put(w, t.curves);
  put(w, t.events);
}
void get(Reader& r, SeriesTable& t) {
  get(r, t.start_year);
  get(r, t.years);
  get(r, t.metrics);
  get(r, t.values);
  get(r, t.curves);
  get(r, t.events);
}

}  // namespace pathways::cluster
