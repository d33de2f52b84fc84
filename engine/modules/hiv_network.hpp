// HIV shared state (infection stage, care cascade) and the compact partnership network, seen as a
// Boost.Graph.
#pragma once

#include <array>
#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "core/params.hpp"
#include "core/simulation.hpp"
#include "core/types.hpp"

namespace pathways {

/// Schedules event `k` of `a` at t, or cancels it when t is at or beyond the horizon: such an event would
/// never fire, and not queueing it keeps the many far-off redrawn HIV clocks out of the event queue.
inline void schedule_within_horizon(Simulation& sim, EventKind k, AgentId a, Days t) {
  if (t < sim.horizon()) {
    sim.sched.schedule(k, a, t);
  } else {
    sim.sched.cancel(k, a);
  }
}

/// Natural history of HIV. Stored in the uint8 column "hiv.stage" (written by process.hiv_transmission at
/// infection and by process.hiv_cascade afterwards; everyone else reads it).
enum class HivStage : std::uint8_t { Susceptible, Acute, Chronic, Late };
inline constexpr std::size_t kHivStages = 4;

/// Bits of the uint8 column "hiv.care" (written by process.hiv_cascade).
namespace hiv_care {
inline constexpr std::uint8_t kDiagnosed = 1;
inline constexpr std::uint8_t kOnArt = 2;
inline constexpr std::uint8_t kSuppressed = 4;
}  // namespace hiv_care

inline constexpr const char* kHivStageColumn = "hiv.stage";
inline constexpr const char* kHivCareColumn = "hiv.care";

/// Partnership type: needle sharing among people who inject, or sex.
enum class Route : std::uint8_t { Injecting, Sexual };

inline constexpr AgentId kNoPartner = std::numeric_limits<AgentId>::max();
inline constexpr std::size_t kInjectingSlots = 4;  ///< most needle-sharing partners one person can have
inline constexpr std::size_t kSexualSlots = 2;     ///< most sexual partners among modelled people
inline constexpr std::size_t kPartnerSlots = kInjectingSlots + kSexualSlots;
inline constexpr std::size_t kExternalSlots = 2;  ///< most sexual partners who do not use drugs
/// Per agent: slots [0, 4) hold needle-sharing partners, [4, 6) sexual partners; kNoPartner when empty.
using PartnerSlots = std::array<AgentId, kPartnerSlots>;
/// Per agent: state of each external (non-using) partner slot.
enum class External : std::uint8_t { None, Susceptible, Infected };
using ExternalSlots = std::array<External, kExternalSlots>;

/// Number of external slots of `s` in state `e`.
inline int count_external(const ExternalSlots& s, External e) {
  int n = 0;
  for (External x : s) n += x == e;
  return n;
}
/// Number of filled external slots of `s`.
inline int filled_external(const ExternalSlots& s) {
  return static_cast<int>(s.size()) - count_external(s, External::None);
}
/// The i-th external slot (from 0) of `s` in state `e`; i must be below count_external(s, e).
inline External& nth_external(ExternalSlots& s, External e, int i) {
  for (External& x : s) {
    if (x == e && i-- == 0) return x;
  }
  return s[0];
}

inline std::size_t slot_begin(Route r) {
  return r == Route::Injecting ? 0 : kInjectingSlots;
}
inline std::size_t slot_end(Route r) {
  return r == Route::Injecting ? kInjectingSlots : kPartnerSlots;
}
inline Route route_of_slot(std::size_t k) {
  return k < kInjectingSlots ? Route::Injecting : Route::Sexual;
}

/// Undirected partnerships among modelled people in fixed per-agent slots: 24 bytes per agent, no
/// allocation when partnerships form or end. Both ends always hold each other.
struct PartnerNetwork {
  Column<PartnerSlots>* slots = nullptr;  ///< the column "hiv.partners"

