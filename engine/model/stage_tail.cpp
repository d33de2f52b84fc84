// Expected years by stage after the horizon: matrix exponentials of a nine-state chain.
#include "model/stage_tail.hpp"

#include <cmath>

namespace pathways {

namespace {

using Matrix = std::array<std::array<double, kTailStates>, kTailStates>;
constexpr double kStep = 0.25;      // years between grid points
constexpr std::size_t kGrid = 600;  // 150 years: everyone has died

Matrix multiply(const Matrix& x, const Matrix& y) {
  Matrix z{};
  for (std::size_t i = 0; i < kTailStates; ++i)
    for (std::size_t k = 0; k < kTailStates; ++k)
      for (std::size_t j = 0; j < kTailStates; ++j) z[i][j] += x[i][k] * y[k][j];
  return z;
}

Matrix identity() {
  Matrix m{};
  for (std::size_t i = 0; i < kTailStates; ++i) m[i][i] = 1.0;
  return m;
}

/// exp(A t) by scaling and squaring with a Taylor series (A is small: a few transitions a year).
Matrix expm(const Matrix& a, double t) {
  double norm = 0.0;
  for (const auto& row : a) {
    double s = 0.0;
    for (double v : row) s += std::abs(v);
    norm = std::max(norm, s * t);
  }
  int squarings = 0;
  while (norm > 0.05) {
    norm /= 2.0;
    ++squarings;
  }
  const double scaled = t / std::ldexp(1.0, squarings);
  Matrix result = identity(), term = identity();
  for (int k = 1; k <= 12; ++k) {
    term = multiply(term, a);
    for (auto& row : term)
      for (double& v : row) v *= scaled / k;
    for (std::size_t i = 0; i < kTailStates; ++i)
      for (std::size_t j = 0; j < kTailStates; ++j) result[i][j] += term[i][j];
  }
  for (int s = 0; s < squarings; ++s) result = multiply(result, result);
  return result;
}

/// Solves x (k I - A) = e_i for every i: rows of ((k I - A))^-1, by Gauss-Jordan with pivoting.
Matrix inverse_of_shifted(const Matrix& a, double k) {
  Matrix m{}, inv = identity();
  for (std::size_t i = 0; i < kTailStates; ++i)
    for (std::size_t j = 0; j < kTailStates; ++j) m[i][j] = (i == j ? k : 0.0) - a[i][j];
  for (std::size_t c = 0; c < kTailStates; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < kTailStates; ++r)
      if (std::abs(m[r][c]) > std::abs(m[p][c])) p = r;
    std::swap(m[c], m[p]);
    std::swap(inv[c], inv[p]);
    const double d = m[c][c];
    for (std::size_t j = 0; j < kTailStates; ++j) m[c][j] /= d, inv[c][j] /= d;
    for (std::size_t r = 0; r < kTailStates; ++r) {
      if (r == c || m[r][c] == 0.0) continue;
      const double f = m[r][c];
      for (std::size_t j = 0; j < kTailStates; ++j) m[r][j] -= f * m[c][j], inv[r][j] -= f * inv[c][j];
    }
  }
  return inv;
}

}  // namespace

double reference_life_expectancy(const std::vector<double>& table, double age) {
  if (table.empty()) return 0.0;
  const double pos = std::max(0.0, age) / 5.0;
  const auto i = static_cast<std::size_t>(pos);
  if (i + 1 >= table.size()) return table.back();
  const double f = pos - static_cast<double>(i);
  return table[i] + f * (table[i + 1] - table[i]);
}

double years_of_life_lost(const std::vector<double>& table, double age, double delta) {
  const double life = reference_life_expectancy(table, age);
  return delta > 0.0 ? -std::expm1(-delta * life) / delta : life;
}

double TailYears::total() const {
  double s = 0.0;
  for (double v : years) s += v;
  return s;
}

double TailYears::total_discounted() const {
  double s = 0.0;
  for (double v : discounted) s += v;
  return s;
}

StageTail::StageTail(const TailChain& chain, std::vector<double> life_table)
    : death_(chain.death_per_year), life_table_(std::move(life_table)) {
  for (std::size_t i = 0; i < kTailStates; ++i) {
    double out = chain.death_per_year[i];
    for (std::size_t j = 0; j < kTailStates; ++j) {
      if (i == j) continue;
      generator_[i][j] = chain.rate_per_year[i][j];
      out += chain.rate_per_year[i][j];
    }
    generator_[i][i] = -out;
  }
  // exp(A t_k) for the grid, by repeated multiplication with exp(A step).
  const Matrix step = expm(generator_, kStep);
  power_.reserve(kGrid + 1);
  power_.push_back(identity());
  for (std::size_t k = 1; k <= kGrid; ++k) power_.push_back(multiply(power_.back(), step));
}