  std::size_t degree(AgentId a, Route r) const {
    std::size_t d = 0;
    for (std::size_t k = slot_begin(r); k < slot_end(r); ++k) d += (*slots)[a][k] != kNoPartner;
    return d;
  }
  bool linked(AgentId a, AgentId b) const {
    for (AgentId p : (*slots)[a]) {
      if (p == b) return true;
    }
    return false;
  }
  /// Adds the partnership a-b of type r; false (and no change) if either has no free slot of that type.
  bool add(AgentId a, AgentId b, Route r) {
    const std::size_t ka = free_slot(a, r), kb = free_slot(b, r);
    if (ka == kPartnerSlots || kb == kPartnerSlots || a == b) return false;
    (*slots)[a][ka] = b;
    (*slots)[b][kb] = a;
    return true;
  }
  /// Ends the partnership held in slot k of a (both ends); returns the former partner.
  AgentId remove_slot(AgentId a, std::size_t k) {
    const AgentId b = (*slots)[a][k];
    if (b == kNoPartner) return b;
    (*slots)[a][k] = kNoPartner;
    const Route r = route_of_slot(k);
    for (std::size_t j = slot_begin(r); j < slot_end(r); ++j) {
      if ((*slots)[b][j] == a) {
        (*slots)[b][j] = kNoPartner;
        break;
      }
    }
    return b;
  }
  std::size_t free_slot(AgentId a, Route r) const {
    for (std::size_t k = slot_begin(r); k < slot_end(r); ++k) {
      if ((*slots)[a][k] == kNoPartner) return k;
    }
    return kPartnerSlots;
  }
  std::size_t num_agents() const { return slots->size(); }
};

/// People looking for partners, kept by key (region x group) with O(1) join, leave and uniform pick.
struct PartnerPool {
  static constexpr std::uint32_t kOut = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::vector<AgentId>> members;  ///< by key; order depends only on the event sequence
  Column<std::uint32_t>* pos = nullptr;       ///< per agent: index in members[key], kOut when not in
  Column<std::uint16_t>* key = nullptr;       ///< per agent: key while in the pool

  bool contains(AgentId a) const { return (*pos)[a] != kOut; }
  void join(AgentId a, std::uint16_t k) {
    if (contains(a)) {
      if ((*key)[a] == k) return;
      leave(a);
    }
    if (members.size() <= k) members.resize(k + 1u);
    (*pos)[a] = static_cast<std::uint32_t>(members[k].size());
    (*key)[a] = k;
    members[k].push_back(a);
  }
  void leave(AgentId a) {
    if (!contains(a)) return;
    auto& m = members[(*key)[a]];
    const std::uint32_t i = (*pos)[a];
    m[i] = m.back();
    (*pos)[m[i]] = i;
    m.pop_back();
    (*pos)[a] = kOut;
  }
  /// The member at uniform position u in [0, 1) among those in `region` (if own_region) and `group`
  /// (if own_group); kNoPartner when there is none.
  AgentId pick(unsigned region, unsigned group, bool own_region, bool own_group, double u) const;
};

/// Mixing inside closed settings: injecting detainees by facility (one per detention setting of the
/// run, in catalogue order, so a new kind of detention never mixes with another's detainees) and
/// class (0 susceptible, 1 acute, 2 chronic, 3 late, 4 suppressed); each facility is a complete graph.
struct FacilityMixing {
  static constexpr std::size_t kClasses = 5;
  static constexpr std::size_t kMaxFacilities = 50;  ///< codes fit in a byte: 1 + 49 * 5 + 4 = 250
  Column<std::uint8_t>* code = nullptr;  ///< per agent: 0 outside, else 1 + facility * kClasses + class
  PartnerPool susceptible;               ///< susceptible injecting detainees, key = facility
  std::vector<std::array<long, kClasses>> counts;  ///< per facility

  /// Moves `a` to class code `c`; returns a bit mask of the facilities whose infection rate changed.
  std::uint64_t set(AgentId a, std::uint8_t c);
  /// Total infection rate per day in facility f: risk_per_day x S x sum_c(weight_c I_c) / N.
  double rate(std::size_t f, double risk_per_day, const std::array<double, kClasses>& weight) const;
  /// The susceptible detainee of facility f at uniform position u in [0, 1), or kNoPartner.
  AgentId pick(std::size_t f, double u) const;
};

/// The network and transmission parameters of a run as per-day rates, read once at initialisation.
struct HivRates {
  std::vector<double> inj_shares, sex_shares, ext_shares;  ///< target degree shares (needle, sex, external)
  std::array<double, 3> form{};                            ///< per day per open slot (needle, sex, external)
  std::array<double, 3> end{};  ///< per day per end: half the partnership's rate for internal ones
  double same_region = 1.0, same_group = 0.0, ext_prevalence = 0.0;
  bool end_on_detention = false;
  double inj_per_day = 0.0, sex_per_day = 0.0;  ///< per partnership with an untreated chronic partner
  std::array<double, 4> weight{};               ///< relative infectiousness by HivStage
  double suppressed_weight = 0.0, mmt_factor = 1.0, nsp_reduction = 0.0, per_act_injecting = 0.0;

  static HivRates read(const ParamValues& p);
};

/// Key of a pool: region and a two-valued group (injecting or not, for sexual mixing).
inline std::uint16_t pool_key(std::uint8_t region, std::uint8_t group) {
  return static_cast<std::uint16_t>(region * 2u + group);
}

}  // namespace pathways

// --- Boost.Graph view: PartnerNetwork models VertexListGraph and IncidenceGraph (undirected) --------
namespace pathways {

/// A partnership seen from one end: (source, target, slot index at the source).
struct PartnerEdge {
  AgentId source = 0, target = 0;
  std::uint8_t slot = 0;
  bool operator==(const PartnerEdge& o) const {
    return source == o.source && target == o.target && slot == o.slot;
  }
  bool operator!=(const PartnerEdge& o) const { return !(*this == o); }
};

/// Iterates over the filled slots of one agent.
class PartnerEdgeIterator : public boost::iterator_facade<PartnerEdgeIterator, PartnerEdge,
                                                          boost::forward_traversal_tag, PartnerEdge> {
 public:
  PartnerEdgeIterator() = default;
  PartnerEdgeIterator(const PartnerSlots* s, AgentId a, std::size_t k) : s_(s), a_(a), k_(k) { skip(); }

 private:
  friend class boost::iterator_core_access;
  void skip() {
    while (k_ < kPartnerSlots && (*s_)[k_] == kNoPartner) ++k_;
  }
  void increment() {
    ++k_;
    skip();
  }
  bool equal(const PartnerEdgeIterator& o) const { return k_ == o.k_ && a_ == o.a_; }
  PartnerEdge dereference() const { return PartnerEdge{a_, (*s_)[k_], static_cast<std::uint8_t>(k_)}; }
  const PartnerSlots* s_ = nullptr;
  AgentId a_ = 0;
  std::size_t k_ = 0;
};

inline std::pair<PartnerEdgeIterator, PartnerEdgeIterator> out_edges(AgentId a, const PartnerNetwork& g) {
  const PartnerSlots* s = &(*g.slots)[a];
  return {PartnerEdgeIterator(s, a, 0), PartnerEdgeIterator(s, a, kPartnerSlots)};
}
inline std::size_t out_degree(AgentId a, const PartnerNetwork& g) {
  return g.degree(a, Route::Injecting) + g.degree(a, Route::Sexual);
}
inline AgentId source(const PartnerEdge& e, const PartnerNetwork&) {
  return e.source;
}
inline AgentId target(const PartnerEdge& e, const PartnerNetwork&) {
  return e.target;
}
inline std::pair<boost::counting_iterator<AgentId>, boost::counting_iterator<AgentId>> vertices(
    const PartnerNetwork& g) {
  return {boost::counting_iterator<AgentId>(0),
          boost::counting_iterator<AgentId>(static_cast<AgentId>(g.num_agents()))};
}
inline std::size_t num_vertices(const PartnerNetwork& g) {
  return g.num_agents();
}

}  // namespace pathways

namespace boost {
template <>
struct graph_traits<pathways::PartnerNetwork> {
  struct traversal_category : incidence_graph_tag, vertex_list_graph_tag {};
  using vertex_descriptor = pathways::AgentId;
  using edge_descriptor = pathways::PartnerEdge;
  using directed_category = undirected_tag;
  using edge_parallel_category = disallow_parallel_edge_tag;
  using out_edge_iterator = pathways::PartnerEdgeIterator;
  using vertex_iterator = boost::counting_iterator<pathways::AgentId>;
  using degree_size_type = std::size_t;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using adjacency_iterator = void;
  using in_edge_iterator = void;
  using edge_iterator = void;
  static vertex_descriptor null_vertex() { return pathways::kNoPartner; }
};
}  // namespace boost