std::vector<StageTail::Values> StageTail::column(double a, double b, double h, double delta) const {
  // Quarter-year ages 0 to 150 years; from 150 on nobody survives a Gompertz hazard (the values
  // there are taken as 0, as the integral from each age was cut at 150 years before).
  std::vector<Values> col(kGrid + 1);
  const double half_survive_discount_base = std::exp(-(h + delta) * 2.0 * kStep);
  for (std::size_t q = kGrid + 1; q-- > 0;) {
    const double x = static_cast<double>(q) * kStep;
    Values& v = col[q];
    // The panel [x, x + 1/2]: Simpson weights 1, 4, 1 on its three quarter-year points.
    const double c = (a / b) * std::exp(b * x);
    for (std::size_t k = 0; k <= 2; ++k) {
      const double t = kStep * static_cast<double>(k);
      const double weight = k == 1 ? 4.0 : 1.0;
      const double survive = std::exp(-c * std::expm1(b * t) - h * t);
      const double f = weight * kStep / 3.0 * survive * std::exp(-delta * t);
      const double background = a * std::exp(b * (x + t));
      const double lost = life_table_.empty() ? 0.0 : years_of_life_lost(life_table_, x + t, delta);
      for (std::size_t i = 0; i < kTailStates; ++i) {
        for (std::size_t j = 0; j < kTailStates; ++j) {
          const double mass = f * power_[k][i][j];
          v.years[i][static_cast<std::size_t>(tail_stage(j))] += mass;
          v.yll[i] += mass * (background + h + death_[j]) * lost;
        }
      }
    }
    if (q + 2 > kGrid) continue;
    // Then everyone still alive at x + 1/2, in the state exp(A/2) takes them to, discounted.
    const double carry = std::exp(-c * std::expm1(b * 2.0 * kStep)) * half_survive_discount_base;
    const Values& next = col[q + 2];
    for (std::size_t i = 0; i < kTailStates; ++i) {
      for (std::size_t k = 0; k < kTailStates; ++k) {
        const double m = carry * power_[2][i][k];
        if (m == 0.0) continue;
        for (std::size_t s = 0; s < kStages; ++s) v.years[i][s] += m * next.years[k][s];
        v.yll[i] += m * next.yll[k];
      }
    }
  }
  return col;
}

const StageTail::Values& StageTail::values(double age, double a, double b, double h, double delta) const {
  const long quarters = std::lround(std::fmax(0.0, age) * 4.0);
  if (b > 1e-12) {
    auto it = columns_.find({a, b, h, delta});
    if (it == columns_.end())
      it = columns_.emplace(std::make_tuple(a, b, h, delta), column(a, b, h, delta)).first;
    return it->second[static_cast<std::size_t>(std::min<long>(quarters, static_cast<long>(kGrid)))];
  }
  const auto key = std::make_tuple(quarters, a, b, h, delta);
  if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
  Values v{};
  const double x = static_cast<double>(quarters) / 4.0;
  if (b <= 1e-12) {
    // Constant hazards: the occupation integral has the closed form ((a + h + delta) I - A)^-1.
    const Matrix inv = inverse_of_shifted(generator_, a + h + delta);
    for (std::size_t i = 0; i < kTailStates; ++i)
      for (std::size_t j = 0; j < kTailStates; ++j)
        v.years[i][static_cast<std::size_t>(tail_stage(j))] += inv[i][j];
  }
  // Simpson's rule on the quarter-year grid of exp(A t) times survival and discounting: the years
  // (unless done exactly above) and the years of life lost by deaths, whose density is the mass in
  // each state times its total death hazard.
  const double c = b > 1e-12 ? (a / b) * std::exp(b * x) : 0.0;
  for (std::size_t k = 0; k <= kGrid; ++k) {
    const double t = kStep * static_cast<double>(k);
    const double weight = (k == 0 || k == kGrid) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
    const double survive = b > 1e-12 ? std::exp(-c * std::expm1(b * t) - h * t) : std::exp(-(a + h) * t);
    const double f = weight * kStep / 3.0 * survive * std::exp(-delta * t);
    if (f < 1e-300) break;
    const double background = b > 1e-12 ? a * std::exp(b * (x + t)) : a;
    const double lost = life_table_.empty() ? 0.0 : years_of_life_lost(life_table_, x + t, delta);
    for (std::size_t i = 0; i < kTailStates; ++i) {
      for (std::size_t j = 0; j < kTailStates; ++j) {
        const double mass = f * power_[k][i][j];
        if (b > 1e-12) v.years[i][static_cast<std::size_t>(tail_stage(j))] += mass;
        v.yll[i] += mass * (background + h + death_[j]) * lost;
      }
    }
  }
  return memo_.emplace(key, v).first->second;
}

TailYears StageTail::years(const std::array<double, kTailStates>& start, double age, double a, double b,
                           double h, double delta) const {
  const Values& un = values(age, a, b, h, 0.0);
  const Values& di = delta == 0.0 ? un : values(age, a, b, h, delta);
  TailYears out;
  for (std::size_t i = 0; i < kTailStates; ++i) {
    if (start[i] == 0.0) continue;
    for (std::size_t s = 0; s < kStages; ++s) {
      out.years[s] += start[i] * un.years[i][s];
      out.discounted[s] += start[i] * di.years[i][s];
    }
    out.yll += start[i] * un.yll[i];
    out.yll_discounted += start[i] * di.yll[i];
  }
  return out;
}

}  // namespace pathways
